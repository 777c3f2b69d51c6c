"""One real event, one record (issue 16): main events, time precision, undated reports, hedges,
stable ids and open questions, on records built by hand."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from click.testing import CliRunner

from dateline import api
from dateline.cli import main
from dateline.link import Mention, lead_names, lead_sentences, link_all, main_event
from dateline.records import Event, EventDate, Evidence, Sentence, TextSpan, Tracker
from dateline.store import Store

from test_link import analysis_of, linked_store, load_reports


def _event(sentence: int, trigger: str, *, mentions=(), type_="ASSAULT") -> Event:
    span = TextSpan("d1", sentence * 100, sentence * 100 + len(trigger), trigger)
    return Event("d1", sentence, type_, span, mentions=tuple(Evidence("d1", i, 0, 1, "x") for i in mentions))


@pytest.mark.issue(16)
def test_link_main_event_is_the_headline_event_not_the_first_coded():
    reaction = _event(1, "condemned", mentions=(1,), type_="DISAPPROVE")
    launch = _event(2, "fired", mentions=(0, 2, 5), type_="MOBILIZE")  # the headline restated
    background = _event(6, "tested", mentions=(6, 7, 8, 9))
    lead = {0, 1, 2}
    assert main_event([reaction, launch, background], lead) is launch
    assert main_event([reaction, background], lead) is reaction
    # a report whose headline and lead state no coded event has no main event
    assert main_event([background], lead) is None


@pytest.mark.parametrize("text, expected", [
    # headline, dateline line, lead paragraph, body
    ("Red Sox offer Teixeira $200 million\nDecember 15th, 2008\nDan Patrick reported on his show that the "
     "Boston Red Sox have made Mark Teixeira an offer.\nIf so, that blows the other offers away.", {0, 1, 2}),
    # flat text: the first sentences
    ("One. Two. Three. Four.", {0, 1, 2}),
])
def test_link_lead_sentences(text, expected):
    sentences, start = [], 0
    for i, part in enumerate(p for line in text.split("\n") for p in line.split(". ")):
        begin = text.index(part, start)
        sentences.append(Sentence("d", i, begin, begin + len(part), part))
        start = begin + len(part)
    assert lead_sentences(text, sentences) == expected


def test_link_lead_names_skip_sentence_openers_and_calendar_words():
    assert lead_names(["Police arrest Brian Nichols on Friday", "The Atlanta suspect surrendered to Police."]) == (
        "atlanta", "brian", "nichols", "police")


def _mention(i: int, *, date_=EventDate(), published=None, text="", names=(), status="asserted") -> Mention:
    return Mention(id=f"m{i}", doc_id=f"d{i}", type="MOBILIZE", mode="weapons", actors=("PRK",),
                   published_at=published, date=date_, text=text, names=names, status=status)


FIRED = "North Korea fired a ballistic missile into the sea off its east coast"


@pytest.mark.parametrize("a, b, linked", [
    # a day links to the same day only
    (EventDate("day", date(2017, 8, 29), date(2017, 8, 29)), EventDate("day", date(2017, 8, 29), date(2017, 8, 29)), True),
    (EventDate("day", date(2017, 8, 29), date(2017, 8, 29)), EventDate("day", date(2017, 9, 15), date(2017, 9, 15)), False),
    # "since 2009" is a stretch of time, not a date: it places no launch
    (EventDate("since", date(2009, 1, 1), None), EventDate("day", date(2013, 2, 12), date(2013, 2, 12)), False),
    (EventDate("since", date(2009, 1, 1), None), EventDate("since", date(2009, 1, 1), None), False),
    # a background recall of a dated report ("unknown", with a reason) does not take the report's days
    (EventDate("unknown", rule="past perfect"), EventDate("day", date(2017, 9, 15), date(2017, 9, 15)), False),
])
@pytest.mark.issue(16)
def test_link_time_precision(a, b, linked):
    published = date(2017, 9, 16)
    mentions = [_mention(1, date_=a, published=published, text=FIRED), _mention(2, date_=b, published=published, text=FIRED)]
    assert (len(link_all(mentions)) == 1) is linked


@pytest.mark.parametrize("text_b, names_b, linked", [
    ("Indian navy arrested 23 pirates who tried to storm a ship in the Gulf of Aden", ("aden", "indian"), True),
    # no name in common between the two reports' leads
    ("Indian navy arrested 23 pirates who tried to storm a ship in the Gulf of Aden", ("mumbai",), False),
    # another count, another weekday: another happening
    ("Indian navy arrested 26 pirates who tried to storm a ship in the Gulf of Aden", ("aden", "indian"), False),
    ("On Thursday the Indian navy arrested pirates who tried to storm a ship in the Gulf of Aden", ("aden",), False),
])
@pytest.mark.issue(16)
def test_link_undated_reports_link_on_names_and_stated_details(text_b, names_b, linked):
    a = _mention(1, text="On Saturday the Indian navy arrested 23 pirates who tried to storm a ship in the Gulf of Aden",
                 names=("aden", "indian", "navy"))
    b = _mention(2, text=text_b, names=names_b)
    assert (len(link_all([a, b])) == 1) is linked


@pytest.mark.issue(16)
def test_link_undated_report_never_joins_a_dated_one():
    dated = _mention(1, date_=EventDate("day", date(2017, 9, 15), date(2017, 9, 15)), published=date(2017, 9, 15),
                     text=FIRED, names=("korea",))
    undated = _mention(2, text=FIRED, names=("korea",))
    assert len(link_all([dated, undated])) == 2


@pytest.mark.issue(16)
def test_link_hedged_mention_links_and_is_listed():
    day = EventDate("day", date(2017, 9, 15), date(2017, 9, 15))
    hedged = _mention(1, date_=day, published=date(2017, 9, 15), text="North Korea reportedly fired a missile", status="hedged")
    asserted = _mention(2, date_=day, published=date(2017, 9, 15), text=FIRED)
    (event,) = link_all([hedged, asserted])
    assert event.status == "asserted"
    assert [h.event_id for h in event.hedges] == ["m1"]
    (alone,) = link_all([hedged])
    assert alone.status == "hedged"


@pytest.mark.issue(16)
def test_link_canonical_id_survives_when_its_event_gains_reports():
    reports = [r for r in load_reports() if r["launch"] == "A"]
    analyses = sorted((analysis_of(r) for r in reports), key=lambda a: a.events[0].id)
    store = Store(":memory:")
    later, first = analyses[:1], analyses[1:]  # the smallest mention id arrives last
    store.write(first)
    api.link_analyses(store, first)
    (before,) = store.canonical_events()
    store.write(later)
    api.link_analyses(store, later)
    (after,) = store.canonical_events()
    assert after.id == before.id and len(after.mentions) == len(before.mentions) + 1


@pytest.mark.issue(16)
def test_link_cli_questions_lists_open_and_answered(tmp_path):
    db = str(tmp_path / "q.duckdb")
    with Store(db) as store:
        analyses = [analysis_of(r) for r in load_reports() if r["launch"] == "B"]
        store.write(analyses)
        api.link_analyses(store, analyses)
        (event,) = store.canonical_events()
    result = CliRunner().invoke(main, ["questions", "--db", db])
    assert result.exit_code == 0, result.output
    head = f"2022-10-18  MOBILIZE weapons  PRK  [{event.id}]"
    assert result.output == (
        f"ANSWERED  {head}\n    missile or weapon type = Hwasong-12 (AP, 2022-10-21); asked by Reuters\n"
        f"ANSWERED  {head}\n    range (distance flown) = 4,200 km (Reuters, 2022-10-19); asked by Yonhap\n"
        f"ANSWERED  {head}\n    landing place = the Pacific Ocean (NHK, 2022-10-18); asked by Yonhap\n"
    )
    opened = CliRunner().invoke(main, ["questions", "--state", "open", "--db", db])
    assert opened.exit_code == 0 and opened.output == ""


def test_link_questions_refuses_unknown_state():
    with pytest.raises(Exception, match="not a question state"):
        api.questions(Store(":memory:"), state="closed")


@pytest.mark.issue(16)
def test_link_stories_follow_dated_main_events(tmp_path):
    store = linked_store(load_reports())
    launch = {a.document.id: r["launch"] for r, a in ((r, analysis_of(r)) for r in load_reports())}
    groups = api.stories(store)
    assert sorted(sorted({launch[d] for d in g}) for g in groups) == [["A"], ["B"], ["C"]]


def test_link_hedged_event_shown_in_track_show(tmp_path):
    db = str(tmp_path / "h.duckdb")
    reports = [r for r in load_reports() if r["launch"] == "C"]
    analyses = [analysis_of(r) for r in reports]
    analyses[0].events[0] = dataclasses.replace(analyses[0].events[0], status="hedged")
    with Store(db) as store:
        store.write(analyses)
        api.link_analyses(store, analyses)
        api.add_tracker(store, Tracker("t", actor="PRK"))
    out = CliRunner().invoke(main, ["track", "show", "t", "--db", db]).output
    assert "    status         asserted; reported or hedged by Yonhap 2022-11-18\n" in out


@pytest.mark.parametrize("sentence, fields", [
    ("The military did not immediately say where it landed.", {"landing_place"}),
    ("It was not clear how far the missile flew or where it came down.", {"range", "landing_place"}),
    ("Officials are still assessing the type of missile.", {"weapon"}),
    ("The JCS said it was still analysing where the missile was launched.", {"launch_site"}),
    # no field named: nothing asked
    ("Officials are still assessing the damage.", set()),
])
@pytest.mark.issue(16)
def test_link_open_questions_raised_for_every_field_a_report_names(sentence, fields):
    from dateline.events.details import unknown_fields

    assert set(unknown_fields(sentence)) == fields
