"""Status cues from the dependency parse (events/modality.py)."""
from __future__ import annotations

import pytest

from dateline import nlp
from dateline.events.modality import modality

pytestmark = pytest.mark.model


def _status(sentence: str, trigger: str):
    doc = nlp.parse(sentence)
    token = next(t for t in doc if t.text == trigger)
    return modality(token)


@pytest.mark.parametrize(
    ("sentence", "trigger", "status"),
    [
        ("Israeli troops arrested 40 protesters in Hebron on Monday.", "arrested", "asserted"),
        ("The government did not arrest the opposition leader.", "arrest", "negated"),
        ("A strong response could anger Beijing.", "anger", "hypothetical"),
        ("Iran will attack the tanker if it enters the strait.", "attack", "conditional"),
        ("The minister is scheduled to visit Tokyo next week.", "visit", "planned"),
        ("South Korea was planning to hold a security meeting.", "hold", "planned"),
        ("The rebels apparently attacked the convoy.", "attacked", "hedged"),
        ("North Korea is trying to extract concessions from Washington.", "extract", "hedged"),
        ("Analysts say the army shelled the town.", "shelled", "reported"),
    ],
)
def test_modality_status(sentence, trigger, status):
    assert _status(sentence, trigger).status == status


def test_modality_relative_clause_keeps_its_own_status():
    mood = _status("A South Korean response could anger North Korea, which has been accusing Seoul of hypocrisy.",
                   "accusing")
    assert mood.status == "asserted"


def test_modality_negated_report_is_not_an_event():
    mood = _status("The joint chiefs of staff did not immediately say what kind of missile was fired.", "fired")
    assert mood.abstain and "did not immediately say" in mood.abstain


def test_modality_named_reporter_is_kept_and_future_is_flagged():
    mood = _status("Syria said it will withdraw its troops from Lebanon.", "withdraw")
    assert mood.status == "asserted"
    assert [r.lemma_ for r in mood.reporters] == ["say"] and mood.future
