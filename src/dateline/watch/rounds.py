"""One watch round: poll the due sources, fetch the article URLs not taken yet, ingest and link
them, evaluate the trackers and send their webhooks.

Fetching runs on an event loop in a helper thread (anyio's blocking portal) while this thread
ingests what has arrived, batch by batch, so a round costs about its ingest time.

What survives a kill at any point: an article URL is marked taken only after the batch holding
its report is committed, and a source's ETag/Last-Modified are saved only after every new item
it listed was taken; so a restart fetches again what was not finished, and ingest stores a
report it holds already as unchanged. Alerts are derived from the store and keyed by content,
so evaluating twice raises each once.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from anyio.from_thread import BlockingPortal, start_blocking_portal

from .. import settings
from ..api import IngestSummary, ingest, link_stored
from ..errors import DatelineError, FetchError, InputError
from ..ingest import RawReport
from ..ingest.readers import read_fetched
from ..records import Alert
from ..store import Store
from .fetch import Fetcher, Page
from .sources import ListedItem, Listing, Source, WatchPlan, read_listing


@dataclass(slots=True)
class RoundSummary:
    polled: int = 0
    not_modified: int = 0
    source_errors: list[DatelineError] = field(default_factory=list)
    new_items: int = 0
    item_errors: list[DatelineError] = field(default_factory=list)
    ingest: IngestSummary = field(default_factory=IngestSummary)
    alerts: list[Alert] = field(default_factory=list)
    webhook_errors: list[DatelineError] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (f"polled {self.polled} source(s) ({self.not_modified} unchanged, {len(self.source_errors)} failed), "
                f"{self.new_items} new item(s) ({len(self.item_errors)} failed); {self.ingest.line()}; "
                f"{len(self.alerts)} new alert(s); {self.seconds:.1f} s")


@dataclass(frozen=True, slots=True)
class _Polled:
    source: Source
    items: list[ListedItem]
    page: Page | None  # None when not modified
    complete: bool = True  # False when items were left for the next round


def run_round(
    store: Store, plan: WatchPlan, *, allow_private: bool = False, due_only: bool = False,
    now: datetime | None = None, on_error: Callable[[DatelineError], None] | None = None,
) -> RoundSummary:
    """Poll the plan's sources (only those due with ``due_only``), ingest what is new, alert."""
    from ..alerts import deliver_webhooks, evaluate_trackers

    started = time.perf_counter()
    summary = RoundSummary()
    _set_webhooks(store, plan.webhooks)
    if store.start_round():  # the last round was cut off: link what it stored but did not link
        link_stored(store)
    sources = due_sources(store, plan.sources, now=now) if due_only else list(plan.sources)
    with start_blocking_portal() as portal:
        fetcher = portal.call(_open_fetcher, allow_private)
        try:
            polled = _poll_all(store, portal, fetcher, sources, summary, on_error)
            _take_items(store, portal, fetcher, polled, summary, on_error)
            summary.alerts = evaluate_trackers(store)
            summary.webhook_errors = deliver_webhooks(store, lambda url, body: portal.call(fetcher.post_json, url, body))
        finally:
            portal.call(fetcher.client.aclose)
    store.finish_round()
    summary.seconds = time.perf_counter() - started
    return summary


def _set_webhooks(store: Store, webhooks: dict[str, str]) -> None:
    """The plan's webhooks replace the stored ones (a tracker left out has none)."""
    trackers = {t.name for t in store.trackers()}
    for name in sorted(set(webhooks) - trackers):
        raise InputError("[webhooks]", f"no tracker named {name!r} (see: dateline track list)")
    for name in sorted(trackers):
        store.set_webhook(name, webhooks.get(name))


def due_sources(store: Store, sources: tuple[Source, ...], *, now: datetime | None = None) -> list[Source]:
    """Sources never polled or whose interval has passed; a failing source waits twice as long
    after each failure in a row (up to ``watch_max_backoff_minutes``)."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    states = store.watch_sources()
    return [s for s in sources if next_poll(states.get(s.url), s) <= now]


def next_poll(state: dict | None, source: Source) -> datetime:
    if state is None or state["last_polled"] is None:
        return datetime.min
    minutes = source.interval_minutes * 2 ** min(state["failures"] or 0, 16)
    return state["last_polled"] + timedelta(minutes=min(minutes, max(source.interval_minutes,
                                                                      settings.get("watch_max_backoff_minutes"))))


def seconds_to_next_poll(store: Store, plan: WatchPlan, *, now: datetime | None = None) -> float:
    """How long to sleep before the next source is due (at least a second, at most a minute, so
    that a changed schedule or a stop is noticed)."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    states = store.watch_sources()
    soonest = min(next_poll(states.get(s.url), s) for s in plan.sources)
    return min(max((soonest - now).total_seconds(), 1.0), 60.0)


