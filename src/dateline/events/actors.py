"""Actor resolution: noun phrases -> normalised actors (country/IGO code, sector, name, dated role).

Reads a spaCy ``Doc`` (its parse and named entities) and the actor dictionary in
``data/actors/*.tsv``; returns ``Actor`` records. Three entry points:

- ``actor_dictionary()``: the dictionary, loaded once per process.
- ``DocumentActors(doc, doc_id, on)``: finds every actor mention in a document once (dictionary
  phrases by a prefix-set scan, plus PERSON entities), knows the document's countries (so
  "the North" is PRK in a Korea story) and offers ``resolve(span)`` and ``antecedent(i)``.
- ``resolve(span, doc_id=..., on=...)``: the same for one span; reuses the document's mentions.

Resolution is head-driven: the span's syntactic head and its conjuncts each give actors. A name
(country, capital, IGO, person) gives its own actor; an agent noun ("militaries", "coast guard")
takes its country from modifiers (possessive, adjective, compound, "of" phrase, a place in an
"in"/"from" phrase, appositive person): "the South Korean and Japanese militaries" -> KOR MIL,
JPN MIL. A person is coded with the role held on ``on`` (then "former <role>", ELI); a title
in the text fills a role the dictionary does not know ("President Paul Kagame" in 2021).

What stays empty: a span with no dictionary name and no agent noun gives ``[]`` ("analysts");
an agent with no country in the span gives an actor with ``country=None`` ("His government":
call ``antecedent`` to find whose); a person's sector and role stay empty when the dictionary
does not know their role on the date (PETRARCH2 roles open in January 2014 are not assumed to
last) and the text gives no title; "ethnic Albanians" get no country. Country names give
``sector=None`` (the country as a whole, as CAMEO/PETRARCH code them); capitals and seats of
government ("Pyongyang", "the Kremlin") give GOV. Every code is PLOVER 2.0's (``actor_codes.py``):
IGOs are country UNO, EUR or IGO with no sector, international NGOs NGO, transnational armed
groups IMG REB, companies BUS with their home country; a name built on a country word is a
company's or no actor ("Swiss Re" CHE BUS, "Cleveland Indians" none), never the country's.
``actor_mention.resolve_mention`` resolves one mention given as text (the CLI's ``dateline actor``).

An agent or titled person whose country the span does not say takes the report's
(``report_country``): its main named country, else its named actors' state, else the state its
towns, counties and regions lie in (the place stage's reading of the report, ``place_country``:
a local report names "Flint" or "Fulton County", not its country); else none. The coder passes
the place stage's output in (``document_actors(..., places=...)``) so places run once per report.

Within-report reference (``antecedent``): "he"/"she" is the subject of the same sentence before
it, else the main-clause subject of the previous sentences (a pronoun subject of the same
gender passes on its own antecedent; a speaker is not the "he" of their own quote; "Sarkozy
thanked him" is not Sarkozy), else the one name standing as an object in an earlier sentence;
a person the dictionary does not know counts and is coded by their title, appositive or the body
they head ("X, who heads the union"), else the report's country with no sector: the nearest
known name behind them is never taken instead. "The group"/"the company"/"the party" take the
latest subject of that kind, "the country" the report's country. A bare surname after a full
name is that person ("Jeb Bush ... Bush"), or unknown after an unknown full name.
"He"/"she" never take a person of the other sex (honorifics, titles and the first names of
``data/actors/name_genders.tsv``); a bare surname the report names in full nowhere is the one
curated person of that surname in office on the date ("Clinton" in 2016), and a capital's or
country's name that is the surname of a person named in full before is that person. "The
ministry", "the government", "the regime" are the same body named before with its state, else
the report's state, else the first state it names (``state_reference``). A report that names no
country, town or known actor is placed by the institutions it names (``cue_country``,
``data/actors/country_cues.tsv``). An unknown person the report arrests, charges or convicts is CRM.
"""
from __future__ import annotations

from bisect import bisect_left

import os
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokens import Doc, Span, Token

from .. import settings
from ..errors import InputError
from ..nlp import text_of
from ..records import Actor, Analysis, Document, Place, TextSpan
from .actor_codes import SPECIAL_COUNTRIES, plover_code, plover_codes
from .places import find_places

ENV_VAR = "DATELINE_ACTORS"
COLUMNS = ("id", "kind", "country", "sector", "phrases", "roles", "source")
# Files in increasing precedence: a phrase belongs to the last file that lists it.
BUILTIN_FILES = (
    "petrarch_agents.tsv",
    "petrarch_international.tsv",
    "petrarch_people_a_l.tsv",
    "petrarch_people_m_z.tsv",
    "petrarch_countries.tsv",
    "agents.tsv",
    "igos.tsv",
    "countries.tsv",
    "demonyms.tsv",
    "capitals.tsv",
    "context.tsv",
    "organisations.tsv",
    "people.tsv",
)
# Misspelled country names ("Quatar's emir") are matched within one edit of these files' one-word
# names, for capitalised proper nouns of at least MIN_SPELLING letters (see _maybe_misspelled_country).
SPELLING_FILES = {"countries.tsv"}  # demonyms are too close to other words ("Brixton" - "Briton", "Green" - "Greek")
SPELLING_ENTITY_TYPES = {"GPE", "NORP", "ORG", "LOC"}  # never a PERSON ("Nigel")
MIN_SPELLING = 5
PLURAL_KINDS = {"country", "demonym"}  # their one-word adjectives also name the people ("Ghanaians")
NAME_KINDS = {"country", "demonym", "capital", "igo", "organisation", "group", "person", "contextual"}
COUNTRY_KINDS = {"country", "demonym", "capital", "contextual"}
# Dependency labels through which a modifier lends its country to an agent noun.
MODIFIER_DEPS = {"poss", "amod", "compound", "nmod", "npadvmod", "appos", "nummod"}
FUNCTION_WORDS = {"the", "of", "and", "a", "an", "for", "de", "al", "el"}
# Offices that "former"/"ex-"/"then-" turn into ELI (PLOVER: former officials out of office).
OFFICE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
FORMER_WORDS = {"former", "ex", "ex-", "then", "then-", "erstwhile", "onetime", "one-time"}
# Honorifics that make the capitalised words after them a person's name ("Mr Thorpe", "Dr. Ruiz").
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lady", "mister", "madam"}
MAX_NAME_WORDS = 4
NAME_ENTITY_TYPES = {"", "PERSON", "GPE"}  # "Mr Thorpe" may be tagged a place; never "officials Friday"
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
THING_PRONOUNS = {"it", "its", "they", "them", "their", "theirs"}
# An organisation's people keep its sector ("Hamas fighters" PSE REB, "Abkhaz officials" GEO PRE);
# an IGO's, NGO's or company's keep its code (SPECIAL_COUNTRIES: "UN officials" UNO).
ORGANISATION_SECTORS = {"REB", "OPP", "PTY", "PRE", "BUS"}
ARMED_SECTORS = {"REB", "PRE", "PRM"}  # their fighters, police and officials all keep it
CIVIL_SECTORS = {"SOC", "JRN", "EDU", "REL", "MED", "LAB", "AGR"}  # an NGO chapter's president is not GOV
OWN_OFFICE_SECTORS = {"LEG", "JUD", "MIL", "COP", "SPY"}  # "Tory MP": an office, whoever's member
STORY_MENTIONS = 3
SHORT_STORY_SENTENCES = 3  # up to this length, naming one country once is enough to place the story
STORY_SOURCE = "story country"
IMPLYING_KINDS = {"person", "organisation", "group"}  # named actors whose state places a story (capitals are
# already among the country mentions)
IMPLIED_MENTIONS = 2
# People named by condition or trade rather than an office are often foreigners (refugees, aid
# workers): the story's country is not theirs without the text saying so.
NOT_FROM_STORY = {"REF", "LAB", "CVL"}
PLACE_MARGIN = 2  # the leading state of a report's places needs this many times the next one's
CUE_MENTIONS = 1  # institution words (country_cues.tsv) a report needs to be placed by them
# Heads that name part of a body: "members of the council" are the council's actors.
PARTITIVE_HEADS = {"member", "members", "some", "many", "most", "several", "one", "two", "three", "dozens",
                   "hundreds", "thousands", "part", "rest", "representative", "representatives", "staff"}
ANTECEDENT_SENTENCES = 3  # how many sentences back antecedent() looks
# "The group", "the company", "the party": the kinds of actor such a description refers back to
# (and the sector it must have, if any); "the country" is the report's country.
REFERENCE_KINDS = {
    "group": ({"group", "organisation"}, None), "movement": ({"group", "organisation"}, None),
    "militants": ({"group"}, None), "organisation": ({"organisation", "group", "igo"}, None),
    "organization": ({"organisation", "group", "igo"}, None), "company": ({"organisation"}, "BUS"),
    "firm": ({"organisation"}, "BUS"), "party": ({"organisation"}, "PTY"),
}
COUNTRY_REFERENCES = {"country", "nation"}
# Singular titles that stand for one person ("the chancellor said ... He"); not bodies ("the government").
PERSON_TITLES = {"president", "minister", "chancellor", "secretary", "premier", "king", "queen", "prince",
                 "spokesman", "spokeswoman", "governor", "senator", "mayor", "chairman", "chairwoman",
                 "ambassador", "judge", "prosecutor", "commander", "general", "envoy", "leader", "director"}
# Verbs of a relative clause that make its object the person's body: "X, who heads the union".
LEADING_VERBS = {"head", "lead", "chair", "run", "direct", "found", "represent"}
UNKNOWN_PERSON_SOURCE = "a person the dictionary does not know"
# Verbs whose passive subject or object a report treats as a criminal (CRM): "X was convicted",
# "police arrested X", "charged X with murder" ("charge" only with "with" when active).
CRIME_VERBS = {"arrest", "charge", "convict", "sentence", "indict", "apprehend", "extradite", "prosecute"}


