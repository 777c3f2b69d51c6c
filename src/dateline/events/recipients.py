"""Who is acted on: an event's recipients, chosen among the slots ``argument_slots.py`` finds.

``recipients(arguments, c, actors, type_)`` returns the first slot that names an actor other than
the event's own (objects and directional prepositions first; then, by type, the target of a call
to act against someone, the owner of what was offered, the place of a curfew or concession, the
counterpart of talks, the topic of a protest). ``same_actor`` drops a recipient that is the actor
itself; ``story_country_only_in_recipients`` refuses an actor whose country the document gives
only through the recipient.

What stays empty: a recipient the text does not name (the event's ``missing`` says so).
"""
from __future__ import annotations

from spacy.tokens import Token

from ..records import Actor, TextSpan
from . import lexicon
from .actors import STORY_SOURCE, is_country_name, is_demonym
from .argument_slots import (REPORTING, clause_root, counterparts, protest_topics, rallied_against, recipient_slots,
                             seeks_refuge, subject_of)
from .arguments import Arguments
from .triggers import Candidate, lemma

RELATION_HEADS = lexicon.words("relation_heads")
NON_RECIPIENT_DEPS = lexicon.words("non_recipient_deps")
NON_RECIPIENT_PREPS = lexicon.words("non_recipient_preps")
INSTITUTIONS = lexicon.words("institutions")
STATE_SECTORS = lexicon.words("state_sectors")
YIELDING_TYPES = lexicon.words("yielding_types")
PLACE_RECIPIENT_TYPES = lexicon.words("place_recipient_types")
JUDGEMENT_TYPES = lexicon.words("judgement_types")
OBJECT_PRONOUNS = lexicon.words("object_pronouns")


def recipients(arguments: Arguments, c: Candidate, actors: list[Actor], type_: str) -> tuple[list[Actor], Token | None]:
    actor_spans = {(a.span.start_char, a.span.end_char) for a in actors if a.span}
    if c.giver is not None:
        receiver = subject_of(c.predicate)
        return (arguments.mention(receiver), receiver) if receiver is not None else ([], None)
    if type_ == "ACCUSE":
        # the target, not the parties called on
        found = _first_of(arguments, rallied_against(c.predicate), actor_spans, actors)
        if found:
            return found
    if type_ in JUDGEMENT_TYPES and lemma(c.predicate) in REPORTING:
        # "Fiorina told reporters that 'John Kasich is throwing votes away'": the judged, not the addressee
        content = [x for x in c.predicate.children if x.dep_ in ("ccomp", "parataxis")]
        found = _first_of(arguments, content, actor_spans, actors)
        if found:
            return found
    found = _first_of(arguments, recipient_slots(c), actor_spans, actors)
    if found:
        return found
    if c.author is not None and c.noun is not None and c.noun.dep_ in ("dobj", "nsubjpass"):
        governor = c.noun.head  # "X rejected Y's offer": the offer was made to X
        subject = subject_of(governor)
        if subject is not None:
            return arguments.mention(subject), subject
    if type_ in PLACE_RECIPIENT_TYPES or seeks_refuge(c):
        places = [p for x in c.predicate.children if x.dep_ == "prep" and x.lower_ == "in"
                  for p in x.children if p.dep_ == "pobj"]
        for place in places:
            found = arguments.place_country(place)
            if found:
                return found, place
    if type_ in YIELDING_TYPES:
        found = _first_of(arguments, counterparts(c.predicate), actor_spans, actors)
        if found:
            return found
    if type_ == "PROTEST":
        found = _first_of(arguments, protest_topics(c), actor_spans, actors)
        if found:
            return found
    if type_ in lexicon.RECIPIENT_REQUIRED:
        clause = clause_root(c.predicate)
        found = _first_mention(arguments, clause, actor_spans, actors, skip=c.predicate, wide=True)
        if found:
            return found
    return [], None


def _first_of(arguments: Arguments, roots: list[Token], actor_spans, actors):
    """The first of ``roots`` under which ``_first_mention`` finds a recipient, or None."""
    for root in roots:
        found = _first_mention(arguments, root, actor_spans, actors)
        if found:
            return found
    return None


