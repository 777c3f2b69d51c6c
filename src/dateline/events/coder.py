"""Event coding: PLOVER events with actors, status, date and evidence from a parsed document.

``code_events(doc, analysis)`` reads the spaCy ``Doc`` and returns ``Event`` and ``Abstention``
records. A trigger is a verb matching the lexicon (``events/lexicon.py``: verb + object patterns
first, then curated verb lemmas), an adjective of willingness ("open to meeting"), an event noun
under a support verb ("hold talks", "impose a curfew") or a verbal-act noun with a possessive
author ("the administration's offers"). Actors come from the subject (inherited through control,
coordination and relative clauses), recipients from objects and directional prepositions; both
are resolved by ``events/actors.py``. Status comes from ``events/modality.py``, the date from
``events/dates.py``.

What it does not code (and says so in an Abstention): triggers without a resolvable actor,
triggers under a negated report ("did not immediately say what kind of missile was fired").
It does not code statements (CAMEO 01), states of affairs ("talks have stalled") or event nouns
outside support-verb and possessive frames. Content of a verbal act ("vowed to strengthen its
deterrent") is folded into that act rather than coded on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from ..nlp import ents_of, text_of
from ..records import Abstention, Actor, Analysis, Event, Evidence, TextSpan
from . import dates, details, happenings, lexicon, relevance
from .modality import REPORTING, Modality, modality, subject_of_reporting
from .places import event_place

from .actors import STORY_SOURCE, document_actors, is_country_name, is_demonym, is_partisan, is_state_code

STAGE = "events"
SUPPORT_VERBS = lexicon.words("support_verbs")
COMMISSIVE = lexicon.words("commissive")
OBJECT_CONTROL = lexicon.words("object_control")
RECIPIENT_PREPS = lexicon.words("recipient_preps")
RELATION_HEADS = lexicon.words("relation_heads")
CULTURE_HEADS = lexicon.words("culture_heads")
OBSTRUCTED = lexicon.words("obstructed")
INSTITUTIONS = lexicon.words("institutions")
CROWD_NOUNS = lexicon.words("crowd_nouns")
QUANTITY_HEADS = lexicon.words("quantity_heads")
FIRST_PERSON = lexicon.words("first_person")
DEONTIC = lexicon.words("deontic")
MILITARY_CUES = lexicon.words("military_cues")
BUILDUP_VERBS = lexicon.words("buildup_verbs")
FORCE_VERBS = lexicon.words("force_verbs")
NON_RECIPIENT_DEPS = lexicon.words("non_recipient_deps")
NON_RECIPIENT_PREPS = lexicon.words("non_recipient_preps")
ABSTRACT_TARGETS = lexicon.words("abstract_targets")
SOCIAL_ILLS = lexicon.words("social_ills")
_VERBAL_ATTACK = lexicon.Pattern("ACCUSE", "disapprove", "111", "curated: CAMEO 111 (criticize or denounce)")
LIGHT_NOUNS = lexicon.words("light_nouns")
YIELDING_TYPES = lexicon.words("yielding_types")
NEGOTIATION_FRAMES = lexicon.words("negotiation_frames")
SHUTDOWNS = lexicon.words("shutdowns")
DEMANDING = lexicon.words("demanding")
PROTEST_NOUNS = lexicon.words("protest_nouns")
PROTEST_FRAMES = lexicon.words("protest_frames")
STATE_SECTORS = lexicon.words("state_sectors")
PLACE_RECIPIENT_TYPES = lexicon.words("place_recipient_types")
RECEIVING = lexicon.words("receiving")
REFUGE_NOUNS = lexicon.words("refuge_nouns")
TRAVEL_VERBS = lexicon.words("travel_verbs")
STATIVE_PASSIVES = lexicon.words("stative_passives")
WILLINGNESS = lexicon.words("willingness")
_WILLING = lexicon.Pattern("AGREE", None, "030", "curated: PLOVER manual 3.1 (indicate willingness)")
ARMED_NOUNS = lexicon.words("armed_nouns")
DOCUMENT_NOUNS = lexicon.words("document_nouns")
COOPERATIVE_TYPES = lexicon.words("cooperative_types")
_SHIFTS = lexicon.table("event_type_shifts.tsv")
COOPERATIVE_FUTURE = {r["type"]: r["future"] for r in _SHIFTS if r["future"] != "-"}
THREAT_MODES = {r["type"]: r["threat_mode"] for r in _SHIFTS if r["threat_mode"] != "-"}

UNLESS_THREATS = {r["type"]: (r["unless_mode"], r["unless_cameo"]) for r in _SHIFTS
                  if r["unless_mode"] != "-"}


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


def code_events(doc: Doc, analysis: Analysis) -> list[Event | Abstention]:
    """Events and abstentions for one parsed document (see the module docstring): the rule
    coder's candidates, kept or dropped and completed by the learned model (``relevance``),
    then one record per happening (``happenings``)."""
    events, abstentions = rule_events(doc, analysis)
    context = document_actors(doc, analysis.document.id, analysis.document.published_at)
    sentences = list(doc.sents)

    def make_event(index: int, type_: str, trigger: Token) -> Event | Abstention:
        return _model_event(analysis, sentences[index], index, type_, trigger, context)

    found = relevance.scores(doc, analysis, events, abstentions)
    # relevance is judged per happening: a happening stated in several sentences stands when one
    # of its statements holds the type, and its parties are those all its statements give
    events = happenings.merge(events, analysis)
    decision = relevance.decide(analysis, found, events, make_event)
    detailed = details.add_launch_details(doc, analysis, decision.events)
    return happenings.merge(detailed, analysis) + abstentions + decision.abstentions


def _model_event(analysis: Analysis, sent: Span, index: int, type_: str, trigger: Token, context) -> Event | Abstention:
    """An event of ``type_`` the model found and the rules did not: arguments, status and date
    read from the parse around ``trigger`` like any rule event."""
    lex = lexicon.load()
    document = analysis.document
    coder = _ModelSentenceCoder(document.id, index, sent, document.published_at, context, lex, analysis.places,
                                published_time=document.published_time)
    pattern = lexicon.Pattern(type_, None, lexicon.default_cameo(type_), "model: sentence classifier")
    return coder.code(Candidate(_with_particle([trigger], trigger), pattern, trigger))


def rule_events(doc: Doc, analysis: Analysis) -> tuple[list[Event], list[Abstention]]:
    """The rule coder's events (one per trigger, not yet merged) and abstentions."""
    lex = lexicon.load()
    doc_id = analysis.document.id
    published = analysis.document.published_at
    context = document_actors(doc, doc_id, published)  # shared with other stages resolving this doc
    events: list[Event] = []
    abstentions: list[Abstention] = []
    for index, sent in enumerate(doc.sents):
        demanded = {t.i for clause, _ in _demand_clauses(sent) for t in clause.subtree}
        candidates = [c for c in _fold_content(_triggers(sent, lex)) if c.predicate.i not in demanded]
        coder = _SentenceCoder(doc_id, index, sent, published, context, lex, analysis.places,
                               published_time=analysis.document.published_time)
        for candidate in candidates:
            result = coder.code(candidate)
            (events if isinstance(result, Event) else abstentions).append(result)
        events.extend(coder.requests())
        events.extend(coder.claims)
    return events, abstentions


