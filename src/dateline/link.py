"""Linking: event mentions from many reports -> canonical (real-world) events.

Two mentions are linked when a pure function of the pair and of their neighbourhoods says so
(same type, compatible mode and actors, overlapping date windows, no conflicting place, similar
evidence text), and canonical events are the connected components. Because no decision depends
on which mention came first, the result does not depend on ingest order; a new batch only
re-resolves the part of the store its mentions can reach (``link_batch``).

A mention whose date is imprecise (a month, "recently", or only the publication date) is
*weak*: it may not chain two differently dated events together. It takes the day of its
best-matching dated neighbours when that day is clearly best, else no day; a link needs both
ends on the same day (or both on none), so no path joins two days.

Time links with its precision: a day meets the same day only; a month, year or range meets
what it contains; a "since 2009" places nothing, and a background recall ("had tested", an
"unknown" date in a dated report) does not take its report's days, so neither links by time.
A mention in a report that dates nothing (no event date, no publication date) links only to
such mentions, and only when the reports' headlines and leads share a name, the sentences are
alike and state no different weekday, year or count ("23 pirates" / "26 pirates").

Two launches on one day stay apart when their reports name different weapon designations
("Hwasong-12", "KN-23"; the fields are listed under "distinguishing" in data/open_questions.json):
components are joined strongest link first, and never across two designations.

Asserted, reported and hedged mentions link ("reportedly fired" is evidence too); a canonical
event takes its strongest support's status and lists the others in ``hedges``. A canonical
event is named after its earliest-reported mention (``canonical_id_of``): ids, like the
grouping, do not depend on ingest order, and an event keeps its id as it gains later reports. Each report marks its main event (``main_event``: the one
its headline and lead state), which ``api.stories`` groups reports by.

Two reports' main events may differ in type (one leads with the shooting, another with the
arrest or the charge): they link when the types are of one PLOVER family (conflict or
cooperation), time, actors and place are compatible and the two reports name the same people
and places most (``_main_pair_score``). Two undated reports' main events of one type told in
unlike sentences link on the same evidence when their leads share two names; and two main
events of one type whose different actor codes one shared place name explains (Georgia the US
state coded GEO, Jamaica in Queens coded JAM) are not kept apart by their actors
(``_actor_codes_explained``). Identical mentions (one sentence repeated down a long report)
are scored once (``_interchangeable``).

What it does not do: split a day's launches that no report tells apart, link a report's other
events across types (a reaction stays apart from the happening), or link an undated report's
mention to a dated one.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from .records import (
    CanonicalEvent, Document, Event, EventDate, Evidence, FieldValue, OpenQuestion, Sentence, Support,
    content_hash,
)

# An undated mention happened on or before its report, usually within days. Calibrated on the
# scenario test's reports (tests/fixtures/launches); a wider window chains more launches.
UNDATED_LOOKBACK_DAYS = 3
# Mentions in reports with no date at all (no event date, no publication date) share this
# stand-in day: they meet each other in the date index and nothing dated (no report is dated
# this early), and ``pair_score`` holds their links to stricter evidence than time would give.
NO_TIME_DAY = date(1000, 1, 1)
# Two mentions with no time at all link only with evidence sentences this similar and a name in
# common between their reports' headline and lead. Chosen on the odd ECB+ dev topics
# (bench/linking_ecb.py), checked on the even ones; see BENCHMARKS.md.
NO_TIME_TEXT_SIMILARITY = 55.0
NO_TIME_SHARED_NAMES = 1
# ... or, for two main events, with unlike sentences when their reports are one story
# (``_same_story``) and their leads share this many names. Chosen on the odd ECB+ dev topics:
# with one name, two Chargers players' DUI arrests and two Brooklyn shootings merged.
NO_TIME_MAIN_LEAD_NAMES = 2
# Main events of different types of one family (conflict or cooperation) link when their
# reports' REPORT_NAMES most-named names share MAIN_SHARED_NAMES names and at least
# MAIN_NAME_OVERLAP of the shorter list. Calibrated together on the odd ECB+ dev topics
# (bench/linking_ecb.py), checked on the even ones; see BENCHMARKS.md. Do not tune one alone.
REPORT_NAMES = 12
MAIN_SHARED_NAMES = 3
MAIN_NAME_OVERLAP = 0.3
# Weak mentions need evidence text this similar (rapidfuzz token_set_ratio, 0-100).
WEAK_TEXT_SIMILARITY = 45.0
# A weak mention with dated neighbours on several days keeps the best day only by this margin.
WEAK_MARGIN = 10.0
# Hedged ("reportedly fired") and reported ("X said Y fired") mentions are evidence of the
# happening too: they link, and the canonical event's status is its strongest support's.
LINKED_STATUSES = ("asserted", "reported", "hedged")
UNKNOWN_REASON = "unknown per source"


@dataclass(frozen=True, slots=True)
class Mention:
    """The linker's view of one coded event mention in one report."""

    id: str
    doc_id: str
    type: str
    mode: str | None = None
    source: str | None = None
    published_at: date | None = None
    actors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    date: EventDate = field(default_factory=EventDate)
    place_country: str | None = None
    text: str = ""
    values: tuple[tuple[str, str, Evidence | None], ...] = ()
    unknown: tuple[str, ...] = ()
    evidence: Evidence | None = None
    status: str = "asserted"
    main: bool = False  # the report's main event (``main_event``)
    names: tuple[str, ...] = ()  # proper names of the report's headline and lead
    report_names: tuple[str, ...] = ()  # the report's most-named names (``report_names``)

    @property
    def dated(self) -> bool:
        return self.date.precision == "day" and self.date.start is not None

    @property
    def timeless(self) -> bool:
        """Current news in a report that dates nothing: no event date and no publication date."""
        return self.published_at is None and self.date.start is None and self.date.precision in ("unknown", "report")

    def window(self) -> tuple[date, date] | None:
        """The days the event can have happened on, or None when it must not link by time.

        A "since 2009" is a stretch of time, not a date: it never places one happening. A
        background recall ("unknown" with a report date) does not take the report's window.
        """
        d = self.date
        if d.precision == "day" and d.start:
            return d.start, d.start
        if d.precision in ("month", "range", "year") and d.start:
            return d.start, d.end or d.start
        if d.precision == "report" and d.start:
            return d.start, d.end or d.start
        if d.precision == "report" and self.published_at:
            # clamped: a publication date in the first days of year 1 has no earlier date to go back to
            start = self.published_at - min(timedelta(days=UNDATED_LOOKBACK_DAYS), self.published_at - date.min)
            return start, self.published_at
        if self.timeless:
            return NO_TIME_DAY, NO_TIME_DAY
        return None

    def support(self, evidence: Evidence | None = None) -> Support:
        return Support(self.id, self.doc_id, self.source, self.published_at, evidence or self.evidence)


