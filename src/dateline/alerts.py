"""Alerts: what changed in each tracker's canonical events, with the reports behind each change.

Four kinds, each raised once (its id hashes the tracker, the kind and what changed):

- ``new-event``: a canonical event none of whose mentions the tracker had seen before;
- ``answered``: an open question ("did not say what kind of missile") a later report answered;
- ``disagreement``: reports give more than one value for a field (a new value is a new alert);
- ``confirmed``: an event a report gave as hedged or reported ("appears to have fired") that
  another report asserts (the linked, canonical event).

Alerts are derived from the store each time, so an evaluation after a crash catches up and
never raises one twice. A tracker's first evaluation raises an alert for everything it already
matches. What it does not alert on: an event that drops out of a tracker, a retraction.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote

from .api import tracked_events
from .errors import DatelineError
from .records import Alert, AlertReport, CanonicalEvent, FieldValue, Tracker, content_hash, to_dict
from .store import EventFilter, Store

KINDS = ("new-event", "answered", "disagreement", "confirmed")
# Statuses of a report that has not confirmed the event itself (events/modality.py).
UNCONFIRMED_STATUSES = ("hedged", "reported")


def evaluate_trackers(store: Store, names: Iterable[str] | None = None) -> list[Alert]:
    """Evaluate every tracker (or those named) and store their new alerts; returns the new ones."""
    trackers = [t for t in store.trackers() if names is None or t.name in set(names)]
    fresh: list[Alert] = []
    for tracker in trackers:
        events = tracked_events(store, tracker.name)
        found = _Finder(store, tracker, store.known_mentions(tracker.name)).alerts(events)
        fresh += store.save_alerts(tracker.name, found, (m.event_id for e in events for m in e.mentions))
    return fresh


class _Finder:
    """The alerts of one tracker; looks each report up once."""

    def __init__(self, store: Store, tracker: Tracker, known: set[str]):
        self.store, self.tracker, self.known = store, tracker, known
        self._reports: dict[str, AlertReport] = {}

    def alerts(self, events: list[CanonicalEvent]) -> list[Alert]:
        found = []
        for e in events:
            if not any(m.event_id in self.known for m in e.mentions):
                support = "" if e.status == "asserted" else f" ({e.status} only)"
                found.append(self._alert("new-event", e, (min(m.event_id for m in e.mentions),),
                                         f"new event{support}, {len(e.mentions)} mention(s) from {e.n_sources} source(s)",
                                         [m.doc_id for m in e.mentions]))
            found += [self._answered(e, q) for q in e.questions if q.answered and q.answered_by]
            found += [self._disagreement(e, name, values) for name, values in e.disagreements().items()]
        return found + self._confirmed(events)

    def _answered(self, e: CanonicalEvent, q) -> Alert:
        by = q.answered_by
        return self._alert("answered", e, (q.key, q.answer, by.event_id),
                           f"answered: {q.label} = {q.answer} ({by.source or by.doc_id}, {by.published_at or '?'})",
                           [by.doc_id] + [s.doc_id for s in q.asked_by])

    def _disagreement(self, e: CanonicalEvent, name: str, values: tuple[FieldValue, ...]) -> Alert:
        anchor = min(s.event_id for v in values for s in v.support)
        shown = "; ".join(f"{v.value} ({v.n_sources} source{'s' if v.n_sources != 1 else ''})" for v in values)
        return self._alert("disagreement", e, (name, sorted(v.value for v in values), anchor),
                           f"disagreement on {name}: {shown}", [s.doc_id for v in values for s in v.support])

    def _confirmed(self, events: list[CanonicalEvent]) -> list[Alert]:
        """Hedged or reported events of the tracker's kind that a linked event now asserts."""
        from .link import mention_of

        t = self.tracker
        unconfirmed = [e for e in self.store.events(EventFilter(status=UNCONFIRMED_STATUSES, actor=t.actor, type=t.type))
                       if not t.mode or e.mode == t.mode]
        # each is confirmed once: skip those already raised before looking at their reports
        raised = {a.id for a in self.store.alerts_by_id([self._id("confirmed", e.id) for e in unconfirmed])}
        found = []
        for event in unconfirmed:
            if self._id("confirmed", event.id) in raised:
                continue
            document = self.store.document(event.doc_id)
            hedged = mention_of(event, document)
            window = hedged.window()
            for e in events:
                confirming = [m for m in e.mentions if m.doc_id != event.doc_id]
                if e.type == event.type and confirming and window and _overlaps(window, _window(e)) \
                        and (not hedged.actors or set(hedged.actors) & set(e.actors)):
                    found.append(self._alert(
                        "confirmed", e, (event.id,),
                        f"confirmed: {event.status} in {document.source or document.id} "
                        f"({document.published_at or '?'}), asserted by "
                        f"{', '.join(sorted({m.source or m.doc_id for m in confirming}))}",
                        [event.doc_id] + [m.doc_id for m in confirming]))
                    break
        return found

    def _alert(self, kind: str, e: CanonicalEvent, key: tuple, change: str, doc_ids: list[str]) -> Alert:
        when = e.date.start.isoformat() if e.date.start else "undated"
        actors = ",".join(e.actors) or "-"
        summary = f"{when} {e.type}{' ' + e.mode if e.mode else ''} {actors}: {change}"
        reports = tuple(self._report(d) for d in dict.fromkeys(doc_ids))
        return Alert(self._id(kind, *key), self.tracker.name, kind, e.id, summary, reports)

    def _id(self, kind: str, *key) -> str:
        return content_hash(self.tracker.name, kind, *key)

    def _report(self, doc_id: str) -> AlertReport:
        if doc_id not in self._reports:
            d = self.store.document(doc_id)
            self._reports[doc_id] = AlertReport(doc_id, d.source, d.url, d.title, d.published_at) if d else AlertReport(doc_id)
        return self._reports[doc_id]


