"""The pipeline: RawReport -> Document (cleaning), then Doc -> records through STAGES.

``STAGES`` is an ordered mapping name -> stage. A stage is ``stage(doc, analysis)`` returning
new records; it may read what earlier stages put in ``analysis`` but never mutates it. The
pipeline routes each returned record into the Analysis by its type. A stage that fails on one
document turns into a DatelineError for that document; the batch goes on.
"""
from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from itertools import islice

from spacy.tokens import Doc

from . import nlp, settings
from .clean import clean_text
from .errors import DatelineError, InputError
from .events import relevance
from .events.coder import code_events, rule_events
from .events.dates import parse_published, parse_published_time
from .events.relevance import Scores
from .events.quotes import extract_quotes
from .events.places import find_places
from .ingest import RawReport
from .ingest.text import storable
from .records import Abstention, Analysis, Document, Event, Place, Quote, Sentence

Stage = Callable[[Doc, Analysis], Iterable[object]]


def _sentence_stage(doc: Doc, analysis: Analysis) -> list[Sentence]:
    return nlp.sentences(doc, analysis.document.id)


STAGES: dict[str, Stage] = {
    "sentences": _sentence_stage,
    "places": find_places,  # before "events": the coder picks each event's place from these
    "quotes": extract_quotes,  # before "events": the event coder reads analysis.quotes
    "events": code_events,
}

ROUTES = {
    Sentence: "sentences",
    Event: "events",
    Quote: "quotes",
    Place: "places",
    Abstention: "abstentions",
}


def prepare(
    raw: RawReport, *, published: date | None = None, source: str | None = None,
    repeated: frozenset[str] = frozenset(),
) -> Document:
    """Clean one raw report into a Document; raises InputError when nothing usable remains.

    The publication date comes from ``published`` (the user's override), then the report's own
    metadata, then a date in the URL path or file name, then a wire dateline stating its year; otherwise it stays empty
    and ``date_source`` is None; a metadata date after the capture or far before the URL's or dateline's is set
    aside (``ingest/published.py``, ``date_note``). ``repeated`` holds lines seen across the site's other pages.
    """
    from .ingest.dates import date_from_text, date_from_url
    from .ingest.html import extract_page
    from .ingest.language import identify_language
    from .ingest.published import choose_published

    title = summary = author = url = None
    found_date: date | None = raw.published
    found_time = raw.published_time
    dateline = None
    if raw.html is not None:
        page = extract_page(raw.origin, raw.html, url=raw.url)
        body, title, author, summary, url = page.text, page.title, page.author, page.summary, page.url
        found_time = found_time or (page.published_time if found_date is None else None)
        found_date = found_date or (found_time.date() if found_time else page.published)
        source = source or raw.source or page.site
        raw_text = raw.html
    else:
        cleaned = clean_text(raw.text or "", repeated=repeated, extracted=raw.input_format == "crawler-json")
        body, title, summary, author = cleaned.text, cleaned.title, cleaned.summary, cleaned.author
        dateline = cleaned.dateline
        raw_text = raw.text or ""
    body = storable(body).strip()  # an HTML entity such as &#27; decodes to a terminal escape
    _check_length(raw.origin, body)
    url = raw.url or url
    chosen = choose_published(
        [("option", published), ("metadata", found_date), ("url", date_from_url(url)),
         ("file name", date_from_url("/" + raw.origin)), ("dateline", date_from_text(dateline))],
        captured=raw.captured,
    )
    return Document(
        id=Document.make_id(body),
        clean_text=body,
        raw_text=raw_text,
        url=url,
        source=source or raw.source,
        title=raw.title or title,
        summary=raw.summary or summary,
        author=raw.author or author,
        published_at=chosen.day,
        language=identify_language(body, declared=raw.language),
        input_format=raw.input_format,
        origin=raw.origin,
        captured_at=raw.captured,
        date_source=chosen.source,
        date_note=chosen.note,
        published_time=found_time if chosen.source == "metadata" and found_time and found_time.date() == chosen.day else None,
    )