def mention_to_json(m: Mention) -> str:
    """A compact JSON form for the store (decoding 100,000 of these must stay fast)."""
    d = m.date
    return json.dumps({
        "id": m.id, "doc_id": m.doc_id, "type": m.type, "mode": m.mode, "source": m.source,
        "published_at": _iso(m.published_at), "actors": m.actors, "recipients": m.recipients,
        "date": [d.precision, _iso(d.start), _iso(d.end), d.text], "place_country": m.place_country,
        "text": m.text, "values": [[n, v, _evidence_list(e)] for n, v, e in m.values],
        "unknown": m.unknown, "evidence": _evidence_list(m.evidence),
        "status": m.status, "main": m.main, "names": m.names, "report_names": m.report_names,
    }, ensure_ascii=False)


def mention_from_json(text: str) -> Mention:
    r = json.loads(text)
    precision, start, end, date_text = r["date"]
    return Mention(
        id=r["id"], doc_id=r["doc_id"], type=r["type"], mode=r["mode"], source=r["source"],
        published_at=_day(r["published_at"]), actors=tuple(r["actors"]),
        recipients=tuple(r["recipients"]),
        date=EventDate(precision, _day(start), _day(end), date_text),
        place_country=r["place_country"], text=r["text"],
        values=tuple((n, v, _evidence_of(e)) for n, v, e in r["values"]),
        unknown=tuple(r["unknown"]), evidence=_evidence_of(r["evidence"]),
        status=r.get("status", "asserted"), main=r.get("main", False), names=tuple(r.get("names", ())),
        report_names=tuple(r.get("report_names", ())),
    )


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _evidence_list(e: Evidence | None) -> list | None:
    return [e.doc_id, e.sentence_index, e.start_char, e.end_char, e.text] if e else None


def _evidence_of(values: list | None) -> Evidence | None:
    return Evidence(*values) if values else None


def canonical_to_json(e: CanonicalEvent) -> str:
    """JSON for the store, written by hand: ``records.to_dict`` is too slow for 100,000 events."""
    d = e.date
    return json.dumps({
        "id": e.id, "type": e.type, "mode": e.mode, "actors": e.actors, "recipients": e.recipients,
        "date": [d.precision, _iso(d.start), _iso(d.end), d.text],
        "mentions": [_support_list(s) for s in e.mentions],
        "first_reported": _iso(e.first_reported), "last_reported": _iso(e.last_reported),
        "n_sources": e.n_sources, "status": e.status, "hedges": [_support_list(s) for s in e.hedges],
        "fields": [[f.field, f.value, [_support_list(s) for s in f.support], f.n_sources, f.canonical] for f in e.fields],
        "questions": [[q.key, q.label, [_support_list(s) for s in q.asked_by], q.answer,
                       _support_list(q.answered_by) if q.answered_by else None] for q in e.questions],
    }, ensure_ascii=False)


def canonical_from_json(text: str) -> CanonicalEvent:
    r = json.loads(text)
    precision, start, end, date_text = r["date"]
    return CanonicalEvent(
        id=r["id"], type=r["type"], mode=r["mode"], actors=tuple(r["actors"]),
        recipients=tuple(r["recipients"]), date=EventDate(precision, _day(start), _day(end), date_text),
        mentions=tuple(_support_of(s) for s in r["mentions"]),
        first_reported=_day(r["first_reported"]), last_reported=_day(r["last_reported"]),
        n_sources=r["n_sources"], status=r.get("status", "asserted"),
        hedges=tuple(_support_of(s) for s in r.get("hedges", ())),
        fields=tuple(FieldValue(f, v, tuple(_support_of(s) for s in sup), n, c) for f, v, sup, n, c in r["fields"]),
        questions=tuple(
            OpenQuestion(k, label, tuple(_support_of(s) for s in asked), answer, _support_of(by) if by else None)
            for k, label, asked, answer, by in r["questions"]
        ),
    )