# --- triggers -------------------------------------------------------------------------------

def _triggers(sent: Span, lex: lexicon.Lexicon) -> list[Candidate]:
    found: list[Candidate] = []
    for token in sent:
        misparsed_noun = token.pos_ == "VERB" and token.dep_ in ("dobj", "pobj") and _lemma(token) in lex.nouns
        if token.pos_ in ("VERB", "ADJ") and not misparsed_noun:
            candidate = _verb_candidate(token, lex)
        elif (token.pos_ == "NOUN" or misparsed_noun) and _lemma(token) in lex.nouns:
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
    lemma = _lemma(verb)
    particle = next((c.lower_ for c in verb.children if _is_particle(c)), "")
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    objects += [p for o in objects for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children if p.dep_ == "pobj"]  # "25,000 tons of food aid"
    preps = [(c, p) for c in verb.children if c.dep_ in ("prep", "agent", "dative")
             for p in c.children if p.dep_ in ("pobj", "pcomp") and p.ent_type_ not in ("DATE", "TIME")]
    # A directed preposition decides before the object: "launched missiles at the government" is an attack.
    keys = [((lemma, particle, c.lower_, _lemma(p)), [verb, c, p]) for c, p in preps]
    keys += [((lemma, particle, c.lower_, ""), [verb, c]) for c, _ in preps]
    keys += [((lemma, particle, "", _lemma(o)), [verb, o]) for o in objects]
    curated = lex.verbs.get((lemma, particle)) or (lex.verbs.get((lemma, "")) if particle == "up" else None)
    for key, tokens in keys:
        pattern = lex.verb_objects.get(key)
        # PETRARCH2 refinements may add a mode but do not overturn a curated verb's type
        # ("protest the decision" stays PROTEST, "arrest journalists" stays COERCE).
        if pattern is not None and lemma in NO_PETRARCH_PATTERNS and not pattern.source.startswith("curated"):
            continue
        if pattern is not None and not pattern.source.startswith("curated") and lemma in NON_EVENT_OBJECT_VERBS \
                and key[3] in _NON_EVENT_OBJECTS:
            continue  # "launched their anti-social behaviour plan" is no mobilisation
        if pattern is not None and (curated is None or pattern.type == curated.type
                                    or pattern.source.startswith("curated")):
            return Candidate(_with_particle(tokens, verb), pattern, verb, specific=True)
    if verb.pos_ == "ADJ" or (lemma in WILLINGNESS and verb.dep_ in ("acomp", "amod")):
        content = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if lemma in WILLINGNESS and content is not None:
            return Candidate([verb], _WILLING, verb)
        return None
    received = _received(verb, objects, preps, lex) if lemma in RECEIVING else None
    if received is not None:
        return received
    if not particle:  # "called on Muslim countries to unite": the parser made the particle a preposition
        prepositional = next(((c, lex.verbs[(lemma, c.lower_)]) for c, _ in preps if (lemma, c.lower_) in lex.verbs), None)
        if prepositional is not None:
            return Candidate([verb, prepositional[0]], prepositional[1], verb)
    if lemma in REFUSALS and not any(c.dep_ in ("dobj", "xcomp", "nsubjpass") for c in verb.children):
        return None  # "tax revenues declined": a fall, not a refusal
    pattern = lex.verbs.get((lemma, particle))
    if pattern is None and particle == "up":  # "beat up"; also "kidnapped up to 16", a common misparse
        pattern = lex.verbs.get((lemma, ""))
    if pattern is None or (lemma in NON_EVENT_OBJECT_VERBS and _non_event_object(objects)):
        return None
    if pattern.type == "MOBILIZE" and objects and not any(_lemma(o) in ARMED_NOUNS for o in objects):
        return None  # "mobilized pressure groups" is not a show of force
    if pattern.type == "ASSAULT" and objects and all(_lemma(o) in SOCIAL_ILLS for o in objects):
        return None  # "fight crime and terror": no one is attacked
    if pattern.type == "ASSAULT" and any(_lemma(o) in ABSTRACT_TARGETS for o in objects):
        return Candidate(_with_particle([verb], verb), _VERBAL_ATTACK, verb)  # "attacked Tory plans"
    return Candidate(_with_particle([verb], verb), pattern, verb)


def _received(verb: Token, objects: list[Token], preps, lex: lexicon.Lexicon) -> Candidate | None:
    """ "Ukraine received weapons from Germany" is Germany sending weapons to Ukraine: the pattern of
    "send" + the object, with the giver as actor (PETRARCH2 reads such verbs with roles inverted)."""
    givers = [p for c, p in preps if c.lower_ == "from"]
    for obj in objects:
        pattern = lex.verb_objects.get(("send", "", "", _lemma(obj)))
        if pattern is not None and givers:
            return Candidate([verb, obj], pattern, verb, giver=givers[0])
    return None


def _with_particle(tokens: list[Token], verb: Token) -> list[Token]:
    return tokens + [c for c in verb.children if _is_particle(c)]


def _is_particle(token: Token) -> bool:
    """A particle, also when parsed as a preposition without object: "pulled out of the talks"."""
    return token.dep_ == "prt" or (token.dep_ == "prep" and token.lower_ in ("out", "back", "off")
                                   and not any(c.dep_ == "pobj" for c in token.children))


NO_PETRARCH_PATTERNS = lexicon.words("no_petrarch_patterns")
REFUSALS = lexicon.words("refusals")
SPEECH_CONTENT = lexicon.words("speech_content")

NON_EVENT_OBJECT_VERBS = lexicon.words("non_event_object_verbs")
_NON_EVENT_OBJECTS = lexicon.words("non_event_objects")


def _non_event_object(objects: list[Token]) -> bool:
    return any(_lemma(o) in _NON_EVENT_OBJECTS for o in objects)