@dataclass(frozen=True, slots=True)
class Role:
    """A dated position: ``start`` inclusive, ``end`` exclusive, None = open."""

    country: str | None
    sector: str | None
    start: date | None
    end: date | None
    label: str = ""

    def holds_on(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary entry: what its phrases denote, with dated roles for people."""

    id: str
    kind: str
    country: str | None
    sector: str | None
    phrases: tuple[str, ...]
    roles: tuple[Role, ...] = ()
    source: str = ""
    as_of: date | None = None  # the source's knowledge date: open roles are unknown after it

    @property
    def name(self) -> str:
        first = self.phrases[0] if self.phrases else self.id
        return first.title() if first.islower() else first


@dataclass(frozen=True, slots=True)
class Standing:
    """An entry's country, sector and role label on one date."""

    country: str | None
    sector: str | None
    role: str = ""


class ActorDictionary:
    """Every phrase (normalised) mapped to the entry that owns it; entries built on first use.

    Rows are kept as read and turned into ``Entry`` objects only when a phrase matches, so
    loading the ~30,000 entries stays well under half a second.
    """

    def __init__(self) -> None:
        self.phrases: dict[str, int] = {}  # normalised phrase -> row index
        self.ids: dict[str, int] = {}  # entry id -> row index
        self._rows: list[tuple[str, ...]] = []  # id, kind, country, sector, phrases, roles, source, origin
        self._entries: dict[int, Entry] = {}
        self._horizons: dict[str, date] = {}
        self._prefixes: frozenset[str] | None = None
        self._longest = 0
        self._surnames: dict[str, int] | None = None
        self._surname_rows: dict[str, set[int]] | None = None
        self._country_words: dict[str, int] | None = None
        self._country_choices: list[str] = []

    def __len__(self) -> int:
        return len(self._rows)

    def add_rows(self, rows: Iterable[tuple[str, ...]]) -> None:
        for row in rows:
            index = len(self._rows)
            self._rows.append(row)
            if row[0]:
                self.ids[row[0]] = index
            for phrase in row[4].split("|"):
                for variant in phrase_variants(phrase):
                    self.phrases[variant] = index
                if row[1] in PLURAL_KINDS:
                    plural = demonym_plural(phrase)
                    if plural:
                        self.phrases.setdefault(plural, index)  # never displaces a listed phrase
        self._prefixes = self._surnames = self._surname_rows = self._country_words = None  # derived from the rows

    def get(self, entry_id: str) -> Entry | None:
        index = self.ids.get(entry_id)
        return None if index is None else self.entry(index)

    def lookup(self, phrase: str) -> Entry | None:
        index = self.phrases.get(normalise(phrase))
        return None if index is None else self.entry(index)

    def entry(self, index: int) -> Entry:
        entry = self._entries.get(index)
        if entry is None:
            entry = self._entries[index] = self._build_entry(self._rows[index])
        return entry

    def _build_entry(self, row: tuple[str, ...]) -> Entry:
        entry_id, kind, country, sector, phrases, roles, source, origin = row
        named = kind != "agent"
        if kind != "contextual":  # its country field lists candidates, each a PLOVER code already
            country, sector = plover_code(country or None, sector or None, named=named)
        return Entry(
            id=entry_id or f"{source.split(':')[0]}.{normalise(phrases.split('|', 1)[0]).replace(' ', '_')}",
            kind=kind,
            country=country or None,
            sector=sector or None,
            phrases=tuple(p.strip() for p in phrases.split("|") if p.strip()),
            roles=tuple(_plover_role(r) for r in parse_roles(roles, origin=f"{origin} {entry_id}")),
            source=source,
            as_of=self._horizons.get(source),
        )

    def standing(self, entry: Entry, on: date, *, undated: bool = False) -> Standing:
        """Country, sector and role of ``entry`` on ``on`` (see the module docstring).

        ``undated``: the report's date is unknown, so no role can be known to have ended; a
        person keeps the latest role the dictionary knows, and only the text ("former",
        "then-") makes them ELI."""
        if entry.kind == "country" and entry.country:
            return Standing(entry.country, entry.sector)  # today's code, as PLOVER/GSR code names
        roles = entry.roles
        if undated and entry.kind == "person" and roles and not entry.sector:
            role = max(roles, key=lambda r: r.start or date.min)
            return Standing(role.country or entry.country, role.sector, role.label)
        if entry.as_of and on > entry.as_of:
            stale = [r for r in roles if r.end is None or r.end > entry.as_of]
            roles = tuple(r for r in roles if r not in stale)
            if stale:
                return Standing(stale[-1].country or entry.country, None)
        current = [r for r in roles if r.holds_on(on)]
        if current:
            role = max(current, key=lambda r: r.start or date.min)
            return Standing(role.country, role.sector, role.label)
        if entry.sector or entry.kind != "person":
            return Standing(entry.country, entry.sector)
        past = [r for r in roles if r.end is not None and r.end <= on]
        if past and entry.as_of and on > entry.as_of:
            # out of office when the source was compiled, unknown since: a title in the text
            # decides ("Finnish President Alexander Stubb" in 2024, a minister until 2014)
            return Standing(entry.country or past[-1].country, None)
        if past:
            role = max(past, key=lambda r: r.end)
            label = f"former {role.label}" if role.label else "former official"
            return Standing(entry.country or role.country, "ELI", label)
        # Only later roles: the person's country is known (every role is in it), their role then is not.
        countries = {r.country for r in roles if r.country}
        return Standing(entry.country or (countries.pop() if len(countries) == 1 else None), None)

    def match(self, doc: Doc, text: str | None = None) -> Iterator[tuple[int, int, Entry]]:
        """Every (start, end, entry) whose text is a dictionary phrase, ignoring case.

        Scans token by token and extends a candidate while its text is a prefix of some phrase,
        so most tokens cost one set lookup. The text itself is compared, so "Kim Jong-un" and
        "U.S." match however spaCy splits them. Works on character offsets, not Token objects,
        because creating Tokens dominated the cost.
        """
        if not len(doc):
            return
        prefixes = self._phrase_prefixes()
        phrases = self.phrases
        # same length as doc.text, so offsets stay valid (doc.text is rebuilt on each access)
        text = (doc.text if text is None else text).lower().replace("\u2019", "'")
        bounds = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist()
        n = len(bounds)
        for start in range(n):
            begin, length, is_space = bounds[start]
            if is_space or text[begin : begin + length] not in prefixes:
                continue
            for end in range(start + 1, min(start + self._longest, n) + 1):
                last_idx, last_len, last_space = bounds[end - 1]
                if last_space:
                    break
                candidate = text[begin : last_idx + last_len]
                if "  " in candidate or "\n" in candidate or "\t" in candidate:
                    candidate = " ".join(candidate.split())
                index = phrases.get(candidate)
                if index is not None:
                    yield start, end, self.entry(index)
                if candidate not in prefixes:
                    break

    def by_surname(self, word: str) -> Entry | None:
        """The one person whose name ends in ``word`` ("mugabe"); None if none or several."""
        index = self._name_parts().get(normalise(word))
        return None if index is None else self.entry(index)

    def by_first_and_last(self, first: str, last: str) -> Entry | None:
        """The one person whose name starts with ``first`` and ends with ``last``."""
        index = self._name_parts().get(f"{normalise(first)} ... {normalise(last)}")
        return None if index is None else self.entry(index)

    def in_office_by_surname(self, word: str, on: date) -> Entry | None:
        """The one curated person whose name ends in ``word`` and who holds a role on ``on``
        ("Clinton" in 2016: Hillary Clinton, the candidate, not Bill); None if none or several.
        PETRARCH2's people are left out: their roles end in 2014 and many share a surname."""
        if self._surname_rows is None:
            owners: dict[str, set[int]] = {}
            for index, row in enumerate(self._rows):
                if row[1] == "person" and not row[6].startswith("petrarch2"):
                    for phrase in row[4].split("|"):
                        words = normalise(phrase).split(" ")
                        if len(words) > 1:
                            owners.setdefault(words[-1], set()).add(index)
            self._surname_rows = owners
        holders = [self.entry(i) for i in sorted(self._surname_rows.get(normalise(word), ()))]
        holders = [e for e in holders if any(r.sector and r.holds_on(on) for r in e.roles)]
        return holders[0] if len(holders) == 1 else None

    def _name_parts(self) -> dict[str, int]:
        """Unique surnames ("mugabe") and first...last pairs ("carlos ... menem") of people."""
        if self._surnames is None:
            owners: dict[str, set[int]] = {}
            for index, row in enumerate(self._rows):
                if row[1] != "person":
                    continue
                for phrase in row[4].split("|"):
                    words = normalise(phrase).split(" ")
                    if len(words) > 1 and len(words[-1]) > 2 and words[-1].isalpha():
                        owners.setdefault(words[-1], set()).add(index)
                        owners.setdefault(f"{words[0]} ... {words[-1]}", set()).add(index)
            self._surnames = {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1}
        return self._surnames

    def misspelled_country(self, word: str) -> Entry | None:
        """The country whose one-word name ``word`` misses by one edit ("Quatar",
        "Isreal", "Phillippines"); None when none or the word is short. Only the curated country
        file is compared (see SPELLING_FILES), so a city or person is never guessed."""
        if self._country_words is None:
            self._country_words = {
                normalise(p): index for index, row in enumerate(self._rows)
                if row[7] in SPELLING_FILES for p in row[4].split("|") if " " not in p.strip() and len(p.strip()) >= MIN_SPELLING
            }
            self._country_choices = list(self._country_words)
        plain = normalise(word)
        if len(plain) < MIN_SPELLING or plain in self._country_words:
            return None
        found = process.extractOne(plain, self._country_choices, scorer=DamerauLevenshtein.distance, score_cutoff=1)
        if found is None or found[0][0] != plain[0]:
            return None
        return self.entry(self._country_words[found[0]])

    def _phrase_prefixes(self) -> frozenset[str]:
        """Every phrase cut at each point where spaCy could end a token (around non-letters)."""
        if self._prefixes is None:
            prefixes = set(self.phrases)
            longest = 1
            for phrase in self.phrases:
                cuts = [m.start() for m in _TOKEN_BREAK.finditer(phrase)]
                for i in cuts:
                    prefixes.add(phrase[:i].rstrip())
                    prefixes.add(phrase[: i + 1].rstrip())
                longest = max(longest, 2 * len(cuts) + 1)
            self._prefixes = frozenset(prefixes)
            self._longest = longest
        return self._prefixes


_TOKEN_BREAK = re.compile(r"(?<=.)[\W_]")


def _plover_role(role: Role) -> Role:
    """The role with PLOVER 2.0 codes ("EEC IGO" -> EUR, no sector)."""
    country, sector = plover_code(role.country, role.sector, named=True)
    return replace(role, country=country, sector=sector)


def normalise(phrase: str) -> str:
    """Lower case, straight apostrophes, single spaces (the fast path skips the split)."""
    text = phrase.lower()
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    if "  " in text or "\n" in text or "\t" in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return text


def demonym_plural(phrase: str) -> str | None:
    """ "ghanaians" for a one-word demonym "ghanaian" / "iraqi" that the source lists only in the singular."""
    plain = normalise(phrase)
    return plain + "s" if _PLURAL_DEMONYM.fullmatch(plain) else None


_PLURAL_DEMONYM = re.compile(r"[a-z]+(?:an|i)")


def phrase_variants(phrase: str) -> tuple[str, ...]:
    """The phrase as matched: lower case, single spaces, straight apostrophes."""
    plain = normalise(phrase)
    return (plain,) if plain else ()


# --- loading ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def actor_dictionary() -> ActorDictionary:
    """The built-in dictionary plus files named by the ``actor_files`` setting / $DATELINE_ACTORS."""
    return load_dictionary(user_files())


def user_files() -> tuple[Path, ...]:
    spec = os.environ.get(ENV_VAR) or settings.get("actor_files") or ""
    return tuple(Path(p) for p in spec.split(os.pathsep) if p.strip())


def load_dictionary(extra_files: Iterable[str | os.PathLike] = ()) -> ActorDictionary:
    """Built-in files, then ``extra_files`` (same TSV format), each overriding earlier phrases."""
    folder = resources.files("dateline.data") / "actors"
    dictionary = ActorDictionary()
    dictionary._horizons = read_sources(folder / "sources.tsv")
    for name in BUILTIN_FILES:
        dictionary.add_rows(_builtin_rows(name))
    for path in extra_files:
        path = Path(path)
        if not path.is_file():
            raise InputError(str(path), "actor dictionary file not found")
        rows = list(read_rows(path, origin=str(path)))
        for row in rows:  # check a user's file now, not at the first match
            list(parse_roles(row[5], origin=f"{path} {row[0]}"))
        dictionary.add_rows(rows)
    return dictionary


@lru_cache(maxsize=None)
def _builtin_rows(filename: str) -> tuple[tuple[str, ...], ...]:
    """The rows of one built-in actor data file, read once."""
    return tuple(read_rows(resources.files("dateline.data") / "actors" / filename, origin=filename))


@lru_cache(maxsize=None)
def _spellings(filename: str) -> frozenset[str]:
    """Every spelling an actor data file lists (its fifth column, "|"-separated), normalised."""
    return frozenset(normalise(p) for row in _builtin_rows(filename) for p in row[4].split("|") if p.strip())


def is_country_name(text: str) -> bool:
    """ "Peru", "the United States": a country's own name (countries.tsv), not a city or region in it."""
    return normalise(text) in _spellings("countries.tsv")


def is_demonym(text: str) -> bool:
    """ "Peruvian", "Peruvians" (demonyms.tsv)."""
    return normalise(text) in _spellings("demonyms.tsv")


def is_state_code(code: str | None) -> bool:
    """True for a state's ISO 3166 code (or KOS), False for PLOVER's organisation codes (UNO, IGO, NGO)."""
    return bool(code) and code in plover_codes().states


def read_sources(path) -> dict[str, date]:
    horizons = {}
    for fields in _data_lines(path, origin="sources.tsv", header=("source", "as_of", "description")):
        if len(fields) > 1 and fields[1]:
            horizons[fields[0]] = date.fromisoformat(fields[1])
    return horizons


def read_rows(path, *, origin: str) -> Iterator[tuple[str, ...]]:
    """Rows of an actor TSV as (id, kind, country, sector, phrases, roles, source, origin).

    An empty id is derived when the entry is first used: "<source>.<first phrase>"."""
    for line_no, fields in enumerate(_data_lines(path, origin=origin, header=COLUMNS), start=1):
        fields = [f.strip() for f in fields] + [""] * (len(COLUMNS) - len(fields))
        entry_id, kind, country, sector, phrases, roles, source = fields[: len(COLUMNS)]
        if not (kind and phrases and source):
            raise InputError(f"{origin} row {line_no}", "actor entry needs kind, phrases and source")
        yield (entry_id, kind, country, sector, phrases, roles, source, origin)


def _data_lines(path, *, origin: str, header: tuple[str, ...]) -> Iterator[list[str]]:
    lines = (line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))
    first = next(lines, None)
    if first is not None and tuple(first.rstrip("\n").split("\t")[: len(header)]) != header:
        raise InputError(origin, f"header must be the tab-separated columns {' '.join(header)}")
    for line in lines:
        yield line.split("\t")