def _check_length(origin: str, body: str) -> None:
    if len(body) < settings.get("min_doc_chars"):
        raise InputError(origin, f"no report text after cleaning ({len(body)} characters left)")
    if len(body) > settings.get("max_doc_chars"):
        raise InputError(origin, f"clean text has {len(body):,} characters, over the limit")


def process(
    text: str,
    *,
    published: date | str | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    html: bool = False,
    language: str | None = None,
) -> Analysis:
    """Run the whole pipeline on one report without touching a database.

    ``language`` overrides language identification (unreliable on a single sentence)."""
    document = _document_of(text, published=published, source=source, url=url, title=title, html=html,
                            language=language)
    result = next(analyse([document]))
    if isinstance(result, DatelineError):
        raise result
    return result


def _document_of(text: str, *, published, source=None, url=None, title=None, html=False, language=None) -> Document:
    raw = RawReport("<text>", html=text, url=url, title=title) if html else RawReport(
        "<text>", text=text, url=url, title=title
    )
    document = prepare(raw, published=parse_published(published), source=source)
    document = replace(document, published_time=parse_published_time(published))
    return replace(document, language=language) if language is not None else document


def explain(text: str, *, published: date | str | None = None) -> tuple[Analysis, Scores | None]:
    """``process`` of a short text, with the event model's scores: the report score and each
    sentence's type probabilities, for ``dateline explain`` (None when the model is off)."""
    document = _document_of(text, published=published, language="en")
    doc = nlp.parse(document.clean_text)
    before_events = run_stages(document, doc, [n for n in STAGES if n != "events"])
    if isinstance(before_events, DatelineError):
        raise before_events
    events, abstentions = rule_events(doc, before_events)
    scores = relevance.scores(doc, before_events, events, abstentions)
    analysis = run_stages(document, doc, ["events"], before_events)
    if isinstance(analysis, DatelineError):
        raise analysis
    return analysis, scores


def analyse(documents: Iterable[Document]) -> Iterator[Analysis | DatelineError]:
    """Parse documents in nlp.pipe batches and run every stage on each."""
    batch_size = settings.get("batch_size")
    documents = iter(documents)
    while batch := list(islice(documents, batch_size)):
        english = [d for d in batch if _is_english(d)]
        docs = dict(zip((d.id for d in english), nlp.parse_many(d.clean_text for d in english)))
        for document in batch:
            doc = docs.get(document.id)
            yield _run_stages(document, doc) if doc is not None else _not_coded(document)


class Analyser:
    """``analyse`` for a run of many batches, parsing ahead in other processes.

    ``parse_ahead(documents)`` starts parsing a batch and returns at once; ``analyse(parsing,
    documents)`` then runs the stages on those of its documents still wanted (the rest, e.g. the
    duplicates found in between, are dropped) as their Docs come back. The first batch is parsed
    in this process (while the parsing process starts: a run of one batch never starts one),
    later ones in one other process (``settings parse_processes``; 0: all here). A context manager:
    leaving it, normally or by an exception such as Ctrl-C, stops the parsing process.
    """

    def __init__(self, processes: int | None = None):
        self._processes = settings.get("parse_processes") if processes is None else processes
        self._parser: nlp.ParseProcess | None = None
        self._batches = 0

    def __enter__(self) -> "Analyser":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if self._parser is not None:
            self._parser.close(wait=kind is None)

    def start(self) -> None:
        """Start the parsing process now (it takes a few seconds): more than one batch is coming."""
        if self._processes and self._parser is None:
            self._parser = nlp.ParseProcess()

    def parse_ahead(self, documents: list[Document]) -> "Parsing":
        english = list({d.id: d for d in documents if _is_english(d)}.values())
        self._batches += 1
        if not english or self._batches == 1 or not self._processes:
            return Parsing()
        self.start()
        self._parser.submit([d.clean_text for d in english])
        return Parsing([d.id for d in english], self._parser)

    def analyse(self, parsing: "Parsing", documents: list[Document]) -> Iterator[Analysis | DatelineError]:
        """Each document's Analysis or DatelineError, in order; one not parsed ahead is parsed here."""
        here = [d for d in documents if d.id not in parsing.ids or not _is_english(d)]
        analysed = {d.id: a for d, a in zip(here, analyse(here))}
        docs = parsing.docs()
        for document in documents:
            if document.id in analysed:
                yield analysed[document.id]
                continue
            parsed = parsing.result_of(document.id, docs)
            yield _run_stages(document, nlp.from_bytes(parsed)) if isinstance(parsed, bytes) else DatelineError(
                document.origin or document.id, parsed)
        parsing.drain(docs)


