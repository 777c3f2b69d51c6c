"""Triggers and their type: which words of a sentence start an event, as ``Candidate`` records.

``candidates(sent, lex)`` returns one ``Candidate`` per trigger, before any argument is read: a
verb matching the lexicon (``events/lexicon.py``: verb + object patterns first, then curated verb
lemmas), an adjective of willingness ("open to meeting"), an event noun under a support verb
("hold talks", "impose a curfew") or a verbal-act noun with a possessive author ("the
administration's offers"). The content of a verbal act ("vowed to strengthen its deterrent") is
folded into that act's ``content`` rather than returned on its own; "X said Y must ..." clauses
(``demand_clauses``) are left to the REQUEST they make.

It does not resolve actors (``arguments.py``) nor decide status (``status.py``). The word sets
are in ``data/event_words.tsv``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from . import lexicon
from .modality import REPORTING

SUPPORT_VERBS = lexicon.words("support_verbs")
COMMISSIVE = lexicon.words("commissive")
DEONTIC = lexicon.words("deontic")
ABSTRACT_TARGETS = lexicon.words("abstract_targets")
SOCIAL_ILLS = lexicon.words("social_ills")
LIGHT_NOUNS = lexicon.words("light_nouns")
RECEIVING = lexicon.words("receiving")
TRAVEL_VERBS = lexicon.words("travel_verbs")
WILLINGNESS = lexicon.words("willingness")
ARMED_NOUNS = lexicon.words("armed_nouns")
NO_PETRARCH_PATTERNS = lexicon.words("no_petrarch_patterns")
REFUSALS = lexicon.words("refusals")
NON_EVENT_OBJECT_VERBS = lexicon.words("non_event_object_verbs")
_NON_EVENT_OBJECTS = lexicon.words("non_event_objects")
VERB_LEMMA_FIXES = {r["parsed"]: r["lemma"] for r in lexicon.table("verb_lemma_fixes.tsv")}
_VERBAL_ATTACK = lexicon.Pattern("ACCUSE", "disapprove", "111", "curated: CAMEO 111 (criticize or denounce)")
_WILLING = lexicon.Pattern("AGREE", None, "030", "curated: PLOVER manual 3.1 (indicate willingness)")


@dataclass(slots=True)
class Candidate:
    """A trigger before arguments are attached."""

    trigger: list[Token]
    pattern: lexicon.Pattern
    predicate: Token  # the verb (or adjective) whose arguments are read
    noun: Token | None = None  # event noun, when the trigger is nominal
    author: Token | None = None  # possessive author of a verbal-act noun
    specific: bool = False  # matched a verb + object pattern
    content: list["Candidate"] = field(default_factory=list)
    giver: Token | None = None  # "X received weapons from Y": Y acts, X receives


def candidates(sent: Span, lex: lexicon.Lexicon) -> list[Candidate]:
    """The sentence's triggers, content folded into the acts that carry it, demand clauses left out."""
    demanded = {t.i for clause, _ in demand_clauses(sent) for t in clause.subtree}
    return [c for c in _fold_content(_triggers(sent, lex)) if c.predicate.i not in demanded]


def lemma(token: Token) -> str:
    """The token's lower-case lemma, with the parser's known verb lemma errors fixed."""
    lemma_ = token.lemma_.lower()
    return VERB_LEMMA_FIXES.get(lemma_, lemma_) if token.pos_ in ("VERB", "AUX") else lemma_


def _triggers(sent: Span, lex: lexicon.Lexicon) -> list[Candidate]:
    found: list[Candidate] = []
    for token in sent:
        misparsed_noun = token.pos_ == "VERB" and token.dep_ in ("dobj", "pobj") and lemma(token) in lex.nouns
        if token.pos_ in ("VERB", "ADJ") and not misparsed_noun:
            candidate = _verb_candidate(token, lex)
        elif (token.pos_ == "NOUN" or misparsed_noun) and lemma(token) in lex.nouns:
            candidate = _noun_candidate(token, lex)
        else:
            candidate = None
        if candidate is not None:
            found.append(candidate)
    # A verb + object pattern beats the object noun's own reading ("lodged a protest" is ACCUSE);
    # the noun beats a bare verb lemma ("called a strike").
    specific_verbs = {c.predicate.i for c in found if c.noun is None and c.specific
                      and c.pattern.source.startswith("curated")}
    nouns_under = {c.predicate.i for c in found if c.noun is not None and c.author is None}
    return [c for c in found if not (c.noun is None and c.predicate.i in nouns_under
                                     and not (c.specific and c.pattern.source.startswith("curated")))
            and not (c.noun is not None and c.author is None and c.predicate.i in specific_verbs)]