def parse_roles(text: str, *, origin: str) -> Iterator[Role]:
    """'USA GOV 2021-01-20..2025-01-20 head of state; ...' -> Roles ('-' = no code)."""
    for item in text.split(";"):
        parts = item.split(None, 3)
        if not parts:
            continue
        if len(parts) < 3 or ".." not in parts[2]:
            raise InputError(origin, f"role {item.strip()!r} is not 'COUNTRY SECTOR start..end [label]'")
        start_text, end_text = parts[2].split("..", 1)
        yield Role(
            country=None if parts[0] == "-" else parts[0],
            sector=None if parts[1] == "-" else parts[1],
            start=parse_partial_date(start_text, end=False, origin=origin),
            end=parse_partial_date(end_text, end=True, origin=origin),
            label=parts[3].strip() if len(parts) > 3 else "",
        )


def parse_partial_date(text: str, *, end: bool, origin: str) -> date | None:
    """'2021' / '2021-05' / '2021-05-21'; a partial end date means the end of that period."""
    if not text:
        return None
    try:
        pieces = [int(p) for p in text.split("-")]
        if len(pieces) == 3:
            return date(*pieces)
        if len(pieces) == 2:
            year, month = pieces
            return date(year + month // 12, month % 12 + 1, 1) if end else date(year, month, 1)
        if len(pieces) == 1:
            return date(pieces[0] + 1, 1, 1) if end else date(pieces[0], 1, 1)
    except ValueError as e:
        raise InputError(origin, f"bad role date {text!r}") from e
    raise InputError(origin, f"bad role date {text!r}")


# --- documents -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """Tokens ``start:end`` of a doc naming a dictionary entry (entry None: unknown PERSON)."""

    start: int
    end: int
    entry: Entry | None

    @property
    def kind(self) -> str:
        return self.entry.kind if self.entry else "unknown_person"


class DocumentActors:
    """Every actor mention of one document, found once; resolves spans against them.

    ``context_countries`` adds countries the caller knows the story is about (e.g. from its
    headline); the document's own country mentions are always used to resolve "the North".
    """

    def __init__(
        self,
        doc: Doc,
        doc_id: str,
        on: date | None = None,
        *,
        context_countries: Iterable[str] = (),
        dictionary: ActorDictionary | None = None,
        places: Sequence[object] | None = None,
    ):
        self.doc = doc
        self.doc_id = doc_id
        self.on = on or date.today()
        self.undated = on is None  # roles are then read as the text states them (see standing)
        self.dictionary = dictionary or actor_dictionary()
        self.mentions = _document_mentions(doc, self.dictionary)
        self._by_token: list[Mention | None] = [None] * len(doc)
        for mention in self.mentions:
            for i in range(mention.start, mention.end):
                self._by_token[i] = mention
        self.countries = self._count_countries()
        self.countries.update({code: 1 for code in context_countries})
        self._sentence_count: int | None = None
        self._implied: str | None = None
        self._place_country: str | None = None
        self._cue_country: str | None = None
        self._prosecuted: dict[str, bool] = {}  # surname -> prosecuted(), found once per report
        self._full_names: dict[int, Mention | None] = {}  # token -> full_name(), found once per report
        self.places = places  # the place stage's output when the caller has it (else run on demand)
        self._order: list[int] | None = None
        self._starts: list[int] = []

    # public API

    def resolve(self, span: Span, *, on: date | None = None, follow_pronouns: bool = False) -> list[Actor]:
        """Actors the noun phrase ``span`` denotes, one per actor; [] when unknown.

        With ``follow_pronouns``, an agent owned by a pronoun ("His government") takes its
        country from ``antecedent``.
        """
        on = on or self.on
        if not any(self._by_token[span.start : span.end]):
            return []  # most noun phrases name no actor: skip the parse walk
        actors: list[Actor] = []
        heads = _heads(span)
        if self._cut_name(heads):
            heads = heads[-1:]  # "Ohio Democratic Party" cut from "... Party chairman": the name is the party
        for head in heads:
            actors.extend(self._actors_for_head(head, span, on, follow_pronouns))
        if not actors:  # "prosecutor's offices" cut from "Jail and prosecutor's offices"
            for head in (t for t in span if _modifies_inside(t, span)):
                actors.extend(self._actors_for_head(head, span, on, follow_pronouns))
        if not actors:  # "Ali Reza" of "Ali Reza, a spokesman for the ministry": the role says who
            mention = self._by_token[heads[-1].i] if heads else None
            if mention is not None and mention.kind == "unknown_person" and span.start <= mention.start and mention.end <= span.end:
                actors = self.person_role(mention, on)
        return _unique(actors)

    def _cut_name(self, heads: list[Token]) -> bool:
        """Words of one outside noun's modifiers ending in an organisation's name: the span
        names the organisation ("Israeli army", of "Israeli army bulldozers", keeps both heads:
        the agent takes the nationality)."""
        if len(heads) < 2 or len({t.head.i for t in heads}) > 1 or any(t.dep_ not in ("compound", "amod") for t in heads):
            return False
        last = self._by_token[heads[-1].i]
        return last is not None and last.kind in ("organisation", "group", "igo")

    def antecedent(self, token_index: int, *, on: date | None = None) -> list[Actor]:
        """Actors a pronoun or a description ("the group", "the company", "the country") at
        ``token_index`` refers back to: for he/his/she/her the subject of the same sentence
        before it or of the previous sentences (a person the dictionary does not know counts,
        and is placed by its title, appositive or the report's country, or stays empty: never
        the nearest known name behind it); "the group" the latest group or organisation named;
        "the country" the report's country; else a preceding country, IGO or person. Subjects
        of the same or the previous sentences first, then the nearest."""
        on = on or self.on
        token = self.doc[token_index]
        if token.lower_ in COUNTRY_REFERENCES:
            return self._report_country_actor(token)
        # "it"/"they" never point to one named person ("North Korea fired ... Trump said they would
        # regret it": North Korea, not Trump)
        want = "person" if token.lower_ in PERSON_PRONOUNS else "thing" if token.lower_ in THING_PRONOUNS else "any"
        kinds, sector = REFERENCE_KINDS.get(token.lower_, (None, None))
        sentences = preceding_sentences(self.doc, token_index, ANTECEDENT_SENTENCES)
        quoted = _inside_quote(self.doc, sentences[-1].start, token_index)
        for here, sentence in enumerate(sentences):
            candidates = [
                m for m in self.mentions
                if sentence.start <= m.start and m.end <= min(sentence.end, token_index)
                and (self._fits_kinds(m, kinds, sector, on) if kinds else self._fits(m, want))
            ]
            if quoted and want == "person" and _has_quote(sentence):  # "he" in Trump's own quote is not Trump
                candidates = [m for m in candidates if not _is_speaker(self._phrase_head(m))]
            if token.dep_ in ("dobj", "iobj", "dative"):  # "Sarkozy thanked him": not Sarkozy
                candidates = [m for m in candidates if _clause_subject(self._phrase_head(m)) != token.head.i]
            if want == "person":  # "Bernie Sanders ... She": not Sanders (a name of the other sex)
                candidates = [m for m in candidates if not self._other_gender(m, token)]
            subjects = [m for m in candidates if is_subject(self._phrase_head(m))]
            if want == "person":
                # "In 2009, he decided ... He replaced it": a pronoun subject passes on its antecedent
                earlier = _same_pronoun_subject(sentence, token, subjects[-1].end if subjects else sentence.start)
                if earlier is not None:
                    return self.antecedent(earlier.i, on=on)
            if want == "person" or kinds:
                # the subject ("Trump contradicted him ... he": not the object before it); in an
                # earlier sentence with no subject, its one named actor ("for Trump, though. He")
                # a name standing as an object or appositive, not one modifying a noun ("the Gershon reforms")
                named = [m for m in candidates if not _is_possessor(self.doc, m)
                         and self.doc[m.end - 1].dep_ in ("pobj", "dobj", "appos", "nsubj", "nsubjpass", "attr")]
                if not subjects and (here or token.dep_ in ("nsubj", "nsubjpass")) and not _unnamed_person_subject(sentence, token) \
                        and len({m.entry.id if m.entry else self._text(m) for m in named}) == 1:
                    subjects = named
                if not subjects and not named and not here and want == "person" and not _subject_before(sentence, token):
                    # "As for Mr. Trump's personal travel, he prefers ...": the one person owning a thing before it
                    owners = [m for m in candidates if _is_possessor(self.doc, m) and m.kind in ("person", "unknown_person")]
                    if len({m.entry.id if m.entry else self._text(m) for m in owners}) == 1:
                        subjects = owners
                candidates = subjects
            if not candidates:
                continue
            if here and want == "person":  # "But the chancellor said Mr Baume was ... He": the chancellor
                subjects = [m for m in subjects if _main_clause(self._phrase_head(m))] or subjects
            chosen = (subjects or candidates)[-1]
            if chosen.entry is None:
                return self.unknown_person(chosen, on)
            if chosen.kind == "agent":  # "But the chancellor said ... He also said": the chancellor
                return self._titled_agent(chosen, on)
            group = self._group_of(chosen, on)
            if group:
                return group
            actor = self._name_actor(chosen, on)
            if actor is not None:
                return [actor]
        return []

    def other_sex(self, name: Span, pronoun: Token) -> bool:
        """True when the person ``name`` names is of the sex ``pronoun`` excludes (see _other_gender)."""
        mention = self._by_token[name.end - 1]
        return self._other_gender(mention if mention is not None else Mention(name.start, name.end, None), pronoun)

    def _other_gender(self, mention: Mention, pronoun: Token) -> bool:
        """True when the mention names a person of the sex the pronoun excludes ("She" after
        "Mr Kilroy-Silk" or "Bernie Sanders"); False when either says no sex."""
        said = "m" if pronoun.lower_ in MALE_PRONOUNS else "f" if pronoun.lower_ in FEMALE_PRONOUNS else None
        found = mention_gender(self.doc, self.full_name(mention) or mention)
        return said is not None and found is not None and found != said

    def unknown_person(self, mention: Mention, on: date | None = None) -> list[Actor]:
        """A person the dictionary does not know, as the text describes them: the sector and
        country of their title or appositive ("Senator Chris Coons", "Larry Sabato, director of
        the University of Virginia's Center for Politics", "X, who heads the union"), else the
        report's country and no sector; [] when the report has no country."""
        on = on or self.on
        name = self._text(mention)
        found = [a for a in self.person_role(mention, on) if a.country or a.sector]
        if found:
            actor = replace(found[0], name=found[0].name or name)
            return [self.in_story_country(actor) or actor]
        holder = self.surname_holder(mention, on)
        if holder is not None:
            return [holder]
        country, why = self.report_country()
        if country is None:
            return []
        sector = "CRM" if self.prosecuted(mention) else None
        return [Actor(country, sector, name, None, self._mention_span(mention),
                      f"{STORY_SOURCE} ({country}, {UNKNOWN_PERSON_SOURCE}; {why})")]

    def prosecuted(self, mention: Mention) -> bool:
        """The report arrests, charges, convicts or sentences this person under any of their
        names ("charged 27-year-old Marion Lawson Parker III with murder", "Lazar was charged"):
        a criminal, CRM (PLOVER manual ch. 5), when no title says otherwise."""
        surname = self.doc[mention.end - 1].lower_
        if surname not in self._prosecuted:
            self._prosecuted[surname] = self._prosecuted_name(surname)
        return self._prosecuted[surname]

    def _prosecuted_name(self, surname: str) -> bool:
        for other in self.mentions:
            if other.entry is None and self.doc[other.end - 1].lower_ == surname:
                token = self.doc[other.end - 1]
                while token.dep_ in ("compound", "flat", "nummod") and token.head.i != token.i:
                    token = token.head
                verb = token.head
                if verb.lemma_.lower() in CRIME_VERBS and (token.dep_ == "nsubjpass" or token.dep_ == "dobj" and (
                        verb.lemma_.lower() != "charge" or any(c.lower_ == "with" for c in verb.children))):
                    return True
        return False

    def surname_holder(self, mention: Mention, on: date) -> Actor | None:
        """A bare surname the report gives no full name for, read as the one curated person of
        that surname in office on the date ("Clinton" in 2016); None otherwise."""
        words = self.doc[mention.start:mention.end].text.split()
        if self.undated or len(words) != 1 or not words[0][:1].isupper():
            return None
        if self.full_name(mention) is not None:
            return None  # "Felicia Sanders ... Sanders": not Bernie Sanders
        entry = self.dictionary.in_office_by_surname(words[0].removesuffix("'s").removesuffix("\u2019s"), on)
        return None if entry is None else self._name_actor(Mention(mention.start, mention.end, entry), on)

    def state_reference(self, head: Token, actor: Actor, on: date | None = None) -> list[Actor]:
        """ "The ministry", "the government", "the regime" (``head``, resolved to ``actor`` with no
        country) as the report means them: the same body named before with its state ("Russia's
        foreign ministry ... The ministry": RUS), else the report's state, else the first state the
        report names before it; never the nearest other actor ("US officials", a speaker). []
        when the report names no state before it."""
        on = on or self.on
        for mention in reversed([m for m in self.mentions if m.end <= head.i and m.kind == "agent"]):
            if self.doc[mention.end - 1].lemma_.lower() == head.lemma_.lower():
                found = [a for a in self.resolve(self._phrase_of(mention), on=on) if is_state_code(a.country)]
                if found:
                    return [replace(found[0], span=self._text_span(head.i, head.i + 1))]
        country, why = self.report_country()
        if country is None:
            first = next((m for m in self.mentions if m.end <= head.i and m.kind in ("country", "capital", "demonym")
                          and is_state_code(m.entry.country) and not _partisan(self.doc, m)), None)
            if first is None:
                return []
            country, why = self.dictionary.standing(first.entry, on).country or first.entry.country, "the first state the document names"
        return [replace(actor, country=country, source=f"{STORY_SOURCE} ({country}, {why})")]

    def _phrase_of(self, mention: Mention) -> Span:
        head = self.doc[mention.end - 1]
        return self.doc[head.left_edge.i: head.i + 1]

    def full_name(self, mention: Mention) -> Mention | None:
        """The latest longer person name before a one-word ``mention`` that ends in its word
        ("Felicia Sanders" for "Sanders"); None when there is none."""
        if mention.end - mention.start != 1:
            return None
        if mention.start not in self._full_names:
            word = self.doc[mention.start].lower_
            found = [m for m in self.mentions if m.end <= mention.start and m.end - m.start > 1
                     and m.kind in ("person", "unknown_person") and self.doc[m.end - 1].lower_ == word]
            self._full_names[mention.start] = found[-1] if found else None
        return self._full_names[mention.start]

    def person_role(self, mention: Mention, on: date) -> list[Actor]:
        """The actors the title, appositive or leading relative clause of an unknown person's name
        gives ("spokesman Ali Reza", "Ali Reza, a spokesman for the ministry"); [] when none."""
        head = self.doc[mention.end - 1]
        while head.dep_ in ("compound", "flat") and head.head.i < mention.end and head.head.i >= mention.start and head.head is not head:
            head = head.head
        described = self._phrase_with_appositive(head, mention)
        if described.start < mention.start or described.end > mention.end:
            found = self._actors_for_head(head, described, on, False)
            if any(t.lower_ in FORMER_WORDS for t in described):  # "X, the former special envoy"
                found = [replace(a, sector="ELI") if a.sector in OFFICE_SECTORS else a for a in found]
            if any(a.sector for a in found):
                return found
        for clause in head.children:
            if clause.dep_ == "relcl" and clause.lemma_.lower() in LEADING_VERBS:
                for obj in clause.children:
                    if obj.dep_ == "dobj":
                        body = self.resolve(self.doc[obj.left_edge.i: obj.right_edge.i + 1], on=on)
                        if body:
                            return [replace(body[0], name=self._text(mention), span=self._mention_span(mention))]
        return []

    def _phrase_with_appositive(self, head: Token, mention: Mention) -> Span:
        """The name with the words before it in its phrase (a title) and its appositives."""
        start = min(head.left_edge.i, mention.start)
        end = mention.end
        for child in head.children:
            if child.dep_ == "appos" and child.i > head.i:
                end = max(end, child.right_edge.i + 1)
        return self.doc[start:end]

    def _titled_agent(self, mention: Mention, on: date) -> list[Actor]:
        """The person a singular title stands for ("the chancellor"), placed in the report's
        country when the phrase names none; [] when the phrase says no sector."""
        head = self._phrase_head(mention)
        found = [a for a in self.resolve(self.doc[head.left_edge.i: head.i + 1], on=on) if a.sector]
        return [self.in_story_country(a) or a for a in found[:1]]

    def _report_country_actor(self, token: Token) -> list[Actor]:
        """ "The country": the report's country, no sector; [] when the report has none."""
        country, why = self.report_country()
        if country is None:
            return []
        return [Actor(country, None, None, None, self._text_span(token.i, token.i + 1), f"{STORY_SOURCE} ({country}, {why})")]

    def _fits_kinds(self, mention: Mention, kinds: set[str], sector: str | None, on: date) -> bool:
        if mention.entry is None or mention.kind not in kinds:
            return False
        if sector is None:
            return True
        actor = self._name_actor(mention, on)
        return actor is not None and actor.sector == sector

    def _phrase_head(self, mention: Mention) -> Token:
        """The noun a nationality modifies ("Fijian rebels" -> rebels), else the mention's last token."""
        last = self.doc[mention.end - 1]
        if mention.kind in ("demonym", "country") and last.dep_ in ("amod", "compound") and last.head.pos_ == "NOUN":
            return last.head
        return last

    def _group_of(self, mention: Mention, on: date) -> list[Actor]:
        """ "The Fijian rebels ... they": the rebels (FJI REB), not Fiji as a whole."""
        head = self._phrase_head(mention)
        if head.i < mention.end:
            return []
        found = self.resolve(self.doc[head.left_edge.i: head.i + 1], on=on)
        return [a for a in found if a.country and a.sector]

    def mentions_starting(self, start: int, end: int) -> list[Mention]:
        """The mentions whose first token is in ``[start, end)``, in their stored order; by
        bisection, since a scan of every mention per phrase made long reports quadratic."""
        if self._order is None:
            self._order = sorted(range(len(self.mentions)), key=lambda i: self.mentions[i].start)
            self._starts = [self.mentions[i].start for i in self._order]
        picked = self._order[bisect_left(self._starts, start):bisect_left(self._starts, end)]
        return [self.mentions[i] for i in sorted(picked)]

    def mention_at(self, token_index: int) -> Mention | None:
        return self._by_token[token_index]

    def dominant_countries(self, n: int = 3) -> list[str]:
        return [code for code, _ in self.countries.most_common(n)]

    def story_country(self) -> str | None:
        """The country the document is about, when its text leaves no doubt: the only country
        a short text names (a longer one must name it STORY_MENTIONS times), or one named at
        least STORY_MENTIONS times and twice as often as any other.
        None otherwise (and for a document that names no country)."""
        ranked = self.countries.most_common(2)
        if len(ranked) == 1 and (ranked[0][1] >= STORY_MENTIONS or self._short()):
            return ranked[0][0]  # a long story naming a country once may be about somewhere else
        if ranked and ranked[0][1] >= STORY_MENTIONS and ranked[0][1] >= 2 * ranked[1][1]:
            return ranked[0][0]
        return None

    def country_mentions(self, country: str) -> list[TextSpan]:
        """Where the text names ``country`` (its name, a demonym, a capital or a city in it)."""
        found = []
        for mention in self.mentions:
            entry = mention.entry
            if entry is not None and entry.kind in COUNTRY_KINDS and entry.country == country and not _partisan(self.doc, mention):
                found.append(self._mention_span(mention))
        return found

    def _short(self) -> bool:
        if self._sentence_count is None:
            self._sentence_count = sum(1 for _ in self.doc.sents) if self.doc.has_annotation("SENT_START") else 1
        return self._sentence_count <= SHORT_STORY_SENTENCES

    def in_story_country(self, actor: Actor, *, civilians: bool = False) -> Actor | None:
        """A titled person or state agent whose country the span does not say ("Judge Ana
        Ruiz", "the ruling party") placed in the story's country; None when there is none.
        With ``civilians``, protesters, residents and workers are placed too (refugees never)."""
        if actor.country or not actor.sector or actor.sector in (("REF",) if civilians else NOT_FROM_STORY):
            return None
        country, why = self.report_country()
        if country is None:
            return None
        return replace(actor, country=country, source=f"{STORY_SOURCE} ({country}, {why})")

    def report_country(self) -> tuple[str | None, str]:
        """The report's country and why: its main named country, else its named actors' state,
        else the state of the places it names ("Flint", "Fulton County": USA); (None, "") if none."""
        country = self.story_country()
        if country is not None:
            return country, "the document's only or main country"
        country = self.implied_country()
        if country is not None:
            return country, "the country of the document's named actors"
        country = self.place_country()
        if country is not None:
            return country, "the leading country of the places and countries the document names"
        country = self.cue_country()
        if country is not None:
            return country, "the state whose institutions the document names"
        return None, ""

    def cue_country(self) -> str | None:
        """The state whose institutions a report names when it names no country, town or known
        actor enough ("Superior Court ... the DA's office": USA; "MPs ... the Commons": GBR;
        data/actors/country_cues.tsv), counted with the countries it names: CUE_MENTIONS at
        least and twice any other state's; None otherwise."""
        if self._cue_country is None:
            counts: Counter = Counter()
            text = text_of(self.doc)
            for country, pattern in _country_cues():
                counts[country] += len(pattern.findall(text))
            counts = +counts
            if counts:
                counts.update(self.countries)
            ranked = counts.most_common(2)
            self._cue_country = ranked[0][0] if ranked and ranked[0][1] >= CUE_MENTIONS and (
                len(ranked) == 1 or ranked[0][1] >= PLACE_MARGIN * ranked[1][1]) else ""
        return self._cue_country or None

    def place_country(self) -> str | None:
        """The state most of the report's places lie in (towns, counties and states resolved by
        the place stage: "Gainesville ... Alachua County" USA), when it has at least twice the
        places of any other; None when the report names no place. Found once, on first use: a
        local report names its town, not its country, and the publication is not always known."""
        if self._place_country is None:
            counts: Counter = Counter()
            found = self.places if self.places is not None else find_places(self.doc, Analysis(Document(self.doc_id, text_of(self.doc))))
            for place in found:
                if isinstance(place, Place) and place.precision != "country" and place.usage != "demonym" and is_state_code(place.country):
                    counts[place.country] += 1
            if counts:  # with the countries it names, however few times (naming one alone places nothing)
                counts.update(self.countries)
            ranked = counts.most_common(2)
            self._place_country = ranked[0][0] if ranked and (
                len(ranked) == 1 or ranked[0][1] >= PLACE_MARGIN * ranked[1][1]) else ""
        return self._place_country or None

    def implied_country(self) -> str | None:
        """The state of the report's named actors when it names no country often enough: its
        people, parties and institutions ("Mr Blunkett", "Labour", "the Commons": GBR), counted
        with its country names; one state named IMPLIED_MENTIONS times, at least once by a named
        actor, and twice as often as any other (once is enough in a short text). None otherwise
        ("Thai border ... Thai sources": country names alone place a story only as
        ``story_country`` says)."""
        if self._implied is None:
            named: Counter = Counter()
            for mention in self.mentions:
                entry = mention.entry
                if entry is None or entry.kind not in IMPLYING_KINDS or _partisan(self.doc, mention):
                    continue
                country = self.dictionary.standing(entry, self.on).country or entry.country
                if is_state_code(country):
                    named[country] += 1
            counts = self.countries + named
            ranked = counts.most_common(2)
            enough = 1 if self._short() else IMPLIED_MENTIONS
            self._implied = ranked[0][0] if ranked and ranked[0][1] >= enough and named[ranked[0][0]] and (
                len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]) else ""
        return self._implied or None

    # heads

    def _actors_for_head(self, head: Token, span: Span, on: date, follow_pronouns: bool) -> list[Actor]:
        named_organisation = self._country_word_name(head, span, on)
        if named_organisation is not None:
            return named_organisation
        mention = self._by_token[head.i]
        if mention is not None and mention.kind in NAME_KINDS:
            actor = self._name_actor(mention, on)
            if actor is not None and mention.kind == "demonym":
                actor = self._resident_country(head, span, mention, actor, on)
            if actor is not None and mention.kind == "person" and actor.sector is None:
                actor = self._titled(head, span, mention, actor)
                actor = self._affiliated(head, span, mention, actor, on)
            if actor is not None and mention.kind == "organisation" and _regional(actor):
                actor = self._national_branch(head, span, mention, actor, on)
            if actor is not None and actor.sector == "GOV" and mention.entry.sector == "PTY" and self._as_party(head, mention):
                actor = replace(actor, sector="PTY", role=None)
            return [actor] if actor is not None else []
        agent = mention.entry if mention is not None and mention.kind == "agent" else None
        modifiers = self._modifier_mentions(head, span, skip=mention)
        if mention is not None and mention.kind == "unknown_person":
            modifiers.append(("appos", mention))
        named = self._named_people(span, head, modifiers)
        owners = [m for dep, m in modifiers if m not in named and m.kind in NAME_KINDS]
        sector = agent.sector if agent else None
        if sector is None:
            sector = next((m.entry.sector for _, m in modifiers if m.kind == "agent" and m.entry.sector), None)
        if agent is None and not named:
            return self._partitive(head, span, on, follow_pronouns)
        if sector in OFFICE_SECTORS and mention is not None and self._former(mention.start, span):
            sector = "ELI"  # "the former defence minister"
        elif sector == "GOV" and mention is not None and self._shadow(mention.start, span):
            sector = "PTY"  # "the shadow chancellor"
        person = self._name_actor(named[0], on) if named and named[0].entry else None
        if person is not None and person.sector:
            return [person]
        countries = [a for a in (self._owner_actor(m, on) for m in owners) if a is not None]
        body = next((found for m in owners if (found := self._unlisted_body(m)) is not None), None)
        if body is not None and countries and named:
            # "chief executive of Alcohol Focus Scotland": the body's officer, not Scotland's
            countries = [replace(countries[0], sector=body[1], name=None)]
            sector = body[1]
        if not countries and follow_pronouns:
            countries = self._pronoun_owner(head, on)
        if person is not None and person.country and not countries:
            countries = [person]  # "U.N. mediator Diego Cordovez": the title's owner, not his nationality
        name = person.name if person else (self._text(named[0]) if named else None)
        role = self._title(head, mention, modifiers) if named else None
        if sector is None and not countries:
            return []
        if not countries:
            return [Actor(None, sector, name, role, self._span(head, mention), agent.id if agent else None)]
        return [
            Actor(c.country, _owned_sector(c, sector), name, role, self._span(head, mention, c.span, span),
                  agent.id if agent else c.source)
            for c in _unique(countries, key=lambda a: a.country)
        ]

    def _country_word_name(self, head: Token, span: Span, on: date) -> list[Actor] | None:
        """A proper name built on a country word is an organisation's, not the country's: "Swiss
        Re", "Japan Tobacco", "Air India" are that country's business (BUS), "American Federation
        of Teachers" its civil society (SOC): a word of the name decides (data/actors/name_words.tsv);
        "Cleveland Indians", "Chinese New Year" name no actor of the country ([]). None when
        ``head`` does not end such a name: the name is a dictionary entry, the head an agent noun
        ("Indian Army", "American Airlines") or a person, or every other word of the name is itself
        a name ("Bosnian Serbs", "Iraqi Kurds")."""
        if head.pos_ != "PROPN" or head.ent_type_ == "NORP" and self._by_token[head.i] is None:
            return None  # "Iraqi Kurds": a people named by where they live (_resident_country)
        tokens = _compound_name(head, span)
        if len(tokens) < 2:
            return None
        head_mention = self._by_token[head.i]
        if head_mention is not None and not self._is_country_word(head_mention):
            return None
        country_words, others = [], []
        for token in tokens:
            mention = self._by_token[token.i]
            if mention is not None and self._is_country_word(mention):
                country_words.append(mention)
            elif mention is not None and mention.kind not in COUNTRY_KINDS:
                return None  # "Bosnian Serbs", "the Indian Army": a name or an agent of its own
            else:
                others.append(token)
        if not country_words or not others:
            return None
        owner = self._name_actor(country_words[0], on)
        if owner is None or not is_state_code(owner.country):
            return None
        sector = next((_name_words()[t.lower_] for t in reversed(others) if t.lower_ in _name_words()), None)
        if sector is None:
            return []
        return [Actor(owner.country, sector, None, None, self._text_span(tokens[0].i, tokens[-1].i + 1),
                      f"organisation name ({self.doc[tokens[0].i: tokens[-1].i + 1].text})")]

    def _as_party(self, head: Token, mention: Mention) -> bool:
        """A governing party named as a party ("the Labour Party") or beside another party
        ("Labour and the Tories"): the party, PTY, as the coders read it, not the government."""
        if any(t.lower_ == "party" for t in self.doc[mention.start:mention.end]):
            return True
        others = [t for t in (*head.conjuncts,) if t.i != head.i]
        return any((m := self._by_token[t.i]) is not None and m.entry is not None and m.entry.sector == "PTY"
                   for t in others)

    def _partitive(self, head: Token, span: Span, on: date, follow_pronouns: bool) -> list[Actor]:
        """ "members of Kent's Board of Finance", "some of the rebels": the body's actors."""
        if head.lower_ not in PARTITIVE_HEADS:
            return []
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and span.start <= obj.left_edge.i and obj.right_edge.i < span.end:
                        return self.resolve(self.doc[obj.left_edge.i: obj.right_edge.i + 1], on=on,
                                            follow_pronouns=follow_pronouns)
        return []

    def _unlisted_body(self, mention: Mention) -> tuple[str, str | None] | None:
        """A country word inside the name of an organisation the dictionary does not list
        ("Scotland" in "Alcohol Focus Scotland", "Minnesota" in "Education Minnesota"): the
        name and the sector a word of it gives (name_words.tsv: "Union" LAB, "Institute" SOC),
        or None as sector; None when the word is not inside such a name."""
        token = self.doc[mention.start]
        if token.ent_type_ != "ORG" or mention.kind not in COUNTRY_KINDS:
            return None
        start, end = mention.start, mention.end
        while start > 0 and self.doc[start].ent_iob_ == "I":  # back to the entity's first token
            start -= 1
        while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
            end += 1
        words = [t for t in self.doc[start:end] if not (mention.start <= t.i < mention.end) and t.text[:1].isupper()]
        inner = [self._by_token[t.i] for t in words if self._by_token[t.i] is not None]
        if not words or any(m.kind != "agent" or m.entry.sector in OFFICE_SECTORS for m in inner):
            return None  # "the Kenyan Parliament", "Ohio Democratic Party": a listed body or an office decides
        sector = next((m.entry.sector for m in reversed(inner) if m.entry.sector), None)  # "Teachers Union" LAB
        if sector is None:
            sector = next((_name_words()[t.lower_] for t in reversed(words) if t.lower_ in _name_words()), None)
        return self.doc[start:end].text, sector

    def _is_country_word(self, mention: Mention) -> bool:
        """A country's own name or demonym ("Swiss", "Japan"), not a city filed under it ("Cleveland")."""
        text = self._text(mention)
        return mention.kind in ("country", "demonym") and (is_country_name(text) or is_demonym(text))

    def _titled(self, head: Token, span: Span, mention: Mention, actor: Actor) -> Actor:
        """A person whose role on the date the dictionary does not know takes it from a title
        in the text: "President Paul Kagame" in 2021 -> GOV, role "president"."""
        if actor.country in SPECIAL_COUNTRIES:
            return actor  # an IGO's or NGO's official: PLOVER codes the organisation, no sector
        titles = [m for dep, m in self._modifier_mentions(head, span, skip=mention)
                  if m.kind == "agent" and m.entry.sector and dep in ("compound", "amod", "appos", "nmod")]
        if not titles:
            return actor
        title = titles[-1]
        if self._former(title.start, span) and title.entry.sector in OFFICE_SECTORS:
            return replace(actor, sector="ELI", role=f"former {self._text(title).lower()}")
        if self._shadow(title.start, span):
            return replace(actor, sector="PTY", role=self._text(title).lower())
        return replace(actor, sector=title.entry.sector, role=self._text(title).lower())

    def _shadow(self, start: int, span: Span) -> bool:
        """ "Shadow home secretary": the opposition party's spokesman, PTY, not the government."""
        return any(self.doc[i].lower_ == "shadow" for i in range(max(span.start, start - 2), start + 1))

    def _former(self, start: int, span: Span) -> bool:
        """ "former President", "ex-President", "then-President": the title a person held before the
        report (the role on its date is not that one)."""
        return any(self.doc[i].lower_ in FORMER_WORDS for i in range(max(span.start, start - 3), start + 1))

    def _affiliated(self, head: Token, span: Span, mention: Mention, actor: Actor, on: date) -> Actor:
        """A person whose role on the date is unknown is coded by the body the text gives them:
        "U.N. mediator Diego Cordovez" is UNO, whatever his nationality."""
        owners = [m for dep, m in self._modifier_mentions(head, span, skip=mention)
                  if m.kind in NAME_KINDS and m.kind != "person" and dep in ("compound", "amod", "poss", "nmod")]
        owner = next((a for a in (self._owner_actor(m, on) for m in owners) if a is not None), None)
        if owner is None:
            return actor
        return replace(actor, country=owner.country, sector=_owned_sector(owner, actor.sector))

    def _national_branch(self, head: Token, span: Span, mention: Mention, actor: Actor, on: date) -> Actor:
        """A group coded by region ("Palestinian Islamic Jihad": MEA) takes the country its own
        name or a modifier gives: PSE. Without one it keeps the regional code."""
        inner = [Mention(i, i + 1, entry) for i in range(mention.start, mention.end)
                 if (entry := self.dictionary.lookup(self.doc[i].text)) is not None and entry.kind in ("demonym", "country")]
        outer = [m for dep, m in self._modifier_mentions(head, span, skip=mention)
                 if dep in ("amod", "compound") and m.kind in ("demonym", "country")]
        for found in inner + outer:
            national = self._name_actor(found, on)
            if national is not None and is_state_code(national.country):
                return replace(actor, country=national.country)
        return actor

    def _resident_country(self, head: Token, span: Span, mention: Mention, actor: Actor, on: date) -> Actor | None:
        """A people named by where they live: "Bosnian Serbs" -> BIH, "Iraqi Kurds" -> IRQ;
        "ethnic Albanians" are not Albania's, and the span does not say whose they are."""
        for dep, modifier in self._modifier_mentions(head, span, skip=mention):
            if dep in ("amod", "compound") and modifier.kind in ("demonym", "country"):
                resident = self._name_actor(modifier, on)
                if resident is not None and resident.country:
                    return Actor(resident.country, actor.sector, None, None,
                                 self._text_span(modifier.start, mention.end), modifier.entry.id)
        if any(self.doc[i].lower_ == "ethnic" for i in range(max(mention.start - 2, span.start), mention.start)):
            return None
        return actor

    def _modifier_mentions(self, head: Token, span: Span, *, skip: Mention | None) -> list[tuple[str, Mention]]:
        """(dependency, mention) pairs in the modifiers of ``head`` inside ``span``.

        Possessives, adjectives, compounds and appositives lend any name; "of" phrases too
        ("the government of Peru"); "in"/"from" phrases only places ("rebels in Darfur",
        "doctors from American aid groups"), not people; "for" never ("envoy for North Korea").
        """
        found: list[tuple[str, Mention]] = []
        located: list[Mention] = []  # from "in"/"from" places
        for child in head.children:
            if not (span.start <= child.i < span.end) and child.dep_ not in MODIFIER_DEPS:
                continue  # an outside modifier may hold a span's word: "American" in "Chinese and American officials"
            places_only = False
            if child.dep_ in MODIFIER_DEPS:
                tokens = child.subtree
            elif child.dep_ == "prep" and child.lower_ in ("of", "in", "from"):
                tokens = (t for c in child.children if c.dep_ == "pobj" for t in c.subtree)
                places_only = child.lower_ != "of"
            else:
                continue
            for token in tokens:
                mention = self._by_token[token.i]
                if mention is None or mention is skip or any(m is mention for _, m in found):
                    continue
                if _partisan(self.doc, mention):
                    continue  # "pro-Iranian Hezbollah" is not Iran's
                if places_only and mention.kind not in COUNTRY_KINDS:
                    continue
                if span.start <= mention.start and mention.end <= span.end:
                    found.append((child.dep_, mention))
                    if places_only:
                        located.append(mention)
        if located and any(dep in MODIFIER_DEPS and m.kind in COUNTRY_KINDS for dep, m in found):
            # "the French military in Rwanda": the nationality says whose; the place only where
            found = [(dep, m) for dep, m in found if not any(m is x for x in located)]
        return found

    def _named_people(self, span: Span, head: Token, modifiers: list[tuple[str, Mention]]) -> list[Mention]:
        """People an agent phrase names: appositives ("envoy, Sung Kim"), else the one person after
        the title ("North Korean leader Kim Jong Un"); a person before it owns it ("Biden's
        envoy", "the Biden administration")."""
        people = ("person", "unknown_person")
        appositive = [m for dep, m in modifiers if dep == "appos" and m.kind in people]
        if appositive:
            return appositive
        inside = [
            m for m in self.mentions_starting(head.i + 1, span.end)
            if m.end <= span.end and m.kind in people and not _is_possessor(self.doc, m)
        ]
        return inside if len(inside) == 1 else []

    def _pronoun_owner(self, head: Token, on: date) -> list[Actor]:
        for child in head.children:
            if child.dep_ == "poss" and child.lower_ in PERSON_PRONOUNS | THING_PRONOUNS:
                return [a for a in self.antecedent(child.i, on=on) if a.country]
        return []

    # mentions -> actors

    def _name_actor(self, mention: Mention, on: date) -> Actor | None:
        entry = mention.entry
        if entry is None:
            return None
        if entry.kind == "contextual":
            country = self._choose_context_country(entry)
            if country is None:
                return None
            return Actor(country, None, None, None, self._mention_span(mention), entry.id)
        standing = self.dictionary.standing(entry, on, undated=self.undated and on == self.on)
        if standing.country is None and standing.sector is None:
            return None
        name = entry.name if entry.kind == "person" else None
        return Actor(standing.country, standing.sector, name, standing.role or None,
                     self._mention_span(mention), entry.id)

    def _owner_actor(self, mention: Mention, on: date) -> Actor | None:
        actor = self._name_actor(mention, on)
        if actor is None or actor.country is None:
            return None
        return actor

    def _choose_context_country(self, entry: Entry) -> str | None:
        """'PRK=PRK+KOR|SDN=SDN+SSD': the candidate whose signal countries the story mentions
        most; none when no candidate is signalled or two are signalled equally."""
        weights = {}
        for option in (entry.country or "").split("|"):
            candidate, _, signals = option.partition("=")
            weight = sum(self.countries[c] for c in (signals or candidate).split("+"))
            if weight:
                weights[candidate] = weight
        ranked = sorted(weights.items(), key=lambda kv: -kv[1])
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def _count_countries(self) -> Counter:
        counts: Counter = Counter()
        for mention in self.mentions:
            entry = mention.entry
            if entry is not None and entry.kind in COUNTRY_KINDS - {"contextual"} and entry.country \
                    and not _partisan(self.doc, mention):
                counts[entry.country] += 1
        return counts

    def _fits(self, mention: Mention, want: str) -> bool:
        if want == "person":  # an unknown person is a subject too: skipping them found the wrong man
            return mention.kind in ("person", "unknown_person") or (
                mention.kind == "agent" and self.doc[mention.end - 1].lower_ in PERSON_TITLES and mention.entry.sector is not None)
        if mention.entry is None or mention.kind in ("agent", "contextual") and want == "person":
            return False
        if want == "thing":
            return mention.kind in NAME_KINDS - {"person"}
        return mention.kind in NAME_KINDS

    # spans and text

    def _title(self, head: Token, mention: Mention | None, modifiers: list[tuple[str, Mention]]) -> str | None:
        if mention is not None and mention.kind == "agent":
            return self._text(mention).lower()
        titles = [m for _, m in modifiers if m.kind == "agent"]
        return self._text(titles[-1]).lower() if titles else None

    def _text(self, mention: Mention) -> str:
        return self.doc[mention.start : mention.end].text

    def _mention_span(self, mention: Mention) -> TextSpan:
        return self._text_span(mention.start, mention.end)

    def _span(self, head: Token, mention: Mention | None, owner: TextSpan | None = None, phrase: Span | None = None) -> TextSpan:
        """The agent's mention, stretched back to its owner's when the owner is in the phrase."""
        start, end = (mention.start, mention.end) if mention else (head.i, head.i + 1)
        if owner is not None and phrase is not None and phrase.start_char <= owner.start_char < phrase.end_char:
            first = self.doc.char_span(owner.start_char, owner.end_char, alignment_mode="expand")
            if first is not None and first.start < start:
                start = first.start
        return self._text_span(start, end)

    def _text_span(self, start: int, end: int) -> TextSpan:
        span = self.doc[start:end]
        return TextSpan(self.doc_id, span.start_char, span.end_char, span.text)


