"""Where an event's arguments sit in the parse: the subject that acts and the slots a recipient
may fill, read from the dependency tree alone (no dictionary, no document context).

``subject_of(predicate)`` follows control, coordination, relative clauses and passives to the
acting subject ("X is scheduled to", "urged Iran to talk": Iran talks). ``recipient_slots(c)``
lists objects, directional prepositions and content clauses in reading order; ``counterparts``,
``rallied_against`` and ``protest_topics`` read the recipient of concessions, calls to act
against someone and protests. Whether a slot names an actor is ``arguments.py``'s business.
"""
from __future__ import annotations

from spacy.tokens import Token

from . import lexicon
from .triggers import Candidate, lemma

OBJECT_CONTROL = lexicon.words("object_control")
RECIPIENT_PREPS = lexicon.words("recipient_preps")
QUANTITY_HEADS = lexicon.words("quantity_heads")
NEGOTIATION_FRAMES = lexicon.words("negotiation_frames")
DEMANDING = lexicon.words("demanding")
PROTEST_NOUNS = lexicon.words("protest_nouns")
PROTEST_FRAMES = lexicon.words("protest_frames")
OBSTRUCTED = lexicon.words("obstructed")
REFUGE_NOUNS = lexicon.words("refuge_nouns")
TRAVEL_VERBS = lexicon.words("travel_verbs")
STATIVE_PASSIVES = lexicon.words("stative_passives")
WILLINGNESS = lexicon.words("willingness")
REPORTING = lexicon.words("reporting")


def subject_of(predicate: Token) -> Token | None:
    node = predicate
    for _ in range(6):
        passive = any(c.dep_ == "auxpass" for c in node.children)
        if passive and (node != predicate or lemma(node) in WILLINGNESS or node.lower_ in WILLINGNESS
                        or lemma(node) in STATIVE_PASSIVES):  # "X is scheduled to", "X is committed to"
            return next((c for c in node.children if c.dep_ == "nsubjpass"), None)
        if passive:
            agent = next((p for c in node.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
            return agent
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "csubj")), None)
        if subject is None and node.dep_ in ("acomp", "attr") and node.head.lemma_ == "be":
            subject = next((c for c in node.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.tag_ == "VBG":  # "The Red Cross operating in Iraq said": misparsed
            subject = next((c for c in subject.children if c.dep_ == "nsubj"), subject)
        if subject is not None:
            if subject.tag_ == "WDT" or subject.lower_ in ("who", "which", "that"):
                return node.head if node.dep_ == "relcl" else None
            return subject
        if node.dep_ in ("xcomp", "conj", "advcl", "ccomp", "dep", "npadvmod") and node.head != node:
            head = node.head
            if node.dep_ == "xcomp" and head.pos_ in ("NOUN", "PROPN"):
                return None  # "attempts to resolve the crisis": the noun's agent is not stated
            if node.dep_ == "xcomp" and lemma(head) in OBJECT_CONTROL:
                return next((c for c in head.children if c.dep_ == "dobj"), None)
            node = head
            continue
        if node.dep_ in ("pcomp", "pobj"):
            return _controller(node)
        if node.dep_ == "acl" and (node.head.dep_ == "attr" or (node.head.dep_ == "dobj" and node.tag_ == "VBG")):
            # "is due to hold"; "issued a declaration demanding" (not "an agreement signed in 2001")
            node = node.head.head
            continue
        if node.dep_ == "relcl":
            return node.head
        return None
    return None


def reporting_verb_above(verb: Token) -> Token | None:
    """The reporting verb whose content clause holds ``verb`` ("Redwood said: 'Mr Blair has
    forgotten ...'", "'... aren't a joke,' the campaign wrote") when it has a subject; else None."""
    node = verb
    for _ in range(4):
        if node.dep_ not in ("ccomp", "conj", "parataxis", "acomp", "attr", "xcomp") or node.head == node:
            return None
        node = node.head
        if lemma(node) in REPORTING:
            has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
            return node if has_subject else None
    return None


def _controller(gerund: Token) -> Token | None:
    """Subject of a gerund under a preposition: the object of an object-control verb above
    ("accused Seoul of hypocrisy for criticising") or else that verb's subject."""
    node, through_noun = gerund, False
    for _ in range(6):
        node = node.head
        if node.pos_ in ("NOUN", "PROPN") and node.dep_ != "ROOT":
            through_noun = True  # "a proposal for signing": the gerund belongs to the noun
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            obj = next((c for c in node.children if c.dep_ == "dobj"), None)
            if obj is not None and lemma(node) in OBJECT_CONTROL:
                return obj
            return None if through_noun else subject_of(node)
        if node.head == node:
            return None
    return None


def quantified(head: Token) -> Token:
    """"Thousands of Chilean students" -> "students"."""
    for _ in range(3):  # "Hundreds of thousands of people"
        if not (head.pos_ == "NUM" or lemma(head) in QUANTITY_HEADS):
            break
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((p for p in of.children if p.dep_ == "pobj"), None) if of is not None else None
        if pobj is None:
            break
        head = pobj
    return head


def clause_root(token: Token) -> Token:
    node = token
    while node.dep_ not in ("ROOT",) and node.head != node and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in node.children
    ):
        node = node.head
    return node


def _condition_subjects(predicate: Token) -> list[Token]:
    clauses = [predicate, *[x for x in predicate.children if x.dep_ == "xcomp"]]
    return [subject for clause in clauses for cond in clause.children
            if cond.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in cond.children)
            for subject in cond.children if subject.dep_ == "nsubj"]


