"""The Python API that the CLI, HTTP API and Spark job wrap."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from itertools import islice

from . import pipeline, settings
from .errors import DatelineError, InputError
from .dedupe import DuplicateIndex
from .ingest import RawReport, ReadOptions, Skipped, read_inputs
from .ingest.readers import read_folder_file
from .records import Analysis, CanonicalEvent, Document, OpenQuestion, Tracker
from .store import Store


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[DatelineError] = field(default_factory=list)
    formats: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0  # near duplicates stored as another source of an existing document
    skipped: dict[str, int] = field(default_factory=dict)  # records not ingested, by reason
    undated: list[str] = field(default_factory=list)  # origins of new documents with no date found
    non_english: int = 0
    skipped_files: list[tuple[str, str]] = field(default_factory=list)  # (file or record, why not ingested)

    def line(self) -> str:
        text = (f"read {self.read}, new {self.new}, unchanged {self.unchanged}, "
                f"near-duplicate {self.duplicates}, failed {self.failed}")
        if self.skipped:
            text += f", skipped {sum(self.skipped.values())}"
        return text


def ingest_paths(
    store: Store, paths: Iterable[str], *, read_options: ReadOptions = ReadOptions(),
    include: Iterable[str] = (), exclude: Iterable[str] = (),
    on_inputs: Callable[[int], None] | None = None, on_input_done: Callable[[str], None] | None = None,
    **options,
) -> IngestSummary:
    """Read files, folders, URLs or '-' (any supported format) and ingest every report they hold.

    ``include``/``exclude`` are glob patterns over file names and paths within the folders named
    (``ingest/select.py``); files left out are listed in the summary's ``skipped_files``.
    ``on_inputs(n)`` is told how many inputs will be read, ``on_input_done(name)`` after each one.
    """
    from .ingest.select import select_inputs

    selection = select_inputs(paths, include=include, exclude=exclude)
    if on_inputs:
        on_inputs(len(selection.inputs))
    ends: list[tuple[int, str]] = []  # (items read when an input was finished, its name)
    read = 0

    def items():
        nonlocal read
        for folder in selection.empty_folders:
            yield InputError(folder, "folder holds no files to read")
        for name in selection.inputs:
            found = read_folder_file(Path(name), read_options) if name in selection.from_folders \
                else read_inputs([name], read_options)
            for item in found:
                read += 1
                yield item
            ends.append((read, name))

    done = 0
    on_batch = options.pop("on_batch", None)

    def batch_done(n: int) -> None:
        # reading runs a batch ahead of analysis: an input is done when its last item is stored
        nonlocal done
        done += n
        while ends and ends[0][0] <= done:
            if on_input_done:
                on_input_done(ends.pop(0)[1])
            else:
                ends.pop(0)
        if on_batch:
            on_batch(n)

    summary = ingest(store, items(), on_batch=batch_done, **options)
    for _, name in ends:  # inputs with nothing in them
        if on_input_done:
            on_input_done(name)
    summary.skipped_files[:0] = selection.left_out
    for _, reason in selection.left_out:
        summary.skipped[reason] = summary.skipped.get(reason, 0) + 1
    return summary


def ingest(
    store: Store,
    items: Iterable[RawReport | DatelineError],
    *,
    published: date | None = None,
    source: str | None = None,
    on_batch: Callable[[int], None] | None = None,
    on_error: Callable[[DatelineError], None] | None = None,
    duplicate_threshold: float | None = None,
    link: bool = True,
    parse_processes: int | None = None,
) -> IngestSummary:
    """Clean, deduplicate, analyse and store reports batch by batch (one transaction each).

    ``link`` links each batch's events into canonical events; Spark tasks leave it to the
    store the shards are loaded into (``link_tables``). ``parse_processes`` (default: the
    setting; 1 or 0) says whether a second process parses later batches while this one runs the
    stages on earlier ones (``pipeline.Analyser``); reports keep their order and a batch is
    stored as before.

    A report whose clean text is already stored, or is a near duplicate of a stored or earlier
    report (``duplicate_threshold``, default from settings), is recorded as another source of
    that document instead of becoming a document of its own.
    """
    summary = IngestSummary()
    if link:
        link_pending(store)  # what a killed run committed but did not link
    index = DuplicateIndex(store, threshold=duplicate_threshold)
    items, handed = iter(items), set()
    ahead: deque = deque()  # (reports read, their documents, their parsing), oldest first
    with pipeline.Analyser(parse_processes) as analyser:
        chunk = list(islice(items, settings.get("batch_size")))
        while chunk:
            following = list(islice(items, settings.get("batch_size")))
            if following:  # more than one batch: the parsing process starts while this one is cleaned
                analyser.start()
            documents = _prepare_all(chunk, summary, published, source, on_error)
            ahead.append((len(chunk), documents, analyser.parse_ahead(_unseen(store, documents, handed))))
            if len(ahead) > _PARSED_AHEAD:
                _store_batch(store, index, analyser, *ahead.popleft(), summary=summary, on_batch=on_batch,
                             on_error=on_error, link=link)
            chunk = following
        while ahead:
            _store_batch(store, index, analyser, *ahead.popleft(), summary=summary, on_batch=on_batch,
                         on_error=on_error, link=link)
    return summary


# Batches read and handed to the parsing process before the oldest is stored: two keep it busy
# while this process parses the first batch itself and then runs the stages (api.ingest).
_PARSED_AHEAD = 2


def _unseen(store: Store, documents: list[Document], handed: set[str]) -> list[Document]:
    """The documents worth parsing ahead: not stored, nor handed over before in this run.
    Deduplication proper waits until the batches before are stored (``_store_batch``)."""
    stored = store.existing_ids(list({d.id for d in documents} - handed))
    unseen = [d for d in documents if d.id not in stored and d.id not in handed]
    handed.update(d.id for d in unseen)
    return unseen


def _store_batch(store: Store, index: DuplicateIndex, analyser: pipeline.Analyser, read: int,
                 documents: list[Document], parsing: pipeline.Parsing, *, summary: IngestSummary,
                 on_batch, on_error, link: bool) -> None:
    """Deduplicate, analyse, store and link one batch (one transaction)."""
    fresh, duplicate_sources = _drop_duplicates(index, documents, summary)
    analyses: list[Analysis] = []
    for result in analyser.analyse(parsing, fresh):
        if isinstance(result, DatelineError):
            _fail(summary, result, on_error)
        else:
            analyses.append(result)
    summary.new += store.write(analyses)
    stored = {a.document.id for a in analyses}
    store.add_sources([(a.document.id, a.document, 1.0) for a in analyses]
                      + [s for s in duplicate_sources if s[0] in stored or store.existing_ids([s[0]])])
    index.persist()
    if link:
        link_analyses(store, analyses)
    if on_batch:
        on_batch(read)


def ingest_report(
    store: Store, raw: RawReport, *, published: date | None = None, source: str | None = None
) -> tuple[Document, bool]:
    """Ingest one report; returns its document and whether it was new. Raises its DatelineError."""
    document = pipeline.prepare(raw, published=published, source=source)
    if store.existing_ids([document.id]):
        return document, False
    result = next(pipeline.analyse([document]))
    if isinstance(result, DatelineError):
        raise result
    store.write([result])
    link_analyses(store, [result])
    return document, True


def _prepare_all(chunk, summary, published, source, on_error) -> list[Document]:
    documents = []
    repeated = _site_furniture([i for i in chunk if isinstance(i, RawReport)])
    for item in chunk:
        if isinstance(item, Skipped):
            key = f"{item.input_format}: {item.reason}"
            summary.skipped[key] = summary.skipped.get(key, 0) + 1
            summary.skipped_files.append((item.origin, key))
            continue
        summary.read += 1
        if isinstance(item, DatelineError):
            _fail(summary, item, on_error)
            continue
        summary.formats[item.input_format] = summary.formats.get(item.input_format, 0) + 1
        try:
            documents.append(pipeline.prepare(
                item, published=published, source=source, repeated=repeated.get(_site(item), frozenset())
            ))
        except DatelineError as e:
            _fail(summary, e, on_error)
    return documents


def _site(report: RawReport) -> str:
    """Pages of one site: same host for URLs, else same folder (a scraper's output per site)."""
    from os.path import dirname
    from urllib.parse import urlsplit

    return urlsplit(report.url).netloc if report.url else dirname(report.origin.split(" ")[0])


def _site_furniture(reports: list[RawReport]) -> dict[str, frozenset[str]]:
    """Short lines found on several flattened pages of one site in the batch (menus, footers).

    Off unless ``settings repeated_line_pages`` is set: it makes a page's clean text, and so its
    id, depend on the batch it came in.
    """
    from collections import Counter

    from .clean import normalise_line

    min_pages = settings.get("repeated_line_pages")
    if not min_pages:
        return {}
    by_site: dict[str, Counter] = {}
    for r in reports:
        if r.text is not None:
            lines = {normalise_line(l) for l in r.text.splitlines() if 0 < len(l.split()) <= _FURNITURE_MAX_WORDS}
            by_site.setdefault(_site(r), Counter()).update(lines)
    return {site: frozenset(l for l, n in counts.items() if n >= min_pages) for site, counts in by_site.items()}


# A wire story shared by a site's pages repeats long paragraphs; furniture is short lines.
_FURNITURE_MAX_WORDS = 12


def _drop_duplicates(
    index: DuplicateIndex, documents: list[Document], summary: IngestSummary
) -> tuple[list[Document], list[tuple[str, Document, float]]]:
    """New documents, and (document id, report, similarity) for reports already held."""
    fresh: list[Document] = []
    sources: list[tuple[str, Document, float]] = []
    index.look_up((d.id, d.clean_text) for d in documents)
    for d in documents:
        match = index.match(d.id, d.clean_text)
        if match is None:
            index.add(d.id, d.clean_text)
            fresh.append(d)
            if d.published_at is None:
                summary.undated.append(d.origin or d.id)
            if d.language not in (None, "en"):
                summary.non_english += 1
            continue
        doc_id, similarity = match
        if doc_id == d.id:
            summary.unchanged += 1
        else:
            summary.duplicates += 1
        sources.append((doc_id, d, similarity))
    return fresh, sources


def _fail(summary: IngestSummary, error: DatelineError, on_error) -> None:
    summary.failed += 1
    summary.errors.append(error)
    if on_error:
        on_error(error)


# -- linking, stories and trackers (link.py, stories.py) ------------------------------------------
def link_analyses(store: Store, analyses: Iterable[Analysis]) -> int:
    """Link the asserted events of freshly stored analyses into canonical events; returns mentions linked."""
    from .link import LINKED_STATUSES, lead_names, lead_sentences, main_event, mention_of, report_names

    mentions = []
    for a in analyses:
        texts = {s.index: s.text for s in a.sentences}
        lead = lead_sentences(a.document.clean_text, a.sentences)
        names = lead_names([texts[i] for i in sorted(lead)])
        linked = [e for e in a.events if e.status in LINKED_STATUSES]
        main = main_event(linked, lead)
        most_named = report_names(list(texts.values())) if main else ()
        mentions += [mention_of(e, a.document, texts.get(e.sentence_index, ""), main=e is main, names=names,
                                report_names=most_named) for e in linked]
    return _link_mentions(store, mentions)


def link_tables(store: Store, tables: dict) -> int:
    """Link the asserted events of store-shaped Arrow tables (a loaded Spark shard); returns
    mentions linked. Mentions linked before are left as they are."""
    import json

    from .records import Event, Sentence, from_dict

    analyses = {row["id"]: Analysis(from_dict(Document, row)) for row in tables["documents"].to_pylist()}
    for row in tables["sentences"].to_pylist():
        if row["doc_id"] in analyses:
            analyses[row["doc_id"]].sentences.append(
                Sentence(row["doc_id"], row["idx"], row["start_char"], row["end_char"], row["text"]))
    for record in tables["events"].column("record").to_pylist():
        event = from_dict(Event, json.loads(record))
        if event.doc_id in analyses:
            analyses[event.doc_id].events.append(event)
    return link_analyses(store, analyses.values())


def link_stored(store: Store, *, rebuild: bool = False) -> int:
    """(Re)link stored events not linked yet (all of them with ``rebuild``); returns mentions linked."""
    from .link import LINKED_STATUSES
    from .store import EventFilter

    if rebuild:
        store.clear_links()
    events = store.events(EventFilter(status=LINKED_STATUSES))
    done = store.linked_mention_ids([e.id for e in events])
    return _link_events(store, [e for e in events if e.id not in done])


def link_pending(store: Store) -> int:
    """Link the stored events an ingest committed but did not link (it was killed in between),
    so that a re-run ends where a clean run would; returns mentions linked."""
    from .link import LINKED_STATUSES

    return _link_events(store, store.unlinked_events(LINKED_STATUSES))


def _link_events(store: Store, events: list) -> int:
    analyses: dict[str, Analysis] = {}
    for e in events:
        if e.doc_id not in analyses:
            analyses[e.doc_id] = Analysis(store.document(e.doc_id), store.sentences(e.doc_id))
        analyses[e.doc_id].events.append(e)
    return link_analyses(store, analyses.values())


def _link_mentions(store: Store, mentions: list) -> int:
    from .link import link_batch

    linked = store.linked_mention_ids([m.id for m in mentions])  # once: per mention it was quadratic
    fresh = [m for m in mentions if m.id not in linked]
    if fresh:
        result = link_batch(fresh, fetch=store.link_candidates, members=store.link_members)
        store.write_links(fresh, result)
    return len(fresh)


def stories(store: Store) -> list[list[str]]:
    """Groups of document ids reporting the same real-world event.

    A report whose main event (``Store.main_canonical_ids``) is a dated canonical event belongs
    to that event's story: reports of two launches a fortnight apart read alike, and their
    dates, not their words, tell them apart. The other reports are grouped by their text
    (``stories.group_documents``). (Grouping every report by text and letting the others join
    their text group's event put unrelated news into launch stories: 0.59 against 0.78 B3 on
    bench/linking_stream.py, whose few leftover reports all share neighbours.) An undated
    canonical event is not used: it was linked on one sentence of each report, weaker evidence
    than the whole texts (on ECB+ dev, joining by such events lowered the stories' B3 by 0.02-0.03).
    """
    from . import nlp
    from .stories import assign_stories, group_documents, profile_document

    by_event = store.main_canonical_ids(timed_only=True)
    rest = [d for d in store.documents() if d.id not in by_event]
    parsed = nlp.parse_many(d.clean_text for d in rest)
    by_text = group_documents([profile_document(doc, d.id) for d, doc in zip(rest, parsed)])
    return assign_stories(by_text, by_event)


QUESTION_STATES = ("all", "open", "answered")


def questions(store: Store, *, state: str = "all") -> list[tuple[CanonicalEvent, OpenQuestion]]:
    """Questions reports left open about canonical events ("did not immediately say what kind
    of missile"), each with its event; ``state`` keeps only open or only answered ones."""
    if state not in QUESTION_STATES:
        raise DatelineError(state, f"not a question state (one of {', '.join(QUESTION_STATES)})")
    return [
        (event, q) for event in store.questioned_canonical_events() for q in event.questions
        if state == "all" or (state == "answered") == q.answered
    ]


def add_tracker(store: Store, tracker: Tracker) -> None:
    check_tracker(tracker)
    store.add_tracker(tracker)


def check_tracker(tracker: Tracker) -> None:
    if not (tracker.actor or tracker.type or tracker.mode):
        raise DatelineError(tracker.name, "a tracker needs at least one of --actor, --type, --mode")


def tracked_events(store: Store, name: str, *, since: date | None = None) -> list[CanonicalEvent]:
    """The canonical events a tracker matches, oldest first (reported on/after ``since`` if given)."""
    tracker = store.tracker(name)
    if tracker is None:
        raise DatelineError(name, "no tracker with this name (see: dateline track list)")
    return store.canonical_events(actor=tracker.actor, type_=tracker.type, mode=tracker.mode, reported_since=since)


def changes_since(event: CanonicalEvent, since: date) -> list[str]:
    """What a canonical event gained from reports published on or after ``since``."""
    def fresh(support) -> bool:
        return bool(support.published_at and support.published_at >= since)

    if event.first_reported and event.first_reported >= since:
        return ["new event"]
    changes = []
    new_mentions = [s for s in event.mentions if fresh(s)]
    if new_mentions:
        changes.append(f"{len(new_mentions)} new mention(s) from {len({s.source or s.doc_id for s in new_mentions})} source(s)")
    for f in event.fields:
        if f.support and all(fresh(s) for s in f.support):
            changes.append(f"new value {f.field} = {f.value}" + (" (best supported)" if f.canonical else ""))
    for q in event.questions:
        if q.answered_by is not None and fresh(q.answered_by):
            changes.append(f"answered: {q.label} = {q.answer}")
    return changes


# -- full-text search (search.py) -------------------------------------------------------------
_FTS_PROBLEM: dict[str, str | None] = {}  # why fts cannot load, per process (probed once)


def search(store: Store, query: str, *, limit: int = 20, engine: str | None = None):
    """Sentences holding every word of ``query``, best first: (engine used, list of SearchHit).

    ``engine`` (default: ``settings search_engine``) is fts, sql or auto; see search.py.
    """
    from .search import SearchHit, words

    terms = words(query)
    if not terms:
        raise DatelineError(repr(query), "a search needs at least one word (letters or digits)")
    chosen = _search_engine(store, engine or settings.get("search_engine"))
    rows = store.search_sentences(terms, engine=chosen, limit=limit, query=" ".join(terms))
    return chosen, [SearchHit(*row) for row in rows]


def reindex_search(store: Store) -> int:
    """Build DuckDB's fts index over every sentence; a clear error when fts cannot load."""
    _require_fts(store)
    return store.build_fts_index()


def _search_engine(store: Store, wanted: str) -> str:
    if wanted not in ("auto", "fts", "sql"):
        raise DatelineError("search_engine", f"{wanted!r} is not one of auto, fts, sql")
    if wanted == "sql":
        return "sql"
    if wanted == "fts":
        _require_fts(store)
        if not store.fts_current():
            raise DatelineError("search", "the fts index is missing or older than the stored sentences: "
                                          "run `dateline search --reindex`")
        return "fts"
    return "fts" if _fts_problem(store) is None and store.fts_current() else "sql"


def _fts_problem(store: Store) -> str | None:
    if "fts" not in _FTS_PROBLEM or _FTS_PROBLEM["fts"] is None:
        _FTS_PROBLEM["fts"] = store.fts_loaded()  # loading is per connection: retried while it works
    return _FTS_PROBLEM["fts"]


def _require_fts(store: Store) -> None:
    problem = _fts_problem(store)
    if problem is not None:
        raise DatelineError("fts", f"DuckDB's full-text search extension cannot load ({problem}). "
                                   "Install it with `INSTALL fts` where DuckDB's extension server is reachable, "
                                   "or `pip install duckdb-extensions` of this DuckDB's version; or search with "
                                   "the store's word index: DATELINE_SEARCH_ENGINE=sql (the default 'auto' does)")


def export_shape(store: Store, out, *, shape: str, where) -> int:
    """Write the events ``where`` selects in the layout of ``shape`` (shapes.py) to a path or text stream."""
    import dataclasses

    from .shapes import write_shape

    rows = store.event_rows(dataclasses.replace(where, limit=None, offset=0))
    if isinstance(out, str):
        with open(out, "w", encoding="utf-8", newline="") as stream:
            return write_shape(rows, stream, shape)
    return write_shape(rows, out, shape)