def _support_list(s: Support) -> list:
    return [s.event_id, s.doc_id, s.source, _iso(s.published_at), _evidence_list(s.evidence)]


def _support_of(values: list) -> Support:
    event_id, doc_id, source, published, evidence = values
    return Support(event_id, doc_id, source, _day(published), _evidence_of(evidence))


# -- mentions from coded events ------------------------------------------------------------------
def mention_of(
    event: Event, document: Document, sentence_text: str = "", *, main: bool = False, names: tuple[str, ...] = (),
    report_names: tuple[str, ...] = (),
) -> Mention:
    """The linker's view of one Event; ``sentence_text`` is the sentence it was coded from,
    ``main`` whether it is the report's main event (``main_event``), ``names`` the report's
    headline and lead names (``lead_names``), ``report_names`` its most-named names
    (``report_names``, kept for its main event only)."""
    trigger = Evidence(event.doc_id, event.sentence_index, event.trigger.start_char,
                       event.trigger.end_char, event.trigger.text)
    return Mention(
        id=event.id, doc_id=event.doc_id, type=event.type, mode=event.mode,
        source=document.source, published_at=document.published_at,
        actors=tuple(sorted({a.country for a in event.actors if a.country})),
        recipients=tuple(sorted({a.country for a in event.recipients if a.country})),
        # a place guessed from the report's countries (origin "report") is too weak to keep mentions apart
        date=event.date, place_country=event.place.country if event.place and event.place.origin != "report" else None,
        text=sentence_text or event.trigger.text, values=_values(event),
        unknown=tuple(sorted(k for k, why in event.missing.items() if why.startswith(UNKNOWN_REASON))),
        evidence=trigger, status=event.status, main=main, names=names,
        report_names=report_names if main else (),
    )


# The lead is the first line after the headline this long; shorter lines before it are
# datelines and bylines ("December 15th, 2008, 7: 35 am"). Flat text with no line breaks has
# its headline and lead in its first LEAD_SENTENCES sentences.
LEAD_MIN_WORDS = 12
LEAD_SENTENCES = 3


def lead_sentences(text: str, sentences: Sequence[Sentence]) -> set[int]:
    """Indices of the sentences of a report's headline and lead (``text`` is the clean text)."""
    position, end = 0, None
    for number, line in enumerate(text.split("\n")):
        if number > 0 and len(line.split()) >= LEAD_MIN_WORDS:
            end = position + len(line)
            break
        position += len(line) + 1
    ordered = sorted(sentences, key=lambda s: s.index)
    if end is None:
        return {s.index for s in ordered[:LEAD_SENTENCES]}
    return {s.index for s in ordered if s.start_char < end}


def main_event(events: Sequence[Event], lead: set[int]) -> Event | None:
    """A report's main event: of those stated in its headline or lead (sentence indices
    ``lead``), the one restated most often (a reaction is usually said once, the news many
    times), then the earliest; None when the lead states none (the report is then grouped by
    its text)."""
    def first(e: Event) -> int:
        return min([m.sentence_index for m in e.mentions] + [e.sentence_index])

    leading = [e for e in events if lead & ({m.sentence_index for m in e.mentions} | {e.sentence_index})]
    return min(leading, key=lambda e: (-max(len(e.mentions), 1), first(e), e.id), default=None)


# Capitalised words that name nothing: sentence openers and calendar words.
_NOT_NAMES = frozenset("""a an the this that these those it its he she they we i in on at of for to and but
or as by with from after before when while if monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december update report
breaking news photo video mr mrs ms dr""".split())
_NAME = re.compile(r"\b[A-Z][\w'-]*[a-z][\w'-]*\b")


def lead_names(sentences: Sequence[str]) -> tuple[str, ...]:
    """Proper names (capitalised words, not a sentence's first) of a report's headline and lead
    (``sentences``: their texts). In a Title Case headline every word is capitalised ("Police
    Arrest Allegedly Drunk Driver"): its words count only when the rest of the lead capitalises
    them too (all of them when the lead has nothing else)."""
    capitalised: set[str] = set()
    titles: set[str] = set()
    for text in sentences:
        named = set(_names_in(text))
        if _title_case(text):
            titles |= named
        else:
            capitalised |= named
    return tuple(sorted(capitalised or titles))


_WORD = re.compile(r"\b[A-Za-z][\w'-]*\b")
# short function words stay lower case in Title Case ("Killed in Queens Hit-And-Run")
_TITLE_MIN_CAPITALISED = 0.85


def _title_case(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) >= _TITLE_MIN_CAPITALISED


def report_names(sentences: Sequence[str]) -> tuple[str, ...]:
    """The REPORT_NAMES names (capitalised words, not a sentence's first; Title Case lines
    skipped) a report names most often, most frequent first, ties alphabetical: who and where
    the whole report is about, which its lead alone often does not say."""
    counts: Counter[str] = Counter()
    for text in sentences:
        if not _title_case(text):
            counts.update(_names_in(text))
    return tuple(name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:REPORT_NAMES])


