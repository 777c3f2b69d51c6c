"""Issue 13: the event judge (``events/judge.py``) gives each coded asserted event of a whole
report the probability that it stands as coded, drops those under its threshold with an
abstention naming the score, and leaves short texts alone."""
from __future__ import annotations

import pytest

import dateline
from dateline import nlp
from dateline.events import judge

pytestmark = pytest.mark.model


@pytest.fixture(autouse=True)
def judge_on(monkeypatch):
    monkeypatch.setenv("DATELINE_EVENT_JUDGE", "1")  # off by default (BENCHMARKS.md)

REPORT = """Iran rejects EU offer of nuclear talks

Iran has rejected the European Union's offer to resume talks on its nuclear programme, saying the bloc
must first lift its sanctions. The foreign ministry spokesman said on Monday that Tehran would not
negotiate under pressure. The European Union's foreign policy chief urged Iran to reconsider and said the
offer remained on the table. Diplomats said the bloc was divided over whether to impose new sanctions.
"""


def test_the_judge_ships_with_the_package():
    loaded = judge.load()
    assert loaded is not None
    assert len(loaded.vocab) == len(loaded.weights) > 20
    assert 0.0 < loaded.threshold < 1.0


def test_every_asserted_event_of_a_report_carries_the_judges_score():
    analysis = dateline.process(REPORT, published="2021-03-20")
    asserted = [e for e in analysis.events if e.status == "asserted"]
    assert asserted
    threshold = judge.load().threshold
    for event in asserted:
        assert threshold <= float(event.attributes["judge_score"]) <= 1.0


def test_an_event_under_the_threshold_is_dropped_with_its_score(monkeypatch):
    monkeypatch.setenv("DATELINE_EVENT_JUDGE", "0")
    before = dateline.process(REPORT, published="2021-03-20")
    monkeypatch.setenv("DATELINE_EVENT_JUDGE", "1")
    monkeypatch.setenv("DATELINE_EVENT_JUDGE_THRESHOLD", "1.0")  # no probability reaches it
    after = dateline.process(REPORT, published="2021-03-20")
    assert not [e for e in after.events if e.status == "asserted"]
    reasons = [a.reason for a in after.abstentions if "event judge" in a.reason]
    assert len(reasons) == len([e for e in before.events if e.status == "asserted"])
    assert all("threshold 1.00" in r for r in reasons)


def test_the_judge_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("DATELINE_EVENT_JUDGE", "0")
    analysis = dateline.process(REPORT, published="2021-03-20")
    assert analysis.events
    assert all("judge_score" not in e.attributes for e in analysis.events)


def test_a_single_sentence_is_not_judged():
    text = "Iran has rejected the European Union's offer to resume talks on its nuclear programme."
    analysis = dateline.process(text, published="2021-03-20")
    assert "REJECT" in [e.type for e in analysis.events]
    assert all("judge_score" not in e.attributes for e in analysis.events)


def test_trigger_features_read_tense_mood_negation_and_questions():
    doc = nlp.parse("Will the minister not condemn the attack? We would support the plan.")
    condemn = next(t for t in doc if t.lemma_ == "condemn")
    support = next(t for t in doc if t.lemma_ == "support")
    first, second = {}, {}
    judge._trigger_features(condemn, first)
    judge._trigger_features(support, second)
    assert first["question"] == first["negated"] == first["modal"] == 1.0
    assert "question" not in second and "negated" not in second
    assert second["modal"] == second["first_person"] == 1.0