_MENTIONS: "OrderedDict[tuple[int, int], tuple[Doc, list[Mention]]]" = OrderedDict()
_MENTIONS_CACHE_SIZE = 8  # the event coder and the quote extractor each build a DocumentActors


def _document_mentions(doc: Doc, dictionary: ActorDictionary) -> list[Mention]:
    """find_mentions + short-name linking, computed once per (doc, dictionary)."""
    key = (id(doc), id(dictionary))
    cached = _MENTIONS.get(key)
    if cached is not None and cached[0] is doc:
        return cached[1]
    mentions = _link_short_names(doc, find_mentions(doc, dictionary, text_of(doc)), dictionary)
    _MENTIONS[key] = (doc, mentions)
    while len(_MENTIONS) > _MENTIONS_CACHE_SIZE:
        _MENTIONS.popitem(last=False)
    return mentions


def find_mentions(doc: Doc, dictionary: ActorDictionary, text: str | None = None) -> list[Mention]:
    """Longest non-overlapping dictionary matches, then PERSON entities not already covered."""
    matches = dictionary.match(doc, text)
    candidates = [(start, end, entry) for start, end, entry in matches if _plausible(doc[start:end], entry)]
    candidates = _prefer_curated_people(candidates)
    candidates.sort(key=lambda c: (-(c[1] - c[0]), _KIND_PRIORITY.get(c[2].kind, 9), c[0]))
    taken = [False] * len(doc)
    mentions = []
    for start, end, entry in candidates:
        if any(taken[start:end]):
            continue
        for i in range(start, end):
            taken[i] = True
        mentions.append(Mention(start, end, entry))
    for token in doc:
        if not taken[token.i] and _maybe_misspelled_country(token):
            entry = dictionary.misspelled_country(token.text)
            if entry is not None:
                taken[token.i] = True
                mentions.append(Mention(token.i, token.i + 1, entry))
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not any(taken[ent.start : ent.end]):
            mentions.append(Mention(ent.start, ent.end, None))
            for i in range(ent.start, ent.end):
                taken[i] = True
    mentions.extend(_titled_names(doc, mentions, taken))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _titled_names(doc: Doc, mentions: list[Mention], taken: list[bool]) -> list[Mention]:
    """Names the entity recogniser missed or took for a place, known as a person's by the
    honorific or title before them: "Mr Thorpe", "Lord Sainsbury", "Judge Bodiford"."""
    found = []
    titles = [m.end for m in mentions if m.kind == "agent"]
    titles += [t.i + 1 for t in doc if t.lower_.rstrip(".") in HONORIFICS and t.text[:1].isupper()]
    for start in titles:
        end = start
        while end < len(doc) and not taken[end] and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                and doc[end].ent_type_ in NAME_ENTITY_TYPES:
            end += 1
        if end > start and end - start <= MAX_NAME_WORDS:
            for i in range(start, end):
                taken[i] = True
            found.append(Mention(start, end, None))
    return found


