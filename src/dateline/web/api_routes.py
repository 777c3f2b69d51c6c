"""JSON API: thin routes over the store and ``views``; exports; ingestion when allowed."""
from __future__ import annotations

import dataclasses
import io
import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from .. import api, settings
from ..errors import DatelineError
from ..ingest import RawReport
from ..store import EventFilter, Store
from . import views
from .app import store_handle, writable_store
from .params import DOC_ID, EVENT_PARAMS, TRACKER_NAME, event_filter, only_params, page_size

router = APIRouter()
StoreDep = Annotated[Store, Depends(store_handle)]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": text, "content": {"application/json": {"example": {"error": text, "status": code}}}}
    for code, text in [(404, "no such item"), (422, "a parameter is invalid")]
}
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
                "parquet": "application/vnd.apache.parquet"}


@router.get("/events", tags=["events"], responses=ERRORS, dependencies=[only_params(*EVENT_PARAMS)])
def list_events(store: StoreDep, where: Annotated[EventFilter, Depends(event_filter)]) -> Response:
    """Coded events, filtered as `dateline events` filters them, sorted and paged; each event in
    the columns of docs/codebook.md (the same as the CLI's and the exports').

    `next_after` (null on the last page) fetches the next page as `after=...`, which stays
    fast however deep the page, where a large `offset` reads every row it skips."""
    page = store.event_page(where)
    return json_response({
        "total": store.count_events(where), "limit": where.limit, "offset": where.offset, "sort": where.sort,
        "next_after": page.next_after, "events": store.flat_rows(page.records, page.located),
    })


def json_response(data: dict[str, Any], status: int = 200) -> Response:
    """JSON of plain data, skipping FastAPI's per-value encoder (a tenth of a page's time)."""
    body = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json")


@router.get("/events/{event_id}", tags=["events"], responses=ERRORS)
def get_event(store: StoreDep, event_id: str) -> dict[str, Any]:
    """One event: every field with its evidence span and sentence, and the empty fields with why."""
    detail = views.event_detail(store, event_id)
    if detail is None:
        raise HTTPException(404, f"no event with id {event_id[:40]!r}")
    return detail


@router.get("/documents", tags=["documents"])
def list_documents(store: StoreDep, paging: Annotated[tuple[int, int], Depends(page_size)]) -> dict[str, Any]:
    """Stored documents (metadata only), oldest first."""
    limit, offset = paging
    return {"total": store.stats()["documents"], "limit": limit, "offset": offset,
            "documents": [views.document_summary(d) for d in store.documents(limit=limit, offset=offset)]}


@router.get("/documents/{doc_id}", tags=["documents"], responses=ERRORS)
def get_document(store: StoreDep, doc_id: Annotated[str, Path(pattern=DOC_ID)]) -> dict[str, Any]:
    """A document's clean text, sentences, and every coded span in it (events, actors, quotes, places)."""
    detail = views.document_detail(store, doc_id)
    if detail is None:
        raise HTTPException(404, f"no document with id {doc_id!r} (or the prefix is ambiguous)")
    return detail


