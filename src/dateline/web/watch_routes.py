"""Watching and alerts over HTTP: ``GET /alerts``, each tracker's Atom feed, and the watch page
(sources with their last poll and failures, each tracker's newest alerts)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from .. import settings
from ..alerts import atom_feed, alert_row
from ..store import Store
from .app import render, store_handle
from .params import ISO_DATE, TRACKER_NAME

router = APIRouter()
pages = APIRouter(prefix="/ui", include_in_schema=False)
StoreDep = Annotated[Store, Depends(store_handle)]
TrackerParam = Annotated[str | None, Query(pattern=TRACKER_NAME, description="Only this tracker's alerts.")]
SinceParam = Annotated[str | None, Query(pattern=ISO_DATE, description="Alerts raised on or after this date (YYYY-MM-DD).")]
LimitParam = Annotated[int, Query(ge=1, le=settings.get("web_max_page_size"), description="At most this many alerts.")]
# Feed readers poll often; a feed holds the newest alerts only, as news sites' feeds do.
FEED_ENTRIES = 100


@router.get("/alerts", tags=["trackers"])
def list_alerts(store: StoreDep, tracker: TrackerParam = None, since: SinceParam = None,
                limit: LimitParam = settings.get("web_page_size")) -> dict[str, Any]:
    """Tracker alerts, newest first (`dateline alerts`): kind (new-event, answered, disagreement,
    confirmed), a one-line summary, the canonical event and the reports behind it."""
    if tracker and store.tracker(tracker) is None:
        raise HTTPException(404, f"no tracker named {tracker!r}")
    found = store.alerts(tracker=tracker, since=date.fromisoformat(since) if since else None, limit=limit)
    return {"alerts": [alert_row(a) for a in found]}


@router.get("/trackers/{name}/alerts.atom", tags=["trackers"], response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}}})
def tracker_feed(request: Request, store: StoreDep, name: Annotated[str, Path(pattern=TRACKER_NAME)]) -> Response:
    """A tracker's alerts as an Atom feed, for any feed reader."""
    if store.tracker(name) is None:
        raise HTTPException(404, f"no tracker named {name!r}")
    body = atom_feed(name, store.alerts(tracker=name, limit=FEED_ENTRIES), self_url=str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@pages.get("/watch")
def watch_page(request: Request, store: StoreDep) -> Response:
    counts = store.watch_item_counts()
    sources = [{**state, "taken": counts.get(url, {}).get("taken", 0), "failed_items": counts.get(url, {}).get("failed", 0)}
               for url, state in store.watch_sources().items()]
    trackers = [{"name": t.name, "alerts": store.alerts(tracker=t.name, limit=10)} for t in store.trackers()]
    return render(request, "watch.html", sources=sources, trackers=trackers)