def _names_in(text: str) -> list[str]:
    words = ((m.start(), m.group().lower().removesuffix("'s")) for m in _NAME.finditer(text))
    return [w for start, w in words if start > 0 and w not in _NOT_NAMES and len(w) > 2]


def _values(event: Event) -> tuple[tuple[str, str, Evidence | None], ...]:
    found: list[tuple[str, str, Evidence | None]] = []
    if event.date.start and event.date.precision in ("day", "month", "year", "range"):
        found.append(("date", _date_value(event.date), event.evidence.get("date")))
    if event.place is not None and event.place.origin != "report":  # a report-level guess is no report's claim
        name = event.place.name or event.place.span.text
        evidence = event.evidence.get("place") or Evidence.of(event.place.span, event.place.sentence_index or event.sentence_index)
        found.append(("place", name, evidence))
    details = detail_fields()
    for key, value in sorted(event.attributes.items()):
        if value and key in details:
            found.append((key, value, event.evidence.get(key)))
    return tuple(found)


def _date_value(d: EventDate) -> str:
    if d.precision == "day":
        return d.start.isoformat()
    if d.precision == "month":
        return d.start.isoformat()[:7]
    if d.precision == "year":
        return str(d.start.year)
    return f"{d.start.isoformat()}/{(d.end or d.start).isoformat()}"


# -- linking ------------------------------------------------------------------------------------
# Stored mentions come back as (mention id, canonical id, mention JSON) rows.
Fetch = Callable[[Sequence[tuple[str, str, date, date]]], list[tuple[str, str, str]]]
Members = Callable[[Sequence[str]], list[tuple[str, str, str]]]


@dataclass(slots=True)
class LinkResult:
    """What a batch changed: canonical events to write and the ids they replace."""

    events: list[CanonicalEvent]
    assignments: dict[str, str]  # mention id -> canonical id, for mentions whose event changed
    replaced: set[str]


def link_batch(new: Sequence[Mention], *, fetch: Fetch, members: Members) -> LinkResult:
    """Link new mentions against stored ones without re-resolving the whole store.

    ``fetch(windows)`` returns stored mentions whose type, actor and date window meet one of
    the (type, actor, start, end) windows (actor "*": none known, meets every actor); ``members(canonical_ids)`` returns all mentions of those
    canonical events. Only the new mentions' neighbours change their links, so the region
    re-resolved is their canonical events, grown while a link still reaches outside it.
    Canonical events whose members did not change are not rebuilt.
    """
    rows = _RowDecoder()
    known: dict[str, str] = {}
    region: dict[str, Mention] = {m.id: m for m in new}
    joining = {cid for m, cid in rows(fetch(_windows(new))) if m.id not in region}
    while True:
        for m, cid in rows(members(sorted(joining))):
            known[m.id] = cid
            region.setdefault(m.id, m)
        outside = {m.id: (m, cid) for m, cid in rows(fetch(_windows(region.values()))) if m.id not in region}
        # an undated neighbour's links depend on its own neighbours: fetch them so it is judged exactly
        undated = [m for m, _ in outside.values() if not m.dated]
        for m, cid in rows(fetch(_windows(undated))):
            if m.id not in region:
                outside.setdefault(m.id, (m, cid))
        edges = _edges(list(region.values()) + [m for m, _ in outside.values()])
        joining = {outside[b if a in region else a][1] for a, b in edges if (a in region) != (b in region)}
        if not joining:
            break
    groups = resolve(list(region.values()), edges=edges)
    before = Counter(known.values())
    ids = [canonical_id_of(g) for g in groups]
    changed = [(g, i) for g, i in zip(groups, ids) if not _unchanged(g, i, known, before)]
    events = [canonical_event(g, id_=i) for g, i in changed]
    assignments = {m.id: e.id for e, (g, _) in zip(events, changed) for m in g}
    replaced = {known[m.id] for g, _ in changed for m in g if m.id in known}
    return LinkResult(events, assignments, replaced)


def _unchanged(group: list[Mention], id_: str, known: dict[str, str], before: Counter) -> bool:
    ids = {known.get(m.id) for m in group}
    return ids == {id_} and before[id_] == len(group)


class _RowDecoder:
    """Decodes stored mention rows, each mention once per batch (JSON decoding dominates)."""

    def __init__(self) -> None:
        self.cache: dict[str, Mention] = {}

    def __call__(self, rows: list[tuple[str, str, str]]) -> list[tuple[Mention, str]]:
        found = []
        for mention_id, canonical_id, record in rows:
            m = self.cache.get(mention_id)
            if m is None:
                m = self.cache[mention_id] = mention_from_json(record)
            found.append((m, canonical_id))
        return found


def link_all(mentions: Sequence[Mention]) -> list[CanonicalEvent]:
    """Resolve a whole set of mentions at once (the reference ``link_batch`` must agree with)."""
    return [canonical_event(g) for g in resolve(list(mentions))]


