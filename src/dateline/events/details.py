"""Launch details: the fields follow-up reports fill in (or say are unknown) for a weapons launch.

``add_launch_details(doc, analysis, events)`` runs after the coder. It (1) codes launch phrasings
the verb lexicon does not reach as MOBILIZE/weapons events ("the missile North Korea launched on
Tuesday", "a North Korean missile flew over Japan", "North Korea's launch of a missile"), and
(2) gives every MOBILIZE/weapons event the details its report states: ``attributes[field]`` with
``evidence[field]`` (missile type, range, apogee, landing place), or ``missing[field] = "unknown
per source: ..."`` when the report says the field is not known ("did not immediately say what
kind of ballistic missile was fired or how far it flew"). Field names are those of
``data/open_questions.json``, which the cross-report linker reads.

A detail belongs to the launch coded in its own sentence, else to the nearest launch coded in an
earlier sentence of the same report. Phrases and names are data (``data/launch_details.json``).
What it does not do: read numbers without a unit, tell two launches apart inside one sentence,
or take a landing place from "fired into the sea" (where it was aimed is not where it landed).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..records import Actor, Analysis, Event, Evidence, TextSpan
from . import dates, lexicon
from .actors import document_actors
from .modality import modality
from .places import place_of_event

LAUNCH_TYPE, LAUNCH_MODE, LAUNCH_CAMEO = "MOBILIZE", "weapons", "150"
UNKNOWN = "unknown per source"
PATTERN = "curated: PLOVER manual 3.14 (weapons launch or test); details.py launch phrasing"
# Named designations say what the weapon is; a class ("an ICBM") is weaker and yields to a
# report's own statement that the type is unknown.
_CLASS = "class"


@dataclass(frozen=True, slots=True)
class Detail:
    field: str
    value: str
    start: int  # character offsets into the document text
    end: int
    strength: str = "named"


@lru_cache(maxsize=1)
def phrases() -> dict:
    text = resources.files("dateline.data").joinpath("launch_details.json").read_text(encoding="utf-8")
    return json.loads(text)


def _alternatives(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    p = phrases()
    approx = rf"(?:(?:{_alternatives(p['approximators'])})\s+)?"
    amount = rf"(\d[\d,.]*\s*(?:{_alternatives(p['units'])}))\b"
    stop = r"(?=\s*(?:[,.;:]|$|\s(?:on|before|after|and|about|as|at|when|while|according|some|roughly|around)\b))"
    return {
        "designation": re.compile(rf"\b({_alternatives(_families())})-?\s?\d+[A-Za-z]?\b"),
        "class": re.compile(rf"\b(?:{_alternatives(p['weapon_classes'])})\b", re.IGNORECASE),
        "range": re.compile(rf"\b(?:{_alternatives(p['range_cues'])})\s+{approx}{amount}", re.IGNORECASE),
        "apogee": re.compile(rf"\b(?:{_alternatives(p['apogee_cues'])})\s+{approx}{amount}", re.IGNORECASE),
        "landing_place": re.compile(
            rf"\b(?:{_alternatives(p['landing_cues'])})\s+(?:{_alternatives(p['landing_preps'])})\s+"
            rf"((?:the\s+)?[^,.;:]+?){stop}", re.IGNORECASE),
        "not_known": re.compile(rf"(?<![\w'])(?:{_alternatives(p['not_known_cues'])})(?![\w'])", re.IGNORECASE),
    }


def _families() -> list[str]:
    return [name for name in phrases()["designations"] if not name.startswith("_")]


# --- details in one sentence ------------------------------------------------------------------
def stated_details(text: str, offset: int = 0) -> list[Detail]:
    """Missile type, range, apogee and landing place stated in ``text`` (one sentence)."""
    pats = _patterns()
    found: list[Detail] = []
    named = pats["designation"].search(text)
    weapon = named or pats["class"].search(text)
    if weapon is not None:
        found.append(Detail("weapon", weapon.group(0), offset + weapon.start(), offset + weapon.end(),
                            "named" if named else _CLASS))
    for name in ("range", "apogee", "landing_place"):
        m = pats[name].search(text)
        if m is not None:
            found.append(Detail(name, m.group(1), offset + m.start(1), offset + m.end(1)))
    return found


def unknown_fields(text: str) -> dict[str, str]:
    """Fields ``text`` says are not known, each with the clause that says so."""
    questions = phrases()["unknown_questions"]
    found: dict[str, str] = {}
    for cue in _patterns()["not_known"].finditer(text):
        clause = text[cue.start():]
        lowered = clause.lower()
        for field_name, asked in questions.items():
            hit = min((i for i in (lowered.find(q) for q in asked) if i >= 0), default=-1)
            if hit >= 0 and field_name not in found:
                found[field_name] = f"{UNKNOWN}: {clause.strip().rstrip('.')!r}"
    return found


# --- launch events the lexicon does not reach -----------------------------------------------------
def _is_weapon(token: Token) -> bool:
    p = phrases()
    return (token.lemma_.lower() in p["weapon_nouns"] or token.lower_ in p["weapon_nouns"]
            or bool(_patterns()["designation"].fullmatch(token.text))) and token.dep_ != "compound"


def _launch_trigger(sent: Span) -> tuple[Token, Token | None] | None:
    """The first launch word of the sentence and the phrase naming who launched, if any."""
    p = phrases()
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and lemma in p["launch_verbs"]:
            weapons = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "nsubj") and _is_weapon(c)]
            if token.dep_ in ("relcl", "acl") and _is_weapon(token.head):
                weapons.append(token.head)
            if weapons:
                subject = next((c for c in token.children if c.dep_ == "nsubj" and c not in weapons), None)
                return token, subject or _launcher_of_weapon(weapons[0])
        if token.pos_ == "VERB" and lemma in p["flight_verbs"]:
            subject = _child(token, ("nsubj",)) or _stranded_subject(token)
            if subject is not None and _is_weapon(subject):
                return token, _launcher_of_weapon(subject)
        if token.pos_ == "NOUN" and lemma in p["launch_nouns"] and token.dep_ != "compound":
            owner = _child(token, ("poss",))
            if owner is not None and owner.ent_type_ in ("DATE", "TIME"):
                owner = None  # "Friday's launch"
            of_weapon = any(_is_weapon(o) for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                            for o in c.children if o.dep_ == "pobj")
            if owner is not None and (of_weapon or lemma == "launch"):
                return token, owner
            if owner is None and lemma == "launch" and _operator(sent) is not None:
                return token, None
    return None


def _child(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _stranded_subject(verb: Token) -> Token | None:
    """A subject the parser attached elsewhere: "... as a North Korean missile passed over" (missile
    parsed as the object of "as"): the weapon noun right before a subjectless verb."""
    before = verb.doc[max(verb.sent.start, verb.i - 2):verb.i]
    return next((t for t in reversed(before) if _is_weapon(t) and t.dep_ == "pobj"), None)


def _launcher_of_weapon(weapon: Token) -> Token | None:
    """Who launched a weapon: "the missile North Korea launched", "a North Korean missile"."""
    for c in weapon.children:
        if c.dep_ in ("relcl", "acl") and c.lemma_.lower() in phrases()["launch_verbs"]:
            subject = _child(c, ("nsubj",))
            if subject is not None:
                return subject
    return next((c for c in weapon.children if c.dep_ in ("amod", "compound", "poss", "nmod", "appos")
                 and c.ent_type_ in ("NORP", "GPE", "ORG")), None)


def _abstains(trigger: Token, sent: Span) -> bool:
    """Under a negated report only when it follows the report: in "North Korea fired a missile,
    but the military did not say how far it flew", the parser may hang "fired" under "say"."""
    if not modality(trigger).abstain:
        return False
    cue = _patterns()["not_known"].search(sent.text)
    return cue is None or trigger.idx - sent.start_char > cue.start()


