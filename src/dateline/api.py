"""The Python API that the CLI, HTTP API and Spark job wrap."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from . import pipeline, settings
from .errors import DatelineError
from .ingest import RawReport, read_inputs
from .records import Analysis, CanonicalEvent, Document, Tracker
from .store import Store


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[DatelineError] = field(default_factory=list)
    formats: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        return f"read {self.read}, new {self.new}, unchanged {self.unchanged}, failed {self.failed}"


def ingest_paths(store: Store, paths: Iterable[str], **options) -> IngestSummary:
    """Read files, folders, JSONL or '-' and ingest every report they hold."""
    return ingest(store, read_inputs(paths), **options)


def ingest(
    store: Store,
    items: Iterable[RawReport | DatelineError],
    *,
    published: date | None = None,
    source: str | None = None,
    on_batch: Callable[[int], None] | None = None,
    on_error: Callable[[DatelineError], None] | None = None,
) -> IngestSummary:
    """Clean, deduplicate, analyse and store reports batch by batch (one transaction each)."""
    summary = IngestSummary()
    items = iter(items)
    while chunk := list(islice(items, settings.get("batch_size"))):
        documents = _prepare_all(chunk, summary, published, source, on_error)
        fresh = _drop_known(store, documents, summary)
        analyses: list[Analysis] = []
        for result in pipeline.analyse(fresh):
            if isinstance(result, DatelineError):
                _fail(summary, result, on_error)
            else:
                analyses.append(result)
        summary.new += store.write(analyses)
        link_analyses(store, analyses)
        if on_batch:
            on_batch(len(chunk))
    return summary


def _prepare_all(chunk, summary, published, source, on_error) -> list[Document]:
    documents = []
    for item in chunk:
        summary.read += 1
        if isinstance(item, DatelineError):
            _fail(summary, item, on_error)
            continue
        summary.formats[item.input_format] = summary.formats.get(item.input_format, 0) + 1
        try:
            documents.append(pipeline.prepare(item, published=published, source=source))
        except DatelineError as e:
            _fail(summary, e, on_error)
    return documents


def _drop_known(store: Store, documents: list[Document], summary: IngestSummary) -> list[Document]:
    known = store.existing_ids([d.id for d in documents])
    fresh: dict[str, Document] = {}
    for d in documents:
        if d.id in known or d.id in fresh:
            summary.unchanged += 1
        else:
            fresh[d.id] = d
    return list(fresh.values())


def _fail(summary: IngestSummary, error: DatelineError, on_error) -> None:
    summary.failed += 1
    summary.errors.append(error)
    if on_error:
        on_error(error)


# -- linking, stories and trackers (link.py, stories.py) ------------------------------------------
def link_analyses(store: Store, analyses: Iterable[Analysis]) -> int:
    """Link the asserted events of freshly stored analyses into canonical events; returns mentions linked."""
    from .link import LINKED_STATUSES, mention_of

    mentions = []
    for a in analyses:
        texts = {s.index: s.text for s in a.sentences}
        mentions += [mention_of(e, a.document, texts.get(e.sentence_index, "")) for e in a.events
                     if e.status in LINKED_STATUSES]
    return _link_mentions(store, mentions)


def link_stored(store: Store, *, rebuild: bool = False) -> int:
    """(Re)link stored events not linked yet (all of them with ``rebuild``); returns mentions linked."""
    from .link import LINKED_STATUSES, mention_of
    from .store import EventFilter

    if rebuild:
        store.clear_links()
    events = store.events(EventFilter(status=LINKED_STATUSES))
    done = store.linked_mention_ids([e.id for e in events])
    mentions, documents, sentences = [], {}, {}
    for e in (e for e in events if e.id not in done):
        if e.doc_id not in documents:
            documents[e.doc_id] = store.document(e.doc_id)
            sentences[e.doc_id] = {s.index: s.text for s in store.sentences(e.doc_id)}
        mentions.append(mention_of(e, documents[e.doc_id], sentences[e.doc_id].get(e.sentence_index, "")))
    return _link_mentions(store, mentions)


def _link_mentions(store: Store, mentions: list) -> int:
    from .link import link_batch

    fresh = [m for m in mentions if m.id not in store.linked_mention_ids([m.id for m in mentions])]
    if fresh:
        result = link_batch(fresh, fetch=store.link_candidates, members=store.link_members)
        store.write_links(fresh, result)
    return len(fresh)


def stories(store: Store) -> list[list[str]]:
    """Groups of document ids reporting the same real-world event.

    Documents with linked events go by their lead canonical event (that of their first coded
    sentence); documents without one are grouped by their text (``stories.group_documents``).
    """
    from . import nlp
    from .stories import group_documents, profile_document

    lead = store.lead_canonical_ids()
    groups: dict[str, list[str]] = {}
    for doc_id, canonical_id in lead.items():
        groups.setdefault(canonical_id, []).append(doc_id)
    rest = [d for d in store.documents() if d.id not in lead]
    parsed = nlp.parse_many(d.clean_text for d in rest)
    by_text = group_documents([profile_document(doc, d.id) for d, doc in zip(rest, parsed)])
    return sorted((sorted(g) for g in list(groups.values()) + by_text), key=lambda g: g[0])


def add_tracker(store: Store, tracker: Tracker) -> None:
    if not (tracker.actor or tracker.type or tracker.mode):
        raise DatelineError(tracker.name, "a tracker needs at least one of --actor, --type, --mode")
    store.add_tracker(tracker)


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
