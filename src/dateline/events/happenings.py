"""One record per happening per report: the headline, the lead and later restatements of one
happening become one Event whose ``mentions`` hold every sentence that states it.

Two events of a report are one happening when type, status and actor countries agree and the
recipients agree or one is unnamed, and they are close: in the same sentence or within two, one
of them in the lead (the sentences holding the title or summary). Background events keep their
own records: a different date keeps them apart, and so does a run of events ("since
September") beside one of them. (Merging a definite event noun far below the lead, "North
Korea's launch of the missile", with the lead's event was tried: it lowered both folds.)
"""
from __future__ import annotations

from dataclasses import replace

from ..records import Analysis, Event, Evidence

LEAD_REACH = 4  # sentences below the lead in which a same act restates it


def merge(events: list[Event], analysis: Analysis) -> list[Event]:
    lead = lead_sentences(analysis)
    kept: list[Event] = []
    # kept positions by party key (what same_happening requires equal) and sentence, so that an
    # event far below the lead is compared with its neighbours only, not with every kept event
    by_key: dict[tuple, dict[int, list[int]]] = {}
    reach = max(lead, default=-1) + LEAD_REACH
    # body sentences first: their triggers and arguments are fuller than a headline's ("fires")
    for event in sorted(events, key=lambda e: (e.sentence_index in lead, e.sentence_index)):
        event = with_own_mention(event, analysis)
        sentences = by_key.setdefault((event.type, event.status, _codes(event.actors)), {})
        if event.sentence_index in lead or event.sentence_index <= reach:  # it may restate the lead
            candidates = sorted(p for group in sentences.values() for p in group)
        else:
            candidates = sorted(p for i in range(event.sentence_index - 2, event.sentence_index + 3)
                                for p in sentences.get(i, ()))
        target = next((p for p in candidates if same_happening(kept[p], event, lead)), None)
        if target is None:
            sentences.setdefault(event.sentence_index, []).append(len(kept))
            kept.append(event)
        else:
            kept[target] = combine(kept[target], event)
    return sorted(kept, key=lambda e: (e.sentence_index, e.trigger.start_char))


def lead_sentences(analysis: Analysis) -> set[int]:
    heads = [t.strip()[:40] for t in (analysis.document.title, analysis.document.summary) if t and t.strip()]
    return {s.index for s in analysis.sentences if any(h in s.text for h in heads)}


def with_own_mention(event: Event, analysis: Analysis) -> Event:
    if event.mentions:
        return event
    sentence = next((s for s in analysis.sentences if s.index == event.sentence_index), None)
    if sentence is None:
        return event
    mention = Evidence(event.doc_id, sentence.index, sentence.start_char, sentence.end_char, sentence.text)
    return replace(event, mentions=(mention,))


def _codes(actors) -> frozenset[str]:
    return frozenset(a.country for a in actors if a.country)


def _dates_differ(a: Event, b: Event) -> bool:
    da, db = a.date, b.date
    if (da.precision == "since") != (db.precision == "since"):
        return True  # a run of events "since September" is not one of them
    if not (da.start and db.start) or "report" in (da.precision, db.precision):
        return False
    return (da.end or da.start) < db.start or (db.end or db.start) < da.start


def _same_parties(a: Event, b: Event) -> bool:
    if a.type != b.type or a.status != b.status or _codes(a.actors) != _codes(b.actors) or _dates_differ(a, b):
        return False
    ra, rb = _codes(a.recipients), _codes(b.recipients)
    return not (ra and rb and ra != rb)


def same_happening(a: Event, b: Event, lead: set[int]) -> bool:
    if not _same_parties(a, b):
        return False
    ra, rb = _codes(a.recipients), _codes(b.recipients)
    near = abs(a.sentence_index - b.sentence_index) <= 2 and (not ra or not rb or a.sentence_index == b.sentence_index)
    return near or _restates_lead(a, b, lead) or _restates_lead(b, a, lead)


def _restates_lead(a: Event, b: Event, lead: set[int]) -> bool:
    """``a`` is in the headline or lead and ``b`` close below it: the story's opening paragraphs
    restate its news; the same kind of act further down is more often another occasion."""
    return a.sentence_index in lead and b.sentence_index <= max(lead) + LEAD_REACH


def combine(kept: Event, other: Event) -> Event:
    """``kept`` with ``other``'s sentence as a further mention and the fields it lacks."""
    evidence = dict(other.evidence) | dict(kept.evidence)
    changes = {}
    if kept.place is None and other.place is not None:
        changes["place"] = other.place
        evidence["place"] = other.evidence["place"]
    if not kept.recipients and other.recipients:
        changes["recipients"] = other.recipients
        evidence["recipients"] = other.evidence["recipients"]
    if _better_date(kept, other):
        changes["date"] = other.date
        if "date" in other.evidence:
            evidence["date"] = other.evidence["date"]
    missing = {k: v for k, v in kept.missing.items() if k not in evidence}
    mentions = kept.mentions + tuple(m for m in other.mentions if m.sentence_index not in
                                     {k.sentence_index for k in kept.mentions})
    return replace(kept, evidence=evidence, missing=missing, mentions=mentions,
                   confidence=min(1.0, round(kept.confidence + 0.05, 2)), **changes)


def _better_date(kept: Event, other: Event) -> bool:
    """The other mention's date is more precise: a day beats a range, a stated date the report window."""
    rank = {"unknown": 0, "report": 1, "since": 2, "range": 2, "year": 2, "month": 3, "day": 4}
    return rank.get(other.date.precision, 2) > rank.get(kept.date.precision, 2)