def _first_mention(arguments: Arguments, root: Token, actor_spans, actors, skip: Token | None = None, wide: bool = False):
    queue = [root]
    seen = 0
    while queue and seen < 40:
        token = queue.pop(0)
        seen += 1
        if any(a <= token.idx < b for a, b in actor_spans):
            continue
        owned = any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in token.children)  # "its troops": the actor's own
        if (skip is None or token != skip) and not owned and token.pos_ in ("PROPN", "NOUN") or (token.pos_ == "ADJ" and token.ent_type_ in ("NORP", "GPE")) \
                or (token.tag_ == "PRP" and token.lower_ in OBJECT_PRONOUNS):
            if token.pos_ != "ADJ" or token.dep_ != "amod" or token.head.pos_ != "NOUN":
                found = arguments.recipient_mention(token) if token.pos_ != "PRON" else arguments.mention(token)
                found = [a for a in found if not a.span or (a.span.start_char, a.span.end_char) not in actor_spans]
                if token.pos_ == "PRON" and all(same_actor(a, actors) for a in found):
                    found = []  # "Cruz said he did not know whether Pence would endorse him": he is Cruz
                if found and not _same_entity(found, actors, token):
                    return found, token
        if lemma(token) in RELATION_HEADS:  # "US allies in Seoul": the allies, not the US
            queue.extend(ch for ch in token.children if ch.dep_ == "prep")
            continue
        queue.extend(ch for ch in token.children if (wide and ch.dep_ == "advcl") or (
            ch.dep_ not in NON_RECIPIENT_DEPS and not (ch.dep_ == "prep" and ch.lower_ in NON_RECIPIENT_PREPS)))
    return None


def _same_entity(found: list[Actor], actors: list[Actor], token: Token) -> bool:
    same = {(a.country, a.sector) for a in found} <= {(a.country, a.sector) for a in actors}
    return same and any(c.tag_ == "PRP$" for c in token.children)


def story_country_only_in_recipients(arguments: Arguments, actors: list[Actor], recipients: list[Actor]) -> bool:
    """"President Ruiz threatened Peru", "Rebels freed 12 Nigerian hostages": a country the
    text names only for the recipient is not thereby the actor's. A city in the recipient
    phrase ("a curfew in Algiers"), a state's own agents ("three Chilean ministers") or its
    institutions ("boycott Algeria's elections") still place a domestic story."""
    for actor in actors:
        if not (actor.source or "").startswith(STORY_SOURCE):
            continue
        people = [r.span for r in recipients if r.span and r.sector not in STATE_SECTORS]
        named = arguments.context.country_mentions(actor.country)
        if named and all(any(p.start_char <= m.start_char and m.end_char <= p.end_char for p in people)
                         and not _is_city(m.text) and not _owns_institution(arguments, m) for m in named):
            return True
    return False


def _owns_institution(arguments: Arguments, mention: TextSpan) -> bool:
    """ "Algeria's first multi-party elections": the country as owner of a state institution."""
    doc = arguments.scope.sent.doc
    token = next((t for t in doc if t.idx == mention.start_char), None)
    if token is None:
        return False
    owner = token  # "South Korea's": walk from "South" to "Korea"
    while owner.dep_ in ("compound", "flat") and owner.head.i > owner.i:
        owner = owner.head
    return owner.dep_ == "poss" and lemma(owner.head) in INSTITUTIONS


def same_actor(recipient: Actor, actors: list[Actor]) -> bool:
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
    return any(a.country == recipient.country and a.sector == recipient.sector and not _other_person(a, recipient)
               for a in actors if a.country)


def _other_person(actor: Actor, recipient: Actor) -> bool:
    """Two named people of one country and sector are two actors ("Clinton criticized Donald
    Trump": both USA PTY); one name inside the other ("Sanders", "Bernie Sanders") is one."""
    if not (actor.name and recipient.name):
        return False
    a, r = actor.name.lower(), recipient.name.lower()
    return a not in r and r not in a


def _is_city(name: str) -> bool:
    """A place named within a country ("Algiers"), not the country or its people ("Algeria", "Algerian")."""
    return name[:1].isupper() and not is_country_name(name) and not is_demonym(name)
