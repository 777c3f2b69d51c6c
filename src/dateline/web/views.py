"""What the API returns and the pages show, built from the store's records (no SQL here).

Every value a page shows keeps its evidence: the sentence it came from and the character span,
as offsets into the document's clean text.
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import date
from typing import Any

from ..records import (
    Actor, CanonicalEvent, Document, Event, EventDate, Evidence, Place, Quote, Sentence, TextSpan, Tracker, to_dict,
)
from ..store import EventFilter, Store
from .highlight import Mark

# Fields listed first on an event page, in this order; any other evidence follows by name.
FIELD_ORDER = ("trigger", "type", "mode", "actor", "actors", "recipient", "recipients", "date", "place")


def event_summary(e: Event) -> dict[str, Any]:
    return record_summary({"id": e.id} | to_dict(e))


def record_summary(record: dict[str, Any]) -> dict[str, Any]:
    """An event's listing row from its ``to_dict`` record plus ``id``, as ``Store.event_page``
    returns them (building Event records for a page cost more than reading the page)."""
    place = record.get("place")
    date_ = record.get("date") or {}
    return {
        "id": record["id"], "doc_id": record["doc_id"], "sentence_index": record["sentence_index"],
        "date": date_.get("start"), "date_end": date_.get("end"), "precision": date_.get("precision", "unknown"),
        "type": record["type"], "mode": record.get("mode"), "cameo": record.get("cameo"),
        "actors": [_code(a) for a in record.get("actors", ())],
        "recipients": [_code(a) for a in record.get("recipients", ())],
        "status": record.get("status"), "confidence": round(record.get("confidence") or 0.0, 3),
        "trigger": record["trigger"]["text"],
        "place": None if place is None else {
            "name": place.get("name") or place["span"]["text"], "country": place.get("country"),
            "latitude": place.get("latitude"), "longitude": place.get("longitude"),
        },
        "open_questions": sorted(record.get("missing") or {}),
    }


def _code(actor: dict[str, Any]) -> str:
    return Actor(country=actor.get("country"), sector=actor.get("sector")).code()


def document_summary(d: Document) -> dict[str, Any]:
    return {
        "id": d.id, "title": d.title, "url": d.url, "source": d.source,
        "published_at": _iso(d.published_at), "language": d.language, "chars": len(d.clean_text),
    }


def quote_summary(q: Quote) -> dict[str, Any]:
    return {
        "id": q.id, "doc_id": q.doc_id, "sentence_index": q.sentence_index, "kind": q.kind,
        "date": _iso(q.date.start), "speaker": q.speaker.text if q.speaker else None,
        "actor": q.speaker_actor.code() if q.speaker_actor else None,
        "cue": q.cue.text if q.cue else None, "content": q.content.text,
        "confidence": round(q.confidence, 3),
    }


def tracker_summary(t: Tracker) -> dict[str, Any]:
    return {"name": t.name, "actor": t.actor, "type": t.type, "mode": t.mode}


def tracker_detail(store: Store, name: str) -> dict[str, Any] | None:
    """A tracker and its canonical events (linking, issue 10), oldest first."""
    from .. import api

    tracker = store.tracker(name)
    if tracker is None:
        return None
    return {"tracker": tracker_summary(tracker),
            "events": [canonical_summary(store, e) for e in api.tracked_events(store, name)]}


def canonical_summary(store: Store, e: CanonicalEvent) -> dict[str, Any]:
    """A canonical event in the shape of ``event_summary``, plus its sources and questions.

    Its place on the map is that of the first mention whose event has coordinates; its link
    goes to that mention's evidence page.
    """
    mentions = [store.event(s.event_id) for s in e.mentions[:5]]
    placed = next((m for m in mentions if m and m.place and m.place.latitude is not None), None)
    lead = placed or next((m for m in mentions if m), None)
    summary = event_summary(placed) if placed else {"place": None}
    return {
        "id": e.id, "href": f"/ui/events/{lead.id}" if lead else None,
        "date": _iso(e.date.start), "date_end": _iso(e.date.end), "precision": e.date.precision,
        "type": e.type, "mode": e.mode, "actors": list(e.actors), "recipients": list(e.recipients),
        "status": "asserted", "place": summary["place"],
        "n_mentions": len(e.mentions), "n_sources": e.n_sources,
        "first_reported": _iso(e.first_reported), "last_reported": _iso(e.last_reported),
        "open_questions": [q.label for q in e.questions if not q.answered],
        "answered": [{"question": q.label, "answer": q.answer} for q in e.questions if q.answered],
        "fields": [{"field": f.field, "value": f.value, "n_sources": f.n_sources, "canonical": f.canonical}
                   for f in e.fields],
        "mentions": [s.event_id for s in e.mentions],
    }


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """An event with, for each filled field, its value, evidence span and sentence."""
    event = store.event(event_id)
    if event is None:
        return None
    document = store.document(event.doc_id)
    sentences = store.sentences(event.doc_id)
    row = store.flat_rows([{"id": event.id} | to_dict(event)])[0]
    return {
        "event": to_dict(event),
        "row": row, "canonical_id": row["canonical_id"],  # the schema's columns (schema.py)
        "summary": event_summary(event),
        "document": document_summary(document) if document else None,
        "fields": [_field_row(name, value, ev, sentences) for name, value, ev in _field_evidence(event)],
        "missing": [{"field": k, "reason": v} for k, v in sorted(event.missing.items())],
    }


def document_detail(store: Store, doc_id: str) -> dict[str, Any] | None:
    """A document's clean text with everything coded in it, as spans to mark."""
    document = store.document(doc_id)
    if document is None:
        return None
    events = store.events(EventFilter(doc_id=document.id, status=None))
    quotes = store.quotes(doc_id=document.id)
    places = store.places(document.id)
    return {
        "document": document_summary(document) | {"summary": document.summary, "author": document.author},
        "text": document.clean_text,
        "sentences": [to_dict(s) for s in store.sentences(document.id)],
        "events": [event_summary(e) for e in events],
        "quotes": [quote_summary(q) for q in quotes],
        "places": [to_dict(p) for p in places],
        "marks": [to_dict(m) for m in document_marks(events, quotes, places)],
    }


