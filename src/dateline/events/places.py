"""Places: toponyms found in a report, resolved offline to GeoNames entries, and event places.

``find_places`` reads a spaCy ``Doc`` and returns ``Place`` records, one per mention:
- named places from spaCy's GPE/LOC/FAC entities and from gazetteer phrase matching (filtered so
  that capitalised common words and people's names are not taken for towns);
- demonyms and adjectives ("South Korean") as their country, ``usage="demonym"``;
- metonyms ("Seoul said", "accusing Seoul") kept with ``usage="metonym"``: they name actors, so
  ``event_place`` never picks them;
- a dateline ("SEOUL, Oct 19 (Reuters) -") with ``usage="dateline"``;
- unnamed places ("into the sea", "off its east coast") with ``name=None``, no coordinates and
  precision "unnamed".
Resolution ranks a name's gazetteer candidates by population, feature class, the document's
other places (countries, first-level areas, distance, and above all other names with a reading
within 50 km: "Paris" and "Henry County" in Tennessee) and an explicit qualifier ("Paris, Texas").
Alternate names of towns give way to places bearing the name itself (a city's ancient name too:
"Berea" is a Kentucky town before Aleppo); a town named like a state or country, or a village, needs
more than its state being in the report. A bare name the parser calls a place may also read a US
county ("DeKalb police" beside Decatur, Ga.); a town qualified by a state none of its readings lies
in ("Grantville, Pennsylvania") reads that state; a capital gains when its country is named.
The parser's ORG/PERSON/DATE/LANGUAGE label does not veto a name the gazetteer knows: such a
name is tentative, read in the company of the report's plain places, and kept when they support
its reading (same state, within 50 km for a village, its country for a city of a million). Text
cues settle a name whatever its label (``place_cues``: "D-Charleston", "Houston-based", "Jackson
and Barrow counties"); a name followed by "police" or "residents" reads a town before a state.
Not extracted: street addresses, buildings, and names the gazetteer does not know unless spaCy
tagged them as GPE/LOC (those stay unresolved: no coordinates, precision None).
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

import calendar
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from spacy.attrs import IS_ALPHA, ORTH, SPACY
from spacy.tokens import Doc, Span

from .. import gazetteer as gazetteer_module
from ..gazetteer import Gazetteer, GazetteerEntry
from ..gazetteer_build import NAME_ABBREVIATIONS, name_key
from ..nlp import text_of
from ..records import Abstention, Analysis, Evidence, Place, TextSpan
from . import place_cues

# Where an event happens: not "to"/"from"/"on" ("offers to Seoul" names a recipient, "talks on Korea" a topic).
EVENT_LOCATIVES = frozenset("in at near into off over outside inside across throughout around within along".split())
# Gazetteer-only matches (no NER support) need one of these before them, or other evidence.
STRONG_LOCATIVES = frozenset("in at near into outside inside across throughout around within toward towards".split())
NER_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})
CALENDAR_WORDS = frozenset(w.casefold() for w in (*calendar.month_name[1:], *calendar.day_name))
# A verdict on a gazetteer name: a place if the report's other places support its reading.
CONTEXT = "context"
# Entity labels whose tokens are not places even when a town shares the name.
NOT_PLACE_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "DATE", "TIME",
                              "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"})
CONNECTORS = frozenset({"of", "de", "la", "le", "del", "upon", "on", "the", "du", "-", "and", "'s"})
MAX_NAME_TOKENS = 6
MAJOR_FEATURES = frozenset({"PCLI", "ADM1", "CONT", "PPLC"})
MAJOR_AREAS = frozenset({"PCLI", "ADM1", "CONT"})
MAJOR_POPULATION = 100_000
MILLION_CITY = 1_000_000
NAMESAKE_TOWN = 10_000
# Words after a country or state inside a name that make the name a paper, firm or venue, not the
# place ("New York Times", "U.S. Bank Stadium"); a single plural word after it makes a team
# ("Arizona Cardinals"). Agencies and the like ("Georgia Bureau of Investigation") keep the place.
NOT_PLACE_NAME_WORDS = frozenset(
    "times post journal herald tribune gazette chronicle news magazine bank stadium arena ballpark "
    "coliseum dome airlines airways inc inc. corp corp. co co. company ltd llc".split()
)
# Nouns after a name that make it a place: "Alexandria police", "an Alexandria man".
PLACE_HEAD_NOUNS = frozenset(
    "police man woman men women boy girl teen resident residents area city county town native "
    "officials council mayor sheriff schools school fire public high department municipal board "
    "chamber regional utilities library airport housing parks township village clerk commissioner "
    "commissioners elementary superintendent".split()
)
# Nouns after a name that make it a town or county rather than a country, state or region:
# "Berea police" is Berea, Ohio, not the Lesotho district; "Delta officers" Delta, British Columbia.
MUNICIPAL_NOUNS = frozenset(
    "police policeman officer officers firefighters fire mayor council councilman councilwoman aldermen "
    "selectmen man woman men women boy girl teen resident residents township city".split()
)
LARGE_AREAS = frozenset({"PCLI", "ADM1", "RGN", "CONT"})
MUNICIPAL_PENALTY = 3.0  # about the population gap between a district and the town named like it
# "the North", "the West": compass points stand for sides of a conflict, not gazetteer places.
DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest middle far northern southern "
    "eastern western central northeastern northwestern southeastern southwestern".split()
)
# A name followed by one of these is part of a longer name ("Edgar County", "Dublin Road"):
# when the longer name is unknown, the shorter one is not proposed in its place.
GENERIC_NAME_PARTS = frozenset(
    "county parish township borough river lake creek mountain mountains island islands valley bay "
    "street st. road rd. avenue ave. boulevard blvd. drive lane way park square hill hills heights "
    "springs falls beach canyon ridge point colony sea ocean gulf center centre academy".split()
)
# Capitalised words that may open a place's name without being part of it ("Greater Boston").
NAME_PREFIXES = DIRECTIONS | frozenset(
    "greater downtown metro upstate downstate suburban n. s. e. w. ne ne. nw nw. se se. sw sw. n.e. n.w. s.e. s.w.".split()
)
AREA_PLURALS = {"counties": "County", "parishes": "Parish"}
COUNTY_WORDS = ("County", "Parish")
# The last word of an admin area's own name ("Henry County", "Orleans Parish").
SELF_EVIDENT_ADMIN_WORDS = frozenset({"county", "parish", "borough", "township"})
DATELINE_SENTENCES = 3
DATELINE_SEPARATORS = frozenset({",", "(", "-", "--", "—", "–", "\x97"})
BYLINE_DASHES = frozenset({"--", "—", "–"})
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. gen gen. lt lt. sgt sgt. capt capt. col col. officer judge president".split())
# Words before a name that open it without making it a longer, unknown name ("Greater Boston", "Mr. Paris").
NAME_OPENERS = NAME_PREFIXES | HONORIFICS
# Verbs whose direct object is a place, not an actor ("visited Seoul", "shelled Kharkiv").
PLACE_OBJECT_VERBS = frozenset(
    "visit enter leave reach tour hit strike attack bomb shell invade occupy cross flee cover rock "
    "shake flood storm capture seize liberate besiege evacuate surround bypass travel return move "
    "land arrive head fly drive sail".split()
)
OFFICIAL_NAME = re.compile(r"(?:City|Town|Village|Borough|Township) of (?P<name>.+)")
CITY_SUFFIX = re.compile(r"(?P<name>.+) City", re.IGNORECASE)
UNNAMED_PLACE = re.compile(
    r"\b(?:in|into|off|near|over|across|at|along|towards?|inside|outside)\s+"
    r"(?P<place>(?:the|its|their|his|her|a|an)\s+(?:(?:north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west|northern|southern|eastern|western|central|nearby|open|same|border|coastal|"
    r"remote|rural|capital|disputed)\s+)*"
    r"(?:sea|seas|ocean|waters|coast|coastline|shore|border|border area|area|region|capital|city|town|"
    r"village|province|countryside|mountains|desert|airspace|territory|zone|peninsula|island|bay|gulf))\b"
    r"(?!\s+of\s+[A-Z])",
    re.IGNORECASE,
)
# Score weights, calibrated together by reasoning about news text (capitals and countries are
# named far more often than their population suggests); do not tune one alone.
FEATURE_BONUS = {"PCLI": 2.0, "PPLC": 2.0, "CONT": 2.0, "ADM1": 0.5, "RGN": 0.5, "PPL": 0.0, "ADM2": 0.0, "ADM3": -0.5}
# Water bodies have no population: a name that is a sea's is the sea ("Red Sea", not the Sudanese
# state named after it; "the Pacific", not Pacific, Missouri), unless the report's places say otherwise.
WATER_BONUS = 7.0
WATER_WORDS = frozenset("sea ocean gulf bay strait channel canal lake".split())
ALTERNATE_NAME_PENALTY = 1.5
QUALIFIER_BONUS = 6.0
COUNTRY_CONTEXT_WEIGHT = 3.0
CAPITAL_CONTEXT_BONUS = 1.5
COUNTRY_CONTEXT_SMOOTHING = 1.0  # one imaginary mention elsewhere: a single other name is weak evidence
ADMIN1_CONTEXT_WEIGHT = 2.5
NEARBY_BONUS = 1.5
NAMED_ADMIN1_BONUS = 1.5  # on top: the report names the state ("Georgia", "Tenn.") itself
COHERENCE_WEIGHT = 0.75  # per other name that can lie in the same first-level area
COHERENCE_MAX_NAMES = 3
COHERENCE_CANDIDATES = 10
NEARBY_KM = 200.0
EARTH_RADIUS_KM = 6371.0088
MAX_RESOLUTION_ROUNDS = 8
# A town named like a state or country ("Oregon", Illinois) needs more than its state in the report.
STATE_NAMESAKE_CONTEXT = 0.5  # share of the state and distance context its reading gets
# A village is named in a report about its own neighbourhood, where other names lie close by; the
# state of some other place in the report says little for it ("Santa Clara", Texas, pop. 725).
SMALL_PLACE_POPULATION = 5000
SMALL_PLACE_CONTEXT = 0.5  # share of the state and distance context without a name within PROXIMITY_KM
# Two names with readings a few dozen km apart ("Paris" and "Henry County" in Tennessee, "Mansfield"
# and "Shreveport") almost always mean those readings: a chance pair so close is rare.
PROXIMITY_KM = 50.0
PROXIMITY_WEIGHT = 1.5  # per other name with a reading that close
PROXIMITY_MAX_NAMES = 3
PROXIMITY_BLOCK = 512


@dataclass
class Mention:
    """A toponym candidate before resolution (token span into the Doc)."""

    start: int
    end: int
    text: str
    source: str  # ner, gazetteer, demonym, dateline
    usage: str = "place"
    country: str | None = None  # demonyms: the country they name
    qualifier: tuple[str, str] | None = None  # ("admin1", "TX") or ("country", "FRA")
    entry: GazetteerEntry | None = None  # fixed resolution (qualifiers such as "Ky.")
    candidates: list[GazetteerEntry] = field(default_factory=list)
    choice: GazetteerEntry | None = None
    area_word: str | None = None  # "County" for "Harvey" in "Harvey and Harper counties"
    lookup: str = ""  # the name looked up: "Richmond" for "City of Richmond"
    # A known name the parser labelled otherwise (ORG, PERSON) or that opens a sentence: kept only
    # when the report's other places support the reading it resolves to.
    tentative: bool = False
    municipal: bool = False  # followed by a town's noun: "Berea police", "a Delta officer"
    chars: int | None = None  # the name's length when it is the head of one token ("U.S." of "U.S.-led")


@dataclass
class _DocFacts:
    """Per-token facts computed once per document (spaCy token and entity access is slow)."""

    texts: list[str]
    with_space: list[str]
    lowers: list[str]
    capitalised: list[bool]
    entity_at: list[Span | None]
    sentence_starts: set[int]
    lower_words: set[str]

    @classmethod
    def of(cls, doc: Doc) -> "_DocFacts":
        # one array read instead of a Token object per token and per fact (a third of the stage's time)
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, SPACY, IS_ALPHA]).tolist() if len(doc) else []
        texts = [strings[orth] for orth, _, _ in rows]
        entity_at: list[Span | None] = [None] * len(doc)
        for ent in doc.ents:
            entity_at[ent.start:ent.end] = [ent] * len(ent)
        return cls(
            texts, [text + " " if space else text for text, (_, space, _) in zip(texts, rows)],
            [t.lower() for t in texts],
            [_capitalised_text(text, bool(alpha)) for text, (_, _, alpha) in zip(texts, rows)], entity_at,
            {s.start for s in doc.sents}, {t for t in texts if t.islower()},
        )


def find_places(doc: Doc, analysis: Analysis) -> list[Place | Abstention]:
    """Places mentioned in ``doc``, each with its evidence span and gazetteer resolution.

    A name the gazetteer does not know keeps its span with empty coordinates; unnamed places
    keep their description only. See the module docstring for what is not extracted.
    """
    gaz = gazetteer_module.load()
    mentions, unknown = _recognise(doc, gaz)
    mentions = _resolve_with_tentative(mentions, gaz)
    doc_id = analysis.document.id
    sentence_of = _sentence_index_of(doc)
    places = [_place_record(m, doc, doc_id, sentence_of) for m in mentions]
    places += _unnamed_places(doc, doc_id, sentence_of, places)
    abstentions = [
        Abstention(doc_id, "places", sentence_of[ent.start], "GPE name not in the gazetteer: not a place", ent.text)
        for ent in unknown
    ]
    return sorted(places, key=lambda p: p.span.start_char) + abstentions


def event_place(event_sentence_index: int, trigger_span: TextSpan, places: list[Place], doc: Doc,
                report: ReportPlaces | None = None, leave_out: list[Place] = ()) -> Place | None:
    """The place of an event, or None when nothing in the report says.

    In order: a place in a locative phrase governed by the trigger in the event's own sentence
    (``origin="sentence"``), the nearest to the trigger; the dateline city when the sentence says
    it happened there ("here", ``origin="context"``); else the country the report's places point
    to most, at country precision (``origin="report"``), counted over ``report`` (default:
    ``places``) less ``leave_out``. The dateline alone says where the reporter filed from, not where the event was.
    Metonyms name actors, never places.
    """
    trigger = doc.char_span(trigger_span.start_char, trigger_span.end_char, alignment_mode="expand")
    usable = [p for p in places if p.usage in ("place", "dateline")]
    if trigger is not None:
        in_sentence = [
            p for p in usable
            if p.sentence_index == event_sentence_index and p.usage == "place" and _governed_by(trigger, p, doc)
        ]
        if in_sentence:
            nearest = min(in_sentence, key=lambda p: abs(p.span.start_char - trigger_span.start_char))
            return replace(nearest, origin="sentence")
    datelines = [p for p in usable if p.usage == "dateline"]
    if datelines and _says_here(doc, event_sentence_index):
        return replace(datelines[0], origin="context")
    return (report or ReportPlaces.of(places)).country(leave_out)


def place_of_event(index: int, trigger: TextSpan, places, doc: Doc, evidence: dict, missing: dict) -> Place | None:
    """``event_place`` for events coded outside the sentence coder (launch phrasings): the place,
    with its evidence recorded in ``evidence`` or the reason in ``missing``."""
    place = event_place(index, trigger, [p for p in places if isinstance(p, Place)], doc)
    if place is None:
        missing["place"] = "not stated"
    else:
        evidence["place"] = Evidence.of(place.span, place.sentence_index if place.sentence_index is not None else index)
    return place


def _says_here(doc: Doc, sentence_index: int) -> bool:
    sents = list(doc.sents)
    return 0 <= sentence_index < len(sents) and any(t.lower_ == "here" for t in sents[sentence_index])


_COUNTED = ("place", "metonym", "demonym")


@dataclass(frozen=True)
class ReportPlaces:
    """A report's places, grouped once per report for the events of each sentence: each
    sentence's own places, the datelines, and how often each country is named."""

    all: tuple[Place, ...]
    by_sentence: dict[int, tuple[Place, ...]]
    datelines: tuple[Place, ...]
    counts: Counter
    first_named: dict[str, Place]

    @classmethod
    def of(cls, places) -> "ReportPlaces":
        places = tuple(p for p in places if isinstance(p, Place))
        by_sentence: dict[int, list[Place]] = {}
        counts: Counter = Counter()
        first_named: dict[str, Place] = {}
        for p in places:
            by_sentence.setdefault(p.sentence_index, []).append(p)
            if p.country and p.usage in _COUNTED:
                counts[p.country] += 1
                first_named.setdefault(p.country, p)
        return cls(places, {i: tuple(ps) for i, ps in by_sentence.items()},
                   tuple(p for p in places if p.usage == "dateline"), counts, first_named)

    def sentence(self, index: int) -> tuple[Place, ...]:
        return self.by_sentence.get(index, ())

    def country(self, leave_out: list[Place] = ()) -> Place | None:
        """The country named most often (ties: the first named), less ``leave_out`` (the event's
        parties), as a country-precision place at its centroid."""
        counts = self.counts.copy()
        counts.subtract(p.country for p in leave_out if p.country and p.usage in _COUNTED)
        counts = +counts
        if not counts:
            return None
        top = max(counts.values())
        first = min((self.first_named[c] for c, n in counts.items() if n == top), key=lambda p: p.span.start_char)
        entry = gazetteer_module.load().country(first.country)
        if entry is None:
            return None
        return Place(
            first.doc_id, first.span, name=entry.name, country=entry.country, feature_class=entry.feature_class,
            feature_code=entry.feature_code, latitude=round(entry.latitude, 5), longitude=round(entry.longitude, 5),
            geonames_id=entry.geonames_id if entry.geonames_id > 0 else None, precision="country",
            sentence_index=first.sentence_index, origin="report",
        )


