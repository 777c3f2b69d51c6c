"""Who acts: an event's actors, and any noun phrase of the sentence, resolved to ``Actor`` records.

``Arguments(scope)`` reads the subject ``argument_slots.py`` finds and resolves it with the
document's actors (``events/actors.py``): ``actors(c, mood)`` from the possessive author, the
giver or the subject (pronouns through the speaker or antecedent, crowds through the place they
gather, groups through the nationality or place that names them). ``mention(token)`` resolves
any phrase the same way; ``recipients.py`` uses it for the recipient. ``NamedSubjectArguments``
is the variant for events the learned model found: a subject the text names still acts when the
dictionary resolves none.

What stays empty: an actor with no country (PLOVER codes no event whose actor has none).
"""
from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from spacy.tokens import Span, Token

from ..nlp import ents_starting
from ..records import Actor, TextSpan
from . import lexicon
from .actors import ANTECEDENT_SENTENCES, is_partisan, is_state_code, is_state_reference, is_subject, preceding_sentences
from .argument_slots import listed_appositions, quantified, subject_of
from .modality import REPORTING, Modality, subject_of_reporting
from .scope import SentenceScope
from .triggers import Candidate, lemma

RELATION_HEADS = lexicon.words("relation_heads")
CULTURE_HEADS = lexicon.words("culture_heads")
CROWD_NOUNS = lexicon.words("crowd_nouns")
FIRST_PERSON = lexicon.words("first_person")
_NAMED_ACTOR_ENTS = lexicon.words("named_actor_ents")
_PERSON_PRONOUNS = lexicon.words("person_pronouns")
_GROUP_PRONOUNS = lexicon.words("group_pronouns")
PERSON_NOUNS = lexicon.words("person_nouns")


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

    def recipient_mention(self, token: Token) -> list[Actor]:
        """``mention`` for a recipient, where a person the dictionary does not know still counts
        ("charged Marion Lawson Parker III", "accusing Ms Essex"): placed by their title or
        appositive, else in the report's country (as an unknown person who acts is), so that
        the target of an act is not dropped for being unlisted."""
        found = self.mention(token)
        if found or token.pos_ not in ("PROPN", "NOUN"):
            return found
        if token.pos_ == "NOUN":
            return self._unnamed_people(token)
        mention = self.context.mention_at(token.i)
        if mention is not None and mention.kind == "unknown_person":
            return self.context.unknown_person(mention)
        if mention is None and token.ent_type_ == "ORG":
            return self._unlisted_organisation(token)
        return []

    def _unlisted_organisation(self, token: Token) -> list[Actor]:
        """"an inquiry into the CSA's performance": an organisation the dictionary does not know,
        in the report's country (as an unlisted person is); [] when the report has none."""
        entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        country, why = self.context.report_country()
        if entity is None or country is None:
            return []
        return [Actor(country=country, name=entity.text, span=self.scope.text_span(entity),
                      source=f"an organisation the dictionary does not know, in the report's country ({why})")]

    def _unnamed_people(self, token: Token) -> list[Actor]:
        """"arrested a 16-year-old female", "urged the men to step down": civilians of the report's
        country, no sector (PLOVER codes unnamed people by their country); [] when it has none."""
        if lemma(token) not in PERSON_NOUNS and token.lower_ not in PERSON_NOUNS:
            return []
        country, why = self.context.report_country()
        if country is None:
            return []
        span = self.scope.text_span(token.doc[token.left_edge.i: token.i + 1])
        return [Actor(country=country, span=span, source=f"unnamed people of the report's country ({why})")]

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
        if len(found) == 1 and is_state_reference(span):  # "the ministry": the state named before
            return self.context.state_reference(span.root, found[0])
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
            found = self.place_country(place)
            if found:
                span = self.scope.text_span(subject.doc[subject.left_edge.i: crowd.i + 1])
                where = subject.doc[place.left_edge.i: place.right_edge.i + 1].text
                return [replace(found[0], span=span, source=f"place of the protest ({where})")]
        return []

    def place_country(self, place: Token) -> list[Actor]:
        """The country of "in Montenegro" / "in the town of Cizre in southeastern Turkey", no sector."""
        for token in place.subtree:
            if token.ent_type_ in ("GPE", "LOC") and token.pos_ == "PROPN":
                found = self._resolve(token.doc[token.i: token.i + 1])
                if found:
                    return [replace(found[0], sector=None, name=None, role=None)]
        return []


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
        named = [e for e in ents_starting(token.doc, phrase.start, phrase.stop) if e.label_ in _NAMED_ACTOR_ENTS]
        # the head's own name first ("Guy Mansfield QC"), then a name inside the phrase ("a Labour peer")
        found = next((e for e in named if e.start <= token.i < e.end), named[0] if named else None)
        mention = self.context.mention_at(token.i)
        if mention is not None and mention.kind == "agent":
            agent = token.doc[token.left_edge.i: token.i + 1]
            return found or agent, mention.entry.sector if mention.entry else None
        return found, None

    def _other_sex(self, name: Span, pronoun: Token) -> bool:
        context = getattr(self, "context", None)  # a bare parse (tests build the lookup alone) says no sex
        return context is not None and context.other_sex(name, pronoun)

    def _antecedent(self, pronoun: Token) -> Span | None:
        """The named person (he, she) or group (they, it) that is the subject of the pronoun's
        sentence before it or of the nearest earlier sentence with one; never a name that only
        stands as an object or in passing ("And he branded ..." is not the minister he mocked)."""
        lower = pronoun.lower_
        labels = {"PERSON"} if lower in _PERSON_PRONOUNS else {"ORG", "NORP", "GPE"} if lower in _GROUP_PRONOUNS else set()
        if not labels:
            return None
        for sentence in preceding_sentences(pronoun.doc, pronoun.i, ANTECEDENT_SENTENCES):
            named = [e for e in ents_starting(pronoun.doc, sentence.start, min(sentence.end, pronoun.i))
                     if e.end <= pronoun.i and e.label_ in labels and is_subject(e.root)
                     and not self._other_sex(e, pronoun)]  # "Clinton referenced ... he's unfit": not her
            if named:
                return named[-1]
        return None