def _windows(mentions: Iterable[Mention]) -> list[tuple[str, str, date, date]]:
    """Merged (type, actor, start, end) windows, so a batch makes one query; actor "*" is none known."""
    families = event_families()
    by_key: dict[tuple[str, str], list[tuple[date, date]]] = defaultdict(list)
    for m in mentions:
        w = m.window()
        if w:
            # a main event may also link to other main events of its family's types
            kin = [t for t, f in families.items() if f == families.get(m.type)] if m.main else []
            # ... and to main events of its type whatever their actors (``_actor_codes_explained``)
            for type_ in {m.type, *kin}:
                for actor in ("*",) if m.main and type_ == m.type else m.actors or ("*",):
                    by_key[(type_, actor)].append(w)
    merged: list[tuple[str, str, date, date]] = []
    for (type_, actor), spans in sorted(by_key.items()):
        spans.sort()
        start, end = spans[0]
        for s, e in spans[1:]:
            if (s - end).days <= 1:  # adjacent or overlapping (no end + 1 day: end may be date.max)
                end = max(end, e)
            else:
                merged.append((type_, actor, start, end))
                start, end = s, e
        merged.append((type_, actor, start, end))
    return merged


def resolve(mentions: list[Mention], *, edges: list[tuple[str, str]] | None = None) -> list[list[Mention]]:
    """Connected components of the link graph over ``mentions`` (sorted, deterministic).

    ``edges`` may come from a larger pool (where weak mentions looked for rival days).
    """
    wanted = {m.id for m in mentions}
    edges = [(a, b) for a, b in (_edges(mentions) if edges is None else edges) if a in wanted and b in wanted]
    by_id = {m.id: m for m in mentions}
    components = _components(sorted(by_id), edges, {i: _designations(m) for i, m in by_id.items()})
    return [[by_id[i] for i in component] for component in components]


def _edges(mentions: list[Mention]) -> list[tuple[str, str]]:
    """Active links, strongest first: compatible pairs, minus a weak mention's links to rival days."""
    candidates: dict[str, list[tuple[Mention, float]]] = defaultdict(list)
    pairs: list[tuple[Mention, Mention, float]] = []
    representatives, copies = _interchangeable(mentions)
    for a, b in _overlapping_pairs(representatives):
        score = pair_score(a, b)
        if score is None:
            continue
        pairs.append((a, b, score))
        candidates[a.id].append((b, score))
        candidates[b.id].append((a, score))
    # every mention's day: its own date, or for an undated one the single day it may join;
    # a link needs both ends on the same day (or both on none), so no chain joins two days
    day = {m.id: m.date.start if m.dated else _weak_day(candidates[m.id]) for m in representatives}
    for rep, same, score in copies:
        pairs += [(rep, m, score) for m in same]
        day.update((m.id, day[rep.id]) for m in same)
    scored = {(min(a.id, b.id), max(a.id, b.id)): score for a, b, score in pairs if day[a.id] == day[b.id]}
    # strongest links first: a mention that could join two rival events joins the closer one
    return sorted(scored, key=lambda pair: (-scored[pair], pair))


def _interchangeable(mentions: list[Mention]) -> tuple[list[Mention], list[tuple[Mention, list[Mention], float]]]:
    """Mentions the linker cannot tell apart (one sentence repeated down a long report), as one
    representative each, plus (representative, its copies, their link score): a copy links to
    what its representative links to, so only representatives are scored pair by pair, and a
    report of n repeated sentences costs n, not n squared."""
    same_text: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:  # a cheap first cut; the usual case: no sentence repeated
        same_text[(m.type, m.text)].append(m)
    if len(same_text) == len(mentions):
        return mentions, []
    alike: dict[tuple, list[Mention]] = defaultdict(list)
    for group in same_text.values():
        for m in group:
            alike[_link_key(m)].append(m)
    representatives, copies = [], []
    for group in alike.values():
        group.sort(key=lambda m: m.id)  # the representative: the smallest id
        score = pair_score(group[0], group[1]) if len(group) > 1 else None
        if score is None:  # alone, or copies that would not even link to each other
            representatives += group
        else:
            representatives.append(group[0])
            copies.append((group[0], group[1:], score))
    return representatives, copies


def _link_key(m: Mention) -> tuple:
    """Everything ``pair_score``, ``_weak_day`` and ``_components`` read of a mention."""
    return (m.type, m.mode, m.actors, m.place_country, m.date, m.published_at, m.text,
            m.names, m.main, m.report_names, tuple((name, value) for name, value, _ in m.values))


def _weak_day(neighbours: list[tuple[Mention, float]]) -> date | None:
    """The one day a weak mention may join: the best-matching dated neighbours' day, if clear."""
    best: dict[date, float] = {}
    for m, score in neighbours:
        if m.dated:
            best[m.date.start] = max(best.get(m.date.start, 0.0), score)
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < WEAK_MARGIN:
        return None
    return ranked[0][0]


def _overlapping_pairs(mentions: list[Mention]) -> Iterable[tuple[Mention, Mention]]:
    """Pairs that may link: same type (or two main events of one family), overlapping windows,
    and a shared actor or one without.

    Blocking by actor is only a shortcut (``pair_score`` checks actors again); it keeps the
    number of pairs proportional to the mentions of one actor, not of one type.
    """
    families = event_families()
    by_type: dict[str, list[tuple[date, date, Mention]]] = defaultdict(list)
    by_family: dict[str, list[tuple[date, date, Mention]]] = defaultdict(list)
    by_main: dict[str, list[tuple[date, date, Mention]]] = defaultdict(list)
    for m in mentions:
        w = m.window()
        if w:
            by_type[m.type].append((w[0], w[1], m))
            if m.main and m.type in families:
                by_family[families[m.type]].append((w[0], w[1], m))
            if m.main:
                by_main[m.type].append((w[0], w[1], m))
    seen: set[tuple[str, str]] = set()
    for spans in [*by_type.values(), *by_family.values()]:
        yield from _actor_blocks(spans, seen)
    # main events of one type may link whatever their coded actors (``_actor_codes_explained``):
    # one per report, so pairing them without actor blocks stays cheap
    for spans in by_main.values():
        yield from _sweep(spans, spans, seen)


