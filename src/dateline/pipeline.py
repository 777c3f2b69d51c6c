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