def _prefer_curated_people(candidates: list[tuple[int, int, Entry]]) -> list[tuple[int, int, Entry]]:
    """A PETRARCH2 phrase with a title ("president barack obama", roles to 2014) gives way to a
    curated person named inside it ("Barack Obama", dated roles to today); the title then
    matches on its own and a "former" before it is read."""
    curated = [(start, end) for start, end, entry in candidates
               if entry.kind == "person" and not entry.source.startswith("petrarch2")]
    return [
        (start, end, entry) for start, end, entry in candidates
        if not (entry.kind == "person" and entry.source.startswith("petrarch2")
                and any(start <= s and e <= end and (s, e) != (start, end) for s, e in curated))
    ]


def _maybe_misspelled_country(token: Token) -> bool:
    """A capitalised proper noun that may be a country's name: tagged as a place, nationality or
    organisation, or untagged and standing alone (not part of a name like "Susan Rice")."""
    if token.pos_ != "PROPN" or len(token) < MIN_SPELLING or not token.text[:1].isupper():
        return False
    if token.ent_type_:
        return token.ent_type_ in SPELLING_ENTITY_TYPES
    doc = token.doc
    return not any(0 <= i < len(doc) and doc[i].pos_ == "PROPN" for i in (token.i - 1, token.i + 1))


