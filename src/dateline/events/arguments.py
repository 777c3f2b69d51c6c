"""Who acts and who is acted on: an event's actors and recipients, resolved to ``Actor`` records.

``Arguments(scope)`` reads the slots ``argument_slots.py`` finds and resolves them with the
document's actors (``events/actors.py``): ``actors(c, mood)`` from the possessive author, the
giver or the subject (pronouns through the speaker or antecedent, crowds through the place they
gather, groups through the nationality or place that names them); ``recipients(c, actors,
type_)`` from the first slot that names another actor. ``NamedSubjectArguments`` is the variant
for events the learned model found: a subject the text names still acts when the dictionary
resolves none.

What stays empty: an actor with no country (PLOVER codes no event whose actor has none); a
recipient that is the actor itself (``same_actor``).
"""
from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from spacy.tokens import Span, Token

from ..nlp import ents_of
from ..records import Actor, TextSpan
from . import lexicon
from .actors import STORY_SOURCE, is_country_name, is_demonym, is_partisan, is_state_code
from .argument_slots import (clause_root, counterparts, listed_appositions, protest_topics, quantified,
                             rallied_against, recipient_slots, seeks_refuge, subject_of)
from .modality import REPORTING, Modality, subject_of_reporting
from .scope import SentenceScope
from .triggers import Candidate, lemma

RELATION_HEADS = lexicon.words("relation_heads")
CULTURE_HEADS = lexicon.words("culture_heads")
CROWD_NOUNS = lexicon.words("crowd_nouns")
FIRST_PERSON = lexicon.words("first_person")
NON_RECIPIENT_DEPS = lexicon.words("non_recipient_deps")
NON_RECIPIENT_PREPS = lexicon.words("non_recipient_preps")
INSTITUTIONS = lexicon.words("institutions")
STATE_SECTORS = lexicon.words("state_sectors")
YIELDING_TYPES = lexicon.words("yielding_types")
PLACE_RECIPIENT_TYPES = lexicon.words("place_recipient_types")
_NAMED_ACTOR_ENTS = lexicon.words("named_actor_ents")
_PERSON_PRONOUNS = lexicon.words("person_pronouns")
_GROUP_PRONOUNS = lexicon.words("group_pronouns")


class Parties(NamedTuple):
    """An event's actors and recipients with the tokens they were read from."""

    actors: list[Actor]
    actor_token: Token | None
    recipients: list[Actor]
    recipient_token: Token | None


