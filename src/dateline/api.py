"""The Python API that the CLI, HTTP API and Spark job wrap."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from . import pipeline, settings
from .errors import DatelineError
from .dedupe import DuplicateIndex
from .ingest import RawReport, ReadOptions, Skipped, read_inputs
from .records import Analysis, Document
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

    def line(self) -> str:
        text = (f"read {self.read}, new {self.new}, unchanged {self.unchanged}, "
                f"near-duplicate {self.duplicates}, failed {self.failed}")
        if self.skipped:
            text += f", skipped {sum(self.skipped.values())}"
        return text


def ingest_paths(
    store: Store, paths: Iterable[str], *, read_options: ReadOptions = ReadOptions(), **options
) -> IngestSummary:
    """Read files, folders, URLs or '-' (any supported format) and ingest every report they hold."""
    return ingest(store, read_inputs(paths, read_options), **options)


def ingest(
    store: Store,
    items: Iterable[RawReport | DatelineError],
    *,
    published: date | None = None,
    source: str | None = None,
    on_batch: Callable[[int], None] | None = None,
    on_error: Callable[[DatelineError], None] | None = None,
    duplicate_threshold: float | None = None,
) -> IngestSummary:
    """Clean, deduplicate, analyse and store reports batch by batch (one transaction each).

    A report whose clean text is already stored, or is a near duplicate of a stored or earlier
    report (``duplicate_threshold``, default from settings), is recorded as another source of
    that document instead of becoming a document of its own.
    """
    summary = IngestSummary()
    index = DuplicateIndex(threshold=duplicate_threshold)
    index.add_all(store.clean_texts())
    items = iter(items)
    while chunk := list(islice(items, settings.get("batch_size"))):
        documents = _prepare_all(chunk, summary, published, source, on_error)
        fresh, duplicate_sources = _drop_duplicates(index, documents, summary)
        analyses: list[Analysis] = []
        for result in pipeline.analyse(fresh):
            if isinstance(result, DatelineError):
                _fail(summary, result, on_error)
            else:
                analyses.append(result)
        summary.new += store.write(analyses)
        stored = {a.document.id for a in analyses}
        store.add_sources([(a.document.id, a.document, 1.0) for a in analyses]
                          + [s for s in duplicate_sources if s[0] in stored or store.existing_ids([s[0]])])
        if on_batch:
            on_batch(len(chunk))
    return summary


def _prepare_all(chunk, summary, published, source, on_error) -> list[Document]:
    documents = []
    repeated = _site_furniture([i for i in chunk if isinstance(i, RawReport)])
    for item in chunk:
        if isinstance(item, Skipped):
            key = f"{item.input_format}: {item.reason}"
            summary.skipped[key] = summary.skipped.get(key, 0) + 1
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
    """Short lines found on at least three flattened pages of one site (menus, footers, slogans)."""
    from collections import Counter

    from .clean import normalise_line

    by_site: dict[str, Counter] = {}
    for r in reports:
        if r.text is not None:
            lines = {normalise_line(l) for l in r.text.splitlines() if 0 < len(l.split()) <= _FURNITURE_MAX_WORDS}
            by_site.setdefault(_site(r), Counter()).update(lines)
    return {site: frozenset(l for l, n in counts.items() if n >= _FURNITURE_MIN_PAGES)
            for site, counts in by_site.items()}


# A wire story shared by a site's pages repeats long paragraphs; furniture is short lines.
_FURNITURE_MAX_WORDS = 12
_FURNITURE_MIN_PAGES = 3


def _drop_duplicates(
    index: DuplicateIndex, documents: list[Document], summary: IngestSummary
) -> tuple[list[Document], list[tuple[str, Document, float]]]:
    """New documents, and (document id, report, similarity) for reports already held."""
    fresh: list[Document] = []
    sources: list[tuple[str, Document, float]] = []
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
