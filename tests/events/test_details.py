"""Launch details (events/details.py) on reports written for these tests."""
from __future__ import annotations

from datetime import date

import pytest

from dateline.events.details import stated_details, unknown_fields
from dateline.pipeline import process
from dateline.records import Event

from test_coder import SEED, code, rules_alone  # noqa: F401 (autouse: these pin the rule layer)

MONDAY = date(2023, 3, 13)


def launches(events: list[Event]) -> list[Event]:
    return [e for e in events if e.type == "MOBILIZE" and e.mode == "weapons"]


def the_launch(text: str, published: date = MONDAY) -> tuple[Event, str]:
    events, _ = code(text, published)
    found = launches(events)
    assert len(found) == 1, [(e.type, e.mode, e.trigger.text) for e in events]
    return found[0], text


def assert_evidence(event: Event, name: str, text: str) -> None:
    ev = event.evidence[name]
    assert text[ev.start_char:ev.end_char] == ev.text == event.attributes[name]


# --- pure text functions (no model) --------------------------------------------------------
def test_stated_details_reads_type_range_apogee_and_landing_place():
    text = "The Hwasong-18 flew about 1,000 km at an apogee of 6,000 km and fell into the East Sea, officials said."
    found = {d.field: d.value for d in stated_details(text)}
    assert found == {"weapon": "Hwasong-18", "range": "1,000 km", "apogee": "6,000 km", "landing_place": "the East Sea"}


def test_a_missile_fired_into_the_sea_has_no_stated_landing_place():
    assert "landing_place" not in {d.field for d in stated_details("Iran fired a missile into the sea.")}


def test_unknown_fields_name_what_the_source_does_not_know():
    said = unknown_fields("The military did not immediately say what type of missile was fired or how high it flew.")
    assert set(said) == {"weapon", "apogee"}
    assert all(reason.startswith("unknown per source") for reason in said.values())
    assert unknown_fields("The missile flew 800 km and fell into the sea.") == {}


# --- whole reports -----------------------------------------------------------------------------
@pytest.mark.model
def test_unknowns_in_later_sentences_belong_to_the_launch_and_are_no_events():
    text = ("North Korea fired a short-range ballistic missile off its east coast on Monday, the South's joint "
            "chiefs of staff said. The joint chiefs did not immediately say how far the missile flew. "
            "Japan's coast guard said it did not know where the weapon landed.")
    events, abstentions = code(text, MONDAY)
    [launch] = launches(events)
    assert len(events) == 1, [(e.type, e.trigger.text) for e in events]
    assert {a.country for a in launch.actors} == {"PRK"}
    assert (launch.date.precision, launch.date.start) == ("day", MONDAY)
    assert launch.attributes["weapon"] == "short-range ballistic missile"
    assert_evidence(launch, "weapon", text)
    assert launch.missing["range"].startswith("unknown per source")
    assert launch.missing["landing_place"].startswith("unknown per source")
    assert "apogee" not in launch.missing


@pytest.mark.model
def test_details_in_later_sentences_fill_the_launch_with_exact_spans():
    text = ("Pyongyang launched a Hwasong-15 missile on Sunday, Japan's defence ministry said. "
            "It travelled roughly 950 km and reached an altitude of 5,700 km before landing inside "
            "Japan's exclusive economic zone.")
    launch, _ = the_launch(text)
    assert {k: launch.attributes[k] for k in ("weapon", "range", "apogee", "landing_place")} == {
        "weapon": "Hwasong-15", "range": "950 km", "apogee": "5,700 km",
        "landing_place": "Japan's exclusive economic zone"}
    for name in ("weapon", "range", "apogee", "landing_place"):
        assert_evidence(launch, name, text)
    assert launch.evidence["range"].sentence_index == launch.sentence_index + 1


@pytest.mark.model
def test_a_missile_class_yields_to_the_source_saying_the_type_is_unknown():
    launch, _ = the_launch("North Korea launched a medium-range ballistic missile on Sunday, officials said, "
                           "but they did not say what type of missile it was.")
    assert "weapon" not in launch.attributes
    assert launch.missing["weapon"].startswith("unknown per source")


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "A North Korean missile flew over Hokkaido on Sunday, Japan's government said.",
    "The missile North Korea launched on Sunday landed outside Japan's exclusive economic zone.",
    "State media said Sunday's launch was a Pukguksong-3 fired from a submarine.",
])
def test_launch_phrasings_outside_the_verb_lexicon_are_weapons_mobilizations(text):
    launch, _ = the_launch(text)
    assert {a.country for a in launch.actors} == {"PRK"}
    assert launch.status == "asserted"
    assert (launch.date.precision, launch.date.start) == ("day", date(2023, 3, 12))


@pytest.mark.model
def test_a_condemned_launch_is_also_coded_as_the_launch():
    events, _ = code("Washington condemned North Korea's launch of a cruise missile.", MONDAY)
    assert sorted(e.type for e in events) == ["ACCUSE", "MOBILIZE"]
    [launch] = launches(events)
    assert {a.country for a in launch.actors} == {"PRK"} and launch.attributes["weapon"] == "cruise missile"


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Japan issued a missile alert on Sunday.",
    "The launch came hours after the talks ended.",
    "South Korea's military did not say what kind of missile was fired.",
])
def test_no_launch_without_a_launcher_or_under_a_negated_report(text):
    events, _ = code(text, MONDAY)
    assert launches(events) == []


@pytest.mark.model
def test_seed_launch_carries_the_unknowns_of_its_report():
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    analysis = process(SEED.read_text(encoding="utf-8"), published=date(2021, 10, 19), language="en")
    first = min(launches(analysis.events), key=lambda e: e.sentence_index)
    assert "fired a ballistic missile" in first.trigger.text
    for name in ("weapon", "range", "landing_place"):
        assert first.missing[name].startswith("unknown per source"), name
    text = analysis.document.clean_text
    for phrase in ("did not immediately say what kind", "did not immediately know where"):
        at = text.index(phrase)
        start, end = text.rfind("\n", 0, at), text.find("\n", at)
        assert not [e.trigger.text for e in analysis.events if start < e.trigger.start_char < end], phrase


def test_rockets_fired_at_a_target_are_an_attack_not_also_a_launch():
    events, _ = code("Syrian rebels fired rockets at government positions near Damascus on Sunday.")
    assert [e.type for e in events] == ["ASSAULT"]