class Arguments:
    """Actor and recipient resolution for the events of one sentence."""

    def __init__(self, scope: SentenceScope):
        self.scope = scope
        self.context = scope.context

    # actors
    def actors(self, c: Candidate, mood: Modality) -> tuple[list[Actor], Token | None]:
        if c.author is not None:
            return self.mention(c.author, mood), c.author
        if c.giver is not None:
            return self.mention(c.giver, mood), c.giver
        subject = subject_of(c.predicate)
        if subject is None:
            return [], None
        return self.mention(subject, mood), subject

    def mention(self, token: Token, mood: Modality | None = None) -> list[Actor]:
        actors: list[Actor] = []
        heads: list[Token] = []
        for head in [token, *token.conjuncts, *listed_appositions(token)]:
            inner = quantified(head)  # "scores of Sierra Leonean and Liberian refugees"
            heads.extend(h for h in [inner, *(inner.conjuncts if inner != head else ())] if h not in heads)
        for head in heads:
            actors.extend(self._resolve_head(head, mood))
        unique = {}
        for a in actors:
            unique.setdefault((a.country, a.sector, a.name), a)
        return list(unique.values())

    def _resolve_head(self, head: Token, mood: Modality | None) -> list[Actor]:
        if lemma(head) in RELATION_HEADS or lemma(head) in CULTURE_HEADS:
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
                        return [replace(a, sector=None, name=None, role=None, span=self.scope.text_span(span)) for a in found]
                modifier = child.doc[child.i: child.i + 1]
            elif child.dep_ == "prep" and child.lower_ in ("in", "from", "of"):
                pobj = next((p for p in child.children if p.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                if lemma(pobj) in CULTURE_HEADS:
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
                return [replace(found, sector=sector, name=None, role=None, span=self.scope.text_span(span))]
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
            return self.mention(subject)
        speaker = self._speaker_of(pronoun)
        found = self.mention(speaker) if speaker is not None else []  # "Syria says it will ...": the speaker
        if found:
            return found
        return list(self.context.antecedent(pronoun.i))

    def _speaker_of(self, pronoun: Token) -> Token | None:
        if pronoun.dep_ != "nsubj" or pronoun.lower_ not in ("it", "they", "he", "she"):
            return None
        clause = pronoun.head
        if clause.dep_ != "ccomp" or lemma(clause.head) not in REPORTING:
            return None
        speaker = subject_of_reporting(clause.head)
        return speaker if speaker is not None and speaker.pos_ != "PRON" else None

    def _sentence_reporter(self) -> Token | None:
        return next((t for t in self.scope.sent if lemma(t) in REPORTING and subject_of_reporting(t) is not None), None)

    def reporters(self, mood: Modality, actors: list[Actor]) -> list[Actor]:
        found: list[Actor] = []
        for verb in mood.reporters:
            subject = subject_of_reporting(verb)
            if subject is not None and subject.pos_ != "PRON":
                found.extend(self.mention(subject))
        return found

    def protesters_of_place(self, c: Candidate, subject: Token) -> list[Actor]:
        """"Thousands of people blocked streets in Hong Kong": a crowd the text gives no
        nationality protests where it gathers (PLOVER/CAMEO code protesters by that country)."""
        crowd = quantified(subject)
        if crowd.pos_ != "NOUN" or lemma(crowd) not in CROWD_NOUNS:
            return []
        heads = [c.predicate, *[o for o in c.predicate.children if o.dep_ == "dobj"]]
        for place in (p for h in heads for x in h.children if x.dep_ == "prep" and x.lower_ == "in"
                      for p in x.children if p.dep_ == "pobj"):
            found = self._place_country(place)
            if found:
                span = self.scope.text_span(subject.doc[subject.left_edge.i: crowd.i + 1])
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

    # recipients
    def recipients(self, c: Candidate, actors: list[Actor], type_: str) -> tuple[list[Actor], Token | None]:
        actor_spans = {(a.span.start_char, a.span.end_char) for a in actors if a.span}
        if c.giver is not None:
            receiver = subject_of(c.predicate)
            return (self.mention(receiver), receiver) if receiver is not None else ([], None)
        if type_ == "ACCUSE":
            # the target, not the parties called on
            found = self._first_of(rallied_against(c.predicate), actor_spans, actors)
            if found:
                return found
        found = self._first_of(recipient_slots(c), actor_spans, actors)
        if found:
            return found
        if c.author is not None and c.noun is not None and c.noun.dep_ in ("dobj", "nsubjpass"):
            governor = c.noun.head  # "X rejected Y's offer": the offer was made to X
            subject = subject_of(governor)
            if subject is not None:
                return self.mention(subject), subject
        if type_ in PLACE_RECIPIENT_TYPES or seeks_refuge(c):
            places = [p for x in c.predicate.children if x.dep_ == "prep" and x.lower_ == "in"
                      for p in x.children if p.dep_ == "pobj"]
            for place in places:
                found = self._place_country(place)
                if found:
                    return found, place
        if type_ in YIELDING_TYPES:
            found = self._first_of(counterparts(c.predicate), actor_spans, actors)
            if found:
                return found
        if type_ == "PROTEST":
            found = self._first_of(protest_topics(c), actor_spans, actors)
            if found:
                return found
        if type_ in lexicon.RECIPIENT_REQUIRED:
            clause = clause_root(c.predicate)
            found = self._first_mention(clause, actor_spans, actors, skip=c.predicate, wide=True)
            if found:
                return found
        return [], None

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
                    found = self.mention(token) if token.pos_ != "PRON" else []
                    found = [a for a in found if not a.span or (a.span.start_char, a.span.end_char) not in actor_spans]
                    if found and not self._same_entity(found, actors, token):
                        return found, token
            if lemma(token) in RELATION_HEADS:  # "US allies in Seoul": the allies, not the US
                queue.extend(ch for ch in token.children if ch.dep_ == "prep")
                continue
            queue.extend(ch for ch in token.children if (wide and ch.dep_ == "advcl") or (
                ch.dep_ not in NON_RECIPIENT_DEPS and not (ch.dep_ == "prep" and ch.lower_ in NON_RECIPIENT_PREPS)))
        return None

    def _same_entity(self, found: list[Actor], actors: list[Actor], token: Token) -> bool:
        same = {(a.country, a.sector) for a in found} <= {(a.country, a.sector) for a in actors}
        return same and any(c.tag_ == "PRP$" for c in token.children)

    # a domestic story's country
    def story_country_only_in_recipients(self, actors: list[Actor], recipients: list[Actor]) -> bool:
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
        doc = self.scope.sent.doc
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
    return any(a.country == recipient.country and a.sector == recipient.sector for a in actors if a.country)


def _is_city(name: str) -> bool:
    """A place named within a country ("Algiers"), not the country or its people ("Algeria", "Algerian")."""
    return name[:1].isupper() and not is_country_name(name) and not is_demonym(name)


class NamedSubjectArguments(Arguments):
    """For events the model found: when the dictionary resolves no actor, a subject the text
    names (a person, organisation or group, or a pronoun whose antecedent is one) still acts;
    its country is the story's main country, and the actor's ``source`` says so."""

    def actors(self, c: Candidate, mood: Modality) -> tuple[list[Actor], Token | None]:
        actors, token = super().actors(c, mood)
        if actors or token is None:
            return actors, token
        named, sector = self._named_subject(token)
        if named is None:
            return [], token
        countries = self.context.dominant_countries(1)
        country = self.context.story_country() or (countries[0] if countries else None)
        span = TextSpan(self.scope.doc_id, named.start_char, named.end_char, named.text)
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