def _window(e: CanonicalEvent) -> tuple[date, date] | None:
    if e.date.start:
        return e.date.start, e.date.end or e.date.start
    if e.first_reported:
        from .link import UNDATED_LOOKBACK_DAYS

        return e.first_reported - timedelta(days=UNDATED_LOOKBACK_DAYS), e.last_reported or e.first_reported
    return None


def _overlaps(a: tuple[date, date], b: tuple[date, date] | None) -> bool:
    return b is not None and a[0] <= b[1] and b[0] <= a[1]


def atom_feed(tracker: str, alerts: list[Alert], *, self_url: str) -> bytes:
    """A tracker's alerts (newest first) as an Atom feed any feed reader can follow."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(f"urn:dateline:tracker:{quote(tracker)}")
    feed.title(f"Dateline alerts: {tracker}")
    feed.link(href=self_url, rel="self")
    feed.updated(_utc(alerts[0].created_at) if alerts else datetime(1970, 1, 1, tzinfo=timezone.utc))
    feed.generator("Dateline")
    for a in reversed(alerts):  # feedgen puts each new entry first
        entry = feed.add_entry()
        entry.id(f"urn:dateline:alert:{a.id}")
        entry.title(a.summary)
        entry.updated(_utc(a.created_at))
        entry.category(term=a.kind)
        entry.content("\n".join(_report_line(r) for r in a.reports), type="text")
        for r in a.reports:
            if r.url and r.url.startswith(("http://", "https://")):
                entry.link(href=r.url, rel="related", title=r.title or r.url)
    return feed.atom_str(pretty=True)


def _report_line(r: AlertReport) -> str:
    return " | ".join(str(x) for x in (r.published_at or "undated", r.source or "-", r.title or r.doc_id, r.url) if x)


def _utc(moment: datetime | None) -> datetime:
    moment = moment or datetime.now(timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def alert_row(a: Alert) -> dict:
    """An alert as JSON-ready data (the webhook body's items, GET /alerts, --format json)."""
    return to_dict(a)


def deliver_webhooks(store: Store, post: Callable[[str, dict], None]) -> list[DatelineError]:
    """POST each tracker's undelivered alerts (oldest first) to its webhook as one JSON body
    ``{"tracker": name, "alerts": [...]}``; a failed delivery is kept for the next round."""
    errors = []
    for tracker, url in store.webhooks().items():
        pending = list(reversed(store.alerts(tracker=tracker, undelivered=True)))
        if not pending:
            continue
        try:
            post(url, {"tracker": tracker, "alerts": [alert_row(a) for a in pending]})
        except DatelineError as e:
            errors.append(e)
            continue
        store.mark_delivered([a.id for a in pending])
    return errors