def _actor_blocks(spans: list, seen: set[tuple[str, str]]) -> Iterable[tuple[Mention, Mention]]:
    by_actor: dict[str, list[tuple[date, date, Mention]]] = defaultdict(list)
    without_actor = []
    for span in spans:
        for actor in span[2].actors:
            by_actor[actor].append(span)
        if not span[2].actors:
            without_actor.append(span)
    for block in by_actor.values():
        yield from _sweep(block, block, seen)
    yield from _sweep(without_actor, spans, seen)


def _sweep(left: list, right: list, seen: set[tuple[str, str]]) -> Iterable[tuple[Mention, Mention]]:
    """Each (left, right) pair of distinct mentions whose windows overlap, once."""
    if not left or not right:
        return
    right = sorted(right, key=lambda s: (s[0], s[2].id))
    starts = [s[0] for s in right]
    longest = max(s[1] - s[0] for s in right)
    for start, end, a in left:
        i = bisect_left(starts, start - longest)
        while i < len(right) and right[i][0] <= end:
            _s, e2, b = right[i]
            i += 1
            if e2 < start or b.id == a.id:
                continue
            key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            if key not in seen:
                seen.add(key)
                yield a, b


# A model designation: a family name and its number ("Hwasong-12", "KN 23", "DF-41A").
_DESIGNATION = re.compile(r"\b([a-z]+)[\s-]?(\d+[a-z]?)\b")


def _designations(m: Mention) -> frozenset[str]:
    """The weapon designations a mention names, as "hwasong12": a model number names one
    missile; a class ("a ballistic missile") names none and conflicts with nothing."""
    fields = _for_type(distinguishing_fields(), m.type, m.mode)
    return frozenset(
        family + number for name, value, _ in m.values if name in fields
        for family, number in _DESIGNATION.findall(value.lower())
    )


def pair_score(a: Mention, b: Mention) -> float | None:
    """How alike two mentions' evidence is (0-100), or None when they cannot be one event."""
    if a.type != b.type:
        return _main_pair_score(a, b)
    if a.mode and b.mode and a.mode != b.mode:
        return None
    if not _compatible(a, b) and not (a.main and b.main and _compatible(a, b, actors=False)
                                       and _actor_codes_explained(a, b)):
        return None
    score = fuzz.token_set_ratio(a.text.lower(), b.text.lower())
    if a.timeless or b.timeless:
        # time cannot tell two such happenings apart: the reports must name someone in common,
        # and no weekday, year or count the sentences state may differ
        shared = len(set(a.names) & set(b.names))
        if not (shared >= NO_TIME_SHARED_NAMES and score >= NO_TIME_TEXT_SIMILARITY):
            # two reports' main events told in unlike sentences ("was booked into county jail",
            # "was arrested on suspicion of drunken driving"): the reports must be about the
            # same people and places, and their leads name more than one of them
            if not (shared >= NO_TIME_MAIN_LEAD_NAMES and _same_story(a, b)):
                return None
            score = WEAK_TEXT_SIMILARITY
        return None if _stated_details_conflict(a.text, b.text) else score
    if a.dated and b.dated:
        return max(score, WEAK_TEXT_SIMILARITY)
    return score if score >= WEAK_TEXT_SIMILARITY else None


def _compatible(a: Mention, b: Mention, *, actors: bool = True) -> bool:
    """Actors (unless ``actors`` is False), places and time windows that let two mentions be one happening."""
    if actors and a.actors and b.actors and not set(a.actors) & set(b.actors):
        return False
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    wa, wb = a.window(), b.window()
    return not (wa is None or wb is None or wa[0] > wb[1] or wb[0] > wa[1])


def _main_pair_score(a: Mention, b: Mention) -> float | None:
    """Two reports' main events of different types are one happening told from two angles
    (one leads with the shooting, another with the arrest or the charge; "reverses a rule" is
    coded as a rejection in one report and as support in another) when the types are of one
    family (``event_families``), time, actors and place are compatible, the two reports name
    the same people and places most (``report_names``) and the sentences state no different
    weekday, year or count. Only main events: a report's other events are often reactions or
    background, which keep their own records."""
    family = event_families()
    if not (a.main and b.main) or family.get(a.type) is None or family.get(a.type) != family.get(b.type):
        return None
    if not _same_story(a, b) or not _compatible(a, b):
        return None
    if _stated_details_conflict(a.text, b.text):
        return None
    # the weakest link that counts: the pair's same-type links are preferred
    return WEAK_TEXT_SIMILARITY


