"""HTML pages: server-rendered Jinja2 (autoescaped) over the same views as the JSON API."""
from __future__ import annotations

import dataclasses
import hmac
import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import api, settings
from ..records import Tracker
from ..store import EVENT_SORTS, EventFilter, Store
from . import charts, views
from .app import TOKEN_COOKIE, render, store_handle, writable_store
from .highlight import Mark, segments
from .params import DOC_ID, EVENT_PARAMS, ISO_DATE, TRACKER_NAME, event_filter, only_params, page_size

router = APIRouter(prefix="/ui", include_in_schema=False)
StoreDep = Annotated[Store, Depends(store_handle)]
FilterDep = Annotated[EventFilter, Depends(event_filter)]


@router.get("", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/ui/events")


@router.get("/events", dependencies=[only_params(*EVENT_PARAMS)])
def events_page(request: Request, store: StoreDep, where: FilterDep) -> Response:
    total = store.count_events(where)
    page = store.event_page(where)
    return render(
        request, "events.html", events=store.flat_rows(page.records, page.located),
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


@router.get("/search", dependencies=[only_params("q", "limit")])
def search_page(request: Request, store: StoreDep, q: Annotated[str, Query(max_length=200)] = "",
                limit: Annotated[int, Query(ge=1, le=settings.get("web_max_page_size"))] = 50) -> Response:
    """Full-text search over sentences (the search box of every page)."""
    engine, hits = api.search(store, q, limit=limit) if q.strip() else (None, [])
    return render(request, "search.html", q=q, engine=engine, hits=[views.search_hit(h) for h in hits])


@router.get("/documents", dependencies=[only_params("q", "limit", "offset")])
def documents_page(request: Request, store: StoreDep, paging: Annotated[tuple[int, int], Depends(page_size)],
                   q: Annotated[str, Query(max_length=200)] = "") -> Response:
    if q.strip():  # a search from the documents page: the sentences, with their documents
        return RedirectResponse("/ui/search?" + urlencode({"q": q}), status_code=303)
    limit, offset = paging
    total = store.stats()["documents"]
    documents = [views.document_summary(d) for d in store.documents(limit=limit, offset=offset)]
    return render(request, "documents.html", documents=documents, total=total,
                  pages=_pages(request, offset, limit, total))


@router.get("/documents/{doc_id}", dependencies=[only_params("mark")])
def document_page(request: Request, store: StoreDep, doc_id: Annotated[str, Path(pattern=DOC_ID)],
                  mark: Annotated[str, Query(pattern=r"^(\d{1,9}-\d{1,9})?$",
                                             description="START-END: a span to highlight (evidence links)")] = "") -> Response:
    detail = views.document_detail(store, doc_id)
    if detail is None:
        raise HTTPException(404, f"no document with id {doc_id!r} (or the prefix is ambiguous)")
    marks = [Mark(**m) for m in detail["marks"]]
    if mark:
        start, end = (int(x) for x in mark.split("-"))
        marks.append(Mark(start, end, "evidence", "evidence"))
    return render(request, "document.html", pieces=_sentence_pieces(detail["text"], detail["sentences"], marks),
                  **detail)


def _sentence_pieces(text: str, sentences: list[dict[str, Any]], marks: list[Mark]) -> list[tuple[int | None, list]]:
    """(sentence index or None for text between sentences, segments) covering the whole text,
    so each sentence can carry its anchor (#s<n>)."""
    pieces, at = [], 0
    for s in sorted(sentences, key=lambda s: s["start_char"]):
        if s["start_char"] > at:
            pieces.append((None, segments(text[at:s["start_char"]], marks, offset=at)))
        pieces.append((s["index"], segments(text[s["start_char"]:s["end_char"]], marks, offset=s["start_char"])))
        at = max(at, s["end_char"])
    if at < len(text):
        pieces.append((None, segments(text[at:], marks, offset=at)))
    return pieces


@router.get("/quotes", dependencies=[only_params("speaker", "since", "doc", "limit", "offset")])
def quotes_page(request: Request, store: StoreDep, paging: Annotated[tuple[int, int], Depends(page_size)],
                speaker: Annotated[str, Query(max_length=80)] = "",
                since: Annotated[str, Query(pattern=ISO_DATE)] = "",
                doc: Annotated[str, Query(pattern=DOC_ID)] = "") -> Response:
    """Quotes with the filters of `dateline quotes` and GET /quotes."""
    limit, offset = paging
    found = store.quotes(speaker=speaker or None, since=date.fromisoformat(since) if since else None,
                         doc_id=doc or None, limit=limit, offset=offset)
    quotes = [views.quote_summary(q) for q in found]
    return render(request, "quotes.html", quotes=quotes, speaker=speaker, since=since, doc=doc,
                  pages=_pages(request, offset, limit, None, len(quotes)))


@router.get("/actors")
def actors_page(request: Request, store: StoreDep, paging: Annotated[tuple[int, int], Depends(page_size)]) -> Response:
    limit, offset = paging
    actors = store.actor_counts(limit=limit, offset=offset)
    return render(request, "actors.html", actors=actors, pages=_pages(request, offset, limit, None, len(actors)))


@router.get("/trackers")
def trackers_page(request: Request, store: StoreDep) -> Response:
    return render(request, "trackers.html", trackers=[views.tracker_summary(t) for t in store.trackers()],
                  allow_write=request.app.state.allow_write)


@router.post("/trackers")
async def save_tracker(request: Request) -> Response:
    """Create a tracker, or edit one (``old_name`` names it; a new ``name`` renames it)."""
    form = await _form(request, {"name", "old_name", "actor", "type", "mode"})
    name = form.get("name", "")
    if not re.fullmatch(TRACKER_NAME, name):
        raise HTTPException(422, f"name: letters, digits, '.', '_' or '-', up to 64 (got {name[:40]!r})")
    tracker = Tracker(name, (form.get("actor") or "").upper() or None, (form.get("type") or "").upper() or None,
                      form.get("mode") or None)
    api.check_tracker(tracker)
    # a write waits for the requests reading the store: in a thread, never on the event loop
    await run_in_threadpool(_save_tracker, request, tracker, form.get("old_name"))
    return RedirectResponse(f"/ui/trackers/{name}", status_code=303)


def _save_tracker(request: Request, tracker: Tracker, old_name: str | None) -> None:
    with writable_store(request) as store:
        if not old_name:
            api.add_tracker(store, tracker)
        elif not store.update_tracker(old_name, tracker):
            raise HTTPException(404, f"no tracker named {old_name[:64]!r}")


@router.post("/trackers/{name}/delete")
async def delete_tracker(request: Request, name: Annotated[str, Path(pattern=TRACKER_NAME)]) -> Response:
    await _form(request, set())
    await run_in_threadpool(_delete_tracker, request, name)
    return RedirectResponse("/ui/trackers", status_code=303)


def _delete_tracker(request: Request, name: str) -> None:
    with writable_store(request) as store:
        if not store.remove_tracker(name):
            raise HTTPException(404, f"no tracker named {name!r}")


async def _form(request: Request, allowed: set[str]) -> dict[str, str]:
    """The posted form's fields; 403 on a read-only server, 422 on a field outside ``allowed``."""
    if not request.app.state.allow_write:
        raise HTTPException(403, "this server is read-only; start it with --allow-write to change trackers")
    fields = {k: v[0].strip() for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise HTTPException(422, f"unknown form field {unknown[0][:40]!r}; known: {', '.join(sorted(allowed)) or 'none'}")
    return fields


@router.get("/canonical/{canonical_id}")
def canonical_page(request: Request, store: StoreDep, canonical_id: Annotated[str, Path(pattern=DOC_ID)]) -> Response:
    """A real-world event: every mention, per-field values and disagreements, questions."""
    detail = views.canonical_detail(store, canonical_id)
    if detail is None:
        raise HTTPException(404, f"no canonical event with id {canonical_id!r} (or the prefix is ambiguous)")
    return render(request, "canonical.html", event=detail)


@router.get("/trackers/{name}")
def tracker_page(request: Request, store: StoreDep, name: Annotated[str, Path(pattern=TRACKER_NAME)]) -> Response:
    detail = views.tracker_detail(store, name)
    if detail is None:
        raise HTTPException(404, f"no tracker named {name!r}")
    return _timeline_map(request, f"Tracker {name}", detail["events"], tracker=detail["tracker"],
                         allow_write=request.app.state.allow_write)


@router.get("/map", dependencies=[only_params(*EVENT_PARAMS)])
def map_page(request: Request, store: StoreDep, where: FilterDep) -> Response:
    """The tracker view (timeline and map) for any event filter."""
    where = dataclasses.replace(where, limit=settings.get("web_max_map_events"), offset=0)
    events = [views.record_summary(r) for r in store.event_page(where).records]
    return _timeline_map(request, "Timeline and map", events, total=store.count_events(where), query=_query(request))


def _timeline_map(request: Request, title: str, events: list[dict[str, Any]], **context: Any) -> Response:
    # dated events by date, then the undated ones (a None date must never meet a string in a sort)
    listed = sorted(events, key=lambda e: (e.get("date") is None, e.get("date") or ""))
    return render(request, "timeline_map.html", title=title, events=events, listed=listed,
                  timeline=charts.timeline(events), map=charts.map_view(events), **context)


@router.get("/login")
def login_form(request: Request) -> Response:
    return render(request, "login.html")


@router.post("/login")
async def login(request: Request) -> Response:
    token = request.app.state.token
    if not token:
        raise HTTPException(404, "this server has no token to log in with")
    sessions, client = request.app.state.sessions, request.client.host if request.client else "?"
    if (wait := sessions.wait_seconds(client)) > 0:
        raise HTTPException(429, f"too many failed logins from {client}; try again in {wait:.0f} s")
    supplied = parse_qs((await request.body()).decode("utf-8", "replace")).get("token", [""])[0]
    if not hmac.compare_digest(supplied.encode(), token.encode()):
        sessions.failed(client)
        raise HTTPException(401, "wrong token")
    response = RedirectResponse("/ui/events", status_code=303)
    response.set_cookie(TOKEN_COOKIE, sessions.new(), httponly=True, samesite="strict")
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


