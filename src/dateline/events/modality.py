"""Modality of an event mention from dependency cues: is it asserted, negated, hypothetical, ...?

``modality(trigger)`` walks from the trigger up its clause chain (xcomp, ccomp, conj, advcl, ...)
and reads negation, modal auxiliaries, conditional subordinators, planning, hedging and reporting
verbs. It stops at relative clauses and presupposing subordinate clauses ("while", "after", ...):
"could anger North Korea, which has been accusing Seoul" leaves the accusation asserted.

It does not decide the event type; it only reports the cues. Statuses, strongest first:
negated, hypothetical, conditional, planned, hedged, reported, asserted. ``abstain`` is set when
the trigger sits under a negated report or knowledge verb ("did not immediately say what kind of
missile was fired"): that is an unknown field of another event, not an event. The cue words are
in ``data/event_words.tsv`` (section ``events/modality.py``).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from . import lexicon

REPORTING = lexicon.words("reporting")
KNOWLEDGE = lexicon.words("knowledge")
PLANNING = lexicon.words("planning")
HEDGE_VERBS = lexicon.words("hedge_verbs")
HEDGE_ADVERBS = lexicon.words("hedge_adverbs")
HYPOTHETICAL_MODALS = lexicon.words("hypothetical_modals")
FUTURE_AUX = lexicon.words("future_aux")
CONDITION_MARKS = lexicon.words("condition_marks")
PRESUPPOSING_MARKS = lexicon.words("presupposing_marks")
GENERIC_SOURCES = lexicon.words("generic_sources")
_CHAIN_DEPS = lexicon.words("chain_deps")
_STATUS_ORDER = ("negated", "hypothetical", "conditional", "planned", "hedged", "reported", "asserted")


@dataclass(frozen=True, slots=True)
class Modality:
    status: str = "asserted"
    cue: Token | None = None
    reporters: tuple[Token, ...] = ()  # reporting verbs above the trigger ("said", "told")
    future: bool = False
    abstain: str | None = None
    failed: bool = False  # "failed to reach": negated by an implicative verb


def modality(trigger: Token) -> Modality:
    """The status of the event whose trigger is ``trigger`` (a verb, adjective or event noun)."""
    found: dict[str, Token] = {}
    reporters: list[Token] = []
    future = False
    failed = None
    node, first, arrived_by = trigger, True, ""
    for _ in range(12):
        own = _own_cues(node, first)
        for status, cue in own.items():
            found.setdefault(status, cue)
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in _aux(node)) and (first or node.dep_ in ("xcomp",)):
            future = True
        if not first:
            if node.lemma_ in KNOWLEDGE and _negation(node) is not None:
                return Modality(abstain=f"under a negated report or knowledge verb ({_phrase(node)})")
            _ancestor_cues(node, found, reporters)
            # "refused to deploy" negates its content, not a coordinated act ("refused X and urged Y")
            if node.lemma_ in ("fail", "refuse") and failed is None and arrived_by != "conj":
                failed = node
                found.setdefault("negated", node)
        if _is_boundary(node) or node.head == node or node.dep_ not in _CHAIN_DEPS:
            break
        node, first, arrived_by = node.head, False, node.dep_
    status = next((s for s in _STATUS_ORDER if s in found), "asserted")
    if status == "asserted" and reporters and all(_generic_source(r) for r in reporters):
        status = "reported"
        found["reported"] = reporters[0]
    return Modality(status, found.get(status), tuple(reporters), future, failed=failed is not None)


def subject_of_reporting(verb: Token) -> Token | None:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.tag_ == "VBG":  # "The Red Cross operating in Iraq said": misparsed
        subject = next((c for c in subject.children if c.dep_ == "nsubj"), subject)
    return subject


def _own_cues(node: Token, first: bool) -> dict[str, Token]:
    cues: dict[str, Token] = {}
    neg = _negation(node)
    if neg is not None:
        cues["negated"] = neg
    for aux in _aux(node):
        if aux.lower_ in HYPOTHETICAL_MODALS:
            cues["hypothetical"] = aux
    for child in node.children:
        if child.dep_ == "advmod" and child.lower_ in HEDGE_ADVERBS:
            cues["hedged"] = child
        if first and child.dep_ == "advcl" and _mark(child) in CONDITION_MARKS:
            cues["conditional"] = child
        if first and child.dep_ == "amod" and child.lemma_ == "conditional":
            cues["conditional"] = child
    if node.dep_ == "advcl" and _mark(node) in CONDITION_MARKS:
        cues["hypothetical"] = next(c for c in node.children if c.dep_ == "mark")
    return cues


def _ancestor_cues(node: Token, found: dict[str, Token], reporters: list[Token]) -> None:
    lemma = node.lemma_.lower()
    if lemma in PLANNING or node.lower_ in ("schedule", "due", "set"):
        found.setdefault("planned", node)
    elif lemma in HEDGE_VERBS:
        found.setdefault("hedged", node)
    elif lemma in REPORTING:
        reporters.append(node)
    if lemma == "be" and any(c.dep_ == "xcomp" for c in node.children):  # "is to visit"
        found.setdefault("planned", node)


def _aux(node: Token) -> list[Token]:
    auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
    if node.dep_ in ("acomp", "attr") and node.head.lemma_ == "be":  # "we are open to", "is intent on"
        auxes += [c for c in node.head.children if c.dep_ == "aux"]
    return auxes


def _negation(node: Token) -> Token | None:
    for c in node.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "not")):
            return c
    if node.dep_ in ("acomp", "attr") and node.head.lemma_ == "be":
        return next((c for c in node.head.children if c.dep_ == "neg"), None)
    return None


def _mark(clause: Token) -> str:
    return next((c.lower_ for c in clause.children if c.dep_ == "mark"), "")


def _is_boundary(node: Token) -> bool:
    if node.dep_ == "acl" and node.head.dep_ == "attr":  # "is scheduled to hold": same clause
        return False
    return node.dep_ in ("relcl", "acl") or (node.dep_ == "advcl" and _mark(node) in PRESUPPOSING_MARKS)


def _generic_source(verb: Token) -> bool:
    subject = subject_of_reporting(verb)
    return subject is not None and subject.lemma_.lower() in GENERIC_SOURCES and not any(
        c.dep_ in ("compound", "amod", "poss") and c.ent_type_ in ("GPE", "NORP", "ORG") for c in subject.children
    )


def _phrase(node: Token) -> str:
    tokens = sorted([node, *[c for c in node.children if c.dep_ in ("neg", "aux", "advmod")]], key=lambda t: t.i)
    return " ".join(t.text for t in tokens)