# Equal-length overlaps ("the South" vs "South Korean" in "the South Korean military"): names
# that need no context win.
def _link_short_names(doc: Doc, mentions: list[Mention], dictionary: ActorDictionary) -> list[Mention]:
    """Give unknown PERSON mentions a dictionary entry when that is safe: a one-word name that
    is part of exactly one person named earlier in the document ("Kim Jong Un ... Kim said"),
    or, right after a title, a surname unique in the dictionary ("President Mugabe") or a name
    whose first and last words are those of exactly one dictionary person ("former president
    Carlos Menem" for "Carlos Saul Menem"). Other names ("Michael Howard") stay unknown."""
    earlier: dict[str, set[str]] = {}
    unknown: set[str] = set()  # words of full names the dictionary does not know ("Felicia Sanders")
    surnames: set[str] = set()  # their last words
    linked = []
    for k, mention in enumerate(mentions):
        words = doc[mention.start : mention.end].text.lower().split()
        if mention.entry is not None and mention.kind == "person" and len(words) == 1:
            # "Bush" after "Jeb Bush": the person the report named in full, not the dictionary's
            # first reading of the surname; after an unknown "Felicia Sanders", an unknown person
            named = earlier.get(words[0], set())
            if len(named) == 1 and mention.entry.id not in named and words[0] not in unknown:
                mention = Mention(mention.start, mention.end, next(m.entry for m in linked if m.entry is not None and m.entry.id in named))
            elif words[0] in unknown and not named:
                mention = Mention(mention.start, mention.end, None)
        elif mention.entry is not None and mention.kind in COUNTRY_KINDS and len(words) == 1 and words[0] in surnames:
            mention = Mention(mention.start, mention.end, None)  # "Bob Wellington ... Wellington": him, not New Zealand
        if mention.entry is not None:
            if mention.kind == "person":
                for word in words:
                    earlier.setdefault(word, set()).add(mention.entry.id)
            linked.append(mention)
            continue
        if len(words) > 1:
            unknown.update(words[1:])
            surnames.add(words[-1])
        entry = None
        if len(words) == 1 and len(earlier.get(words[0], ())) == 1:
            entry = next(m.entry for m in linked if m.entry is not None and m.entry.id in earlier[words[0]])
        elif k > 0 and mentions[k - 1].kind == "agent" and mentions[k - 1].end == mention.start:
            if len(words) == 1:
                entry = dictionary.by_surname(words[0])
            else:
                entry = dictionary.by_first_and_last(words[0], words[-1])
        linked.append(Mention(mention.start, mention.end, entry) if entry else mention)
    return linked


