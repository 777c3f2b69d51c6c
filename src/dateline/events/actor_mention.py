"""One actor mention, as a user or a benchmark gives it: text, optional context and date -> actors.

``resolve_mention("Defense Minister Diego Molano", on=date(2021, 5, 1))`` parses the context (or
the mention alone), finds the mention in it and resolves it with ``DocumentActors`` exactly as the
event coder and the quote extractor do for a span of a report: the same dictionary, the role held
on ``on``, the report's other names for "he", "the group" or "the North".

What comes back: one ``Actor`` per actor the mention denotes (country, sector, name, role on the
date), its ``span`` the evidence (character offsets into the context) and ``source`` the
dictionary entry or rule it came from. Empty when the mention names no actor the dictionary or the
text identifies ("analysts", "he" with no person before it).
"""
from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Span

from .. import nlp
from ..errors import InputError
from ..records import Actor, TextSpan
from .actors import STORY_SOURCE, DocumentActors, Mention, is_state_reference

MENTION_DOC_ID = "mention"


def resolve_mention(text: str, *, context: str | None = None, on: date | None = None) -> list[Actor]:
    """Actors ``text`` denotes, read in ``context`` (a sentence or report holding it) on ``on``."""
    if not text.strip():
        raise InputError("actor mention", "empty mention text")
    doc = nlp.parse(context if context and _find(context, text) is not None else text)
    span = _mention_span(doc, text)
    if span is None:
        raise InputError(text, "the mention does not align with the tokens of its context")
    document = DocumentActors(doc, MENTION_DOC_ID, on)
    actors = document.resolve(span, on=on, follow_pronouns=True)
    if len(actors) == 1 and actors[0].country is None and is_state_reference(span):
        # "Russia's foreign ministry said ... The ministry added": that state's, not the nearest actor's
        actors = document.state_reference(span.root, actors[0], on=on) or actors
    elif len(actors) == 1 and actors[0].country is None and _refers_back(span):
        # "Joe Biden met Xi Jinping. The president said ...": the actor named before in that office
        same = [a for a in document.antecedent(span.root.i, on=on) if a.sector == actors[0].sector]
        actors = same or actors
    if not actors:
        actors = document.antecedent(span.root.i, on=on) if _refers_back(span) else []
    if not actors:
        actors = _unknown_person(document, span)
    # One mention read on its own: civilians of an unnamed country are the report's, as a coder
    # reads them ("Protesters chanted slogans" in a report from Tehran).
    return [document.in_story_country(a, civilians=True) or a for a in actors]


def _unknown_person(document: DocumentActors, span: Span) -> list[Actor]:
    """A person the dictionary does not know ("Jack Law") is placed in the report's country, with
    no sector: the text says who, not what office."""
    people = [e for e in nlp.ents_within(span.doc, span.start, span.end) if e.label_ == "PERSON"]
    if not people:  # "Mr Thorpe" tagged a place: a name after an honorific or title
        people = [span.doc[m.start:m.end] for m in document.mentions_starting(span.start, span.end)
                  if m.kind == "unknown_person" and m.end <= span.end]
    if len(people) == 1:
        holder = document.surname_holder(Mention(people[0].start, people[0].end, None), document.on)
        if holder is not None:
            return [holder]
    country, _ = document.report_country()
    if len(people) != 1 or country is None:
        return []
    person = people[0]
    sector = "CRM" if document.prosecuted(Mention(person.start, person.end, None)) else None
    return [Actor(country, sector, person.text, None, TextSpan(MENTION_DOC_ID, person.start_char, person.end_char, person.text),
                  f"{STORY_SOURCE} ({country}, a person the dictionary does not know)")]


def _find(context: str, text: str) -> int | None:
    """Where ``text`` occurs in ``context`` as whole words ("he" not in "the"), same case first."""
    pattern = r"(?<!\w)" + re.escape(text.strip()) + r"(?!\w)"
    found = re.search(pattern, context) or re.search(pattern, context, flags=re.IGNORECASE)
    return found.start() if found else None


def _mention_span(doc: Doc, text: str) -> Span | None:
    start = _find(doc.text, text.strip())
    if start is None:
        return None
    return doc.char_span(start, start + len(text.strip()), alignment_mode="expand")


# Words that point back to an actor the report named before ("he", "the group", "the ministry").
REFERRING_HEADS = {"group", "ministry", "country", "government", "organisation", "organization", "party", "authorities", "cabinet", "junta",
                   "movement", "agency", "militants", "regime", "administration", "company", "firm",
                   "president", "minister", "leader", "premier", "chancellor", "king", "spokesman"}


def _refers_back(span: Span) -> bool:
    root = span.root
    if root.pos_ == "PRON":
        return True
    return root.lower_ in REFERRING_HEADS and any(t.lower_ in ("the", "this", "that") for t in root.lefts)