def _noun_candidate(noun: Token, lex: lexicon.Lexicon) -> Candidate | None:
    modifiers = {_lemma(c) for c in noun.children if c.dep_ in ("compound", "amod", "nmod")}
    pattern = next((p for p in lex.nouns[noun.lemma_.lower()] if not p.needs or p.needs & modifiers), None)
    if pattern is None:
        return None
    slot = noun
    if noun.dep_ == "compound" and _lemma(noun.head) in LIGHT_NOUNS:
        slot = noun.head  # "a mediation effort"
    elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and _lemma(noun.head.head) in LIGHT_NOUNS:
        slot = noun.head.head  # "a new round of talks"
    head = slot.head
    if slot.dep_ in ("conj",):
        head = slot.head.head
    if slot.dep_ in ("dobj", "nsubjpass", "conj") and head.pos_ == "VERB" and _lemma(head) in SUPPORT_VERBS:
        return Candidate([head, noun], pattern, head, noun=noun)
    if slot.dep_ == "pobj" and _lemma(head.head) in ("go", "stage", "hold") and head.lower_ == "on":
        return Candidate([head.head, noun], pattern, head.head, noun=noun)
    if slot.dep_ == "pobj" and head.lower_ == "for" and _lemma(head.head) in TRAVEL_VERBS and pattern.type == "CONSULT":
        return Candidate([head.head, head, noun], pattern, head.head, noun=noun)  # "return to Geneva for talks"
    if slot.dep_ == "pobj" and head.lower_ == "in" and _lemma(head.head) in ("engage", "take", "participate", "join"):
        return Candidate([head.head, noun], pattern, head.head, noun=noun)  # "engaged in ethnic cleansing"
    author = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    before = noun.doc[noun.i - 1] if noun.i > 0 else None
    if author is None and before is not None and before.tag_ == "POS":  # "X's offers" misparsed as a verb
        author = before.head
    if author is not None and pattern.type in lexicon.VERBAL_TYPES:
        return Candidate([noun], pattern, noun, noun=noun, author=author)
    return None


def _counterparts(predicate: Token) -> list[Token]:
    """Who a concession or refusal answers: "called off the strike after talks with the
    government", "declined to resign despite pressure from the commission"."""
    clauses = [predicate, *[x for x in predicate.children if x.dep_ == "xcomp"]]  # "declined to resign despite"
    return [p for clause in clauses for prep in clause.children
            if prep.dep_ == "prep" and prep.lower_ in ("after", "despite", "following", "under")
            for frame in prep.children if frame.dep_ == "pobj" and _lemma(frame) in NEGOTIATION_FRAMES
            for inner in frame.children if inner.dep_ == "prep" and inner.lower_ in ("with", "from", "by")
            for p in inner.children if p.dep_ == "pobj"]


def _rallied_against(predicate: Token) -> list[Token]:
    """Targets of a call on others to act against them: "called on Arabs to unite against Israel"
    (PLOVER ACCUSE: "solicit other parties to take actions against the target")."""
    if not any(c.dep_ in ("dobj", "prep", "dative") for c in predicate.children):
        return []  # no one is called on: "demanded to act against" is the actor's own
    clauses = [x for x in predicate.children if x.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in x.children)]
    clauses += [conj for x in clauses for conj in x.conjuncts]
    return [p for x in clauses for prep in x.children if prep.dep_ == "prep" and prep.lower_ == "against"
            for p in prep.children if p.dep_ == "pobj"]


def _listed_appositions(token: Token) -> list[Token]:
    """ "The US, Russia, and Switzerland met": a list the parser read as an apposition with conjuncts."""
    found: list[Token] = []
    for appos in (c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"):
        if any(x.dep_ == "cc" for x in appos.children) and any(x.dep_ == "conj" for x in appos.children):
            found.extend([appos, *appos.conjuncts])
    return found


def _seeks_refuge(c: Candidate) -> bool:
    """ "sought refuge in Germany": PLOVER manual 3.8 codes the country of refuge as the target."""
    return c.pattern.type == "REQUEST" and any(
        x.dep_ == "dobj" and _lemma(x) in REFUGE_NOUNS for x in c.predicate.children)


def _protest_topics(c: Candidate) -> list[Token]:
    """Where a protest names what it is against when no object or preposition does (PLOVER
    manual 3.12: a protest is against a target): its purpose clause ("to protest Assad's
    failure"), a participle ("demanding that he be reinstated") or "in protest against/of X"."""
    topics: list[Token] = []
    for head in ([c.noun, c.predicate] if c.noun is not None else [c.predicate]):
        for child in head.children:
            purpose = any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children)
            if child.dep_ in ("advcl", "xcomp", "acl") and child.pos_ == "VERB" and (purpose or _lemma(child) in DEMANDING):
                topics.append(child)  # not a manner participle: "scaling a pole and unfurling banners"
            elif child.dep_ == "prep" and child.lower_ == "in":
                topics.extend(p for pobj in child.children if pobj.dep_ == "pobj" and _lemma(pobj) in PROTEST_FRAMES
                              for p in pobj.children if p.dep_ == "prep")
            elif child.dep_ == "prep" and child.lower_ in ("following", "after", "during"):
                # "rioted following a demonstration calling for Mubarak's removal": the same target
                topics.extend(x for pobj in child.children if pobj.dep_ in ("pobj", "dobj") and _lemma(pobj) in PROTEST_NOUNS
                              for x in pobj.children if (x.dep_ == "prep" and x.lower_ in ("against", "over"))
                              or (x.dep_ in ("acl", "relcl") and _lemma(x) in DEMANDING))
    return topics


def _is_city(name: str) -> bool:
    """A place named within a country ("Algiers"), not the country or its people ("Algeria", "Algerian")."""
    return name[:1].isupper() and not is_country_name(name) and not is_demonym(name)


def _is_unless(clause: Token | None) -> bool:
    return clause is not None and any(c.dep_ == "mark" and c.lower_ == "unless" for c in clause.children)


VERB_LEMMA_FIXES = {r["parsed"]: r["lemma"] for r in lexicon.table("verb_lemma_fixes.tsv")}


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    return VERB_LEMMA_FIXES.get(lemma, lemma) if token.pos_ in ("VERB", "AUX") else lemma


def _fold_content(candidates: list[Candidate]) -> list[Candidate]:
    """Drop triggers that are the content of a verbal act above them; keep them on that act."""
    by_token = {c.predicate.i: c for c in candidates}
    kept = []
    for c in candidates:
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
        if (outer.noun is None and _lemma(node) in COMMISSIVE | WILLINGNESS) or verbal_noun or verbal_clause or purpose:
            return outer
    return None


