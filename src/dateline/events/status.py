"""Status, and the type shifts of intentions: what an event's mood makes of its trigger's type.

``mood_of(c)`` is the trigger's ``Modality`` (``events/modality.py`` reads the cues: negation,
modals, conditions, planning, hedging, reporting), with "a conditional ceasefire" conditional.
``reinterpret(c, mood, actors, arguments)`` applies PLOVER's rules for intentions and returns a
``Coding`` (type, mode, CAMEO, status): future cooperation is AGREE, a future retreat CONCEDE,
a vow or announcement of force THREATEN, "will not accept" REJECT, "prepared to attack"
MOBILIZE (manual 2.3, 3.1, 3.4, 3.11, 3.14). The shifts are in ``data/event_type_shifts.tsv``.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from spacy.tokens import Token

from ..records import Actor
from . import lexicon
from .argument_slots import rallied_against
from .modality import Modality, modality, subject_of_reporting
from .triggers import Candidate, lemma

if TYPE_CHECKING:
    from .arguments import Arguments

MILITARY_CUES = lexicon.words("military_cues")
BUILDUP_VERBS = lexicon.words("buildup_verbs")
FORCE_VERBS = lexicon.words("force_verbs")
SHUTDOWNS = lexicon.words("shutdowns")
COOPERATIVE_TYPES = lexicon.words("cooperative_types")
_SHIFTS = lexicon.table("event_type_shifts.tsv")
COOPERATIVE_FUTURE = {r["type"]: r["future"] for r in _SHIFTS if r["future"] != "-"}
THREAT_MODES = {r["type"]: r["threat_mode"] for r in _SHIFTS if r["threat_mode"] != "-"}
UNLESS_THREATS = {r["type"]: (r["unless_mode"], r["unless_cameo"]) for r in _SHIFTS if r["unless_mode"] != "-"}


class Coding(NamedTuple):
    """An event's PLOVER type, mode, CAMEO code and status once its mood is read."""

    type: str
    mode: str | None
    cameo: str
    status: str


def mood_of(c: Candidate) -> Modality:
    """The status cues of a candidate: of its noun when a possessive author made it, else of its predicate."""
    mood = modality(c.noun if c.noun is not None and c.author is not None else c.predicate)
    if c.noun is not None and mood.status == "asserted":
        conditional = next((m for m in c.noun.children if m.dep_ == "amod" and lemma(m) == "conditional"), None)
        if conditional is not None:
            mood = replace(mood, status="conditional", cue=conditional)
    return mood


def reinterpret(c: Candidate, mood: Modality, actors: list[Actor], arguments: "Arguments") -> Coding:
    """PLOVER's rules for intentions: future cooperation is AGREE, future retreat CONCEDE,
    a vow of force THREATEN (manual 3.1, 3.4, 2.3)."""
    p = c.pattern
    type_, mode, cameo, status = p.type, arguments.scope.lex.valid_mode(p.type, p.mode), p.cameo, mood.status
    content_types = {x.pattern.type for x in c.content}
    if type_ == "REQUEST" and rallied_against(c.predicate):
        return Coding("ACCUSE", "disapprove", "113", status)  # "called on Arabs to unite against Israel" (CAMEO 113)
    if lemma(c.predicate) == "order" and any(x.dep_ == "xcomp" and lemma(x) in SHUTDOWNS for x in c.predicate.children):
        return Coding("COERCE", "restrict", "172", status)  # "ordered the newspaper to suspend publication" (CAMEO 172)
    if lemma(c.predicate) in ("vow", "pledge", "swear", "promise") and _negated_content(c.predicate):
        return Coding("REJECT", None, "120", status)  # "vowed not to return the Golan"
    if lemma(c.predicate) in ("vow", "pledge", "swear", "promise", "threaten", "warn") and (
        content_types & lexicon.CONFLICT_TYPES or _military_content(c.predicate)
    ):
        inner = next((x.pattern.type for x in c.content if x.pattern.type in THREAT_MODES), "ASSAULT")
        return Coding("THREATEN", THREAT_MODES.get(inner, "violence"), "138", status)
    if status == "negated" and (mood.future or mood.failed) and type_ in COOPERATIVE_TYPES:
        return Coding("REJECT", None, "120", "asserted")  # "will not accept", "failed to reach agreement"
    if status == "planned" and type_ == "ASSAULT" and mood.cue is not None and lemma(mood.cue) == "prepare":
        return Coding("MOBILIZE", "troops", "154", "asserted")  # readiness short of force (PLOVER manual 3.14)
    if status == "planned" and type_ in THREAT_MODES and _desired(c.predicate):
        return Coding("THREATEN", THREAT_MODES[type_], "138", "asserted")  # "wants to attack" (PETRARCH2 transformation)
    if mood.future and status == "conditional" and _is_unless(mood.cue) and type_ in UNLESS_THREATS:
        threat_mode, threat_cameo = UNLESS_THREATS[type_]  # "will withdraw its force unless ..." (CAMEO 13)
        return Coding("THREATEN", threat_mode, threat_cameo, "asserted")
    if mood.future and status in ("asserted", "reported", "conditional"):
        if type_ in COOPERATIVE_FUTURE:
            return Coding(COOPERATIVE_FUTURE[type_], None, "030" if type_ != "RETREAT" else "080", status)
        if type_ in THREAT_MODES and _announced_by_actor(mood, actors, arguments):
            return Coding("THREATEN", THREAT_MODES[type_], "130", status)
        if status == "asserted":
            status = "planned"  # narrated future: "Russian forces will shell the city"
    return Coding(type_, mode, cameo, status)


def _announced_by_actor(mood: Modality, actors: list[Actor], arguments: "Arguments") -> bool:
    """The actor itself says it will act: a threat (PLOVER manual 2.3)."""
    speakers = [s for v in mood.reporters if (s := subject_of_reporting(v)) is not None]
    spoken = {a.country for s in speakers for a in arguments.mention(s)} if speakers else set()
    return bool(spoken & {a.country for a in actors})


def _desired(predicate: Token) -> bool:
    head = predicate.head
    return predicate.dep_ == "xcomp" and lemma(head) in ("want", "wish", "intend", "threaten", "vow") \
        and not any(c.dep_ in ("dobj", "nsubj") and c.i > head.i for c in head.children if c.i < predicate.i)


def _negated_content(predicate: Token) -> bool:
    return any(g.dep_ == "neg" for c in predicate.children if c.dep_ == "xcomp" for g in c.children)


def _military_content(predicate: Token) -> bool:
    """A vow to build up or use force: "vowed to strengthen his nuclear deterrent"."""
    for clause in (c for c in predicate.children if c.dep_ in ("xcomp", "ccomp")):
        objects = [t for o in clause.children if o.dep_ == "dobj" for t in o.subtree]
        if lemma(clause) in FORCE_VERBS or (lemma(clause) in BUILDUP_VERBS and any(lemma(t) in MILITARY_CUES for t in objects)):
            return True
    return False


def _is_unless(clause: Token | None) -> bool:
    return clause is not None and any(c.dep_ == "mark" and c.lower_ == "unless" for c in clause.children)