async def _open_fetcher(allow_private: bool) -> Fetcher:
    return Fetcher(allow_private=allow_private)


def _poll_all(store, portal: BlockingPortal, fetcher: Fetcher, sources, summary, on_error) -> list[_Polled]:
    states = store.watch_sources()
    futures = {portal.start_task_soon(_poll, fetcher, s, states.get(s.url) or {}): s for s in sources}
    polled = []
    for future in as_completed(futures):
        source = futures[future]
        summary.polled += 1
        try:
            polled.append(future.result())
            summary.not_modified += polled[-1].page is None
        except DatelineError as e:  # a failing source is recorded and retried later; others go on
            summary.source_errors.append(e)
            store.save_poll(source.url, name=source.name, error=e.reason)
            if on_error:
                on_error(e)
    return polled


async def _poll(fetcher: Fetcher, source: Source, state: dict) -> _Polled:
    page = await fetcher.get(source.url, etag=state.get("etag"), last_modified=state.get("last_modified"))
    if page.status == 304:
        return _Polled(source, [], None)
    listing = read_listing(source.url, page.data)
    items = list(listing.items)
    for sitemap in listing.sitemaps[:_MAX_CHILD_SITEMAPS]:
        child = await fetcher.get(sitemap)
        items += read_listing(sitemap, child.data).items
    return _Polled(source, items, page)


# A sitemap index of a big site lists hundreds of sitemaps; the newest come first by convention.
_MAX_CHILD_SITEMAPS = 20


def _take_items(store, portal, fetcher, polled: list[_Polled], summary: RoundSummary, on_error) -> None:
    polled, wanted = _new_items(store, polled)
    summary.new_items = len(wanted)
    marks: list[tuple[str, str, str, str | None]] = []
    futures = {portal.start_task_soon(fetcher.get, item.url): (item, source) for item, source in wanted}

    def reports() -> Iterator[RawReport | DatelineError]:
        for future in as_completed(futures):
            item, source = futures[future]
            report = _report(future, item, source)
            if isinstance(report, DatelineError):  # fetch failures are tried again next round
                summary.item_errors.append(report)
                state = "failed" if isinstance(report, FetchError) else "unreadable"
                store.mark_items([(item.url, source.url, state, report.reason)])
                if on_error:
                    on_error(report)
                continue
            marks.append((item.url, source.url, "taken", None))
            yield report

    def committed(count: int) -> None:  # the batch is stored: its URLs are taken
        store.mark_items(marks[:count])
        del marks[:count]

    summary.ingest = ingest(store, reports(), on_batch=committed, on_error=on_error)
    store.mark_items(marks)
    for p in polled:
        _save_poll(store, p)


def _new_items(store: Store, polled: list[_Polled]) -> tuple[list[_Polled], list[tuple[ListedItem, Source]]]:
    """The items to fetch, once each however many sources list them, up to the per-source cap."""
    cap, attempts = settings.get("watch_max_new_items"), settings.get("watch_item_attempts")
    wanted: dict[str, tuple[ListedItem, Source]] = {}
    done = []
    for p in polled:
        fresh = store.items_to_fetch([i.url for i in p.items], max_attempts=attempts)
        new = [i for i in dict((i.url, i) for i in p.items).values() if i.url in fresh and i.url not in wanted]
        for item in new[:cap]:
            wanted[item.url] = (item, p.source)
        done.append(_Polled(p.source, new[:cap], p.page, complete=len(new) <= cap))
    return done, list(wanted.values())


def _report(future: Future, item: ListedItem, source: Source) -> RawReport | DatelineError:
    try:
        page: Page = future.result()
    except FetchError as e:
        return e
    report = next(read_fetched(item.url, page.url, page.data, page.content_type), None)
    if not isinstance(report, RawReport):
        if report is None:
            return InputError(item.url, "no report at this address")
        reason = report.reason if isinstance(report, DatelineError) else f"not a report ({report.reason})"
        return InputError(item.url, reason)
    # the listing's date and title stand in for what the page does not say
    return RawReport(**{
        **{f: getattr(report, f) for f in RawReport.__dataclass_fields__},
        "url": report.url or page.url, "published": report.published or item.published, "published_time": report.published_time or item.published_time,
        "title": report.title or item.title, "source": report.source or source.name or item.site,
        "input_format": "watch",
    })


def _save_poll(store: Store, p: _Polled) -> None:
    page = p.page
    store.save_poll(p.source.url, name=p.source.name, error=None, items=len(p.items),
                    etag=page.etag if page else None, last_modified=page.last_modified if page else None,
                    keep_validators=page is None or not p.complete)