def _governed_by(trigger: Span, place: Place, doc: Doc) -> bool:
    """True when the place sits in a locative phrase inside the trigger's clause."""
    span = doc.char_span(place.span.start_char, place.span.end_char, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    if head.lower_ not in EVENT_LOCATIVES:
        return False
    trigger_tokens = {t.i for t in trigger}
    if trigger.root.pos_ == "NOUN" and trigger.root.dep_ in ("dobj", "nsubj", "nsubjpass"):
        trigger_tokens.add(trigger.root.head.i)  # "hold talks ... in Seoul": the verb carries the noun's place
    ancestor = head
    while True:
        if ancestor.i in trigger_tokens:
            return True
        if ancestor.head.i == ancestor.i:
            return False
        # a place inside another verb's clause belongs to that verb, not to the trigger
        if ancestor.pos_ in ("VERB", "AUX") and ancestor.i not in trigger_tokens and ancestor is not head:
            return False
        ancestor = ancestor.head


# --- recognition --------------------------------------------------------------------------

def _recognise(doc: Doc, gaz: Gazetteer) -> tuple[list[Mention], list[Span]]:
    """Mentions (sorted by position) and the GPE entities the gazetteer does not know."""
    taken = [False] * len(doc)
    mentions: list[Mention] = []
    unknown: list[Span] = []

    def add(mention: Mention) -> None:
        mentions.append(mention)
        for i in range(mention.start, mention.end):
            taken[i] = True

    dateline = _dateline(doc, gaz)
    if dateline:
        add(dateline)
    for ent in doc.ents:
        if any(taken[i] for i in range(ent.start, ent.end)):
            continue
        mention = _entity_mention(ent, gaz)
        if mention is not None:
            _extend_to_known_name(mention, doc, gaz, taken)
        if mention is None and ent.label_ == "GPE":
            unknown.append(ent)
        elif mention is not None:
            add(mention)
    people = _person_names(doc)
    mentions = [m for m in mentions if not _person_not_place(m, people, gaz, doc)]
    facts = _DocFacts.of(doc)
    for mention in _gazetteer_mentions(doc, gaz, taken, {m.text.casefold() for m in mentions}, facts):
        if not _person_not_place(mention, people, gaz, doc):
            add(mention)
    for mention in _state_abbreviations(doc, gaz, taken, facts):
        add(mention)
    for mention in _hyphened_countries(gaz, taken, facts):
        add(mention)
    for mention in _cue_mentions(doc, gaz, facts):
        covering = [m for m in mentions if m.start < mention.end and mention.start < m.end]
        for m in covering:  # the cue settles what the parser or the judge left open
            m.tentative = False
            if (m.start, m.end) == (mention.start, mention.end):
                m.area_word = m.area_word or mention.area_word
        if not covering:
            add(mention)
    for m in list(mentions):
        found = _qualifier(doc, m.end, gaz)
        if found is None:
            continue
        m.qualifier, start, end = found[:2], found[2], found[3]
        for other in mentions:  # "Paris, Texas": the qualifier is a place whatever the parser said
            if other.tentative and other.start < end and start < other.end:
                other.tentative = False
        if not any(taken[start:end]):
            add(Mention(start, end, doc[start:end].text, "qualifier", entry=_qualifier_entry(m.qualifier, gaz)))
    for m in mentions:
        m.municipal = m.end < len(doc) and doc[m.end].lower_ in MUNICIPAL_NOUNS
        _drop_compass_word(m, doc, gaz)
        if m.usage == "place" and m.source != "dateline" and _is_metonym(doc[m.start:m.end]):
            m.usage = "metonym"
    _mark_county_lists(doc, mentions)
    return sorted(mentions, key=lambda m: m.start), unknown


def _cue_mentions(doc: Doc, gaz: Gazetteer, facts: _DocFacts) -> list[Mention]:
    """Names the text itself marks as places (``place_cues``): a legislator's party and home
    ("D-Charleston", "D-W. Va."), a firm's base ("Houston-based") and names listed before
    "counties" ("Jackson and Barrow counties")."""
    abbreviations = gazetteer_module.us_state_abbreviations()
    found = []
    for start, end in place_cues.party_hometowns(facts.texts, facts.capitalised, gaz, abbreviations):
        text = doc[start:end].text
        entry = gaz.admin1("USA", abbreviations[text]) if text in abbreviations else None
        found.append(Mention(start, end, text, "cue", entry=entry))
    for start, end in place_cues.based_in(facts.texts, facts.capitalised):
        while start < end and not gaz.knows(doc[start:end].text):
            start += 1  # "KBR's Houston-based", "Chicago Houston-based" keep the known tail
        if start < end:
            found.append(Mention(start, end, doc[start:end].text, "cue"))
    for start, end, area_word in place_cues.county_lists(facts.lowers, facts.capitalised):
        while start < end and not gaz.knows(f"{doc[start:end].text} {area_word}"):
            start += 1  # "In Douglas and Sarpy counties"
        if start < end:
            found.append(Mention(start, end, doc[start:end].text, "cue", area_word=area_word))
    return found


def _drop_compass_word(m: Mention, doc: Doc, gaz: Gazetteer) -> None:
    """'Western Pennsylvania', 'East Texas', 'southern Lebanon': the toponym is the state or country.

    Gazetteers list some such regions, with points far from the state's, and corpora annotate the
    state's name alone. Names that are themselves states or countries ("North Carolina",
    "South Korea", "Northern Ireland") stay whole.
    """
    if m.end - m.start < 2 or m.entry is not None or doc[m.start].lower_ not in DIRECTIONS:
        return
    if any(_same_name(c.name, m.text) and c.feature_code not in ("RGN", "CONT") for c in gaz.candidates(m.text)):
        return
    rest = doc[m.start + 1:m.end].text
    if any(_same_name(c.name, rest) and c.feature_code in MAJOR_AREAS for c in gaz.candidates(rest)):
        m.start, m.text = m.start + 1, rest


def _mark_county_lists(doc: Doc, mentions: list[Mention]) -> None:
    """A list closed by "counties" or "parishes" ("Navarro, Henderson and Ellis counties") names
    counties, whatever towns share the names. Lists are spaCy's conjunct chains."""
    mention_at: dict[int, Mention] = {}
    for m in mentions:
        if m.usage != "demonym":
            mention_at.update((i, m) for i in range(m.start, m.end))
    unique = sorted({id(m): m for m in mention_at.values()}.values(), key=lambda m: m.start)
    groups: dict[int, list[Mention]] = {id(m): [m] for m in unique}
    group_of: dict[int, int] = {id(m): id(m) for m in unique}
    for m in unique:
        root = doc[m.start:m.end].root
        head = mention_at.get(root.head.i) if root.dep_ == "conj" else None
        if head is None or group_of[id(m)] == group_of[id(head)]:
            continue
        key = group_of[id(head)]
        for member in groups.pop(group_of[id(m)]):
            group_of[id(member)] = key
            groups[key].append(member)
    for group in groups.values():
        last = max(group, key=lambda m: m.end)
        listed = len(group) > 1 and last.end < len(doc)  # "the metro Athens counties" are not Athens County
        area_word = AREA_PLURALS.get(doc[last.end].lower_) if listed else None
        # "Harwinton, Bantam, Litchfield and Winsted": a list holding a plain place lists places
        plain_place = any(not m.tentative and m.usage == "place" and m.source in ("ner", "gazetteer") for m in group)
        for m in group:
            if area_word and not m.text.lower().endswith(area_word.lower()):
                m.area_word = area_word
            if plain_place and m.tentative and m.source == "gazetteer":
                m.tentative = False


def _person_names(doc: Doc) -> set[str]:
    """Words the report uses as people's names ("John Trapani", "Mr. Ripley"): not places here."""
    names = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            names.update(t.text for t in ent if t.text[:1].isupper() and t.is_alpha)
    for token in doc[1:]:
        if doc[token.i - 1].lower_ in HONORIFICS and token.text[:1].isupper():
            names.add(token.text)
    return names


def _state_abbreviations(doc: Doc, gaz: Gazetteer, taken: list[bool], facts: _DocFacts) -> list[Mention]:
    """'S.C.', 'W.Va.', 'N.Y.': dotted abbreviations are unambiguous; 'Ind.' or 'Miss.' only after a town."""
    abbreviations = gazetteer_module.us_state_abbreviations()
    found = []
    texts = facts.texts
    for i, text in enumerate(texts):
        if "." not in text and not (i + 1 < len(texts) and texts[i + 1] == "."):
            continue
        end = i + 1
        if text not in abbreviations and end < len(texts) and texts[end] == "." and text + "." in abbreviations:
            text, end = text + ".", end + 1
        elif text not in abbreviations and "." in text and text + "." in abbreviations:
            text = text + "."  # "Bronx County, N.Y, which": the final dot dropped
        if text in abbreviations and "." in text[:-1] and not any(taken[i:end]):
            entry = gaz.admin1("USA", abbreviations[text])
            if entry is not None:
                found.append(Mention(i, end, doc[i:end].text, "abbreviation", entry=entry))
    return found


def _hyphened_countries(gaz: Gazetteer, taken: list[bool], facts: _DocFacts) -> list[Mention]:
    """'the U.S.-led invasion', 'U.K.-based': a dotted country abbreviation the tokenizer keeps in
    one token with the word after its hyphen (spelled-out names are split: "Saudi", "-", "led")."""
    found = []
    for i, text in enumerate(facts.texts):
        head, hyphen, _ = text.partition("-")
        if taken[i] or not hyphen or not head.endswith(".") or "." not in head[:-1]:
            continue
        country = next((c for c in gaz.candidates(head)[:3] if c.feature_code == "PCLI"), None)
        if country is not None:
            found.append(Mention(i, i + 1, head, "gazetteer", entry=country, chars=len(head)))
    return found


def _person_not_place(m: Mention, people: set[str], gaz: Gazetteer, doc: Doc) -> bool:
    """A small place named like a person in the same report ("Trapani") is taken for the person,
    so is a large one the parser also labels PERSON here; unless a locative says it is the place
    here ("blanked in Erie")."""
    if m.text not in people or m.source in ("dateline", "demonym"):
        return False
    if m.start > 0 and doc[m.start - 1].lower_ in STRONG_LOCATIVES:
        return False
    if (m.end < len(doc) and doc[m.end].lower_ in PLACE_HEAD_NOUNS) or (m.start > 0 and doc[m.start - 1].lower_ == "of"):
        return False  # "Litchfield Fire Chief", "the Arlington Chamber of Commerce", "Man of Arlington"
    whole = doc[m.start].ent_iob_ == "B" and (m.end == len(doc) or doc[m.end].ent_iob_ != "I")
    if whole and doc[m.start].ent_type_ == "PERSON":
        return True  # "Trapani said", after "Andy Trapani": the parser and the report agree
    # a city of 117,000 ("Elizabeth Fairfield" ... "Fairfield's defense team") is the person too;
    # a country, state, capital or city of a million ("Houston" beside Whitney Houston) stays a place
    best = next(iter(gaz.candidates(m.text)), None)
    return best is None or not (best.feature_code in MAJOR_FEATURES or best.population >= MILLION_CITY)


def _dateline(doc: Doc, gaz: Gazetteer) -> Mention | None:
    """'SEOUL, Oct 19 (Reuters) -' or 'WASHINGTON (AP) --': an upper-case place opening the text.

    The text may start with a headline, so each of the first few sentences may open with it; a
    byline may come first, ending in its date ("BY CHAD KLIMACK Advocate Reporter March 29, 2009
    PATASKALA -- City officials"): then a dash must follow the place.
    """
    for sentence in list(doc.sents)[:DATELINE_SENTENCES]:
        for start in [sentence.start] + _after_byline_dates(sentence):
            found = _dateline_at(doc, start, gaz)
            if found is not None:
                return found
    return None


def _after_byline_dates(sentence: Span) -> list[int]:
    """Token positions right after a year that closes a byline, when an upper-case word and a dash follow."""
    doc = sentence.doc
    return [
        t.i + 1 for t in sentence
        if t.like_num and len(t.text) == 4 and t.i + 2 < sentence.end and _upper_word(doc[t.i + 1].text)
        and any(doc[k].text in BYLINE_DASHES for k in range(t.i + 2, min(sentence.end, t.i + 6)))
    ]


def _dateline_at(doc: Doc, start: int, gaz: Gazetteer) -> Mention | None:
    """The dateline place opening at token ``start``, if any."""
    end = start
    while end < min(len(doc), start + 5) and (
        _upper_word(doc[end].text) or (doc[end].text == "." and end > start and len(doc[end - 1].text) <= 3)
    ):
        end += 1
    if end == start or end >= len(doc) or doc[end].text not in DATELINE_SEPARATORS:
        return None
    text = doc[start:end].text
    return Mention(start, end, text, "dateline", usage="dateline") if gaz.knows(text) else None


def _extend_to_known_name(m: Mention, doc: Doc, gaz: Gazetteer, taken: list[bool]) -> None:
    """spaCy's entity may stop short of the gazetteer's name: 'Belle' of 'Belle Plaine'."""
    for end in range(min(len(doc), m.end + 2), m.end, -1):
        following = doc[m.end:end]
        if any(taken[m.end:end]) or not all(_capitalised(t) for t in following):
            continue
        text = doc[m.start:end].text
        if any(_same_name(c.name, text) for c in gaz.candidates(text)):
            m.end, m.text = end, text
            return


def _leading_place(span: Span, gaz: Gazetteer) -> Span | None:
    """'North Las Vegas' of 'North Las Vegas Police Department': a known place opening an unknown name.

    Not when the next word makes it another feature ('Red River', 'Lake Ontario' stay unknown).
    """
    for end in range(span.end - 1, span.start, -1):
        head = span.doc[span.start:end]
        if span.doc[end].lower_ in GENERIC_NAME_PARTS or not _capitalised(head[-1]) or head.text.lower() in NAME_PREFIXES:
            continue
        if any(_same_name(c.name, head.text) for c in gaz.candidates(head.text)):
            return head
    return None


def _upper_word(text: str) -> bool:
    """'SEOUL', 'ST.' (of 'ST. PARIS')."""
    word = text[:-1] if text.endswith(".") and len(text) > 2 else text
    return word.isalpha() and word.isupper()


def _entity_mention(ent: Span, gaz: Gazetteer) -> Mention | None:
    start = ent.start + 1 if ent[0].lower_ == "the" and len(ent) > 1 else ent.start
    span = ent.doc[start:ent.end]
    while len(span) > 1 and span[-1].tag_ == "POS":
        span = span[:-1]
    text = span.text
    if ent.label_ == "NORP":
        return _demonym_mention(span.start, span.end, text, gaz)
    if ent.label_ not in NER_PLACE_LABELS or not _capitalised(span[0]) or text.casefold() in DIRECTIONS:
        return None
    abbreviations = gazetteer_module.us_state_abbreviations()
    if ent.label_ == "GPE" and text in abbreviations:  # "Mass. legislators", "of Sulpher, La."
        entry = gaz.admin1("USA", abbreviations[text])
        return Mention(span.start, span.end, text, "ner", entry=entry) if entry else None
    if not gaz.knows(text):
        demonym = _demonym_mention(span.start, span.end, text, gaz)
        if demonym is not None:
            return demonym
        # FAC names open with people's names too often ("Webb Center", "Scott Elementary")
        leading = _leading_place(span, gaz) if ent.label_ in ("GPE", "LOC") else None
        if leading is not None:
            return Mention(leading.start, leading.end, leading.text, "ner")
        # unknown GPE/FAC names are mostly misread people and organisations; LOC keeps rivers, ranges
        return Mention(span.start, span.end, text, "ner") if ent.label_ == "LOC" else None
    # LOC names mountains, seas, regions and planets: one that is only a village's name
    # ("Mars", Pennsylvania) needs the report's other places near it
    village = ent.label_ == "LOC" and all(
        c.feature_class == "P" and c.population < SMALL_PLACE_POPULATION for c in gaz.candidates(text)[:COHERENCE_CANDIDATES]
    )
    return Mention(span.start, span.end, text, "ner", tentative=village)


def _gazetteer_mentions(
    doc: Doc, gaz: Gazetteer, taken: list[bool], accepted: set[str], facts: _DocFacts
) -> list[Mention]:
    """Gazetteer names in the text; doubtful ones count only when the report uses the name as a place elsewhere."""
    judged: list[tuple[Mention, bool | None]] = []
    i = 0
    while i < len(doc):
        found = None if taken[i] or not facts.capitalised[i] else _longest_match(doc, i, gaz, taken, facts)
        if found is None:
            i += 1
            continue
        end, text = found
        span = doc[i:end]
        demonym = _demonym_mention(i, end, text, gaz) if not gaz.knows(text) else None
        if demonym is not None:
            if _demonym_here(span, facts):
                judged.append((demonym, True))
        else:
            judged.append((Mention(i, end, text, "gazetteer"), _judge(span, gaz, facts)))
        i = end
    accepted = accepted | {m.text.casefold() for m, verdict in judged if verdict is True}
    for m, verdict in judged:
        m.tentative = verdict == CONTEXT and m.text.casefold() not in accepted
    return [m for m, verdict in judged if verdict is True or verdict == CONTEXT or m.text.casefold() in accepted]


def _demonym_mention(start: int, end: int, text: str, gaz: Gazetteer) -> Mention | None:
    """A demonym as a mention of the country or state it names ("South Korean", "Ohioans")."""
    entry = gaz.demonym_entry(text)
    if entry is None:
        return None
    return Mention(start, end, text, "demonym", usage="demonym", country=entry.country, entry=entry)


def _demonym_here(span: Span, facts: _DocFacts) -> bool:
    """A demonym outside names, or opening an organisation's or an office's name: "the Georgian
    Interior Ministry", "American Electric Power", "Sri Lankan President Mahinda Rajapakse"
    (the body's country). Not inside a person's name or a date."""
    entity = _covering_entity(span, facts)
    if entity is None or entity.label_ in ("LANGUAGE", "NORP"):
        return True
    if entity.label_ in NUMERIC_LABELS:
        return False
    opens = span.start == entity.start or (span.start == entity.start + 1 and entity[0].lower_ == "the")
    if opens and span.end == entity.end and entity.label_ == "PERSON":
        return len(span) > 1  # "Sri Lankan" is nobody's whole name; "English" may be a surname
    return opens and (span.end < entity.end or entity.label_ != "PERSON")  # "8,000 Minnesotans" (ORG)


def _capitalised(token) -> bool:
    return _capitalised_text(token.text, token.is_alpha)


def _capitalised_text(text: str, is_alpha: bool) -> bool:
    return text[:1].isupper() and (is_alpha or "." in text or "-" in text)


def _longest_match(
    doc: Doc, start: int, gaz: Gazetteer, taken: list[bool], facts: _DocFacts
) -> tuple[int, str] | None:
    limit = min(len(doc), start + MAX_NAME_TOKENS)
    for end in range(limit, start, -1):
        if any(taken[start:end]) or not facts.capitalised[end - 1]:
            continue
        if any(not facts.capitalised[i] and facts.lowers[i] not in CONNECTORS and not _abbreviation_dot(facts, i)
               for i in range(start + 1, end - 1)):
            continue
        text = "".join(facts.with_space[start:end - 1]) + facts.texts[end - 1]
        if gaz.knows(text) or gaz.demonym_entry(text):
            if end < len(doc) and facts.lowers[end] in GENERIC_NAME_PARTS and facts.capitalised[end]:
                return None
            return end, text
    return None


def _abbreviation_dot(facts: _DocFacts, i: int) -> bool:
    """The tokenizer splits "Ft." and "Pt." from their dot ("Ft", ".", "Worth"): the dot is part of the name."""
    return facts.texts[i] == "." and i > 0 and f"{facts.lowers[i - 1]}." in NAME_ABBREVIATIONS


def _judge(span: Span, gaz: Gazetteer, facts: _DocFacts) -> bool | str | None:
    """Is a gazetteer hit without NER support a place? True, False, None (only if the report uses
    the name as a place elsewhere) or CONTEXT (also if the report's other places support its reading)."""
    text = span.text
    best = next((c for c in gaz.candidates(text) if _named_as(c, text)), None)
    if best is None or text.casefold() in DIRECTIONS:
        return False
    if text.isupper() and len(text) <= 3:
        return best.feature_code == "PCLI"  # "US", "UK"; not "PA Images"
    if _ends_longer_name(span, gaz, facts):
        return False
    if _listed_before_area_plural(span, facts):
        return True
    major = best.feature_code in MAJOR_FEATURES or best.population >= MAJOR_POPULATION
    previous = span.doc[span.start - 1] if span.start > 0 else None
    after_locative = previous is not None and (previous.lower_ in STRONG_LOCATIVES or _residence_of(span))
    qualified = _qualifier(span.doc, span.end, gaz) is not None
    entity = _covering_entity(span, facts)
    if span[-1].lower_ in SELF_EVIDENT_ADMIN_WORDS and best.feature_class == "A" and len(span) > 1:
        # "Madison County commissioners", "McMinn County Sheriff Steve Frisbie": the name says it is a place
        return entity is None or entity.label_ != "PERSON" or span.end < entity.end
    # a name opening a longer facility name ("U.S. Bank Stadium") is judged like one inside an organisation
    inside_facility = entity is not None and entity.label_ == "FAC" and len(entity) > len(span)
    if entity is not None and (entity.label_ in NOT_PLACE_LABELS or inside_facility):
        return _judge_inside_entity(span, entity, best, after_locative or qualified)
    if any(t.pos_ not in ("PROPN", "NOUN", "ADJ") and t.lower_ not in CONNECTORS for t in span):
        return None
    sentence_start = span.start in facts.sentence_starts
    # "Man held after crash ... a man was": the lower-case form elsewhere marks a common noun
    if len(span) == 1 and (span[0].is_stop or text.lower() in facts.lower_words):
        return major and not sentence_start or None
    if text.isupper() and len(text) > 3:
        # an upper-case word inside a sentence in mixed case is an acronym ("NICE", the health institute)
        # unless the report's other places support the reading
        return CONTEXT if len(span) == 1 and not _upper_sentence(span) else major or CONTEXT
    if sentence_start:
        return (best.feature_code in MAJOR_FEATURES) or qualified or CONTEXT
    return major or after_locative or qualified or len(span) > 1 or CONTEXT


def _upper_sentence(span: Span) -> bool:
    """Whether the sentence around ``span`` is written in capitals (a headline, a dateline)."""
    words = [t.text for t in span.sent if t.is_alpha and len(t.text) > 1]
    return sum(w.isupper() for w in words) * 2 > len(words)


def _covering_entity(span: Span, facts: _DocFacts) -> Span | None:
    """The entity a name sits in, unless that says nothing of the name: a number or date label ("In
    January, South Carolina had"), or an entity the name opens as a possessor ("Sri Lanka's former
    president", "Kent's Board of Finance")."""
    entity = facts.entity_at[span.start]
    if entity is None:
        return None
    if entity.label_ in NUMERIC_LABELS and len(span) < len(entity) and span.text.casefold() not in CALENDAR_WORDS:
        return None
    if span.end < entity.end and facts.lowers[span.end] in ("'s", "’s"):
        return None
    return entity


def _ends_longer_name(span: Span, gaz: Gazetteer, facts: _DocFacts) -> bool:
    """'the DeSoto Detention Center', 'Gwinnett Medical Center': the tail of a name the gazetteer does not know.

    Not when the word before opens a sentence (title-case headlines), is a date ("Sunday Alexandria
    police"), a place of its own ("Decatur McLean County"), or a prefix ("Greater Boston", "S.E. Paris").
    """
    i = span.start - 1
    if i < 0 or span.start in facts.sentence_starts or i in facts.sentence_starts or not facts.capitalised[i]:
        return False
    previous = span.doc[i]
    if previous.is_stop or previous.ent_type_ == "DATE" or facts.lowers[i] in NAME_OPENERS:
        return False
    # "Webb Center", "Gateway Commerce Center": a generic word closing a name, whatever town bears it
    return not gaz.knows(previous.text) or (len(span) == 1 and facts.lowers[span.start] in GENERIC_NAME_PARTS)


def _listed_before_area_plural(span: Span, facts: _DocFacts) -> bool:
    """'Harvey, Harper and Kingman counties': every name in the list is a county."""
    i = span.end
    while i < len(facts.texts) and i < span.end + 12 and (facts.capitalised[i] or facts.lowers[i] in (",", "and", "or")):
        i += 1
    return i < len(facts.texts) and facts.lowers[i] in AREA_PLURALS


def _residence_of(span: Span) -> bool:
    """'Nadia Moayyad of Southlake', 'John Smith, 41, of Grovetown': where a person lives."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "of":
        return False
    before = doc[span.start - 2]
    if before.text == "," and span.start >= 4 and doc[span.start - 3].like_num:
        before = doc[span.start - 5] if span.start >= 5 else before
    return before.ent_type_ == "PERSON"


def _judge_inside_entity(span: Span, entity: Span, best: GazetteerEntry, located: bool) -> bool | str | None:
    """'the Texas Department of ...', 'Gainesville Police' are toponyms; 'Steven Sachs' is not.

    The small parser labels many towns ORG, PERSON, NORP or DATE ("Alexandria is a finalist",
    "grew up in Saratoga"): a name that is the whole entity is a place when a locative or a place
    noun says so, else when the report's other places support it (CONTEXT).
    """
    following = span.doc[span.end] if span.end < len(span.doc) else None
    place_noun = following is not None and following.lower_ in PLACE_HEAD_NOUNS
    if entity.start == span.start and entity.end == span.end:
        if entity.label_ in NUMERIC_LABELS:
            return False  # "at Christmas", "in March"
        return True if (located or place_noun) else CONTEXT
    leading = span.start == entity.start or (
        span.start == entity.start + 1 and entity[0].lower_ in NAME_PREFIXES | {"the"}  # "Metro Nashville police"
    )
    if entity.label_ == "PERSON":
        return leading and place_noun  # "Litchfield Fire Chief Jim Koser"
    if entity.label_ in ("ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"):
        if best.feature_code in ("PCLI", "ADM1"):
            return _names_its_government(span, entity)
        if not leading:
            # "University of Cincinnati", "the High Sheriff of Cambridgeshire": where the body is
            return CONTEXT if span.end == entity.end and span.start > 0 and span.doc[span.start - 1].lower_ == "of" else False
        return True if place_noun else CONTEXT
    return False


def _names_its_government(span: Span, entity: Span) -> bool:
    """A country or state inside an organisation's or facility's name is a place unless the name is
    a paper, firm, venue or team's ("Texas Department of ..." yes, "Arizona Cardinals" no)."""
    rest = [t for t in span.doc[span.end:entity.end] if not t.is_punct]
    if any(t.lower_ in NOT_PLACE_NAME_WORDS for t in rest):
        return False
    plural = len(rest) == 1 and (rest[0].tag_ == "NNPS" or (
        rest[0].lower_.endswith("s") and not rest[0].lower_.endswith(("ss", "us", "is"))  # "U.S. Census"
    ))
    return not plural or rest[0].lower_ in ("affairs", "services", "forces", "rangers")


def _named_as(entry: GazetteerEntry, text: str) -> bool:
    """Short aliases ("Hall" for Hall County) make false hits; trust them for countries and states."""
    if entry.name.casefold() == text.casefold() or _same_name(entry.name, text):  # "Ft. Worth"
        return True
    return entry.feature_code in ("PCLI", "ADM1") and (len(text) >= 4 or text.replace(".", "").isupper())


def _inside_entity(span: Span, labels: frozenset[str]) -> bool:
    return any(t.ent_type_ in labels for t in span)


def _qualifier(doc: Doc, end: int, gaz: Gazetteer) -> tuple[str, str, int, int] | None:
    """'Paris, Texas', 'Alexandria, La.', 'Perth, Australia': the area named right after a comma.

    Returns (kind, value, start, end) with kind "admin1" (value "USA:TX") or "country" (ISO3).
    """
    abbreviations = gazetteer_module.us_state_abbreviations()
    if end < len(doc) and "." in doc[end].text[:-1] and doc[end].text in abbreviations:
        return ("admin1", f"USA:{abbreviations[doc[end].text]}", end, end + 1)  # "Washington D.C."
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    for length in (3, 2, 1):
        tail = doc[end + 1:end + 1 + length]
        if len(tail) < length or not _capitalised(tail[0]):
            continue
        text = tail.text
        if text in abbreviations:
            return ("admin1", f"USA:{abbreviations[text]}", tail.start, tail.end)
        if tail.end < len(doc) and doc[tail.end].text == "." and text + "." in abbreviations:
            return ("admin1", f"USA:{abbreviations[text + '.']}", tail.start, tail.end + 1)
        for entry in gaz.candidates(text)[:3]:
            if entry.feature_code == "PCLI":
                if tail.end < len(doc) and doc[tail.end].pos_ == "NOUN" and doc[tail.end].is_lower:
                    return None  # "flights to Moscow, U.S. officials said": the country opens a noun phrase
                return ("country", entry.country, tail.start, tail.end)
            if entry.feature_code == "ADM1" and entry.name.casefold() == text.casefold():
                return ("admin1", f"{entry.country}:{entry.admin1}", tail.start, tail.end)
    return None


def _qualifier_entry(qualifier: tuple[str, str], gaz: Gazetteer) -> GazetteerEntry | None:
    kind, value = qualifier
    if kind == "country":
        return gaz.country(value)
    country, code = value.split(":", 1)
    return gaz.admin1(country, code)


def _is_metonym(span: Span) -> bool:
    """'Seoul said', 'Washington must abandon', 'accusing Seoul': the place stands for its government."""
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass"):
        return root.head.lemma_ not in ("be", "lie", "sit", "remain", "border", "become") and root.head.pos_ in ("VERB", "AUX")
    if root.dep_ in ("dobj", "dative"):
        return root.head.pos_ == "VERB" and root.head.lemma_ not in PLACE_OBJECT_VERBS
    return False


# --- resolution ---------------------------------------------------------------------------

def _look_up(mentions: list[Mention], gaz: Gazetteer) -> None:
    """Each mention's candidate readings (once per report, whichever rounds resolve it)."""
    for m in mentions:
        if m.entry is not None:
            m.candidates = [m.entry]
        elif m.country:
            country = gaz.country(m.country)
            m.candidates = [country] if country else []
        else:
            areas_named = _candidates(f"{m.text} {m.area_word}", gaz) if m.area_word else ([], "")
            m.candidates, m.lookup = areas_named if areas_named[0] else _candidates(m.text, gaz)
            # not for a word the gazetteer matched alone, often a surname ("Lee"), nor a state's name ("Ohio")
            if m.source == "ner" and not m.area_word and not any(
                c.feature_code in MAJOR_AREAS and _same_name(c.name, m.lookup or m.text) for c in m.candidates
            ):
                m.candidates += [c for c in _counties_named(m.lookup or m.text, gaz) if c not in m.candidates]
            if m.qualifier and _qualifier_unmet(m):
                # "Grantville, Pennsylvania" when only Georgia's Grantville is listed: the area is what we know
                area = _qualifier_entry(m.qualifier, gaz)
                m.candidates = [area] if area is not None else m.candidates


def _resolve(mentions: list[Mention], movable: list[Mention] | None = None) -> None:
    """Choose a reading for each of ``movable`` (default: every mention) in the company of all
    ``mentions``; the others keep their choices."""
    movable = mentions if movable is None else movable
    areas = _areas_by_name(mentions)
    near = _proximity_support(mentions)

    def coherence(m: Mention, c: GazetteerEntry) -> float:
        support = near.get((_key(m), c.index), 0)
        return _coherence(m, c, areas) + PROXIMITY_WEIGHT * min(support, PROXIMITY_MAX_NAMES)

    namesakes = {
        id(m) for m in mentions
        if any(c.feature_code in ("PCLI", "ADM1") and _same_name(c.name, m.lookup or m.text) for c in m.candidates)
    }

    def local_weight(m: Mention, c: GazetteerEntry) -> float:
        weight = 1.0
        if id(m) in namesakes and _is_local(c):
            weight *= STATE_NAMESAKE_CONTEXT
        if c.feature_class == "P" and c.population < SMALL_PLACE_POPULATION and not near.get((_key(m), c.index)):
            weight *= SMALL_PLACE_CONTEXT
        return weight

    # What does not change between rounds, per (mention, candidate): prior plus coherence, and the
    # share of the state and distance context the reading gets.
    fixed = {
        (id(m), id(c)): (_prior(m, c) + coherence(m, c), local_weight(m, c)) for m in movable for c in m.candidates
    }
    for m in movable:
        if m.candidates:
            m.choice = max(m.candidates, key=lambda c: fixed[id(m), id(c)][0])

    def score(m: Mention, c: GazetteerEntry, context: _Context) -> float:
        base, weight = fixed[id(m), id(c)]
        return base + _context_score(c, context, weight)

    _settle(mentions, movable, score)
    _one_sense_per_discourse(mentions)


def _settle(mentions: list[Mention], movable: list[Mention], score) -> None:
    """Rounds in which every movable choice sees the others' previous choices.

    Two readings can keep swapping (each town pulls the other into its state), so a repeated state
    ends the rounds and the cycle's best-scoring state is kept.
    """
    seen: dict[tuple, int] = {}
    states: list[tuple[list[GazetteerEntry | None], float]] = []
    for _ in range(MAX_RESOLUTION_ROUNDS):
        by_name = _contexts_by_name(mentions)  # a name's context leaves out all its own mentions
        contexts = [by_name[_key(m)] for m in movable]
        current = [m.choice for m in movable]
        key = tuple(c.index if c else -1 for c in current)
        if key in seen:
            best = max(states[seen[key]:], key=lambda state: state[1])[0]
            for m, choice in zip(movable, best):
                m.choice = choice
            break
        seen[key] = len(states)
        states.append((current, sum(score(m, m.choice, ctx) for m, ctx in zip(movable, contexts) if m.choice)))
        updated = [
            max(m.candidates, key=lambda c: score(m, c, context.measured(m.candidates))) if len(m.candidates) > 1 else m.choice
            for m, context in zip(movable, contexts)
        ]
        for m, choice in zip(movable, updated):
            m.choice = choice


@dataclass
class _Areas:
    """Each name's candidate first-level areas ("USA:TN"), and how many names can lie in each."""

    by_name: dict[str, set[str]]
    names_per_area: Counter


def _areas_by_name(mentions: list[Mention]) -> _Areas:
    by_name: dict[str, set[str]] = {}
    for m in mentions:
        by_name.setdefault(_key(m), set()).update(
            f"{c.country}:{c.admin1}" for c in m.candidates[:COHERENCE_CANDIDATES] if c.admin1
        )
    return _Areas(by_name, Counter(area for found in by_name.values() for area in found))


def _coherence(m: Mention, c: GazetteerEntry, areas: _Areas) -> float:
    """'Paris' and 'Henry County' in one report: both readings in Tennessee support each other."""
    if not c.admin1 or c.feature_code == "PCLI":
        return 0.0
    area = f"{c.country}:{c.admin1}"
    support = areas.names_per_area[area] - (area in areas.by_name.get(_key(m), ()))
    return COHERENCE_WEIGHT * min(support, COHERENCE_MAX_NAMES)


def _is_local(c: GazetteerEntry) -> bool:
    return c.feature_code not in ("PCLI", "ADM1", "CONT", "RGN") and c.feature_class != "H"


def _proximity_support(mentions: list[Mention]) -> dict[tuple[str, int], int]:
    """(name, candidate index) -> how many other names have a reading within PROXIMITY_KM of it.

    Only points that stand for a small area count (towns, counties); country and state points do not.
    Readings reached through an alternate name do not count either: among some 250,000 places, a
    chance alias close to another name's reading is too common ("Washington" for a Maryland town).
    """
    names: dict[str, int] = {}
    rows: list[tuple[str, GazetteerEntry]] = []
    for m in mentions:
        key = _key(m)
        if m.usage == "demonym" or key in names:
            continue
        names[key] = len(names)
        rows += [
            (key, c) for c in m.candidates
            if (c.feature_class == "P" or c.feature_code in ("ADM2", "ADM3"))
            and (_same_name(c.name, m.lookup or m.text) or _county_of(c, m.lookup or m.text))
            and (m.qualifier is None or _meets_qualifier(c, m.qualifier))
        ]
    if len(names) < 2 or not rows:
        return {}
    name_of_row = np.array([names[key] for key, _ in rows])
    lat = np.radians(np.array([c.latitude for _, c in rows], dtype=np.float64))
    lon = np.radians(np.array([c.longitude for _, c in rows], dtype=np.float64))
    one_hot = np.zeros((len(rows), len(names)), dtype=np.int32)
    one_hot[np.arange(len(rows)), name_of_row] = 1
    support = np.zeros(len(rows), dtype=np.int64)
    for start in range(0, len(rows), PROXIMITY_BLOCK):  # blocks keep memory small in long reports
        block = slice(start, start + PROXIMITY_BLOCK)
        close = _haversine_km(lat[None, :], lon[None, :], lat[block, None], lon[block, None]) <= PROXIMITY_KM
        near_names = (close.astype(np.int32) @ one_hot) > 0
        near_names[np.arange(near_names.shape[0]), name_of_row[block]] = False
        support[block] = near_names.sum(axis=1)
    return {(key, c.index): int(n) for (key, c), n in zip(rows, support) if n}


def _candidates(text: str, gaz: Gazetteer) -> tuple[list[GazetteerEntry], str]:
    """The entries a name may stand for, and the name looked up."""
    found = gaz.candidates(text)
    if not found and text.lower().startswith("the "):
        text = text[4:]
        found = gaz.candidates(text)
    suffixed = CITY_SUFFIX.fullmatch(text)
    if suffixed and any(_folded(c.name) == _folded(text) for c in found):
        suffixed = None  # "Kansas City" is a place's own name
    official = OFFICIAL_NAME.match(text)
    if suffixed:
        text = suffixed.group("name")  # "Dublin City Council"
    elif official:  # "City of Richmond": GeoNames lists most towns under their short name only
        text = official.group("name")
    by_full_name = found if suffixed else []  # "Kanawha City": a Saint Albans alias, kept
    if suffixed or official:
        # "X City" is a city, whatever else bears the name ("Quebec City" is not the province)
        short = [c for c in gaz.candidates(text) if c.feature_class == "P" or not suffixed]
        found = sorted(dict.fromkeys(found + short), key=lambda c: -c.population)
    letters = text.replace(".", "")
    if letters.isupper() and len(letters) <= 3:  # "EU" is no town "Eu": an acronym names a country or an area
        found = [c for c in found if c.feature_code in MAJOR_AREAS | {"RGN"} or c.name.replace(".", "").isupper()]
    if any(_same_name(c.name, text) for c in found):
        town = any(_same_name(c.name, text) and c.feature_class == "P" and c.population >= NAMESAKE_TOWN for c in found)
        found = [c for c in found if _same_name(c.name, text) or c in by_full_name or _known_by_alias(c, text, town)]
    if WATER_WORDS & set(text.lower().split()) and any(c.feature_class == "H" for c in found):
        found = [c for c in found if c.feature_class == "H"]  # "Red Sea" off Sudan is the sea, not the state
        return found[:25], text
    return found[:25], text


def _counties_named(text: str, gaz: Gazetteer) -> list[GazetteerEntry]:
    """US counties and parishes a bare name may stand for: local news says "DeKalb police" and
    "Hendricks, 7.3 percent" for DeKalb and Hendricks counties. The report's other places choose
    between the county and the towns bearing the name."""
    words = text.split()
    if not words or len(words) > 3 or words[-1].lower() in SELF_EVIDENT_ADMIN_WORDS or not text[:1].isupper():
        return []
    return [
        c for area_word in COUNTY_WORDS for c in gaz.candidates(f"{text} {area_word}")
        if c.country == "USA" and c.feature_code == "ADM2" and _county_of(c, text)
    ]


def _county_of(c: GazetteerEntry, text: str) -> bool:
    """Whether ``c`` is the county or parish named ``text`` ("DeKalb County" for "DeKalb")."""
    return any(_same_name(c.name, f"{text} {area_word}") for area_word in COUNTY_WORDS)


def _known_by_alias(c: GazetteerEntry, text: str, town: bool = False) -> bool:
    """Whether a place reached by an alternate name stays a candidate when places bear the name itself.

    GeoNames' alternate names of towns are mostly local or historical ("Maryville" for a Texas town),
    and some are misspellings ("Columbia" for Colombia); a country, a state or a city of a million
    keeps its other names ("Holland", "New York" for New York City), and so does an admin area
    whose name contains the text; a city's old or foreign names give way to a ``town`` of
    NAMESAKE_TOWN people bearing the name ("Berea", Kentucky, not Aleppo's ancient Beroea).
    """
    name, text = _folded(c.name), _folded(text)
    if _one_letter_apart(name, text):
        return False
    if (c.feature_class == "A" or c.population >= MILLION_CITY) and set(text.split()) < set(name.split()):
        return True  # "Navarro" for Navarro County, "Norfolk" for the City of Norfolk, "Petersburg"
    return c.feature_code in ("PCLI", "ADM1", "CONT") or c.feature_class == "H" or (c.population >= MILLION_CITY and not town)


def _one_letter_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def _same_name(name: str, text: str) -> bool:
    """'Montréal' is 'Montreal', 'Saint Paris' is 'St. Paris', 'Canton' is 'City of Canton'."""
    return _folded(name) in _text_forms(text)


@lru_cache(maxsize=65536)
def _text_forms(text: str) -> tuple[str, str]:
    """The folded text and its folded short name: asked for every candidate of a name, every round."""
    return _folded(text), _folded(_short_name(text))


def _short_name(text: str) -> str:
    official = OFFICIAL_NAME.match(text)
    return official.group("name") if official else text


@lru_cache(maxsize=65536)
def _folded(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name_key(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("-", " ")


def _key(m: Mention) -> str:
    """Mentions with one key are one name: 'Dublin', 'DUBLIN' and 'Dublin City'."""
    return _folded(m.lookup or m.text)


def _prior(m: Mention, c: GazetteerEntry) -> float:
    score = math.log10(c.population + 10) + FEATURE_BONUS.get(c.feature_code, 0.0)
    if c.feature_class == "H":
        score += WATER_BONUS
    if not _same_name(c.name, m.lookup or m.text):
        score -= ALTERNATE_NAME_PENALTY
    if m.qualifier and _meets_qualifier(c, m.qualifier):
        score += QUALIFIER_BONUS
    if m.municipal and (c.feature_code in LARGE_AREAS or c.feature_class == "H"):
        score -= MUNICIPAL_PENALTY
    return score


def _qualifier_unmet(m: Mention) -> bool:
    """A town qualified by an area ("Grantville, Pennsylvania") none of whose readings lies there,
    though some lie in the area's country (so the qualifier is read right: not "TBILISI, Georgia")."""
    country = m.qualifier[1].split(":")[0]
    return (
        all(_is_local(c) and not _meets_qualifier(c, m.qualifier) for c in m.candidates)
        and any(c.country == country for c in m.candidates)
    )


def _meets_qualifier(c: GazetteerEntry, qualifier: tuple[str, str]) -> bool:
    kind, value = qualifier
    return c.country == value if kind == "country" else f"{c.country}:{c.admin1}" == value


@dataclass
class _Context:
    """What the rest of a report says, for one name: the other names' current choices."""

    countries: Counter
    admin1s: set[str]
    points: np.ndarray  # radians, shape (n, 2): the other names' towns and areas
    total: int
    named_admin1s: set[str] = field(default_factory=set)  # states the report names itself
    nearest: dict[int, float] = field(default_factory=dict)  # candidate index -> km to the nearest point

    def measured(self, candidates: list[GazetteerEntry]) -> "_Context":
        """Distances from each candidate to the nearest of the points, in one array operation."""
        todo = [c for c in candidates if c.index not in self.nearest]
        if todo and len(self.points):
            lat = np.radians(np.array([c.latitude for c in todo]))[:, None]
            lon = np.radians(np.array([c.longitude for c in todo]))[:, None]
            km = _haversine_km(lat, lon, self.points[None, :, 0], self.points[None, :, 1]).min(axis=1)
            self.nearest.update(zip((c.index for c in todo), km.tolist()))
        return self

    def km_to_nearest(self, c: GazetteerEntry) -> float:
        km = self.nearest.get(c.index)
        return _nearest_km(c, self.points) if km is None else km


def _contexts_by_name(mentions: list[Mention]) -> dict[str, _Context]:
    """Each name's context: the current choices of all mentions of other names.

    Built from per-name tallies minus the name's own, so a long report costs little.
    """
    tallies: dict[str, tuple[Counter, Counter, Counter, list]] = {}
    for m in mentions:
        countries, admin1s, named, points = tallies.setdefault(_key(m), (Counter(), Counter(), Counter(), []))
        c = m.choice
        if c is None:
            continue
        countries[c.country] += 1
        if c.feature_code in ("ADM1", "ADM2", "PPL", "PPLC", "ADM3") and c.admin1:
            admin1s[f"{c.country}:{c.admin1}"] += 1
        if c.feature_code == "ADM1" and c.admin1 and m.usage != "demonym":
            named[f"{c.country}:{c.admin1}"] += 1
        if c.feature_class in ("P", "A") and c.feature_code not in ("PCLI", "ADM1"):
            points.append((c.latitude, c.longitude))
        if m.qualifier and m.qualifier[0] == "admin1":
            admin1s[m.qualifier[1]] += 1
            named[m.qualifier[1]] += 1
    all_countries, all_admin1s, all_named = Counter(), Counter(), Counter()
    for countries, admin1s, named, _ in tallies.values():
        all_countries.update(countries)
        all_admin1s.update(admin1s)
        all_named.update(named)
    owner = [key for key, tally in tallies.items() for _ in tally[3]]
    points = np.radians(np.array([p for tally in tallies.values() for p in tally[3]], dtype=np.float64).reshape(-1, 2))
    contexts = {}
    for key, (countries, admin1s, named, _) in tallies.items():
        others = all_countries - countries
        contexts[key] = _Context(
            others,
            {a for a, n in all_admin1s.items() if n > admin1s[a]},
            points[np.array([o != key for o in owner], dtype=bool)] if owner else points,
            sum(others.values()),
            {a for a, n in all_named.items() if n > named[a]},
        )
    return contexts


def _context_score(c: GazetteerEntry, context: _Context, local_weight: float = 1.0) -> float:
    score = 0.0
    if context.total:
        score += COUNTRY_CONTEXT_WEIGHT * context.countries[c.country] / (context.total + COUNTRY_CONTEXT_SMOOTHING)
        if c.feature_code == "PPLC" and context.countries[c.country]:
            score += CAPITAL_CONTEXT_BONUS  # "Washington" in a report naming the U.S. is its capital
    local = 0.0
    if f"{c.country}:{c.admin1}" in context.admin1s and c.feature_code != "PCLI":
        local += ADMIN1_CONTEXT_WEIGHT
        if f"{c.country}:{c.admin1}" in context.named_admin1s and c.feature_code != "ADM1":
            local += NAMED_ADMIN1_BONUS
    if len(context.points) and context.km_to_nearest(c) <= NEARBY_KM:
        local += NEARBY_BONUS
    return score + local_weight * local


def _nearest_km(c: GazetteerEntry, points: np.ndarray) -> float:
    lat, lon = math.radians(c.latitude), math.radians(c.longitude)
    return float(_haversine_km(lat, lon, points[:, 0], points[:, 1]).min())


def _haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distances between points given in radians (scalars or broadcasting arrays)."""
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in degrees (the LGL bench measures errors with it)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))

def _resolve_with_tentative(mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Plain mentions are resolved among themselves; tentative ones are then read in their company
    (the plain choices fixed: only the tentative ones move in the second round) and kept where
    ``_keep_supported`` says."""
    _look_up(mentions, gaz)
    plain = [m for m in mentions if not m.tentative]
    _resolve(plain)
    if len(plain) == len(mentions):
        return mentions
    chosen = [m.choice for m in plain]
    _resolve(mentions, [m for m in mentions if m.tentative])
    for m, choice in zip(plain, chosen):  # one sense per report may have moved a plain name
        m.choice = choice
    return _keep_supported(mentions)


def _keep_supported(mentions: list[Mention]) -> list[Mention]:
    """Tentative mentions whose reading the report's other places support; the others are dropped.

    A name the parser labelled ORG or PERSON ("Alexandria is a finalist", "Lovejoy, Jonesboro and
    Mundy's Mill") is a place when its reading shares a first-level area with, or lies within
    PROXIMITY_KM of, a place the report names plainly; a country or state when the report's plain
    places lie in it. A name alone, with nothing around it, stays unread.
    """
    plain = [m.choice for m in mentions if not m.tentative and m.choice is not None]
    if not any(m.tentative for m in mentions):
        return mentions
    areas = {(c.country, c.admin1) for c in plain if c.admin1 and c.feature_code != "PCLI"}
    countries = {c.country for c in plain}
    points = np.radians(np.array(
        [(c.latitude, c.longitude) for c in plain if _is_local(c)], dtype=np.float64
    ).reshape(-1, 2))
    return [m for m in mentions if not m.tentative or _supported(m, areas, countries, points)]


def _supported(m: Mention, areas: set[tuple[str, str]], countries: set[str], points: np.ndarray) -> bool:
    """Whether a tentative mention's reading is borne out: its own name (not an alias: "As" is no
    American Samoa), not the subject or object of a verb (a person: "Harper said"), and a plain
    place of the report nearby or in the same area."""
    c = m.choice
    if c is None or m.usage == "metonym" or not (_same_name(c.name, m.lookup or m.text) or _county_of(c, m.lookup or m.text)):
        return False
    if c.feature_code in ("PCLI", "CONT"):
        return c.country in countries
    if (c.country, c.admin1) in areas and (c.feature_class == "A" or c.population >= SMALL_PLACE_POPULATION):
        return True  # a village needs a place close by: a state holds many villages named like words
    if c.country in countries and (c.feature_code == "PPLC" or c.population >= MILLION_CITY):
        return True  # "Aleppo" (LANGUAGE to the parser) in a report on Syria
    return bool(len(points)) and _nearest_km(c, points) <= PROXIMITY_KM


def _one_sense_per_discourse(mentions: list[Mention]) -> None:
    """The same name means the same place throughout a report: the qualified or majority choice."""
    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.choice is not None and not m.country:
            by_name.setdefault(_key(m), []).append(m)
    for group in by_name.values():
        qualified = [m.choice for m in group if m.qualifier]
        chosen = qualified[0] if qualified else Counter(m.choice for m in group).most_common(1)[0][0]
        for m in group:
            m.choice = chosen


# --- records ------------------------------------------------------------------------------

def _sentence_index_of(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for i, sent in enumerate(doc.sents):
        for t in range(sent.start, sent.end):
            index[t] = i
    return index


def _precision(entry: GazetteerEntry) -> str:
    if entry.feature_code == "PCLI":
        return "country"
    if entry.feature_class == "P":
        return "point"
    return "admin" if entry.feature_class == "A" else "region"  # continents, regions, seas


def _place_record(m: Mention, doc: Doc, doc_id: str, sentence_of: list[int]) -> Place:
    span = doc[m.start:m.end]
    text = span.text[:m.chars] if m.chars else span.text
    text_span = TextSpan(doc_id, span.start_char, span.start_char + len(text), text)
    c = m.choice
    if c is None:
        return Place(doc_id, text_span, name=m.text, sentence_index=sentence_of[m.start], usage=m.usage)
    return Place(
        doc_id, text_span, name=c.name, country=c.country or None, admin1=c.admin1 or None,
        feature_class=c.feature_class, feature_code=c.feature_code, latitude=round(c.latitude, 5),
        longitude=round(c.longitude, 5), geonames_id=c.geonames_id if c.geonames_id > 0 else None, precision=_precision(c),
        sentence_index=sentence_of[m.start], usage=m.usage,
    )


def _overlap_test(spans: list[tuple[int, int]]):
    """(start, end) -> whether it overlaps any of ``spans``: bisection over the spans sorted by
    start with the farthest end so far (a scan per match made long reports quadratic)."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    farthest = list(accumulate((e for _, e in spans), max))
    def overlaps(start: int, end: int) -> bool:
        i = bisect_left(starts, end)  # spans starting before ``end``
        return i > 0 and farthest[i - 1] > start
    return overlaps


def _unnamed_places(doc: Doc, doc_id: str, sentence_of: list[int], named: list[Place]) -> list[Place]:
    places = []
    overlaps = _overlap_test([(p.span.start_char, p.span.end_char) for p in named])
    for match in UNNAMED_PLACE.finditer(text_of(doc)):
        start, end = match.span("place")
        if overlaps(start, end):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        places.append(Place(
            doc_id, TextSpan(doc_id, start, end, text_of(doc)[start:end]), precision="unnamed",
            sentence_index=sentence_of[span.start],
        ))
    return places