def _span_of(token: Token) -> Span:
    tokens = [t for t in token.subtree if t.dep_ not in ("case", "punct") or t.i == token.i]
    if token.dep_ in ("amod", "compound", "nmod") and token.ent_type_:
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        if ent is not None:
            return ent
    return token.doc[min(t.i for t in tokens):max(t.i for t in tokens) + 1]


def _operator(sent: Span) -> tuple[str, re.Match] | None:
    """The one country fielding the missile family the sentence names ("a Hwasong-17": PRK)."""
    named = _patterns()["designation"].search(sent.text)
    country = phrases()["designations"].get(named.group(1)) if named else None
    return (country, named) if country else None


def _launchers(doc: Doc, doc_id: str, published, launcher: Token | None, sent: Span) -> list[Actor]:
    """Who launched: the phrase naming them, else the only country fielding the named missile."""
    if launcher is not None:
        actors = [a for a in document_actors(doc, doc_id, published).resolve(_span_of(launcher), on=published)
                  if a.country]
        return [a if a.span else replace(a, span=_text_span(doc_id, launcher)) for a in actors]
    found = _operator(sent)
    if found is None:
        return []
    country, named = found
    start = sent.start_char + named.start()
    span = TextSpan(doc_id, start, start + len(named.group(0)), named.group(0))
    return [Actor(country=country, sector="MIL", span=span, source="launch_details.json designations")]