_KIND_PRIORITY = {"person": 0, "igo": 1, "capital": 2, "demonym": 3, "country": 4, "organisation": 5, "group": 6, "agent": 7, "contextual": 8}


def _plausible(span: Span, entry: Entry) -> bool:
    """Names must be capitalised as names ("US", not "us"; "An" not "an"); a one-word PETRARCH2
    alias the entity recogniser calls a person is one ("Murray", not the Murray river in
    Australia's aliases); agents may be any case."""
    if entry.kind == "agent":
        return True
    words = [t for t in span if any(c.isalpha() for c in t.text)]
    content = [t for t in words if t.lower_ not in FUNCTION_WORDS] or words
    if content and not content[0].text[0].isupper():
        return False
    if len(span) == 1 and span[0].pos_ == "PRON":
        return False
    if entry.kind == "person" and len(span) == 1 and _other_first_name(span[0], entry):
        return False  # "Felicia Sanders" is not Bernie Sanders
    if (entry.kind != "person" and len(span) == 1 and span[0].ent_type_ == "PERSON"
            and entry.source.startswith("petrarch2") and normalise(span.text) != normalise(entry.phrases[0])):
        return False  # PETRARCH2 lists towns and rivers among a country's names; its own name is trusted
    return True


# Bodies of a state that "the ..." names without saying which (DocumentActors.state_reference).
STATE_HEADS = {"government", "ministry", "regime", "administration", "authorities", "cabinet", "junta"}


def is_state_reference(span: Span) -> bool:
    """ "the government", "The ministry": a state body named by a definite article alone."""
    root = span.root
    return root.lower_ in STATE_HEADS and any(t.lower_ in ("the", "this", "that") for t in root.lefts) \
        and not any(t.dep_ == "poss" or t.ent_type_ in ("GPE", "NORP") for t in root.lefts)  # "Kenya's", "the Russian ministry"


def _other_first_name(token: Token, entry: Entry) -> bool:
    """A surname inside a longer person name whose first word is none of ``entry``'s first
    names ("Felicia" of "Felicia Sanders" for Bernie Sanders)."""
    if token.ent_type_ != "PERSON" or token.ent_iob_ != "I":
        return False
    first = token.doc[token.i - 1]
    while first.ent_iob_ == "I" and first.i > 0:
        first = token.doc[first.i - 1]
    if first.lower_.rstrip(".") in HONORIFICS or first.pos_ != "PROPN":
        return False
    return all(normalise(p).split(" ")[0] != first.lower_ for p in entry.phrases if " " in p)