def _demand_clauses(sent: Span) -> list[tuple[Token, Token]]:
    """(clause, reporting verb) for "X said Y must/should ...": a REQUEST whose content is the clause."""
    found = []
    for verb in sent:
        if _lemma(verb) not in REPORTING and _lemma(verb) not in ("conclude", "insist", "stress"):
            continue
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            has_must = any(a.dep_ == "aux" and a.lower_ in DEONTIC for a in clause.children)
            if has_must and any(x.dep_ == "nsubj" for x in clause.children):
                found.append((clause, verb))
    return found


# --- one sentence --------------------------------------------------------------------------

class _SentenceCoder:
    def __init__(self, doc_id: str, index: int, sent: Span, published, context, lex: lexicon.Lexicon, places=(),
                 published_time=None):
        self.doc_id, self.index, self.sent = doc_id, index, sent
        self.places = list(places)
        self.published, self.context, self.lex = published, context, lex
        self.published_time = published_time  # the publication moment with its zone, when known
        self.coded: set[int] = set()
        self.protests: set[int] = set()  # predicates coded as PROTEST
        self.claims: list[Event] = []  # claimed conflict events, kept as "reported"

    # event assembly
    def code(self, c: Candidate) -> Event | Abstention:
        mood = modality(c.noun if c.noun is not None and c.author is not None else c.predicate)
        if c.noun is not None and mood.status == "asserted":
            conditional = next((m for m in c.noun.children if m.dep_ == "amod" and _lemma(m) == "conditional"), None)
            if conditional is not None:
                mood = replace(mood, status="conditional", cue=conditional)
        trigger_text = self._text(c.trigger)
        if mood.abstain:
            return Abstention(self.doc_id, STAGE, self.index, f"{c.pattern.type} not coded: {mood.abstain}", trigger_text)
        if _lemma(c.predicate) in REFUSALS and any(x.dep_ == "xcomp" and _lemma(x) in SPEECH_CONTENT for x in c.predicate.children):
            return Abstention(self.doc_id, STAGE, self.index, "REJECT not coded: declining to comment is no refusal of cooperation", trigger_text)
        actors, actor_token = self._actors(c, mood)
        if not actors and c.pattern.type == "PROTEST" and actor_token is not None:
            actors = self._protesters_of_place(c, actor_token)
        if actor_token is not None and _lemma(actor_token) in DOCUMENT_NOUNS:
            return Abstention(self.doc_id, STAGE, self.index,
                              f"{c.pattern.type} not coded: the subject is a document, not an actor", trigger_text)
        if not actors:
            return Abstention(self.doc_id, STAGE, self.index,
                              f"{c.pattern.type} not coded: no actor named that resolves", trigger_text)
        type_, mode, cameo, status = self._reinterpret(c, mood, actors)
        recipients, recipient_token = self._recipients(c, actors, type_)
        if self._story_country_only_in_recipients(actors, recipients):
            return Abstention(self.doc_id, STAGE, self.index, f"{type_} not coded: the actor's country comes from the "
                              "document, which names that country only as the recipient", trigger_text)
        recipients = [r for r in recipients if not _same_actor(r, actors)]
        recipient_token = recipient_token if recipients else None
        self.coded.add(c.predicate.i)
        if type_ == "PROTEST":
            self.protests.add(c.predicate.i)
        event = self._event(c, type_, mode, cameo, status, mood, actors, actor_token, recipients, recipient_token)
        return self._claimed(event, c, mood, actors) or event

    def _claimed(self, event: Event, c: Candidate, mood: Modality, actors: list[Actor]) -> Event | None:
        """"X claimed that Y attacked Z" is X accusing Y (PETRARCH2's CLAIM transformation); the
        attack itself is kept as reported. Only for "claim": "said" reports without accusing."""
        claim = next((v for v in mood.reporters if _lemma(v) == "claim"), None)
        if claim is None or event.type not in lexicon.CONFLICT_TYPES or event.status != "asserted":
            return None
        speaker = subject_of_reporting(claim)
        accusers = self._mention(speaker) if speaker is not None and speaker.pos_ != "PRON" else []
        if not accusers or {a.country for a in accusers} & {a.country for a in actors}:
            return None
        self.claims.append(replace(event, status="reported"))
        pattern = lexicon.Pattern("ACCUSE", "allege", "112", "curated: PETRARCH2 CLAIM transformation")
        accusation = Candidate([claim], pattern, claim)
        return self._event(accusation, "ACCUSE", "allege", "112", "asserted", modality(claim), accusers, speaker,
                           actors, c.predicate)

    def _event(self, c, type_, mode, cameo, status, mood, actors, actor_token, recipients, recipient_token) -> Event:
        evidence: dict[str, Evidence] = {}
        missing: dict[str, str] = {}
        trigger = self._span(c.trigger)
        for name in ("type", "cameo", "score"):
            evidence[name] = self._evidence(trigger)
        if mode:
            evidence["mode"] = self._evidence(trigger)
        else:
            missing["mode"] = "not stated"
        evidence["actors"] = self._evidence(actors[0].span) if actors[0].span else self._evidence(self._span([actor_token]))
        if recipients:
            evidence["recipients"] = self._evidence(recipients[0].span or self._span([recipient_token]))
        else:
            missing["recipients"] = "not stated"
        cue = mood.cue if status == mood.status else None
        evidence["status"] = self._evidence(self._span([cue]) if cue is not None else trigger)
        reported_by = self._reporters(mood, actors)
        if reported_by:
            evidence["reported_by"] = self._evidence(reported_by[0].span)
        context, context_token = self._context(c)
        if context:
            evidence["context"] = self._evidence(self._span([context_token]))
        else:
            missing["context"] = "not stated"
        # "offers to Seoul": Seoul is the recipient, not the place; "talks with allies in Seoul" keeps it
        text = text_of(self.sent.doc)
        directed = [a.span for a in recipients if a.span and
                    text[:a.span.start_char].rstrip().lower().endswith(("to", "toward", "towards", "with", "against"))]
        taken = [a.span for a in actors if a.span] + directed
        places = [p for p in self.places if not any(t.start_char < p.span.end_char and p.span.start_char < t.end_char
                                                     for t in taken)]
        place = event_place(self.index, trigger, places, self.sent.doc) if places else None
        if place is not None:
            evidence["place"] = Evidence.of(place.span, place.sentence_index if place.sentence_index is not None else self.index)
        else:
            missing["place"] = "not stated"
        when = self._date(c, status, mood, actors, reported_by, place)
        if when.missing:
            missing["date"] = when.missing
        else:  # the report window rests on the verb that reports the news
            evidence["date"] = self._evidence(self._span(when.tokens) if when.tokens else trigger)
        confidence = self._confidence(c, status, recipients, type_)
        evidence["confidence"] = self._evidence(trigger)
        return Event(
            doc_id=self.doc_id, sentence_index=self.index, type=type_, trigger=trigger, mode=mode,
            context=context, cameo=cameo, score=self.lex.score(type_, mode), actors=tuple(actors),
            recipients=tuple(recipients), status=status, reported_by=tuple(reported_by), date=when.date,
            place=place, confidence=confidence, evidence=evidence, missing=missing,
            attributes={"pattern": c.pattern.source},
        )

    def _reinterpret(self, c: Candidate, mood: Modality, actors: list[Actor]):
        """PLOVER's rules for intentions: future cooperation is AGREE, future retreat CONCEDE,
        a vow of force THREATEN (manual 3.1, 3.4, 2.3)."""
        p = c.pattern
        type_, mode, cameo, status = p.type, self.lex.valid_mode(p.type, p.mode), p.cameo, mood.status
        content_types = {x.pattern.type for x in c.content}
        if type_ == "REQUEST" and _rallied_against(c.predicate):
            return "ACCUSE", "disapprove", "113", status  # "called on Arabs to unite against Israel" (CAMEO 113)
        if _lemma(c.predicate) == "order" and any(x.dep_ == "xcomp" and _lemma(x) in SHUTDOWNS for x in c.predicate.children):
            return "COERCE", "restrict", "172", status  # "ordered the newspaper to suspend publication" (CAMEO 172)
        if _lemma(c.predicate) in ("vow", "pledge", "swear", "promise") and self._negated_content(c.predicate):
            return "REJECT", None, "120", status  # "vowed not to return the Golan"
        if _lemma(c.predicate) in ("vow", "pledge", "swear", "promise", "threaten", "warn") and (
            content_types & lexicon.CONFLICT_TYPES or self._military_content(c.predicate)
        ):
            inner = next((x.pattern.type for x in c.content if x.pattern.type in THREAT_MODES), "ASSAULT")
            return "THREATEN", THREAT_MODES.get(inner, "violence"), "138", status
        if status == "negated" and (mood.future or mood.failed) and type_ in COOPERATIVE_TYPES:
            return "REJECT", None, "120", "asserted"  # "will not accept", "failed to reach agreement"
        if status == "planned" and type_ == "ASSAULT" and mood.cue is not None and _lemma(mood.cue) == "prepare":
            return "MOBILIZE", "troops", "154", "asserted"  # readiness short of force (PLOVER manual 3.14)
        if status == "planned" and type_ in THREAT_MODES and self._desired(c.predicate):
            return "THREATEN", THREAT_MODES[type_], "138", "asserted"  # "wants to attack" (PETRARCH2 transformation)
        if mood.future and status == "conditional" and _is_unless(mood.cue) and type_ in UNLESS_THREATS:
            threat_mode, threat_cameo = UNLESS_THREATS[type_]  # "will withdraw its force unless ..." (CAMEO 13)
            return "THREATEN", threat_mode, threat_cameo, "asserted"
        if mood.future and status in ("asserted", "reported", "conditional"):
            if type_ in COOPERATIVE_FUTURE:
                return COOPERATIVE_FUTURE[type_], None, "030" if type_ != "RETREAT" else "080", status
            if type_ in THREAT_MODES and self._announced_by_actor(mood, actors):
                return "THREATEN", THREAT_MODES[type_], "130", status
            if status == "asserted":
                status = "planned"  # narrated future: "Russian forces will shell the city"
        return type_, mode, cameo, status

    def _story_country_only_in_recipients(self, actors: list[Actor], recipients: list[Actor]) -> bool:
        """"President Ruiz threatened Peru", "Rebels freed 12 Nigerian hostages": a country the
        text names only for the recipient is not thereby the actor's. A city in the recipient
        phrase ("a curfew in Algiers"), a state's own agents ("three Chilean ministers") or its
        institutions ("boycott Algeria's elections") still place a domestic story."""
        for actor in actors:
            if not (actor.source or "").startswith(STORY_SOURCE):
                continue
            people = [r.span for r in recipients if r.span and r.sector not in STATE_SECTORS]
            named = self.context.country_mentions(actor.country)
            if named and all(any(p.start_char <= m.start_char and m.end_char <= p.end_char for p in people)
                             and not _is_city(m.text) and not self._owns_institution(m) for m in named):
                return True
        return False

    def _owns_institution(self, mention: TextSpan) -> bool:
        """ "Algeria's first multi-party elections": the country as owner of a state institution."""
        doc = self.sent.doc
        token = next((t for t in doc if t.idx == mention.start_char), None)
        if token is None:
            return False
        owner = token  # "South Korea's": walk from "South" to "Korea"
        while owner.dep_ in ("compound", "flat") and owner.head.i > owner.i:
            owner = owner.head
        return owner.dep_ == "poss" and _lemma(owner.head) in INSTITUTIONS

    def _announced_by_actor(self, mood: Modality, actors: list[Actor]) -> bool:
        """The actor itself says it will act: a threat (PLOVER manual 2.3)."""
        speakers = [s for v in mood.reporters if (s := subject_of_reporting(v)) is not None]
        spoken = {a.country for s in speakers for a in self._mention(s)} if speakers else set()
        return bool(spoken & {a.country for a in actors})

    def _desired(self, predicate: Token) -> bool:
        head = predicate.head
        return predicate.dep_ == "xcomp" and _lemma(head) in ("want", "wish", "intend", "threaten", "vow") \
            and not any(c.dep_ in ("dobj", "nsubj") and c.i > head.i for c in head.children if c.i < predicate.i)

    def _negated_content(self, predicate: Token) -> bool:
        return any(g.dep_ == "neg" for c in predicate.children if c.dep_ == "xcomp" for g in c.children)

    def _military_content(self, predicate: Token) -> bool:
        """A vow to build up or use force: "vowed to strengthen his nuclear deterrent"."""
        for clause in (c for c in predicate.children if c.dep_ in ("xcomp", "ccomp")):
            objects = [t for o in clause.children if o.dep_ == "dobj" for t in o.subtree]
            if _lemma(clause) in FORCE_VERBS or (_lemma(clause) in BUILDUP_VERBS and any(_lemma(t) in MILITARY_CUES for t in objects)):
                return True
        return False

    # actors
    def _actors(self, c: Candidate, mood: Modality) -> tuple[list[Actor], Token | None]:
        if c.author is not None:
            return self._mention(c.author, mood), c.author
        if c.giver is not None:
            return self._mention(c.giver, mood), c.giver
        subject = self._subject(c.predicate)
        if subject is None:
            return [], None
        return self._mention(subject, mood), subject

    def _subject(self, predicate: Token) -> Token | None:
        node = predicate
        for _ in range(6):
            passive = any(c.dep_ == "auxpass" for c in node.children)
            if passive and (node != predicate or _lemma(node) in WILLINGNESS or node.lower_ in WILLINGNESS
                            or _lemma(node) in STATIVE_PASSIVES):  # "X is scheduled to", "X is committed to"
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
                if node.dep_ == "xcomp" and _lemma(head) in OBJECT_CONTROL:
                    return next((c for c in head.children if c.dep_ == "dobj"), None)
                node = head
                continue
            if node.dep_ in ("pcomp", "pobj"):
                return self._controller(node)
            if node.dep_ == "acl" and (node.head.dep_ == "attr" or (node.head.dep_ == "dobj" and node.tag_ == "VBG")):
                # "is due to hold"; "issued a declaration demanding" (not "an agreement signed in 2001")
                node = node.head.head
                continue
            if node.dep_ == "relcl":
                return node.head
            return None
        return None

    def _controller(self, gerund: Token) -> Token | None:
        """Subject of a gerund under a preposition: the object of an object-control verb above
        ("accused Seoul of hypocrisy for criticising") or else that verb's subject."""
        node, through_noun = gerund, False
        for _ in range(6):
            node = node.head
            if node.pos_ in ("NOUN", "PROPN") and node.dep_ != "ROOT":
                through_noun = True  # "a proposal for signing": the gerund belongs to the noun
            if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
                obj = next((c for c in node.children if c.dep_ == "dobj"), None)
                if obj is not None and _lemma(node) in OBJECT_CONTROL:
                    return obj
                return None if through_noun else self._subject(node)
            if node.head == node:
                return None
        return None

    def _mention(self, token: Token, mood: Modality | None = None) -> list[Actor]:
        actors: list[Actor] = []
        heads: list[Token] = []
        for head in [token, *token.conjuncts, *_listed_appositions(token)]:
            quantified = self._quantified(head)  # "scores of Sierra Leonean and Liberian refugees"
            heads.extend(h for h in [quantified, *(quantified.conjuncts if quantified != head else ())] if h not in heads)
        for head in heads:
            actors.extend(self._resolve_head(head, mood))
        unique = {}
        for a in actors:
            unique.setdefault((a.country, a.sector, a.name), a)
        return list(unique.values())

    def _quantified(self, head: Token) -> Token:
        """"Thousands of Chilean students" -> "students"."""
        for _ in range(3):  # "Hundreds of thousands of people"
            if not (head.pos_ == "NUM" or _lemma(head) in QUANTITY_HEADS):
                break
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((p for p in of.children if p.dep_ == "pobj"), None) if of is not None else None
            if pobj is None:
                break
            head = pobj
        return head

    def _resolve_head(self, head: Token, mood: Modality | None) -> list[Actor]:
        if _lemma(head) in RELATION_HEADS or _lemma(head) in CULTURE_HEADS:
            return []
        doc = head.doc
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
            return self._pronoun(head, mood)
        start = head.left_edge.i
        end = head.i + 1
        for child in head.rights:  # "Security forces in Guinea", "Members of the Association"
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "from") and head.pos_ == "NOUN":
                end = child.right_edge.i + 1
            else:
                break
        span = doc[start: end]
        found = self._resolve(span)
        if not found:
            appos = next((c for c in head.children if c.dep_ == "appos"), None)
            if appos is not None:
                found = self._resolve(doc[appos.left_edge.i: appos.right_edge.i + 1])
        if not found and head.pos_ in ("NOUN", "PROPN"):
            found = self._group_of_place(head, span)
        return found

    def _group_of_place(self, head: Token, span: Span) -> list[Actor]:
        """A group named by nationality, place or organisation ("Palestinian youths",
        "Demonstrators in Baghdad", "doctors from two American aid groups", "the al-Qaeda
        network") belongs to that country (the text gives no sector) or is that organisation."""
        for child in head.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.pos_ in ("ADJ", "PROPN") \
                    and (child.ent_type_ or self.context.mention_at(child.i) is not None) \
                    and not is_partisan(child):
                coordinated = [child, *child.conjuncts]  # "the Turkish and Greek sides"
                if len(coordinated) > 1:
                    found = [a for c in coordinated for a in self._resolve(c.doc[c.i: c.i + 1])[:1]]
                    if len(found) == len(coordinated):
                        return [replace(a, sector=None, name=None, role=None, span=self._text_span(span)) for a in found]
                modifier = child.doc[child.i: child.i + 1]
            elif child.dep_ == "prep" and child.lower_ in ("in", "from", "of"):
                pobj = next((p for p in child.children if p.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                if _lemma(pobj) in CULTURE_HEADS:
                    continue  # "the use of the Russian language"
                if pobj.ent_type_ not in ("GPE", "NORP", "LOC"):
                    pobj = next((m for m in pobj.children if m.dep_ in ("amod", "compound") and m.ent_type_ in ("GPE", "NORP")
                                 and not is_partisan(m)), None)  # "from two American aid groups"
                    if pobj is None:
                        continue
                modifier = child.doc[pobj.left_edge.i: pobj.i + 1]
            else:
                continue
            countries = self._resolve(modifier)
            if countries:
                found = countries[0]
                sector = found.sector if found.sector and not is_state_code(found.country) else None
                return [replace(found, sector=sector, name=None, role=None, span=self._text_span(span))]
        return []

    def _resolve(self, span: Span) -> list[Actor]:
        """Actors with a country: PLOVER codes no event whose actor has none."""
        found = self.context.resolve(span, follow_pronouns=True)
        located = [a for a in found if a.country]
        if located or not found:
            return located
        return [a for a in (self.context.in_story_country(a) for a in found) if a is not None]

    def _pronoun(self, pronoun: Token, mood: Modality | None) -> list[Actor]:
        if pronoun.lower_ in FIRST_PERSON:
            reporter = next(iter(mood.reporters), None) if mood else None
            reporter = reporter or self._sentence_reporter()
            subject = subject_of_reporting(reporter) if reporter is not None else None
            if subject is None or subject.pos_ == "PRON":
                return []
            return self._mention(subject)
        speaker = self._speaker_of(pronoun)
        found = self._mention(speaker) if speaker is not None else []  # "Syria says it will ...": the speaker
        if found:
            return found
        return list(self.context.antecedent(pronoun.i))

    def _speaker_of(self, pronoun: Token) -> Token | None:
        if pronoun.dep_ != "nsubj" or pronoun.lower_ not in ("it", "they", "he", "she"):
            return None
        clause = pronoun.head
        if clause.dep_ != "ccomp" or _lemma(clause.head) not in REPORTING:
            return None
        speaker = subject_of_reporting(clause.head)
        return speaker if speaker is not None and speaker.pos_ != "PRON" else None

    def _sentence_reporter(self) -> Token | None:
        return next((t for t in self.sent if _lemma(t) in REPORTING and subject_of_reporting(t) is not None), None)

    # recipients
    def _recipients(self, c: Candidate, actors: list[Actor], type_: str) -> tuple[list[Actor], Token | None]:
        actor_spans = {(a.span.start_char, a.span.end_char) for a in actors if a.span}
        if c.giver is not None:
            receiver = self._subject(c.predicate)
            return (self._mention(receiver), receiver) if receiver is not None else ([], None)
        if type_ == "ACCUSE":
            # the target, not the parties called on
            found = self._first_of(_rallied_against(c.predicate), actor_spans, actors)
            if found:
                return found
        found = self._first_of(self._recipient_slots(c), actor_spans, actors)
        if found:
            return found
        if c.author is not None and c.noun is not None and c.noun.dep_ in ("dobj", "nsubjpass"):
            governor = c.noun.head  # "X rejected Y's offer": the offer was made to X
            subject = self._subject(governor)
            if subject is not None:
                return self._mention(subject), subject
        if type_ in PLACE_RECIPIENT_TYPES or _seeks_refuge(c):
            places = [p for x in c.predicate.children if x.dep_ == "prep" and x.lower_ == "in"
                      for p in x.children if p.dep_ == "pobj"]
            for place in places:
                found = self._place_country(place)
                if found:
                    return found, place
        if type_ in YIELDING_TYPES:
            found = self._first_of(_counterparts(c.predicate), actor_spans, actors)
            if found:
                return found
        if type_ == "PROTEST":
            found = self._first_of(_protest_topics(c), actor_spans, actors)
            if found:
                return found
        if type_ in lexicon.RECIPIENT_REQUIRED:
            clause = self._clause_root(c.predicate)
            found = self._first_mention(clause, actor_spans, actors, skip=c.predicate, wide=True)
            if found:
                return found
        return [], None

    def _condition_subjects(self, predicate: Token) -> list[Token]:
        clauses = [predicate, *[x for x in predicate.children if x.dep_ == "xcomp"]]
        return [subject for clause in clauses for cond in clause.children
                if cond.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in cond.children)
                for subject in cond.children if subject.dep_ == "nsubj"]

    def _protesters_of_place(self, c: Candidate, subject: Token) -> list[Actor]:
        """"Thousands of people blocked streets in Hong Kong": a crowd the text gives no
        nationality protests where it gathers (PLOVER/CAMEO code protesters by that country)."""
        crowd = self._quantified(subject)
        if crowd.pos_ != "NOUN" or _lemma(crowd) not in CROWD_NOUNS:
            return []
        heads = [c.predicate, *[o for o in c.predicate.children if o.dep_ == "dobj"]]
        for place in (p for h in heads for x in h.children if x.dep_ == "prep" and x.lower_ == "in"
                      for p in x.children if p.dep_ == "pobj"):
            found = self._place_country(place)
            if found:
                span = self._text_span(subject.doc[subject.left_edge.i: crowd.i + 1])
                where = subject.doc[place.left_edge.i: place.right_edge.i + 1].text
                return [replace(found[0], span=span, source=f"place of the protest ({where})")]
        return []

    def _place_country(self, place: Token) -> list[Actor]:
        """The country of "in Montenegro" / "in the town of Cizre in southeastern Turkey", no sector."""
        for token in place.subtree:
            if token.ent_type_ in ("GPE", "LOC") and token.pos_ == "PROPN":
                found = self._resolve(token.doc[token.i: token.i + 1])
                if found:
                    return [replace(found[0], sector=None, name=None, role=None)]
        return []

    def _recipient_slots(self, c: Candidate) -> list[Token]:
        slots: list[Token] = []
        if c.pattern.type in ("THREATEN", "REQUEST"):
            slots.extend(self._condition_subjects(c.predicate))  # "threatened to attack unless Baghdad accepted"
        heads = [c.noun, c.predicate] if c.noun is not None else [c.predicate]
        if c.noun is not None and _lemma(c.predicate) in TRAVEL_VERBS:
            heads = [c.noun]  # "return to Geneva for talks with X": Geneva is the venue, X the counterpart
        passive = any(x.dep_ == "auxpass" for x in c.predicate.children)
        for head in heads:
            for child in head.children:
                if child.dep_ in ("dobj", "iobj", "dative") and child != c.noun:
                    if not (c.pattern.type == "PROTEST" and _lemma(child) in OBSTRUCTED):
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

    def _first_of(self, roots: list[Token], actor_spans, actors):
        """The first of ``roots`` under which ``_first_mention`` finds a recipient, or None."""
        for root in roots:
            found = self._first_mention(root, actor_spans, actors)
            if found:
                return found
        return None

    def _first_mention(self, root: Token, actor_spans, actors, skip: Token | None = None, wide: bool = False):
        queue = [root]
        seen = 0
        while queue and seen < 40:
            token = queue.pop(0)
            seen += 1
            if any(a <= token.idx < b for a, b in actor_spans):
                continue
            owned = any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in token.children)  # "its troops": the actor's own
            if (skip is None or token != skip) and not owned and token.pos_ in ("PROPN", "NOUN") or (token.pos_ == "ADJ" and token.ent_type_ in ("NORP", "GPE")):
                if token.pos_ != "ADJ" or token.dep_ != "amod" or token.head.pos_ != "NOUN":
                    found = self._mention(token) if token.pos_ != "PRON" else []
                    found = [a for a in found if not a.span or (a.span.start_char, a.span.end_char) not in actor_spans]
                    if found and not self._same_entity(found, actors, token):
                        return found, token
            if _lemma(token) in RELATION_HEADS:  # "US allies in Seoul": the allies, not the US
                queue.extend(ch for ch in token.children if ch.dep_ == "prep")
                continue
            queue.extend(ch for ch in token.children if (wide and ch.dep_ == "advcl") or (
                ch.dep_ not in NON_RECIPIENT_DEPS and not (ch.dep_ == "prep" and ch.lower_ in NON_RECIPIENT_PREPS)))
        return None

    def _same_entity(self, found: list[Actor], actors: list[Actor], token: Token) -> bool:
        same = {(a.country, a.sector) for a in found} <= {(a.country, a.sector) for a in actors}
        return same and any(c.tag_ == "PRP$" for c in token.children)

    def _clause_root(self, token: Token) -> Token:
        node = token
        while node.dep_ not in ("ROOT",) and node.head != node and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in node.children
        ):
            node = node.head
        return node

    # status, date, context
    def _reporters(self, mood: Modality, actors: list[Actor]) -> list[Actor]:
        found: list[Actor] = []
        for verb in mood.reporters:
            subject = subject_of_reporting(verb)
            if subject is not None and subject.pos_ != "PRON":
                found.extend(self._mention(subject))
        return found

    def _date(self, c: Candidate, status: str, mood: Modality, actors, reporters, place) -> dates.DateDecision:
        speech = []  # a speech act happens when it is spoken: it shares the reporting verb's date
        if c.pattern.type in lexicon.VERBAL_TYPES or c.predicate.dep_ in ("ccomp",):
            if not reporters or {a.country for a in reporters} <= {a.country for a in actors}:
                speech = list(mood.reporters)
        return dates.event_date(c.predicate, self.sent, self.published, status=status,
                                future=status == "planned" or mood.future, inherit_from=speech,
                                published_time=self.published_time, place=place, country=actors[0].country)

    def _context(self, c: Candidate) -> tuple[str | None, Token | None]:
        for token in self.sent:
            context = self.lex.contexts.get(_lemma(token))
            if context:
                return context, token
        return None, None

    def _confidence(self, c: Candidate, status: str, recipients, type_: str) -> float:
        # Heuristic, not calibrated: curated lemma patterns and object patterns are the surest;
        # a missing recipient where PLOVER requires one lowers trust.
        score = 0.75 if c.pattern.source.startswith("curated") else 0.65
        if recipients:
            score += 0.1
        elif type_ in lexicon.RECIPIENT_REQUIRED:
            score -= 0.2
        if status != "asserted":
            score -= 0.1
        return round(max(0.0, min(1.0, score)), 2)

    # REQUEST from "X said Y must ..."
    def requests(self) -> list[Event]:
        """REQUEST events from "X said Y must ..." (the clause is the demand's content)."""
        events = []
        pattern = lexicon.Pattern("REQUEST", None, "100", "curated: PLOVER manual 3.8 (X says Y must ...)")
        for clause, verb in _demand_clauses(self.sent):
            if verb.i in self.coded:
                continue
            if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i in self.protests:
                continue  # "staged rallies, saying he must resign": a demand made by protest is PROTEST (manual 3.8)
            must = next(a for a in clause.children if a.dep_ == "aux" and a.lower_ in DEONTIC)
            target = next(s for s in clause.children if s.dep_ == "nsubj")
            c = Candidate([must, clause], pattern, verb)
            mood = modality(verb)
            actors, actor_token = self._actors(c, mood)
            recipients = self._mention(target)
            if actors and recipients and not mood.abstain:
                events.append(self._event(c, "REQUEST", None, "100", mood.status, mood, actors, actor_token,
                                          recipients, target))
        return events

    # spans
    def _span(self, tokens: list[Token]) -> TextSpan:
        tokens = [t for t in tokens if t is not None]
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t.text) for t in tokens)
        return TextSpan(self.doc_id, start, end, text_of(self.sent.doc)[start:end])

    def _text_span(self, span: Span) -> TextSpan:
        return TextSpan(self.doc_id, span.start_char, span.end_char, span.text)

    def _text(self, tokens: list[Token]) -> str:
        return self._span(tokens).text

    def _evidence(self, span: TextSpan) -> Evidence:
        return Evidence.of(span, self.index)


