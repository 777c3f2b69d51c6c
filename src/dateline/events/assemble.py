"""One ``Event`` record from a coded trigger, with evidence for every filled field.

``build_event(scope, arguments, c, coding, mood, parties)`` fills the record the earlier steps
decided (type and CAMEO from ``triggers``/``status``, actors and recipients from
``arguments``) and reads the rest around the trigger: who reported it, the PLOVER context cue
of the sentence, the place (``events/places.py``), the date (``events/dates.py``; a speech act
shares its reporting verb's date) and a confidence. A field the text does not give stays empty
with the reason in ``missing``.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..nlp import text_of
from ..records import Actor, Event, Evidence, Place, TextSpan
from . import dates, lexicon
from .arguments import Arguments, Parties
from .modality import Modality
from .places import event_place
from .scope import SentenceScope
from .status import Coding
from .triggers import Candidate, lemma


def build_event(scope: SentenceScope, arguments: Arguments, c: Candidate, coding: Coding, mood: Modality,
                parties: Parties) -> Event:
    """The event ``coding`` of ``c`` by ``parties``, with evidence and the fields read around the trigger."""
    type_, mode, cameo, status = coding
    actors, actor_token, recipients, recipient_token = parties
    evidence: dict[str, Evidence] = {}
    missing: dict[str, str] = {}
    trigger = scope.span(c.trigger)
    for name in ("type", "cameo", "score"):
        evidence[name] = scope.evidence(trigger)
    if mode:
        evidence["mode"] = scope.evidence(trigger)
    else:
        missing["mode"] = "not stated"
    evidence["actors"] = scope.evidence(actors[0].span) if actors[0].span else scope.evidence(scope.span([actor_token]))
    if recipients:
        evidence["recipients"] = scope.evidence(recipients[0].span or scope.span([recipient_token]))
    else:
        missing["recipients"] = "not stated"
    cue = mood.cue if status == mood.status else None
    evidence["status"] = scope.evidence(scope.span([cue]) if cue is not None else trigger)
    reported_by = arguments.reporters(mood, actors)
    if reported_by:
        evidence["reported_by"] = scope.evidence(reported_by[0].span)
    context, context_token = _context(scope, c)
    if context:
        evidence["context"] = scope.evidence(scope.span([context_token]))
    else:
        missing["context"] = "not stated"
    place = _place(scope, trigger, actors, recipients)
    if place is not None:
        evidence["place"] = Evidence.of(place.span, place.sentence_index if place.sentence_index is not None else scope.index)
    else:
        missing["place"] = "not stated"
    when = _date(scope, c, status, mood, actors, reported_by, place)
    if when.missing:
        missing["date"] = when.missing
    else:  # the report window rests on the verb that reports the news
        evidence["date"] = scope.evidence(scope.span(when.tokens) if when.tokens else trigger)
    confidence = _confidence(c, status, recipients, type_)
    evidence["confidence"] = scope.evidence(trigger)
    return Event(
        doc_id=scope.doc_id, sentence_index=scope.index, type=type_, trigger=trigger, mode=mode,
        context=context, cameo=cameo, score=scope.lex.score(type_, mode), actors=tuple(actors),
        recipients=tuple(recipients), status=status, reported_by=tuple(reported_by), date=when.date,
        place=place, confidence=confidence, evidence=evidence, missing=missing,
        attributes={"pattern": c.pattern.source},
    )


def _place(scope: SentenceScope, trigger: TextSpan, actors: list[Actor], recipients: list[Actor]) -> Place | None:
    """The event's place among the document's places, leaving out those that name its parties:
    "offers to Seoul": Seoul is the recipient, not the place; "talks with allies in Seoul" keeps it."""
    text = text_of(scope.sent.doc)
    directed = [a.span for a in recipients if a.span and
                text[:a.span.start_char].rstrip().lower().endswith(("to", "toward", "towards", "with", "against"))]
    taken = [a.span for a in actors if a.span] + directed
    # only its own sentence's places and the datelines can be its place (event_place), and only
    # they are tested against the parties (testing every place of the report made long reports
    # quadratic); the report's places, less the parties', give the fallback country
    def named_party(p: Place) -> bool:
        return p.sentence_index == scope.index and any(
            t.start_char < p.span.end_char and p.span.start_char < t.end_char for t in taken)

    if not scope.places.all:
        return None
    sentence = scope.places.sentence(scope.index)  # the parties' places are here
    parties = [p for p in sentence if named_party(p)]
    own = [p for p in sentence if p not in parties] + [p for p in scope.places.datelines if p not in sentence]
    return event_place(scope.index, trigger, own, scope.sent.doc, report=scope.places, leave_out=parties)


def _date(scope: SentenceScope, c: Candidate, status: str, mood: Modality, actors, reporters, place) -> dates.DateDecision:
    speech = []  # a speech act happens when it is spoken: it shares the reporting verb's date
    if c.pattern.type in lexicon.VERBAL_TYPES or c.predicate.dep_ in ("ccomp",):
        if not reporters or {a.country for a in reporters} <= {a.country for a in actors}:
            speech = list(mood.reporters)
    anchors = speech + named_acts(c, scope.sent, scope.lex)
    return dates.event_date(c.predicate, scope.sent, scope.published, status=status,
                            future=status == "planned" or mood.future, inherit_from=anchors,
                            published_time=scope.published_time, place=place, country=actors[0].country)


def named_acts(c: Candidate, sent: Span, lex: lexicon.Lexicon) -> list[Token]:
    """For an event the model found on a verb that is not of its type ("Smith wrote that ... her son
    was killed in the 2012 Benghazi attack": ASSAULT on "wrote"), the sentence's nouns of that type:
    "the 2012 attack" dates the attack when the verb has no date of its own."""
    if not c.pattern.source.startswith("model"):
        return []
    own = lex.verbs.get((lemma(c.predicate), ""))
    if own is not None and own.type == c.pattern.type:
        return []
    return [t for t in sent if t.pos_ == "NOUN" and t != c.predicate
            and any(p.type == c.pattern.type for p in lex.nouns.get(lemma(t), ()))]


def _context(scope: SentenceScope, c: Candidate) -> tuple[str | None, Token | None]:
    for token in scope.sent:
        context = scope.lex.contexts.get(lemma(token))
        if context:
            return context, token
    return None, None


def _confidence(c: Candidate, status: str, recipients, type_: str) -> float:
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
