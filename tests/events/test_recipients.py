"""Who is acted on (events/recipients.py, issue 15): unlisted people, organisations and unnamed
targets, two people of one country, pronoun objects, and the judged party of a criticism the
model finds in reported content (coder._judging_verb)."""
from __future__ import annotations

import pytest

import dateline
from dateline import nlp
from dateline.events.argument_slots import reporting_verb_above
from dateline.events.coder import _judging_verb

pytestmark = pytest.mark.model


@pytest.fixture(autouse=True)
def rules_alone(monkeypatch):
    """The rule layer sentence by sentence; whether the model keeps an event is bench/events_docs.py's."""
    monkeypatch.setenv("DATELINE_EVENT_MODEL", "0")


def recipients_of(text: str) -> list[tuple[str, list[tuple[str | None, str | None]]]]:
    events = dateline.process(text, published="2021-10-19", language="en").events
    return [(e.type, [(r.country, r.span.text if r.span else None) for r in e.recipients]) for e in events]


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a person the dictionary does not know is placed in the report's country
        ("Police in Ohio have charged Marion Lawson Parker III with murder.",
         [("ACCUSE", [("USA", "Marion Lawson Parker III")])]),
        # two named people of one country and sector are two actors, not one acting on itself
        ("Hillary Clinton criticized Donald Trump for his remarks on trade.",
         [("ACCUSE", [("USA", "Donald Trump")])]),
        # unnamed people acted on are civilians of the report's country
        ("Police in Chicago arrested a 16-year-old girl on Saturday.",
         [("COERCE", [("USA", "a 16-year-old girl")])]),
        ("UKIP chairman Petrina Holdsworth urged the men to step down from the London assembly.",
         [("REQUEST", [("GBR", "the men")])]),
        # so is an organisation the dictionary does not know
        ("The work and pensions committee of the British parliament launched an inquiry into the CSA's performance.",
         [("ACCUSE", [("GBR", "CSA")])]),
        # a pronoun standing for the actor is no recipient
        ("Ted Cruz told reporters that he would not endorse anyone.", [("REJECT", [])]),
    ],
)
def test_recipients_targets_the_text_names(text, expected):
    assert recipients_of(text) == expected


@pytest.mark.parametrize(
    ("sentence", "trigger", "reporting"),
    [
        ('Fiorina told reporters that "John Kasich is throwing votes away."', "throwing", "told"),
        ('"They might make headlines, but Trump\'s comments aren\'t a joke," the campaign wrote.', "are", "wrote"),
        ('Announcing the plans, Mr Redwood said: "Mr Blair has forgotten the interests of taxpayers."',
         "forgotten", "said"),
        ("Police arrested a man who had attacked a guard.", "attacked", None),  # a relative clause reports nothing
    ],
)
def test_recipients_reporting_verb_above_reported_content(sentence, trigger, reporting):
    doc = nlp.parse(sentence)
    found = reporting_verb_above(next(t for t in doc if t.text == trigger))
    assert (found.text if found is not None else None) == reporting


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("sentence", "type_", "trigger", "expected"),
    [
        # criticism read in the content is the speaker's act: the saying verb acts, the content is judged
        ('Fiorina told reporters that "John Kasich is throwing votes away."', "ACCUSE", "throwing", "told"),
        # a verb of the type itself keeps its own subject ("said Y accused Z": Y accuses)
        ("Trump said Clinton accused him of lying.", "ACCUSE", "accused", "accused"),
        # physical acts are not made by saying
        ("Police said the gunman shot two guards.", "ASSAULT", "shot", "shot"),
    ],
)
def test_recipients_model_judgement_moves_to_the_saying(sentence, type_, trigger, expected):
    doc = nlp.parse(sentence)
    assert _judging_verb(type_, next(t for t in doc if t.text == trigger)).text == expected