def _same_actor(recipient: Actor, actors: list[Actor]) -> bool:
    """A single actor acting on itself ("Iran's ministry warned that Tehran would respond") has
    no recipient; the same country in another sector (government against opposition) does.
    The sides of a compound actor act on each other ("Greece and Turkey agreed"): PLOVER codes
    each as source and target, so one of their own countries is no separate recipient."""
    countries = {a.country for a in actors if a.country}
    if len(countries) > 1:
        return recipient.country in countries
    if len(countries) != 1:
        return False
    if recipient.sector is None and recipient.span is not None and not is_country_name(recipient.span.text):
        return False  # "Islamic Jihad rejected an invitation from Palestinian factions": another group of one country
    return any(a.country == recipient.country and a.sector == recipient.sector for a in actors if a.country)


_NAMED_ACTOR_ENTS = lexicon.words("named_actor_ents")
_PERSON_PRONOUNS = lexicon.words("person_pronouns")
_GROUP_PRONOUNS = lexicon.words("group_pronouns")


class _ModelSentenceCoder(_SentenceCoder):
    """For events the model found: when the dictionary resolves no actor, a subject the text
    names (a person, organisation or group, or a pronoun whose antecedent is one) still acts;
    its country is the story's main country, and the actor's ``source`` says so."""

    def _actors(self, c: Candidate, mood: Modality) -> tuple[list[Actor], Token | None]:
        actors, token = super()._actors(c, mood)
        if actors or token is None:
            return actors, token
        named, sector = self._named_subject(token)
        if named is None:
            return [], token
        countries = self.context.dominant_countries(1)
        country = self.context.story_country() or (countries[0] if countries else None)
        span = TextSpan(self.doc_id, named.start_char, named.end_char, named.text)
        source = f"model: subject named in the text; country {country or 'unknown'} from the story"
        return [Actor(country=country, sector=sector, name=named.text, span=span, source=source)], token

    def _named_subject(self, token: Token) -> tuple[Span | None, str | None]:
        """The subject's name (or its antecedent's) and, for an agent noun ("the prime
        minister"), the agent's sector."""
        if token.pos_ == "PRON":
            return self._antecedent(token), None
        phrase = range(token.left_edge.i, token.right_edge.i + 1)
        named = [e for e in ents_of(token.doc) if e.label_ in _NAMED_ACTOR_ENTS and e.start in phrase]
        # the head's own name first ("Guy Mansfield QC"), then a name inside the phrase ("a Labour peer")
        found = next((e for e in named if e.start <= token.i < e.end), named[0] if named else None)
        mention = self.context.mention_at(token.i)
        if mention is not None and mention.kind == "agent":
            agent = token.doc[token.left_edge.i: token.i + 1]
            return found or agent, mention.entry.sector if mention.entry else None
        return found, None

    def _antecedent(self, pronoun: Token) -> Span | None:
        """The nearest earlier named person (he, she) or group (they, it) of the report."""
        lower = pronoun.lower_
        labels = {"PERSON"} if lower in _PERSON_PRONOUNS else {"ORG", "NORP", "GPE"} if lower in _GROUP_PRONOUNS else set()
        earlier = [e for e in ents_of(pronoun.doc) if e.end <= pronoun.i and e.label_ in labels]
        return earlier[-1] if earlier else None

