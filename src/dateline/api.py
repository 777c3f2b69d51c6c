"""The Python API that the CLI, HTTP API and Spark job wrap."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from . import pipeline, settings
from .errors import DatelineError
from .ingest import RawReport, read_inputs
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
        if on_batch:
            on_batch(len(chunk))
    return summary


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
    return document, True


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
