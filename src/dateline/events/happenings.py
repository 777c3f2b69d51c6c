"""One record per happening per report: the headline, the lead and later restatements of one
happening become one Event whose ``mentions`` hold every sentence that states it.

Two events of a report are one happening when type, status and actor countries agree and the
recipients agree or one is unnamed, and they are close: in the same sentence or within two, one
of them in the lead (the sentences holding the title or summary). A verbal act is also one
with a same act of an actor of the same country and sector anywhere in the report when one
statement repeats the other's content words (``restates``: "He attacked Tory plans to process
asylum claims abroad" ... "The prime minister ridiculed the Tory plans for ... processing all
asylum claims overseas"), unless their own sentences date them differently; when one of the two
actors was read from another sentence (a pronoun resolved to an earlier name), the sector need
not agree: it is the antecedent's guess. Background events keep their
own records: a different date keeps them apart, and so does a run of events ("since
September") beside one of them. (Merging a definite event noun far below the lead, "North
Korea's launch of the missile", with the lead's event was tried: it lowered both folds.)
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..records import Analysis, Event, Evidence

LEAD_REACH = 4  # sentences below the lead in which a same act restates it
# Share of the shorter statement's content words the other repeats for two same-party acts far
# apart to be one happening. Chosen on the training reports' event pairs (at 0.2, 19 of 45 joins
# joined two real events, e.g. the accusations of one debate; at 0.3, 7 of 20) and fold a, read
# on fold b (BENCHMARKS.md).
RESTATES = 0.3
# Acts done by saying (the manual's verbal categories). A speech or interview is quoted across a
# report; far-apart physical acts of one country are more often a list of separate occasions
# ("In February, a gunman killed five ... In early March, a gunman shot three": fold a lost three
# matches when they were joined).
VERBAL_ACTS = frozenset({"AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
_WORD = re.compile(r"[^\W\d_]{4,}")


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
    return sorted(join_restatements(kept), key=lambda e: (e.sentence_index, e.trigger.start_char))


def join_restatements(happenings: list[Event]) -> list[Event]:
    """Verbal acts of the same parties far apart joined when one restates the other (``restates``);
    after the local merges, so that each side carries the date its own sentences give."""
    kept: list[Event] = []
    by_key: dict[tuple, list[int]] = {}
    for event in sorted(happenings, key=lambda e: e.sentence_index):
        if event.type not in VERBAL_ACTS:
            kept.append(event)
            continue
        group = by_key.setdefault((event.type, event.status, _codes(event.actors)), [])
        target = next((p for p in group if _same_parties(kept[p], event) and restates(kept[p], event)
                       and (_same_sector(kept[p], event) or _actor_read_elsewhere(kept[p])
                            or _actor_read_elsewhere(event))), None)
        if target is None:
            group.append(len(kept))
            kept.append(event)
        else:
            kept[target] = combine(kept[target], event)
    return kept


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


def _same_sector(a: Event, b: Event) -> bool:
    """An actor of both in the same country and sector: a Lib Dem's criticism and a minister's are
    two statements even when they share their words."""
    return bool({(x.country, x.sector) for x in a.actors} & {(x.country, x.sector) for x in b.actors})


def _actor_read_elsewhere(event: Event) -> bool:
    """The actor was named outside the event's own sentence ("And he branded ..." resolved to an
    earlier name): its sector is the antecedent's guess, so it does not tell two speakers apart."""
    span = event.actors[0].span if event.actors else None
    own = next((m for m in event.mentions if m.sentence_index == event.sentence_index), None)
    return span is not None and own is not None and not own.start_char <= span.start_char < own.end_char


def _dated(event: Event) -> tuple | None:
    """The date the event's own text gives, None when it gives none (the report window)."""
    if event.date.precision in ("report", "unknown") or not event.date.start:
        return None
    return (event.date.start, event.date.end)


def content_words(event: Event) -> frozenset[str]:
    """The words of every sentence stating ``event`` less spaCy's English stop words."""
    return frozenset().union(*(_content_words(m.text) for m in event.mentions))


@lru_cache(maxsize=4096)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOP_WORDS)


def restates(a: Event, b: Event) -> bool:
    """One statement repeats the other's content: a report that comes back to its news names the
    same people, places and objects again; another act of the same parties is about something else."""
    if _dated(a) != _dated(b):
        return False  # "offers talks" (undated) and "yesterday ... open to meeting" (its own day): two
    wa, wb = content_words(a), content_words(b)
    shorter = min(len(wa), len(wb))
    return shorter > 0 and len(wa & wb) >= RESTATES * shorter


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
