"""Event coding: PLOVER events with actors, status, date and evidence from a parsed document.

``code_events(doc, analysis)`` reads the spaCy ``Doc`` and returns ``Event`` and ``Abstention``
records. For each sentence the rule coder finds triggers, reads their status, resolves actors
and recipients and assembles an event; the learned model then keeps, drops and completes the
rule events, and one record is kept per happening.

Where to change what (each step a module of ``events/``, its words in ``data/``):

==============================  ==========================  =====================================
Step                            Module                      Knowledge
==============================  ==========================  =====================================
what calls the steps            ``coder.py``                --
relevance (is this an event?)   ``relevance.py``,           ``data/event_model.npz``
                                ``model.py``
trigger and type (candidates)   ``triggers.py``,            ``data/plover_verbs_*.tsv``,
                                ``lexicon.py``              ``plover_nouns.tsv``, ``event_words.tsv``
where actor/recipient sit       ``argument_slots.py``       ``data/event_words.tsv``
who acts (actor)                ``arguments.py``,           ``data/event_words.tsv``, ``data/actors/``
                                ``actors.py``
who is acted on (recipient)     ``recipients.py``           ``data/event_words.tsv``
status (modality)               ``modality.py``,            ``data/event_words.tsv``,
                                ``status.py``               ``event_type_shifts.tsv``
the event record and evidence   ``assemble.py``,            ``data/plover_scores.tsv``,
                                ``dates.py``, ``places.py`` ``plover_contexts.tsv``
the sentence being coded        ``scope.py``                --
one record per happening        ``happenings.py``           --
==============================  ==========================  =====================================

What it does not code (and says so in an Abstention): triggers without a resolvable actor,
triggers under a negated report ("did not immediately say what kind of missile was fired").
It does not code statements (CAMEO 01), states of affairs ("talks have stalled") or event nouns
outside support-verb and possessive frames. Content of a verbal act ("vowed to strengthen its
deterrent") is folded into that act rather than coded on its own.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..records import Abstention, Actor, Analysis, Event
from . import details, happenings, lexicon, relevance
from .actors import document_actors
from .argument_slots import reporting_verb_above
from .arguments import Arguments, NamedSubjectArguments, Parties
from .assemble import build_event
from .modality import Modality, modality, subject_of_reporting
from .recipients import recipients, same_actor, story_country_only_in_recipients
from .places import ReportPlaces
from .scope import SentenceScope
from .status import Coding, mood_of, reinterpret
from .triggers import DEONTIC, REFUSALS, Candidate, candidates, demand_clauses, lemma, with_particle

STAGE = "events"
SPEECH_CONTENT = lexicon.words("speech_content")
DOCUMENT_NOUNS = lexicon.words("document_nouns")
JUDGEMENT_TYPES = lexicon.words("judgement_types")


def code_events(doc: Doc, analysis: Analysis) -> list[Event | Abstention]:
    """Events and abstentions for one parsed document (see the module docstring): the rule
    coder's candidates, kept or dropped and completed by the learned model (``relevance``),
    then one record per happening (``happenings``)."""
    events, abstentions = rule_events(doc, analysis)
    context = document_actors(doc, analysis.document.id, analysis.document.published_at, places=analysis.places or None)
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


def _scope(analysis: Analysis, sent: Span, index: int, context, places: ReportPlaces) -> SentenceScope:
    document = analysis.document
    return SentenceScope(document.id, index, sent, document.published_at, context, lexicon.load(),
                         places, published_time=document.published_time)


def _model_event(analysis: Analysis, sent: Span, index: int, type_: str, trigger: Token, context) -> Event | Abstention:
    """An event of ``type_`` the model found and the rules did not: arguments, status and date
    read from the parse around ``trigger`` like any rule event. A judgement found in reported
    content is then read from its saying verb (``_judging_verb``); that never adds an event the
    trigger itself did not give."""
    scope = _scope(analysis, sent, index, context, ReportPlaces.of(analysis.places))
    pattern = lexicon.Pattern(type_, None, lexicon.default_cameo(type_), "model: sentence classifier")

    def code_at(verb: Token) -> Event | Abstention:
        return _SentenceCoder(scope, NamedSubjectArguments(scope)).code(Candidate(with_particle([verb], verb), pattern, verb))

    event = code_at(trigger)
    saying = _judging_verb(type_, trigger)
    if isinstance(event, Abstention) or saying == trigger:
        return event
    judged = code_at(saying)
    return judged if isinstance(judged, Event) else event


def _judging_verb(type_: str, trigger: Token) -> Token:
    """A criticism or praise the model reads in reported content is made by the saying: the
    reporting verb above ``trigger`` (its subject acts, the content names whom it judges),
    unless ``trigger`` is itself a verb of that type ("said Y accused Z": Y accuses)."""
    if type_ not in JUDGEMENT_TYPES:
        return trigger
    own = lexicon.load().verbs.get((lemma(trigger), ""))
    if own is not None and own.type == type_:
        return trigger
    return reporting_verb_above(trigger) or trigger


def rule_events(doc: Doc, analysis: Analysis) -> tuple[list[Event], list[Abstention]]:
    """The rule coder's events (one per trigger, not yet merged) and abstentions."""
    lex = lexicon.load()
    context = document_actors(doc, analysis.document.id, analysis.document.published_at, places=analysis.places or None)
    events: list[Event] = []
    abstentions: list[Abstention] = []
    places = ReportPlaces.of(analysis.places)
    for index, sent in enumerate(doc.sents):
        scope = _scope(analysis, sent, index, context, places)
        coder = _SentenceCoder(scope, Arguments(scope))
        for candidate in candidates(sent, lex):
            result = coder.code(candidate)
            (events if isinstance(result, Event) else abstentions).append(result)
        events.extend(coder.requests())
        events.extend(coder.claims)
    return events, abstentions


