"""HTML pages: server-rendered Jinja2 (autoescaped) over the same views as the JSON API."""
from __future__ import annotations

import dataclasses
import hmac
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response

from .. import settings
from ..store import EVENT_SORTS, EventFilter, Store
from . import charts, views
from .app import TOKEN_COOKIE, render, store_handle
from .highlight import Mark, segments
from .params import DOC_ID, EVENT_PARAMS, TRACKER_NAME, event_filter, only_params, page_size

router = APIRouter(prefix="/ui", include_in_schema=False)
StoreDep = Annotated[Store, Depends(store_handle)]
FilterDep = Annotated[EventFilter, Depends(event_filter)]


@router.get("", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/ui/events")


@router.get("/events", dependencies=[only_params(*EVENT_PARAMS)])
def events_page(request: Request, store: StoreDep, where: FilterDep) -> Response:
    total = store.count_events(where)
    return render(
        request, "events.html", events=[views.record_summary(r) for r in store.event_page(where).records],
        total=total, where=where, sorts=list(EVENT_SORTS), query=_query(request),
        types=[t for t, _ in store.counts_by("events", "type") if t],
        statuses=[s for s, _ in store.counts_by("events", "status") if s],
        pages=_pages(request, where.offset, where.limit or 1, total),
    )


@router.get("/events/{event_id}")
def event_page(request: Request, store: StoreDep, event_id: str) -> Response:
    detail = views.event_detail(store, event_id)
    if detail is None:
        raise HTTPException(404, f"no event with id {event_id[:40]!r}")
    for row in detail["fields"]:
        row["segments"] = _evidence_segments(row)
    return render(request, "event.html", **detail)


@router.get("/documents")
def documents_page(request: Request, store: StoreDep, paging: Annotated[tuple[int, int], Depends(page_size)]) -> Response:
    limit, offset = paging
    total = store.stats()["documents"]
    documents = [views.document_summary(d) for d in store.documents(limit=limit, offset=offset)]
    return render(request, "documents.html", documents=documents, total=total,
                  pages=_pages(request, offset, limit, total))


@router.get("/documents/{doc_id}")
def document_page(request: Request, store: StoreDep, doc_id: Annotated[str, Path(pattern=DOC_ID)]) -> Response:
    detail = views.document_detail(store, doc_id)
    if detail is None:
        raise HTTPException(404, f"no document with id {doc_id!r} (or the prefix is ambiguous)")
    marks = [Mark(**m) for m in detail["marks"]]
    return render(request, "document.html", segments=segments(detail["text"], marks), **detail)


@router.get("/quotes")
def quotes_page(request: Request, store: StoreDep, paging: Annotated[tuple[int, int], Depends(page_size)]) -> Response:
    limit, offset = paging
    quotes = [views.quote_summary(q) for q in store.quotes(limit=limit, offset=offset)]
    return render(request, "quotes.html", quotes=quotes, pages=_pages(request, offset, limit, None, len(quotes)))


@router.get("/actors")
def actors_page(request: Request, store: StoreDep, paging: Annotated[tuple[int, int], Depends(page_size)]) -> Response:
    limit, offset = paging
    actors = store.actor_counts(limit=limit, offset=offset)
    return render(request, "actors.html", actors=actors, pages=_pages(request, offset, limit, None, len(actors)))


@router.get("/trackers")
def trackers_page(request: Request, store: StoreDep) -> Response:
    return render(request, "trackers.html", trackers=[views.tracker_summary(t) for t in store.trackers()])


@router.get("/trackers/{name}")
def tracker_page(request: Request, store: StoreDep, name: Annotated[str, Path(pattern=TRACKER_NAME)]) -> Response:
    detail = views.tracker_detail(store, name)
    if detail is None:
        raise HTTPException(404, f"no tracker named {name!r}")
    return _timeline_map(request, f"Tracker {name}", detail["events"], tracker=detail["tracker"])


@router.get("/map", dependencies=[only_params(*EVENT_PARAMS)])
def map_page(request: Request, store: StoreDep, where: FilterDep) -> Response:
    """The tracker view (timeline and map) for any event filter."""
    where = dataclasses.replace(where, limit=settings.get("web_max_map_events"), offset=0)
    events = [views.record_summary(r) for r in store.event_page(where).records]
    return _timeline_map(request, "Timeline and map", events, total=store.count_events(where), query=_query(request))


def _timeline_map(request: Request, title: str, events: list[dict[str, Any]], **context: Any) -> Response:
    return render(request, "timeline_map.html", title=title, events=events,
                  timeline=charts.timeline(events), map=charts.map_view(events), **context)


@router.get("/login")
def login_form(request: Request) -> Response:
    return render(request, "login.html")


@router.post("/login")
async def login(request: Request) -> Response:
    token = request.app.state.token
    if not token:
        raise HTTPException(404, "this server has no token to log in with")
    supplied = parse_qs((await request.body()).decode("utf-8", "replace")).get("token", [""])[0]
    if not hmac.compare_digest(supplied.encode(), token.encode()):
        raise HTTPException(401, "wrong token")
    response = RedirectResponse("/ui/events", status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
    return response


def _evidence_segments(row: dict[str, Any]):
    sentence, ev = row["sentence"], row["evidence"]
    if sentence is None:
        return segments(ev["text"], [Mark(0, len(ev["text"]), "evidence")])
    mark = Mark(ev["start_char"], ev["end_char"], "evidence", row["field"])
    return segments(sentence["text"], [mark], offset=sentence["start_char"])


def _query(request: Request, **changes: Any) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, str(v)) for k, v in changes.items() if v is not None]
    return urlencode(params)


def _pages(request: Request, offset: int, limit: int, total: int | None, shown: int | None = None) -> dict[str, Any]:
    more = offset + limit < total if total is not None else shown == limit
    return {
        "first": offset + 1, "last": offset + (shown if shown is not None else min(limit, max(total - offset, 0))),
        "total": total,
        "previous": _query(request, offset=max(offset - limit, 0)) if offset > 0 else None,
        "next": _query(request, offset=offset + limit) if more else None,
    }