def _same_story(a: Mention, b: Mention) -> bool:
    """Two reports' main events whose reports name the same people and places most
    (``report_names``: MAIN_SHARED_NAMES in common, MAIN_NAME_OVERLAP of the shorter list)."""
    if not (a.main and b.main):
        return False
    shared = len(set(a.report_names) & set(b.report_names))
    shorter = min(len(a.report_names), len(b.report_names))
    return shared >= MAIN_SHARED_NAMES and shared >= MAIN_NAME_OVERLAP * shorter


def _actor_codes_explained(a: Mention, b: Mention) -> bool:
    """Two main events of one story (``_same_story``) whose different actor codes come from one
    place name both reports use: a name that is one code's country and a place in the other's
    (Georgia the US state coded GEO against USA; Jamaica, Queens, coded JAM). Two countries
    that only share a story ("North Korea fired", "South Korea fired") stay apart."""
    if not (a.actors and b.actors) or set(a.actors) & set(b.actors) or not _same_story(a, b):
        return False
    from . import gazetteer  # loaded only for such pairs (rare): the gazetteer takes ~1 s

    places = gazetteer.load()
    for name in set(a.report_names) & set(b.report_names):
        entries = places.candidates(name)
        countries = {e.country for e in entries if e.feature_code.startswith("PCL")}
        inside = {e.country for e in entries if not e.feature_code.startswith("PCL") and _prominent(e)}
        for codes, others in ((a.actors, b.actors), (b.actors, a.actors)):
            if countries & set(codes) and inside & set(others):
                return True
    return False


# A namesake place explains a country code only when it is as well known as a state or a big
# city district (Georgia, Jamaica in Queens, 217,000 people); small towns named Lebanon, Jordan
# or Palestine do not: a report on Lebanon coded LBN is about the country.
NAMESAKE_MIN_POPULATION = 100_000


def _prominent(entry) -> bool:
    return entry.feature_code == "ADM1" or entry.population >= NAMESAKE_MIN_POPULATION


@lru_cache(maxsize=1)
def event_families() -> dict[str, str]:
    """Event type -> "conflict" or "cooperation", by the sign of the type's score in the PLOVER
    manual's conflict-cooperation scale (data/plover_scores.tsv); a type scored 0 (REQUEST) is
    in neither family. Acts of one sign can be one happening's different sides (an attack, the
    arrest, the charge; a rule revoked, protections restored); a cooperation and a conflict are
    never one happening."""
    text = resources.files("dateline.data").joinpath("plover_scores.tsv").read_text(encoding="utf-8")
    families = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1] == "-" and float(parts[2]) != 0:  # a type's own score
            families[parts[0]] = "conflict" if float(parts[2]) < 0 else "cooperation"
    return families


_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# "23 pirates", "26 Somali pirates": a count of something (measurements with units are left
# out: reports disagree on a distance without meaning another event)
_COUNT = re.compile(r"\b(\d[\d,]*)\s+(?:[a-z]+\s+)?([a-z]{3,}s)\b")


def _stated_details_conflict(text_a: str, text_b: str) -> bool:
    """True when two sentences state different weekdays, different years, or different counts
    of one thing: what tells apart two same-kind happenings when no date is resolved."""
    a, b = text_a.lower(), text_b.lower()
    for pattern in (_WEEKDAY, _YEAR):
        found_a, found_b = set(pattern.findall(a)), set(pattern.findall(b))
        if found_a and found_b and not found_a & found_b:
            return True
    counts_a = {noun: n for n, noun in _COUNT.findall(a)}
    counts_b = {noun: n for n, noun in _COUNT.findall(b)}
    return any(counts_a[noun] != counts_b[noun] for noun in counts_a.keys() & counts_b.keys())


def _components(
    ids: list[str], edges: Iterable[tuple[str, str]], designations: dict[str, frozenset[str]],
) -> list[list[str]]:
    """Components joined edge by edge in the given order, except that two parts naming only
    different weapon designations stay apart (two launches of one day)."""
    parent = {i: i for i in ids}
    named = {i: d for i, d in designations.items() if d}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        da, db = named.get(ra, frozenset()), named.get(rb, frozenset())
        if da and db and not da & db:
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        if da or db:
            named[keep] = da | db
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[root(i)].append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


# -- canonical events ---------------------------------------------------------------------------
def canonical_event(mentions: Sequence[Mention], *, id_: str | None = None) -> CanonicalEvent:
    """Merge one component's mentions: per-field values with support, questions, reporting span,
    and the status of the strongest support (hedged mentions listed in ``hedges``)."""
    ordered = sorted(mentions, key=_report_order)
    status = min((m.status for m in ordered), key=_STATUS_STRENGTH.index, default="asserted")
    fields = _field_values(ordered)
    # reports of one happening may lead with different acts of one family: the type most
    # mentions carry, then the earliest reported
    types = Counter(m.type for m in ordered)
    type_ = min(ordered, key=lambda m: -types[m.type]).type
    mode = _most_supported([m.mode for m in ordered if m.mode and m.type == type_])
    published = [m.published_at for m in ordered if m.published_at]
    return CanonicalEvent(
        id=id_ or canonical_id_of(ordered),
        type=type_, mode=mode, status=status,
        hedges=tuple(m.support() for m in ordered if m.status != "asserted"),
        actors=_supported_codes(m.actors for m in ordered),
        recipients=_supported_codes(m.recipients for m in ordered),
        date=_canonical_date(ordered, fields),
        mentions=tuple(m.support() for m in ordered),
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        n_sources=len({_source_key(m) for m in ordered}),
        fields=fields,
        questions=_questions(type_, mode, ordered, fields),
    )


