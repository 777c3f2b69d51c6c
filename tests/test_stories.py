"""Document grouping (stories.py) on profiles built by hand: two events of the same kind."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from dateline import stories
from dateline.stories import DocumentProfile, group_documents, profile_document

SHARED = ("earthquake", "magnitude", "strike", "damage", "building", "resident", "tremor", "geological")
EVENTS = {
    "sumatra": (("padang", "collapse", "tsunami"), ("where:sumatra", "where:padang", "year:2009", "number:7.6")),
    "napa": (("winery", "vineyard", "wine"), ("where:napa", "where:california", "year:2014", "number:6.0")),
}


def _profiles(seed: int = 0) -> list[DocumentProfile]:
    rng = random.Random(seed)
    profiles = []
    for name, (words, features) in EVENTS.items():
        for i in range(8):
            chosen = rng.sample(SHARED, 5) + rng.sample(words, 2)
            profiles.append(DocumentProfile(
                f"{name}-{i}", tuple(sorted((w, rng.randint(1, 3)) for w in chosen)),
                tuple(sorted((f, 1) for f in rng.sample(features, 3))),
            ))
    return profiles


def test_stories_two_earthquakes_kept_apart():
    groups = group_documents(_profiles())
    assert groups == [[f"napa-{i}" for i in range(8)], [f"sumatra-{i}" for i in range(8)]]


def test_stories_grouping_independent_of_input_order():
    profiles = _profiles()
    shuffled = profiles[:]
    random.Random(3).shuffle(shuffled)
    assert group_documents(shuffled) == group_documents(profiles)


def test_stories_empty_and_single():
    assert group_documents([]) == []
    assert group_documents(_profiles()[:1]) == [["sumatra-0"]]


# -- rules that tell two same-kind events apart, on reports we wrote (parsed by spaCy) ----------
QUAKES = Path(__file__).parent / "fixtures" / "stories" / "qeshm_quakes.jsonl"


def _parsed_quake_reports() -> tuple[list[dict], list[DocumentProfile]]:
    from dateline import nlp

    rows = [json.loads(line) for line in QUAKES.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = nlp.parse_many(r["text"] for r in rows)
    return rows, [profile_document(doc, r["doc"]) for r, doc in zip(rows, docs)]


def test_stories_same_place_quakes_three_years_apart_kept_apart():
    # the 2008 reports are worded like the 2005 ones (same island, same outlets' habits):
    # only the years, the death toll and the magnitude tell them apart
    rows, profiles = _parsed_quake_reports()
    groups = group_documents(profiles)
    by_event: dict[str, list[str]] = {}
    for r in rows:
        by_event.setdefault(r["event"], []).append(r["doc"])
    assert sorted(groups) == sorted(sorted(ids) for ids in by_event.values())


def test_stories_main_year_is_the_most_mentioned_year():
    _, profiles = _parsed_quake_reports()
    years = {p.doc_id: stories._main_year(p) for p in profiles}
    assert years["a1"] == 2005 and years["b1"] == 2008
    tie = DocumentProfile("t", (), (("year:2005", 1), ("year:2006", 1)))
    assert stories._main_year(tie) is None
    assert stories._main_year(DocumentProfile("n", (("quake", 1),), ())) is None


def test_stories_year_conflict_needs_the_gap_and_both_years():
    def with_year(doc_id: str, year: int | None) -> DocumentProfile:
        return DocumentProfile(doc_id, (("quake", 1),), ((f"year:{year}", 2),) if year else ())

    profiles = [with_year("quake", 2005), with_year("trial", 2006), with_year("later", 2008), with_year("undated", None)]
    conflicts = stories._year_conflicts(profiles)
    assert conflicts[0, 1] == 0  # a follow-up a year later may be the same event
    assert conflicts[0, 2] == 1 and conflicts[2, 0] == 1 and conflicts[1, 2] == 1
    assert not conflicts[3].any()  # no year named, no conflict


def test_stories_place_name_weighs_as_a_word_not_as_a_participant():
    # same counts, same document frequency: the place feature weighs like a word, a person more
    profiles = [
        DocumentProfile("a", (("quake", 1),), (("where:qeshm", 1), ("who:salazar", 1))),
        DocumentProfile("b", (("tremor", 1),), ()),
    ]
    terms = sorted({"w:quake", "where:qeshm", "who:salazar", "w:tremor"})
    weight = dict(zip(terms, stories._tfidf(profiles, stories.ENTITY_WEIGHT)[0]))
    assert weight["where:qeshm"] == pytest.approx(weight["w:quake"])
    assert weight["who:salazar"] > 1.5 * weight["where:qeshm"]


@pytest.mark.issue(16)
def test_stories_reports_follow_their_dated_event_and_text_neighbours():
    by_text = [["a1", "a2", "a3", "b1"], ["b2", "b3"], ["u1"]]
    by_event = {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}
    # a3 (no dated event) joins its text group's event; b1 follows its own event, not its text;
    # b3 joins B through b2; u1 stays alone
    assert stories.assign_stories(by_text, by_event) == [["a1", "a2", "a3"], ["b1", "b2", "b3"], ["u1"]]