def document_marks(events: list[Event], quotes: list[Quote], places: list[Place]) -> list[Mark]:
    marks: list[Mark] = []
    for e in events:
        href = f"/ui/events/{e.id}"
        marks.append(Mark(e.trigger.start_char, e.trigger.end_char, "trigger", f"{e.type} ({e.status})", href))
        marks += [_actor_mark(a, "actor") for a in e.actors if a.span]
        marks += [_actor_mark(a, "recipient") for a in e.recipients if a.span]
    for q in quotes:
        marks.append(Mark(q.content.start_char, q.content.end_char, "quote", f"{q.kind} quote"))
        if q.speaker:
            marks.append(Mark(q.speaker.start_char, q.speaker.end_char, "speaker", "speaker"))
        if q.cue:
            marks.append(Mark(q.cue.start_char, q.cue.end_char, "cue", "cue"))
    for p in places:
        marks.append(Mark(p.span.start_char, p.span.end_char, "place", _place_label(p)))
    return sorted(set(marks), key=lambda m: (m.start, -m.end, m.kind))


def _actor_mark(actor: Actor, kind: str) -> Mark:
    return Mark(actor.span.start_char, actor.span.end_char, kind, f"{kind} {_actor_label(actor)}")


def _field_evidence(event: Event) -> list[tuple[str, Any, Evidence]]:
    """(field, value, evidence) for every field with evidence, spans included."""
    rows = {name: (name, _value_of(event, name), ev) for name, ev in event.evidence.items()}
    by_span: list[tuple[str, Any, TextSpan]] = [("trigger", event.trigger.text, event.trigger)]
    by_span += [("actor", a, a.span) for a in event.actors if a.span]
    by_span += [("recipient", a, a.span) for a in event.recipients if a.span]
    if event.place is not None:
        by_span.append(("place", event.place, event.place.span))
    for name, value, span in by_span:
        if name not in rows and not any(n.startswith(name) for n in rows):
            rows[name] = (name, value, Evidence.of(span, -1))
    order = {name: i for i, name in enumerate(FIELD_ORDER)}
    return sorted(rows.values(), key=lambda r: (order.get(r[0], len(order)), r[0]))