def _owned_sector(owner: Actor, agent_sector: str | None) -> str | None:
    """An organisation's people keep its sector: "UN officials" are UNO, "Hamas fighters" PSE
    REB, "Tory leader" PTY, "the president of the NAACP" SOC (not GOV); an office keeps its own
    ("Tory MP" LEG, "Labour ministers" GOV); a country's people take the agent's: "Kenyan police"
    KEN COP."""
    if owner.name is not None:
        return agent_sector
    if agent_sector is None and owner.sector is not None:
        return owner.sector  # "an off-duty U.S. Customs agent": the body is all the text says
    if owner.country in SPECIAL_COUNTRIES or owner.sector in ARMED_SECTORS:
        return owner.sector
    if owner.sector in ORGANISATION_SECTORS | CIVIL_SECTORS and agent_sector not in OWN_OFFICE_SECTORS:
        return owner.sector
    return agent_sector


def _compound_name(head: Token, span: Span) -> list[Token]:
    """``head`` and the proper-noun compounds before it inside ``span``: "Korea Electric Power Corp"."""
    start = head.i
    while start - 1 >= span.start:
        before = head.doc[start - 1]
        if before.dep_ != "compound" or before.head.i > head.i or not before.text[:1].isupper():
            break
        start -= 1
    return [head.doc[i] for i in range(start, head.i + 1)]


@lru_cache(maxsize=1)
def _name_words() -> dict[str, str]:
    """data/actors/name_words.tsv: word -> the sector a name built on a country word takes."""
    path = resources.files("dateline.data") / "actors" / "name_words.tsv"
    return dict(fields[:2] for fields in _data_lines(path, origin="name_words.tsv", header=("word", "sector")))


def _heads(span: Span) -> list[Token]:
    """Tokens of the span governed from outside it (usually just the root), and their conjuncts.

    A span cut from a larger phrase ("the UN Security Council" in "... Council resolutions")
    has several such tokens; each may head an actor.
    """
    def inside(token: Token) -> bool:
        return span.start <= token.i < span.end

    heads = [t for t in span if t.head.i == t.i or not inside(t.head)]
    # "American" in "Chinese and American officials" modifies "officials" through "Chinese"
    heads = [t for t in heads if not _modifies_inside(t, span)] or heads
    for token in list(heads):
        heads.extend(c for c in token.conjuncts if span.start <= c.i < span.end)
    return sorted(set(heads), key=lambda t: t.i)


def _modifies_inside(token: Token, span: Span) -> bool:
    """ "American" in "Chinese and American officials": a conjunct of an outside modifier of a
    word of the span modifies that word, not heads an actor of its own."""
    return token.dep_ == "conj" and not span.start <= token.head.i < span.end and span.start <= token.head.head.i < span.end


def _is_possessor(doc: Doc, mention: Mention) -> bool:
    return mention.end < len(doc) and doc[mention.end].lower_ in ("'s", "\u2019s", "'")


def is_subject(token: Token) -> bool:
    """The token, or the name it is part of, is a clause's subject."""
    while token.dep_ in ("compound", "flat", "appos", "amod") and token.head is not token:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


SPEECH_VERBS = {"say", "respond", "add", "tell", "write", "ask", "reply", "tweet", "insist", "argue", "declare"}


QUOTE_MARKS = ("\u201c", "\u201d", '"', "''")


def _has_quote(sentence: Span) -> bool:
    return any(mark in sentence.text for mark in QUOTE_MARKS)


def _inside_quote(doc: Doc, start: int, token_index: int) -> bool:
    """Whether the token stands inside quotation marks opened since token ``start`` (the first
    sentence antecedent() looks at) in its paragraph."""
    text = text_of(doc)
    at = doc[token_index].idx
    paragraph = max(text.rfind("\n", 0, at) + 1, doc[start].idx)
    before = text[paragraph:at]
    curly = before.count("\u201c") - before.count("\u201d")
    straight = before.count('"') + before.count("''")
    return curly > 0 or straight % 2 == 1


MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
# Words before a name, or heading a title, that say a person's sex ("Mrs Beckett", "Queen Rania").
GENDERED_WORDS = {
    "mr": "m", "mr.": "m", "sir": "m", "lord": "m", "mister": "m", "king": "m", "prince": "m", "spokesman": "m",
    "chairman": "m", "congressman": "m", "councilman": "m", "assemblyman": "m", "businessman": "m",
    "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "madam": "f", "lady": "f", "dame": "f",
    "baroness": "f", "queen": "f", "princess": "f", "spokeswoman": "f", "chairwoman": "f",
    "congresswoman": "f", "councilwoman": "f", "assemblywoman": "f", "businesswoman": "f",
}


def mention_gender(doc: Doc, mention: Mention) -> str | None:
    """ "f" or "m" for a person mention whose honorific, title or first name says the sex
    (first names: data/actors/name_genders.tsv, US SSA names given 19 times in 20 to one sex;
    a dictionary person by the first word of their name); None when nothing does."""
    for i in range(max(mention.start - 1, 0), mention.end):
        said = GENDERED_WORDS.get(doc[i].lower_)
        if said is not None:
            return said
    if mention.entry is not None and mention.entry.kind not in ("person",):
        return None
    name = mention.entry.name if mention.entry is not None else doc[mention.start:mention.end].text
    first = name.split()[0].lower() if name.split() else ""
    return _name_genders().get(first) if len(name.split()) > 1 else None


@lru_cache(maxsize=1)
def _country_cues() -> tuple[tuple[str, re.Pattern], ...]:
    """One whole-word, case-sensitive pattern per state of country_cues.tsv."""
    path = resources.files("dateline.data") / "actors" / "country_cues.tsv"
    phrases: dict[str, list[str]] = {}
    for fields in _data_lines(path, origin="country_cues.tsv", header=("phrase", "country", "note")):
        phrases.setdefault(fields[1], []).append(fields[0])
    return tuple((country, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(found, key=len, reverse=True)) + r")(?!\w)"))
                 for country, found in phrases.items())


@lru_cache(maxsize=1)
def _name_genders() -> dict[str, str]:
    path = resources.files("dateline.data") / "actors" / "name_genders.tsv"
    return {fields[0]: fields[1] for fields in _data_lines(path, origin="name_genders.tsv", header=("name", "sex"))}


def _same_pronoun_subject(sentence: Span, pronoun: Token, after: int) -> Token | None:
    """The last subject pronoun of ``pronoun``'s gender in ``sentence`` before it and after
    token ``after`` (a named subject after it wins); None when there is none."""
    same = MALE_PRONOUNS if pronoun.lower_ in MALE_PRONOUNS else FEMALE_PRONOUNS
    found = [t for t in sentence if after <= t.i < pronoun.i and t.lower_ in same and t.dep_ in ("nsubj", "nsubjpass")]
    return found[-1] if found else None


def _subject_before(sentence: Span, pronoun: Token) -> bool:
    """A subject other than ``pronoun`` before it in its sentence ("Obama's aide said he ...")."""
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.i < pronoun.i for t in sentence)


def _unnamed_person_subject(sentence: Span, pronoun: Token) -> bool:
    """A proper-noun subject before the pronoun that no mention covers ("Shuster is ..." where the
    recogniser missed the name): the person is there, unknown, and no other name stands in."""
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN" and t.i < pronoun.i for t in sentence)


def _clause_subject(token: Token) -> int | None:
    """The index of the verb whose subject the name headed by ``token`` is, else None."""
    while token.dep_ in ("compound", "flat", "appos", "amod") and token.head.i != token.i:
        token = token.head
    return token.head.i if token.dep_ in ("nsubj", "nsubjpass") else None


def _main_clause(token: Token) -> bool:
    """Whether the name headed by ``token`` is the subject of its sentence's main verb (or of a
    verb joined to it by "and"), not of a clause inside it."""
    verb = _clause_subject(token)
    if verb is None:
        return False
    verb_token = token.doc[verb]
    while verb_token.dep_ == "conj" and verb_token.head.i != verb_token.i:
        verb_token = verb_token.head
    return verb_token.dep_ == "ROOT"


def _is_speaker(token: Token) -> bool:
    """The subject of a verb of speech ("Trump responded"): the one who speaks a quote."""
    verb = _clause_subject(token)
    return verb is not None and token.doc[verb].lemma_.lower() in SPEECH_VERBS


def preceding_sentences(doc: Doc, token_index: int, n: int) -> list[Span]:
    """The sentence holding ``token_index`` and up to ``n`` before it, nearest first."""
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    here = next((k for k, s in enumerate(sentences) if s.start <= token_index < s.end), 0)
    return [sentences[k] for k in range(here, max(here - n, 0) - 1, -1)]


def _regional(actor: Actor) -> bool:
    """An armed group coded by no state (PLOVER IMG: PETRARCH2 coded many by a region, MEA, INT)."""
    return actor.country == "IMG"


def _partisan(doc: Doc, mention: Mention) -> bool:
    return is_partisan(doc[mention.start])


PATRONAGE = ("backed", "supported", "sponsored", "funded", "armed", "trained", "allied", "aligned")


def is_partisan(token: Token) -> bool:
    """ "pro-Iranian", "anti-American", "Iranian-backed": a stance or patron, not membership
    ("Vietnamese-led forces" are Vietnam's)."""
    if token.lower_.startswith(("pro-", "anti-")) or token.lower_.endswith(tuple("-" + p for p in PATRONAGE)):
        return True
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and doc[token.i + 2].lower_ in PATRONAGE:
        return True
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ in ("pro", "anti")


def _unique(actors: Sequence[Actor], key=None) -> list[Actor]:
    key = key or (lambda a: (a.country, a.sector, a.name))
    seen, out = set(), []
    for actor in actors:
        k = key(actor)
        if k not in seen:
            seen.add(k)
            out.append(actor)
    return out


# --- one span --------------------------------------------------------------------------------

_DOCUMENTS: "OrderedDict[int, DocumentActors]" = OrderedDict()
_DOCUMENT_CACHE_SIZE = 8  # the event coder and quote extractor resolve many spans of one doc


def resolve(
    span: Span,
    *,
    doc_id: str,
    on: date | None = None,
    context_countries: Iterable[str] = (),
    follow_pronouns: bool = False,
) -> list[Actor]:
    """Actors the noun phrase ``span`` denotes (see ``DocumentActors.resolve``)."""
    documents = document_actors(span.doc, doc_id, on)
    if context_countries:
        documents = DocumentActors(span.doc, doc_id, on, context_countries=context_countries)
    return documents.resolve(span, on=on, follow_pronouns=follow_pronouns)


def document_actors(doc: Doc, doc_id: str, on: date | None = None, *, places: Sequence[object] | None = None) -> DocumentActors:
    """The DocumentActors of ``doc``, reused while the same doc is being resolved; ``places``
    (the place stage's output for it) saves running the place stage again for report_country."""
    key = id(doc)
    cached = _DOCUMENTS.get(key)
    if cached is None or cached.doc is not doc or cached.doc_id != doc_id:
        cached = DocumentActors(doc, doc_id, on, places=places)
        _DOCUMENTS[key] = cached
        while len(_DOCUMENTS) > _DOCUMENT_CACHE_SIZE:
            _DOCUMENTS.popitem(last=False)
    if places is not None and cached.places is None:
        cached.places = places
    return cached