# Strongest support first: a source saying it happened, a source reporting another's claim, a hedge.
_STATUS_STRENGTH = ("asserted", "reported", "hedged")


def canonical_id_of(mentions: Iterable[Mention]) -> str:
    """A canonical event is named after its earliest-reported mention (publication day, then
    mention id): a function of its members alone, so any ingest order gives the same id, and
    the id survives while the event gains later reports."""
    return content_hash("canonical", min(mentions, key=_report_order).id)


def _report_order(m: Mention) -> tuple:
    return (m.published_at or date.max, m.id)


def _source_key(m: Mention) -> str:
    return (m.source or f"doc:{m.doc_id}").lower()


def _most_supported(values: list[str]) -> str | None:
    if not values:
        return None
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], v))[0]


def _supported_codes(code_lists: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(sorted({c for codes in code_lists for c in codes}))


def _field_values(ordered: list[Mention]) -> tuple[FieldValue, ...]:
    grouped: dict[tuple[str, str], list[tuple[Mention, Evidence | None, str]]] = defaultdict(list)
    for m in ordered:
        for name, value, evidence in m.values:
            grouped[(name, normal_value(value))].append((m, evidence, value))
    by_field: dict[str, list[FieldValue]] = defaultdict(list)
    for (name, _key), backing in grouped.items():
        shown = Counter(v for _, _, v in backing)
        value = sorted(shown, key=lambda v: (-shown[v], len(v), v))[0]  # the tersest common spelling
        by_field[name].append(FieldValue(
            field=name, value=value,
            support=tuple(m.support(ev) for m, ev, _ in backing),
            n_sources=len({_source_key(m) for m, _, _ in backing}),
        ))
    result: list[FieldValue] = []
    for name in sorted(by_field):
        ranked = sorted(by_field[name], key=_strength)
        result.append(_as_canonical(ranked[0]))
        result.extend(ranked[1:])
    return tuple(result)


def _strength(v: FieldValue) -> tuple:
    """Best-supported first: most sources, then most mentions, then reported earliest."""
    first = min((s.published_at or date.max for s in v.support), default=date.max)
    return (-v.n_sources, -len(v.support), first, v.value)


def _as_canonical(v: FieldValue) -> FieldValue:
    return FieldValue(v.field, v.value, v.support, v.n_sources, True)


def normal_value(value: str) -> str:
    """Comparison key for a value: case, spacing and thousands separators do not matter."""
    text = re.sub(r"(?<=\d)[,\s](?=\d{3}\b)", "", value.lower())
    text = re.sub(r"\bkilometres?\b|\bkilometers?\b", "km", text)
    return " ".join(re.sub(r"[^\w\s./-]", " ", text).split())


def _canonical_date(ordered: list[Mention], fields: tuple[FieldValue, ...]) -> EventDate:
    best = next((f for f in fields if f.field == "date" and f.canonical), None)
    if best is not None:
        backing = {s.event_id for s in best.support}
        return next(m.date for m in ordered if m.id in backing)
    return next((m.date for m in ordered if m.date.start), EventDate())


# -- open questions -----------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _open_questions() -> dict:
    """data/open_questions.json, read once."""
    text = resources.files("dateline.data").joinpath("open_questions.json").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def question_lists() -> dict[str, tuple[dict, ...]]:
    """Question lists by "TYPE/mode" or "TYPE", from data/open_questions.json."""
    return {k: tuple(v) for k, v in _open_questions()["questions"].items()}


@lru_cache(maxsize=1)
def detail_fields() -> frozenset[str]:
    """Event.attributes keys the linker merges: every field some question list names."""
    return frozenset(f for qs in question_lists().values() for q in qs for f in q["fields"])


@lru_cache(maxsize=1)
def distinguishing_fields() -> dict[str, frozenset[str]]:
    """Fields whose different named values make two same-day mentions two events, by "TYPE/mode"."""
    return {k: frozenset(v) for k, v in _open_questions().get("distinguishing", {}).items() if not k.startswith("_")}


def questions_for(type_: str, mode: str | None) -> tuple[dict, ...]:
    return _for_type(question_lists(), type_, mode)


def _for_type(table: dict, type_: str, mode: str | None):
    """The entry of an open_questions.json table for "TYPE/mode", else for "TYPE", else ()."""
    return table.get(f"{type_}/{mode}", ()) or table.get(type_, ())


def _questions(type_: str, mode: str | None, ordered: list[Mention], fields: tuple[FieldValue, ...]) -> tuple[OpenQuestion, ...]:
    found = []
    for q in questions_for(type_, mode):
        names = set(q["fields"])
        asked = tuple(m.support() for m in ordered if names & set(m.unknown))
        if not asked:
            continue
        answer = next((f for f in fields if f.field in names and f.canonical), None)
        answered_by = min(answer.support, key=lambda s: (s.published_at or date.max, s.event_id)) if answer else None
        found.append(OpenQuestion(q["key"], q["label"], asked, answer.value if answer else None, answered_by))
    return tuple(found)
