"""Stories: group documents that report the same real-world event.

A document is profiled from its spaCy ``Doc``: content-word lemmas plus what Dateline extracts
to tell two similar events apart (participants, places, organisations, dates and numbers as
named entities). Profiles become TF-IDF vectors in which participants, dates and numbers weigh
more than plain words (place names weigh as words: two events easily confused share a region);
two reports whose main years lie two or more years apart are never near neighbours. Documents
are grouped by average-linkage clustering over shared-nearest-neighbour similarity cut at a
fixed distance, so the number of groups is never given. What it does not do: read the coded events
(``link.py`` groups documents by shared canonical events first; this is the fallback for
documents with none) or resolve coreference between differently spelled names.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

# Calibrated together on one half of the ECB+ dev topics and checked on the other half
# (bench/linking_ecb.py, see BENCHMARKS.md); do not tune one alone.
ENTITY_WEIGHT = 2.0
# Feature kinds weighed differently from ENTITY_WEIGHT. Two events easily confused are of one
# kind in one region (two earthquakes in southern Iran), so a place tells them apart no better
# than any word: it weighs as a word. Who, when and how many keep the extra weight.
KIND_WEIGHTS = {"where": 1.0}
# Two reports whose most-mentioned years lie this far apart are seldom one event (on ECB+ dev,
# 73% of same-kind report pairs with different main years report different events; follow-ups
# such as a trial a year later stay within the gap); their similarity is lowered by the penalty.
YEAR_CONFLICT_GAP = 2
YEAR_CONFLICT_PENALTY = 1.0
NEIGHBOURS = 6
DISTANCE_THRESHOLD = 0.75

_ENTITY_KINDS = {
    "PERSON": "who", "NORP": "who", "ORG": "org", "GPE": "where", "LOC": "where", "FAC": "where",
    "EVENT": "what", "PRODUCT": "what", "WORK_OF_ART": "what", "LAW": "what",
}
_NUMBER_KINDS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
_DATE_KINDS = {"DATE", "TIME"}
_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)


@dataclass(frozen=True, slots=True)
class DocumentProfile:
    """What a document is about: word and feature counts (feature names carry their kind)."""

    doc_id: str
    words: tuple[tuple[str, int], ...]
    features: tuple[tuple[str, int], ...]


def profile_document(doc: Doc, doc_id: str) -> DocumentProfile:
    """Profile one parsed document; empty counts when it has no content words."""
    words = Counter(
        t.lemma_.lower() for t in doc
        if t.pos_ in _CONTENT_POS and not t.is_stop and t.is_alpha and len(t) > 2
    )
    features: Counter[str] = Counter()
    for ent in doc.ents:
        features.update(_entity_features(ent.label_, ent.text))
    return DocumentProfile(doc_id, tuple(sorted(words.items())), tuple(sorted(features.items())))


def _entity_features(label: str, text: str) -> list[str]:
    norm = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
    norm = re.sub(r"^(the|a|an) ", "", norm)
    if not norm:
        return []
    if label in _ENTITY_KINDS:
        kind = _ENTITY_KINDS[label]
        # a multi-word name also counts by its last word, so "Mark Teixeira" meets "Teixeira"
        parts = norm.split()
        return [f"{kind}:{norm}"] + ([f"{kind}:{parts[-1]}"] if len(parts) > 1 else [])
    if label in _DATE_KINDS:
        found = [f"year:{y}" for y in _YEAR.findall(norm)]
        found += [f"month:{m}" for m in _MONTHS if m in norm.split()]
        found += [f"day:{d}" for d in re.findall(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", norm) if 0 < int(d) <= 31]
        return found
    if label in _NUMBER_KINDS:
        return [f"number:{norm}"]
    return []


def group_documents(
    profiles: Sequence[DocumentProfile], *, threshold: float = DISTANCE_THRESHOLD,
    neighbours: int = NEIGHBOURS, entity_weight: float = ENTITY_WEIGHT,
) -> list[list[str]]:
    """Groups of document ids (each sorted; groups ordered by their first id).

    Similarity is shared-nearest-neighbour: two reports are alike when their
    ``neighbours`` most similar reports overlap. Reports of one event vary a lot in what they
    say, so their direct cosine is low, but they keep finding each other as nearest neighbours
    (measured on ECB+ dev: 98% of nearest neighbours report the same event).
    """
    if not profiles:
        return []
    ordered = sorted(profiles, key=lambda p: p.doc_id)
    if len(ordered) == 1:
        return [[ordered[0].doc_id]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    vectors = _tfidf(ordered, entity_weight)
    similarity = vectors @ vectors.T - YEAR_CONFLICT_PENALTY * _year_conflicts(ordered)
    distance = 1.0 - _shared_neighbours(similarity, neighbours)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=threshold, criterion="distance")
    groups: dict[int, list[str]] = {}
    for p, label in zip(ordered, labels):
        groups.setdefault(int(label), []).append(p.doc_id)
    return sorted(groups.values(), key=lambda g: g[0])


def _year_conflicts(profiles: Sequence[DocumentProfile]) -> np.ndarray:
    """1 where two reports' main years are YEAR_CONFLICT_GAP or more apart, else 0."""
    years = np.array([_main_year(p) or 0 for p in profiles])
    known = years > 0
    apart = np.abs(years[:, None] - years[None, :]) >= YEAR_CONFLICT_GAP
    return (apart & known[:, None] & known[None, :]).astype(float)


