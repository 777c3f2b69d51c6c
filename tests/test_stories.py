"""Document grouping (stories.py) on profiles built by hand: two events of the same kind."""
from __future__ import annotations

import random

from dateline.stories import DocumentProfile, group_documents

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