class Parsing:
    """A batch handed to a parsing process: its documents' ids, in order, and their results."""

    def __init__(self, ids: list[str] = (), parser: nlp.ParseProcess | None = None):
        self.ids, self._order, self._parser = frozenset(ids), list(ids), parser

    def docs(self) -> Iterator[tuple[str, bytes | str]]:
        if self._parser is None:
            return iter(())
        return zip(self._order, self._parser.take(len(self._order)))

    def result_of(self, doc_id: str, docs: Iterator[tuple[str, bytes | str]]) -> bytes | str:
        """The Doc bytes (or spaCy's failure) of ``doc_id``: the results before it are dropped."""
        for found, parsed in docs:
            if found == doc_id:
                return parsed
        raise KeyError(doc_id)  # documents come in the order they were handed over

    def drain(self, docs: Iterator) -> None:
        for _ in docs:  # the results of documents no longer wanted, so the next batch's come next
            pass


def _is_english(document: Document) -> bool:
    return document.language in (None, "en")


def _not_coded(document: Document) -> Analysis:
    reason = f"language {document.language!r}: stored, not coded by the English pipeline"
    return Analysis(document, abstentions=[Abstention(document.id, "language", None, reason)])


def _run_stages(document: Document, doc: Doc) -> Analysis | DatelineError:
    return run_stages(document, doc, list(STAGES))


def run_stages(document: Document, doc: Doc, names: list[str], analysis: Analysis | None = None
               ) -> Analysis | DatelineError:
    """Run the named stages, in order, on ``doc`` into ``analysis`` (a new one by default); a
    failing stage turns into a DatelineError for this document."""
    analysis = analysis if analysis is not None else Analysis(document)
    where, budget = document.origin or document.id, settings.get("report_time_budget")
    name = names[0] if names else ""
    _load_resources()
    try:
        with time_budget(budget) as spent:
            for name in names:
                try:
                    records = list(STAGES[name](doc, analysis))
                except DatelineError as e:
                    return e
                except Exception as e:  # one failing document must not sink the batch
                    return DatelineError(where, f"stage {name!r} failed ({type(e).__name__}: {e})")
                for record in records:
                    getattr(analysis, ROUTES[type(record)]).append(record)
                if budget and spent() > budget:  # where no alarm can interrupt (a server's threads)
                    raise OverBudget
    except OverBudget:
        return DatelineError(where, f"over the {budget:g}-second time budget per report in stage {name!r} "
                                    f"(setting report_time_budget; {len(doc):,} tokens)")
    return analysis


def _load_resources() -> None:
    """Load what the stages load on first use before a report's time budget starts: the first
    run on a machine builds the gazetteer (about a minute). Cached: free after the first call."""
    from . import gazetteer
    from .events import actors, lexicon, model

    gazetteer.load(), lexicon.load(), actors.actor_dictionary(), model.load()


class OverBudget(BaseException):
    """A report's stages ran past ``report_time_budget``. Not an Exception: a stage's own
    ``except Exception`` must not swallow it."""


@contextmanager
def time_budget(seconds: float):
    """Yields a function giving the seconds spent. In the main thread an alarm interrupts a stage
    that runs past ``seconds`` (raising OverBudget); other threads check between stages."""
    start = time.monotonic()
    armed = bool(seconds) and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if armed:
        def expire(signum, frame):
            raise OverBudget
        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield lambda: time.monotonic() - start
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