class _SentenceCoder:
    """Calls the steps for the candidates of one sentence and keeps what they coded: predicates
    already coded (a demand clause under one is no second REQUEST), protests, and the claimed
    events kept as "reported"."""

    def __init__(self, scope: SentenceScope, arguments: Arguments):
        self.scope, self.arguments = scope, arguments
        self.coded: set[int] = set()
        self.protests: set[int] = set()  # predicates coded as PROTEST
        self.claims: list[Event] = []  # claimed conflict events, kept as "reported"

    def code(self, c: Candidate) -> Event | Abstention:
        """The event of candidate ``c``, or an abstention saying why it is not coded."""
        mood = mood_of(c)
        reason = _not_an_act(c, mood)
        if reason:
            return self._abstain(c, reason)
        actors, actor_token = self.arguments.actors(c, mood)
        if not actors and c.pattern.type == "PROTEST" and actor_token is not None:
            actors = self.arguments.protesters_of_place(c, actor_token)
        if actor_token is not None and lemma(actor_token) in DOCUMENT_NOUNS:
            return self._abstain(c, f"{c.pattern.type} not coded: the subject is a document, not an actor")
        if not actors:
            return self._abstain(c, f"{c.pattern.type} not coded: no actor named that resolves")
        coding = reinterpret(c, mood, actors, self.arguments)
        found, recipient_token = recipients(self.arguments, c, actors, coding.type)
        if story_country_only_in_recipients(self.arguments, actors, found):
            return self._abstain(c, f"{coding.type} not coded: the actor's country comes from the "
                                 "document, which names that country only as the recipient")
        kept = [r for r in found if not same_actor(r, actors)]
        recipient_token = recipient_token if kept else None
        self.coded.add(c.predicate.i)
        if coding.type == "PROTEST":
            self.protests.add(c.predicate.i)
        event = build_event(self.scope, self.arguments, c, coding, mood,
                            Parties(actors, actor_token, kept, recipient_token))
        return self._claimed(event, c, mood, actors) or event

    def _abstain(self, c: Candidate, reason: str) -> Abstention:
        return Abstention(self.scope.doc_id, STAGE, self.scope.index, reason, self.scope.text(c.trigger))

    def _claimed(self, event: Event, c: Candidate, mood: Modality, actors: list[Actor]) -> Event | None:
        """"X claimed that Y attacked Z" is X accusing Y (PETRARCH2's CLAIM transformation); the
        attack itself is kept as reported. Only for "claim": "said" reports without accusing."""
        claim = next((v for v in mood.reporters if lemma(v) == "claim"), None)
        if claim is None or event.type not in lexicon.CONFLICT_TYPES or event.status != "asserted":
            return None
        speaker = subject_of_reporting(claim)
        accusers = self.arguments.mention(speaker) if speaker is not None and speaker.pos_ != "PRON" else []
        if not accusers or {a.country for a in accusers} & {a.country for a in actors}:
            return None
        self.claims.append(replace(event, status="reported"))
        pattern = lexicon.Pattern("ACCUSE", "allege", "112", "curated: PETRARCH2 CLAIM transformation")
        accusation = Candidate([claim], pattern, claim)
        return build_event(self.scope, self.arguments, accusation, Coding("ACCUSE", "allege", "112", "asserted"),
                           modality(claim), Parties(accusers, speaker, actors, c.predicate))

    def requests(self) -> list[Event]:
        """REQUEST events from "X said Y must ..." (the clause is the demand's content)."""
        events = []
        pattern = lexicon.Pattern("REQUEST", None, "100", "curated: PLOVER manual 3.8 (X says Y must ...)")
        for clause, verb in demand_clauses(self.scope.sent):
            if verb.i in self.coded:
                continue
            if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i in self.protests:
                continue  # "staged rallies, saying he must resign": a demand made by protest is PROTEST (manual 3.8)
            must = next(a for a in clause.children if a.dep_ == "aux" and a.lower_ in DEONTIC)
            target = next(s for s in clause.children if s.dep_ == "nsubj")
            c = Candidate([must, clause], pattern, verb)
            mood = modality(verb)
            actors, actor_token = self.arguments.actors(c, mood)
            recipients = self.arguments.mention(target)
            if actors and recipients and not mood.abstain:
                events.append(build_event(self.scope, self.arguments, c, Coding("REQUEST", None, "100", mood.status),
                                          mood, Parties(actors, actor_token, recipients, target)))
        return events


def _not_an_act(c: Candidate, mood: Modality) -> str | None:
    """Why a trigger is no act before its actors are read: it sits under a negated report, or
    "declined to comment" refuses information, not cooperation."""
    if mood.abstain:
        return f"{c.pattern.type} not coded: {mood.abstain}"
    if lemma(c.predicate) in REFUSALS and any(x.dep_ == "xcomp" and lemma(x) in SPEECH_CONTENT for x in c.predicate.children):
        return "REJECT not coded: declining to comment is no refusal of cooperation"
    return None