def _verb_candidate(verb: Token, lex: lexicon.Lexicon) -> Candidate | None:
    verb_lemma = lemma(verb)
    particle = next((c.lower_ for c in verb.children if _is_particle(c)), "")
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    objects += [p for o in objects for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children if p.dep_ == "pobj"]  # "25,000 tons of food aid"
    preps = [(c, p) for c in verb.children if c.dep_ in ("prep", "agent", "dative")
             for p in c.children if p.dep_ in ("pobj", "pcomp") and p.ent_type_ not in ("DATE", "TIME")]
    # A directed preposition decides before the object: "launched missiles at the government" is an attack.
    keys = [((verb_lemma, particle, c.lower_, lemma(p)), [verb, c, p]) for c, p in preps]
    keys += [((verb_lemma, particle, c.lower_, ""), [verb, c]) for c, _ in preps]
    keys += [((verb_lemma, particle, "", lemma(o)), [verb, o]) for o in objects]
    curated = lex.verbs.get((verb_lemma, particle)) or (lex.verbs.get((verb_lemma, "")) if particle == "up" else None)
    for key, tokens in keys:
        pattern = lex.verb_objects.get(key)
        # PETRARCH2 refinements may add a mode but do not overturn a curated verb's type
        # ("protest the decision" stays PROTEST, "arrest journalists" stays COERCE).
        if pattern is not None and verb_lemma in NO_PETRARCH_PATTERNS and not pattern.source.startswith("curated"):
            continue
        if pattern is not None and not pattern.source.startswith("curated") and verb_lemma in NON_EVENT_OBJECT_VERBS \
                and key[3] in _NON_EVENT_OBJECTS:
            continue  # "launched their anti-social behaviour plan" is no mobilisation
        if pattern is not None and (curated is None or pattern.type == curated.type
                                    or pattern.source.startswith("curated")):
            return Candidate(with_particle(tokens, verb), pattern, verb, specific=True)
    if verb.pos_ == "ADJ" or (verb_lemma in WILLINGNESS and verb.dep_ in ("acomp", "amod")):
        content = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if verb_lemma in WILLINGNESS and content is not None:
            return Candidate([verb], _WILLING, verb)
        return None
    received = _received(verb, objects, preps, lex) if verb_lemma in RECEIVING else None
    if received is not None:
        return received
    if not particle:  # "called on Muslim countries to unite": the parser made the particle a preposition
        prepositional = next(((c, lex.verbs[(verb_lemma, c.lower_)]) for c, _ in preps if (verb_lemma, c.lower_) in lex.verbs), None)
        if prepositional is not None:
            return Candidate([verb, prepositional[0]], prepositional[1], verb)
    if verb_lemma in REFUSALS and not any(c.dep_ in ("dobj", "xcomp", "nsubjpass") for c in verb.children):
        return None  # "tax revenues declined": a fall, not a refusal
    pattern = lex.verbs.get((verb_lemma, particle))
    if pattern is None and particle == "up":  # "beat up"; also "kidnapped up to 16", a common misparse
        pattern = lex.verbs.get((verb_lemma, ""))
    if pattern is None or (verb_lemma in NON_EVENT_OBJECT_VERBS and _non_event_object(objects)):
        return None
    if pattern.type == "MOBILIZE" and objects and not any(lemma(o) in ARMED_NOUNS for o in objects):
        return None  # "mobilized pressure groups" is not a show of force
    if pattern.type == "ASSAULT" and objects and all(lemma(o) in SOCIAL_ILLS for o in objects):
        return None  # "fight crime and terror": no one is attacked
    if pattern.type == "ASSAULT" and any(lemma(o) in ABSTRACT_TARGETS for o in objects):
        return Candidate(with_particle([verb], verb), _VERBAL_ATTACK, verb)  # "attacked Tory plans"
    return Candidate(with_particle([verb], verb), pattern, verb)


def _received(verb: Token, objects: list[Token], preps, lex: lexicon.Lexicon) -> Candidate | None:
    """ "Ukraine received weapons from Germany" is Germany sending weapons to Ukraine: the pattern of
    "send" + the object, with the giver as actor (PETRARCH2 reads such verbs with roles inverted)."""
    givers = [p for c, p in preps if c.lower_ == "from"]
    for obj in objects:
        pattern = lex.verb_objects.get(("send", "", "", lemma(obj)))
        if pattern is not None and givers:
            return Candidate([verb, obj], pattern, verb, giver=givers[0])
    return None


def with_particle(tokens: list[Token], verb: Token) -> list[Token]:
    return tokens + [c for c in verb.children if _is_particle(c)]


def _is_particle(token: Token) -> bool:
    """A particle, also when parsed as a preposition without object: "pulled out of the talks"."""
    return token.dep_ == "prt" or (token.dep_ == "prep" and token.lower_ in ("out", "back", "off")
                                   and not any(c.dep_ == "pobj" for c in token.children))


def _non_event_object(objects: list[Token]) -> bool:
    return any(lemma(o) in _NON_EVENT_OBJECTS for o in objects)