def _text_span(doc_id: str, span: Span | Token) -> TextSpan:
    start = span.idx if isinstance(span, Token) else span.start_char
    return TextSpan(doc_id, start, start + len(span.text), span.text)


def launch_event(doc: Doc, analysis: Analysis, index: int, sent: Span) -> Event | None:
    """A MOBILIZE/weapons event for a launch phrasing in ``sent``, or None (no launch, no actor, not asserted)."""
    found = _launch_trigger(sent)
    if found is None:
        return None
    trigger, launcher = found
    mood = modality(trigger)
    if _abstains(trigger, sent):
        return None
    doc_id, published = analysis.document.id, analysis.document.published_at
    actors = _launchers(doc, doc_id, published, launcher, sent)
    if not actors:
        return None
    when = dates.event_date(trigger, sent, published, status=mood.status, future=mood.future,
                            published_time=analysis.document.published_time)
    trigger_span = _text_span(doc_id, trigger)
    evidence = {"type": Evidence.of(trigger_span, index), "mode": Evidence.of(trigger_span, index),
                "actors": Evidence.of(actors[0].span, index)}
    missing = {"recipients": "not stated"}
    place = place_of_event(index, trigger_span, analysis.places, doc, evidence, missing)
    if when.missing:
        missing["date"] = when.missing
    else:  # the report window rests on the launch verb
        date_span = doc[min(t.i for t in when.tokens):max(t.i for t in when.tokens) + 1] if when.tokens else trigger
        evidence["date"] = Evidence.of(_text_span(doc_id, date_span), index)
    return Event(
        doc_id=doc_id, sentence_index=index, type=LAUNCH_TYPE, trigger=trigger_span, mode=LAUNCH_MODE,
        cameo=LAUNCH_CAMEO, score=lexicon.load().score(LAUNCH_TYPE, LAUNCH_MODE), actors=tuple(actors),
        status=mood.status, date=when.date, place=place, confidence=0.6, evidence=evidence, missing=missing,
        attributes={"pattern": PATTERN},
    )


# --- attaching details to launches ----------------------------------------------------------------
def is_launch(event: Event) -> bool:
    return event.type == LAUNCH_TYPE and event.mode == LAUNCH_MODE


def add_launch_details(doc: Doc, analysis: Analysis, events: list[Event]) -> list[Event]:
    """``events`` with launch events added for uncoded launch phrasings and launch details filled."""
    sentences = list(doc.sents)
    launch_sentences = {e.sentence_index for e in events if is_launch(e)}
    added = []
    for index, sent in enumerate(sentences):
        if index not in launch_sentences:
            event = launch_event(doc, analysis, index, sent)
            if event is not None and not _already_coded(event, events):
                added.append(event)
    events = events + added
    by_id = {e.id: e for e in events}
    launches = [e for e in by_id.values() if is_launch(e)]  # filling details keeps ids, sentences and triggers
    for index, sent in enumerate(sentences):
        target = _launch_for(index, launches)
        if target is not None:
            by_id[target.id] = _with_details(by_id[target.id], index, sent)
    return [by_id[e.id] for e in events]


def _already_coded(launch: Event, events: list[Event]) -> bool:
    """ "Rebels fired rockets at the town": the coder made the verb an attack; no launch besides."""
    return any(e.sentence_index == launch.sentence_index
               and e.trigger.start_char <= launch.trigger.start_char < e.trigger.end_char for e in events)


def _launch_for(index: int, launches: list[Event]) -> Event | None:
    """The launch a sentence's details are about: coded in it, else the nearest earlier one."""
    earlier = [e for e in launches if e.sentence_index <= index]
    if not earlier:
        return None
    return max(earlier, key=lambda e: (e.sentence_index, -e.trigger.start_char))


def _with_details(event: Event, index: int, sent: Span) -> Event:
    unknown = unknown_fields(sent.text)
    attributes, evidence, missing = dict(event.attributes), dict(event.evidence), dict(event.missing)
    for d in stated_details(sent.text, sent.start_char):
        if d.field in attributes or (d.strength == _CLASS and d.field in unknown):
            continue
        attributes[d.field] = d.value
        evidence[d.field] = Evidence(event.doc_id, index, d.start, d.end, d.value)
        missing.pop(d.field, None)
    for name, reason in unknown.items():
        if name not in attributes:
            missing.setdefault(name, reason)
    if (attributes, missing) == (event.attributes, event.missing):
        return event
    return replace(event, attributes=attributes, evidence=evidence, missing=missing)