def _main_year(p: DocumentProfile) -> int | None:
    """The year a report mentions most often; None when it names none or two tie."""
    counts = sorted(((n, name) for name, n in p.features if name.startswith("year:")), reverse=True)
    if not counts or (len(counts) > 1 and counts[0][0] == counts[1][0]):
        return None
    return int(counts[0][1].removeprefix("year:"))


def _shared_neighbours(cosine: np.ndarray, k: int) -> np.ndarray:
    """Share of the k nearest neighbours (each report counting itself) two reports have in common."""
    n = len(cosine)
    k = min(k, n - 1)
    others = cosine.copy()
    np.fill_diagonal(others, -np.inf)
    # ties broken by index, so the result does not depend on the sort's stability
    nearest = np.lexsort((np.tile(np.arange(n), (n, 1)), -others), axis=1)[:, :k]
    member = np.eye(n)
    member[np.repeat(np.arange(n), k), nearest.ravel()] = 1.0
    return (member @ member.T) / (k + 1)


def _tfidf(profiles: Sequence[DocumentProfile], entity_weight: float) -> np.ndarray:
    counts = [_terms(p, entity_weight) for p in profiles]
    df = Counter(term for c in counts for term in c)
    vocabulary = {term: i for i, term in enumerate(sorted(df))}
    n = len(profiles)
    matrix = np.zeros((n, len(vocabulary)))
    for row, c in enumerate(counts):
        for term, weight in c.items():
            idf = math.log((1 + n) / (1 + df[term])) + 1.0
            matrix[row, vocabulary[term]] = (1.0 + math.log(weight)) * idf if weight >= 1 else weight * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def _terms(p: DocumentProfile, entity_weight: float) -> dict[str, float]:
    terms: dict[str, float] = {f"w:{w}": float(n) for w, n in p.words}
    for name, n in p.features:
        terms[name] = float(n) * KIND_WEIGHTS.get(name.split(":", 1)[0], entity_weight)
    return terms




def assign_stories(by_text: Sequence[Sequence[str]], by_event: dict[str, str]) -> list[list[str]]:
    """Stories from text groups and the events some documents are known to report.

    ``by_event`` maps a document to its (dated) main event: documents of one event are one
    story. A document without one joins the event most of its text group's documents report,
    else forms a story with the rest of its text group. Groups sorted, ordered by first id.
    """
    stories: dict[str, list[str]] = {}
    for doc_id, event in by_event.items():
        stories.setdefault(f"event:{event}", []).append(doc_id)
    for i, group in enumerate(by_text):
        events = Counter(by_event[d] for d in group if d in by_event)
        home = f"event:{min(events, key=lambda e: (-events[e], e))}" if events else f"text:{i}"
        stories.setdefault(home, []).extend(d for d in group if d not in by_event)
    return sorted((sorted(g) for g in stories.values() if g), key=lambda g: g[0])
