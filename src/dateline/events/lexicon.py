"""The PLOVER lexicon: verb and noun patterns, conflict-cooperation scores and context cues.

Everything here is data read from ``src/dateline/data/`` (each file names its source):
``plover_verbs_curated.tsv`` (hand-curated from the PLOVER manual), ``plover_verbs_petrarch2.tsv``
(derived by ``scripts/build_plover_lexicon.py`` from PETRARCH2's CAMEO verb dictionary, MIT),
``plover_nouns.tsv``, ``plover_scores.tsv`` and ``plover_contexts.tsv``. The rule coder's word sets
(``event_words.tsv``), type shifts (``event_type_shifts.tsv``) and lemma fixes
(``verb_lemma_fixes.tsv``) are read here too, by ``words`` and ``table``. A user may add patterns
in a file of the same columns named by the ``DATELINE_EVENT_PATTERNS`` environment variable.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

# Types PLOVER says describe verbal acts; their nouns may be coded from a possessive author.
VERBAL_TYPES = frozenset({"AGREE", "REQUEST", "THREATEN", "ACCUSE", "REJECT", "SUPPORT", "CONCEDE"})
CONFLICT_TYPES = frozenset({"THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "ACCUSE", "REJECT"})
# PLOVER manual 3.6/3.13/3.5: these types require a recipient.
RECIPIENT_REQUIRED = frozenset({"COOPERATE", "AID", "SANCTION"})


@dataclass(frozen=True, slots=True)
class Pattern:
    type: str
    mode: str | None
    cameo: str
    source: str
    needs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[tuple[str, str], Pattern]  # (lemma, particle) -> default pattern
    verb_objects: dict[tuple[str, str, str, str], Pattern]  # (lemma, particle, prep, object)
    nouns: dict[str, tuple[Pattern, ...]]
    scores: dict[tuple[str, str], float]
    contexts: dict[str, str]  # cue lemma -> context

    def valid_mode(self, type_: str, mode: str | None) -> str | None:
        """``mode`` if PLOVER 2.0 defines it for ``type_`` (CAMEO2PLOVER-2021 predates some modes)."""
        return mode if mode and (type_, mode) in self.scores else None

    def score(self, type_: str, mode: str | None) -> float | None:
        return self.scores.get((type_, mode or "-"), self.scores.get((type_, "-")))


def _rows(path: Path | str) -> list[dict[str, str]]:
    text = (path if hasattr(path, "read_text") else Path(path)).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _data(name: str):
    return resources.files("dateline.data").joinpath(name)


def _pattern(row: dict[str, str]) -> Pattern:
    needs = row.get("needs") or "-"
    return Pattern(row["type"], row.get("mode") or None, row["cameo"], row["source"],
                   frozenset() if needs == "-" else frozenset(needs.split(",")))


def _add_verbs(lexicon_verbs, lexicon_objects, rows, *, lemma_defaults: bool, override: bool) -> None:
    for row in rows:
        if row["cameo"] == "175":  # CAMEO "violent repression" is a context in PLOVER 2.0, not a type
            continue
        pattern = _pattern(row)
        lemma, particle = row["lemma"], row.get("particle") or ""
        if row.get("object") or row.get("prep"):
            key = (lemma, particle, row.get("prep") or "", row.get("object") or "")
            if override or key not in lexicon_objects:
                lexicon_objects[key] = pattern
        elif lemma_defaults and (override or (lemma, particle) not in lexicon_verbs):
            lexicon_verbs[(lemma, particle)] = pattern


@lru_cache(maxsize=1)
def load() -> Lexicon:
    verbs: dict = {}
    objects: dict = {}
    # PETRARCH2 lemma defaults come from WordNet synonym sets ("die" -> ASSAULT, "think" -> CONSULT):
    # far too loose for a precision-first coder, so only its verb + object patterns are used.
    _add_verbs(verbs, objects, _rows(_data("plover_verbs_curated.tsv")), lemma_defaults=True, override=False)
    _add_verbs(verbs, objects, _rows(_data("plover_verbs_petrarch2.tsv")), lemma_defaults=False, override=False)
    extra = os.environ.get("DATELINE_EVENT_PATTERNS")
    if extra:
        _add_verbs(verbs, objects, _rows(extra), lemma_defaults=True, override=True)
    nouns: dict[str, tuple[Pattern, ...]] = {}
    for row in _rows(_data("plover_nouns.tsv")):
        nouns[row["noun"]] = nouns.get(row["noun"], ()) + (_pattern(row),)
    scores = {(r["type"], r["mode"]): float(r["score"]) for r in _rows(_data("plover_scores.tsv"))}
    contexts = {cue: r["context"] for r in _rows(_data("plover_contexts.tsv")) for cue in r["cues"].split()}
    return Lexicon(verbs, objects, nouns, scores, contexts)


@lru_cache(maxsize=1)
def _cameo_roots() -> dict[str, str]:
    return {r["prefix"]: r["type"] for r in _rows(_data("cameo_plover_roots.tsv"))}


def plover_type(cameo: str) -> str | None:
    """The PLOVER type of a CAMEO event code (manual Table 7.1); None for dropped 01/02 codes."""
    roots = _cameo_roots()
    return roots.get(cameo[:3]) or roots.get(cameo[:2])


@lru_cache(maxsize=None)
def default_cameo(type_: str) -> str:
    """The CAMEO root of a PLOVER type (its first prefix in the manual's Table 7.1), as a code
    for events whose specific CAMEO verb is not known."""
    prefix = next(p for p, t in _cameo_roots().items() if t == type_)
    return prefix if len(prefix) == 3 else prefix + "0"



@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset[str]]:
    return {r["name"]: frozenset(r["words"].split()) for r in _rows(_data("event_words.tsv"))}


def words(name: str) -> frozenset[str]:
    """The rule coder's word set ``name`` from ``data/event_words.tsv`` (lemmas, labels or codes)."""
    sets = _word_sets()
    if name not in sets:
        raise KeyError(f"data/event_words.tsv has no word set {name!r}")
    return sets[name]


@lru_cache(maxsize=None)
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of the tab-separated data file ``name`` (``#`` lines are comments)."""
    return tuple(_rows(_data(name)))