class NewDocument(BaseModel):
    """A report to ingest: exactly one of text, html or url."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None


@router.post("/documents", tags=["documents"], status_code=201, responses=ERRORS | {403: {"description": "read-only server"}})
def add_document(request: Request, report: NewDocument, response: Response) -> dict[str, Any]:
    """Ingest one report (text, HTML or a URL to fetch) through the whole pipeline. Needs --allow-write."""
    if not request.app.state.allow_write:
        raise HTTPException(403, "this server is read-only; start it with --allow-write to ingest")
    raw = _raw_report(report)
    with writable_store(request) as store:
        document, new = api.ingest_report(store, raw, published=report.published, source=report.source)
        events = store.count_events(EventFilter(doc_id=document.id, status=None))
    if not new:
        response.status_code = 200
    return {"id": document.id, "new": new, "document": views.document_summary(document), "events": events}


def _raw_report(report: NewDocument) -> RawReport:
    given = [name for name in ("text", "html", "url") if getattr(report, name)]
    if len(given) != 1:
        raise HTTPException(422, f"give exactly one of text, html or url (got {', '.join(given) or 'none'})")
    if report.url:
        return _fetched_report(report.url)
    if report.html:
        return RawReport("<POST /documents>", html=report.html, title=report.title, input_format="html")
    return RawReport("<POST /documents>", text=report.text, title=report.title)


def _fetched_report(url: str) -> RawReport:
    """The URL fetched as ingestion fetches it: only http(s); private and loopback refused."""
    from ..errors import FetchError
    from ..ingest import ReadOptions, read_url

    item = next(iter(read_url(url, ReadOptions())), None)
    if isinstance(item, RawReport):
        return item
    if isinstance(item, DatelineError):
        raise item
    raise FetchError(url, getattr(item, "reason", "no report at this address"))


@router.get("/quotes", tags=["quotes"], dependencies=[only_params("speaker", "since", "doc", "limit", "offset")])
def list_quotes(
    store: StoreDep, paging: Annotated[tuple[int, int], Depends(page_size)],
    speaker: Annotated[str | None, Query(max_length=80, description="Speaker name or country code.")] = None,
    since: Annotated[date | None, Query(description="Quotes on or after this date.")] = None,
    doc: Annotated[str | None, Query(pattern=DOC_ID, description="Only quotes of this document.")] = None,
) -> dict[str, Any]:
    """Attributed statements: who said what, with the speaker resolved when the text allows."""
    limit, offset = paging
    quotes = store.quotes(speaker=speaker or None, since=since, doc_id=doc or None, limit=limit, offset=offset)
    return {"limit": limit, "offset": offset, "quotes": [views.quote_summary(q) for q in quotes]}


@router.get("/actors", tags=["actors"])
def list_actors(store: StoreDep, paging: Annotated[tuple[int, int], Depends(page_size)]) -> dict[str, Any]:
    """Actor codes with how many asserted events name them as actor and as recipient."""
    limit, offset = paging
    return {"limit": limit, "offset": offset, "actors": store.actor_counts(limit=limit, offset=offset)}


@router.get("/trackers", tags=["trackers"])
def list_trackers(store: StoreDep) -> dict[str, Any]:
    """Saved trackers (`dateline track add`): a name and the query they watch."""
    return {"trackers": [views.tracker_summary(t) for t in store.trackers()]}


@router.get("/trackers/{name}", tags=["trackers"], responses=ERRORS)
def get_tracker(store: StoreDep, name: Annotated[str, Path(pattern=TRACKER_NAME)]) -> Response:
    """One tracker with its canonical events: dates, places, sources and open questions."""
    detail = views.tracker_detail(store, name)
    if detail is None:
        raise HTTPException(404, f"no tracker named {name!r}")
    return json_response(detail)


@router.get("/export/events", tags=["exports"], responses=ERRORS | {413: {"description": "too many rows"}},
            dependencies=[only_params(*EVENT_PARAMS, "format")])
def export_events(
    store: StoreDep, where: Annotated[EventFilter, Depends(event_filter)],
    format: Annotated[Literal["csv", "jsonl", "parquet"], Query(description="File format.")] = "csv",
) -> Response:
    """Every event the filters select (not only one page) as CSV, JSONL or Parquet."""
    # paging parameters are ignored: an export is the whole selection, up to the limit
    where = dataclasses.replace(where, limit=None, offset=0)
    _check_export_size(store.count_events(where))
    return _export(store, "events", format, where)


@router.get("/export/{table}", tags=["exports"], responses=ERRORS | {413: {"description": "too many rows"}})
def export_table(
    store: StoreDep, table: Literal["documents", "sentences", "quotes", "places", "abstentions"],
    format: Annotated[Literal["csv", "jsonl", "parquet"], Query(description="File format.")] = "csv",
) -> Response:
    """A whole table as CSV, JSONL or Parquet (documents without their raw text)."""
    _check_export_size(store.stats()[table])
    return _export(store, table, format, None)


def _check_export_size(rows: int) -> None:
    limit = settings.get("web_max_export_rows")
    if rows > limit:
        raise HTTPException(413, f"{rows:,} rows match, over the export limit of {limit:,}; "
                                 "narrow the filters or use `dateline export`")


def _export(store: Store, table: str, fmt: str, where: EventFilter | None) -> Response:
    buffer = io.BytesIO()
    store.export(buffer, fmt=fmt, table=table, where=where)
    return Response(buffer.getvalue(), media_type=EXPORT_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{table}.{fmt}"'})


@router.get("/search", tags=["search"], responses=ERRORS, dependencies=[only_params("q", "limit", "engine")])
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words that must all appear in a sentence.")],
    limit: Annotated[int, Query(ge=1, le=settings.get("web_max_page_size"), description="Sentences to return.")] = 20,
    engine: Annotated[Literal["auto", "fts", "sql"] | None, Query(description="Search engine (default: the setting).")] = None,
) -> Response:
    """Full-text search over stored sentences, best match (BM25) first, as `dateline search`."""
    used, hits = api.search(store, q, limit=limit, engine=engine)
    return json_response({"query": q, "engine": used, "hits": [views.search_hit(h) for h in hits]})