def recipient_slots(c: Candidate) -> list[Token]:
    slots: list[Token] = []
    if c.pattern.type in ("THREATEN", "REQUEST"):
        slots.extend(_condition_subjects(c.predicate))  # "threatened to attack unless Baghdad accepted"
    heads = [c.noun, c.predicate] if c.noun is not None else [c.predicate]
    if c.noun is not None and lemma(c.predicate) in TRAVEL_VERBS:
        heads = [c.noun]  # "return to Geneva for talks with X": Geneva is the venue, X the counterpart
    passive = any(x.dep_ == "auxpass" for x in c.predicate.children)
    for head in heads:
        for child in head.children:
            if child.dep_ in ("dobj", "iobj", "dative") and child != c.noun:
                if not (c.pattern.type == "PROTEST" and lemma(child) in OBSTRUCTED):
                    slots.append(child)  # "blocked streets in Hong Kong": the streets are no target
            elif passive and child.dep_ == "nsubjpass" and child != c.noun:
                slots.append(child)
            elif child.dep_ == "prep" and (child.lower_ in RECIPIENT_PREPS or (head == c.noun and child.lower_ == "of")):
                slots.extend(p for p in child.children if p.dep_ == "pobj")
            elif child.dep_ == "poss" and head == c.noun and child != c.author:
                slots.append(child)
    if c.pattern.type in lexicon.VERBAL_TYPES:
        slots.extend(x for x in c.predicate.children if x.dep_ in ("xcomp", "ccomp"))
    if c.noun is not None:
        slots.extend(x for x in c.noun.children if x.dep_ in ("acl", "relcl"))
    return slots


def counterparts(predicate: Token) -> list[Token]:
    """Who a concession or refusal answers: "called off the strike after talks with the
    government", "declined to resign despite pressure from the commission"."""
    clauses = [predicate, *[x for x in predicate.children if x.dep_ == "xcomp"]]  # "declined to resign despite"
    return [p for clause in clauses for prep in clause.children
            if prep.dep_ == "prep" and prep.lower_ in ("after", "despite", "following", "under")
            for frame in prep.children if frame.dep_ == "pobj" and lemma(frame) in NEGOTIATION_FRAMES
            for inner in frame.children if inner.dep_ == "prep" and inner.lower_ in ("with", "from", "by")
            for p in inner.children if p.dep_ == "pobj"]


def rallied_against(predicate: Token) -> list[Token]:
    """Targets of a call on others to act against them: "called on Arabs to unite against Israel"
    (PLOVER ACCUSE: "solicit other parties to take actions against the target")."""
    if not any(c.dep_ in ("dobj", "prep", "dative") for c in predicate.children):
        return []  # no one is called on: "demanded to act against" is the actor's own
    clauses = [x for x in predicate.children if x.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in x.children)]
    clauses += [conj for x in clauses for conj in x.conjuncts]
    return [p for x in clauses for prep in x.children if prep.dep_ == "prep" and prep.lower_ == "against"
            for p in prep.children if p.dep_ == "pobj"]


def listed_appositions(token: Token) -> list[Token]:
    """ "The US, Russia, and Switzerland met": a list the parser read as an apposition with conjuncts."""
    found: list[Token] = []
    for appos in (c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"):
        if any(x.dep_ == "cc" for x in appos.children) and any(x.dep_ == "conj" for x in appos.children):
            found.extend([appos, *appos.conjuncts])
    return found


def seeks_refuge(c: Candidate) -> bool:
    """ "sought refuge in Germany": PLOVER manual 3.8 codes the country of refuge as the target."""
    return c.pattern.type == "REQUEST" and any(
        x.dep_ == "dobj" and lemma(x) in REFUGE_NOUNS for x in c.predicate.children)


def protest_topics(c: Candidate) -> list[Token]:
    """Where a protest names what it is against when no object or preposition does (PLOVER
    manual 3.12: a protest is against a target): its purpose clause ("to protest Assad's
    failure"), a participle ("demanding that he be reinstated") or "in protest against/of X"."""
    topics: list[Token] = []
    for head in ([c.noun, c.predicate] if c.noun is not None else [c.predicate]):
        for child in head.children:
            purpose = any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children)
            if child.dep_ in ("advcl", "xcomp", "acl") and child.pos_ == "VERB" and (purpose or lemma(child) in DEMANDING):
                topics.append(child)  # not a manner participle: "scaling a pole and unfurling banners"
            elif child.dep_ == "prep" and child.lower_ == "in":
                topics.extend(p for pobj in child.children if pobj.dep_ == "pobj" and lemma(pobj) in PROTEST_FRAMES
                              for p in pobj.children if p.dep_ == "prep")
            elif child.dep_ == "prep" and child.lower_ in ("following", "after", "during"):
                # "rioted following a demonstration calling for Mubarak's removal": the same target
                topics.extend(x for pobj in child.children if pobj.dep_ in ("pobj", "dobj") and lemma(pobj) in PROTEST_NOUNS
                              for x in pobj.children if (x.dep_ == "prep" and x.lower_ in ("against", "over"))
                              or (x.dep_ in ("acl", "relcl") and lemma(x) in DEMANDING))
    return topics