def _noun_candidate(noun: Token, lex: lexicon.Lexicon) -> Candidate | None:
    modifiers = {lemma(c) for c in noun.children if c.dep_ in ("compound", "amod", "nmod")}
    pattern = next((p for p in lex.nouns[noun.lemma_.lower()] if not p.needs or p.needs & modifiers), None)
    if pattern is None:
        return None
    slot = noun
    if noun.dep_ == "compound" and lemma(noun.head) in LIGHT_NOUNS:
        slot = noun.head  # "a mediation effort"
    elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and lemma(noun.head.head) in LIGHT_NOUNS:
        slot = noun.head.head  # "a new round of talks"
    head = slot.head
    if slot.dep_ in ("conj",):
        head = slot.head.head
    if slot.dep_ in ("dobj", "nsubjpass", "conj") and head.pos_ == "VERB" and lemma(head) in SUPPORT_VERBS:
        return Candidate([head, noun], pattern, head, noun=noun)
    if slot.dep_ == "pobj" and lemma(head.head) in ("go", "stage", "hold") and head.lower_ == "on":
        return Candidate([head.head, noun], pattern, head.head, noun=noun)
    if slot.dep_ == "pobj" and head.lower_ == "for" and lemma(head.head) in TRAVEL_VERBS and pattern.type == "CONSULT":
        return Candidate([head.head, head, noun], pattern, head.head, noun=noun)  # "return to Geneva for talks"
    if slot.dep_ == "pobj" and head.lower_ == "in" and lemma(head.head) in ("engage", "take", "participate", "join"):
        return Candidate([head.head, noun], pattern, head.head, noun=noun)  # "engaged in ethnic cleansing"
    author = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    before = noun.doc[noun.i - 1] if noun.i > 0 else None
    if author is None and before is not None and before.tag_ == "POS":  # "X's offers" misparsed as a verb
        author = before.head
    if author is not None and pattern.type in lexicon.VERBAL_TYPES:
        return Candidate([noun], pattern, noun, noun=noun, author=author)
    return None


def _fold_content(triggers: list[Candidate]) -> list[Candidate]:
    """Drop triggers that are the content of a verbal act above them; keep them on that act."""
    by_token = {c.predicate.i: c for c in triggers}
    kept = []
    for c in triggers:
        outer = None if c.author is not None else _commissive_above(c.predicate, by_token, c.pattern.type)
        if outer is not None and outer is not c:
            outer.content.append(c)
        else:
            kept.append(c)
    return kept


def _commissive_above(token: Token, by_token: dict[int, Candidate], kind: str = "") -> Candidate | None:
    """The verbal act (or event, for a purpose clause) whose content ``token`` is."""
    node = token
    purpose = token.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    # the condition of a threat or offer is part of it: "will withdraw unless X arranges a ceasefire"
    purpose = purpose or (token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children))
    for _ in range(4):
        if node.dep_ not in ("xcomp", "ccomp", "conj", "pcomp", "pobj", "prep", "advcl", "acl", "dobj", "relcl") or node.head == node:
            return None
        child_dep = node.dep_
        node = node.head
        outer = by_token.get(node.i) or next((c for c in by_token.values() if c.noun is not None and c.noun.i == node.i), None)
        if outer is not None and outer.pattern.type == "PROTEST" and kind in ("REQUEST", "ACCUSE") and token.dep_ in ("advcl", "xcomp"):
            return outer  # the topic of a protest is not coded on its own (PLOVER manual 3.12)
        if outer is None:
            continue
        if child_dep == "conj" and node == token.head and node.dep_ != "xcomp":
            return None  # "opened its borders ... but was refusing admittance": two acts, not act and content
        verbal = outer.pattern.type in lexicon.VERBAL_TYPES and outer.pattern.type not in ("ACCUSE", "SUPPORT")
        verbal_noun = outer.noun is not None and outer.pattern.type in lexicon.VERBAL_TYPES
        verbal_clause = outer.noun is None and verbal and child_dep in ("ccomp", "xcomp")  # "reiterated its demand that X ease"
        if (outer.noun is None and lemma(node) in COMMISSIVE | WILLINGNESS) or verbal_noun or verbal_clause or purpose:
            return outer
    return None


def demand_clauses(sent: Span) -> list[tuple[Token, Token]]:
    """(clause, reporting verb) for "X said Y must/should ...": a REQUEST whose content is the clause."""
    found = []
    for verb in sent:
        if lemma(verb) not in REPORTING and lemma(verb) not in ("conclude", "insist", "stress"):
            continue
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            has_must = any(a.dep_ == "aux" and a.lower_ in DEONTIC for a in clause.children)
            if has_must and any(x.dep_ == "nsubj" for x in clause.children):
                found.append((clause, verb))
    return found