def _value_of(event: Event, name: str) -> Any:
    if name in ("actor", "actors"):
        return list(event.actors)
    if name in ("recipient", "recipients"):
        return list(event.recipients)
    if name == "trigger":
        return event.trigger.text
    return getattr(event, name, None) if name in Event.__dataclass_fields__ else event.attributes.get(name)


def _field_row(name: str, value: Any, ev: Evidence, sentences: list[Sentence]) -> dict[str, Any]:
    sentence = _sentence_of(ev, sentences)
    return {
        "field": name, "value": display(value),
        "evidence": {"doc_id": ev.doc_id, "sentence_index": sentence.index if sentence else None,
                     "start_char": ev.start_char, "end_char": ev.end_char, "text": ev.text},
        "sentence": to_dict(sentence) if sentence else None,
    }


def _sentence_of(ev: Evidence, sentences: list[Sentence]) -> Sentence | None:
    """The sentence named by the evidence, or the one holding its start when none is named."""
    by_index = {s.index: s for s in sentences}
    if ev.sentence_index in by_index:
        return by_index[ev.sentence_index]
    starts = [s.start_char for s in sentences]
    i = bisect_right(starts, ev.start_char) - 1
    return sentences[i] if i >= 0 and ev.start_char < sentences[i].end_char else None


def display(value: Any) -> str:
    """A field value as one line of text."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(display(v) for v in value)
    if isinstance(value, Actor):
        return _actor_label(value)
    if isinstance(value, EventDate):
        bounds = _iso(value.start) if value.start == value.end else f"{_iso(value.start) or '?'} .. {_iso(value.end) or '?'}"
        return f"{bounds} ({value.precision})"
    if isinstance(value, Place):
        return _place_label(value)
    if isinstance(value, TextSpan):
        return value.text
    return str(value)


def _actor_label(actor: Actor) -> str:
    extra = ", ".join(p for p in (actor.name, actor.role) if p)
    return f"{actor.code()} ({extra})" if extra else actor.code()


def _place_label(place: Place) -> str:
    name = place.name or place.span.text
    if place.latitude is None or place.longitude is None:
        return name
    return f"{name} ({place.latitude:.2f}, {place.longitude:.2f})"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def search_hit(hit) -> dict[str, Any]:
    """A search.SearchHit with the link to its sentence's anchor."""
    return {"doc_id": hit.doc_id, "sentence_index": hit.sentence_index, "score": round(hit.score, 3),
            "text": hit.text.strip(), "headline": hit.title, "source": hit.source,
            "published_at": _iso(hit.published_at), "href": f"/ui/documents/{hit.doc_id}#s{hit.sentence_index}"}


def canonical_detail(store: Store, canonical_id: str) -> dict[str, Any] | None:
    """A canonical event: every mention (with its sentence link), per-field values, questions."""
    event = store.canonical_event(canonical_id)
    if event is None:
        return None
    fields: dict[str, list[dict[str, Any]]] = {}
    for f in event.fields:
        fields.setdefault(f.field, []).append({"value": f.value, "n_sources": f.n_sources, "canonical": f.canonical})
    return {
        "id": event.id, "type": event.type, "mode": event.mode, "actors": list(event.actors),
        "recipients": list(event.recipients), "date": _iso(event.date.start), "date_end": _iso(event.date.end),
        "precision": event.date.precision, "n_sources": event.n_sources,
        "first_reported": _iso(event.first_reported), "last_reported": _iso(event.last_reported),
        "fields": [{"field": name, "values": values, "disagree": len(values) > 1} for name, values in sorted(fields.items())],
        "open_questions": [q.label for q in event.questions if not q.answered],
        "answered": [{"question": q.label, "answer": q.answer,
                      "by": (q.answered_by.source or q.answered_by.doc_id) if q.answered_by else None}
                     for q in event.questions if q.answered],
        "mentions": [{"event_id": m.event_id, "doc_id": m.doc_id, "source": m.source,
                      "published_at": _iso(m.published_at), "text": m.evidence.text if m.evidence else "",
                      "href": f"/ui/documents/{m.doc_id}#s{m.evidence.sentence_index}" if m.evidence else f"/ui/documents/{m.doc_id}"}
                     for m in event.mentions],
    }
