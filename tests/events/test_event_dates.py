"""An event's date decided from its own clause through the whole pipeline (events/dates.event_date)."""
from __future__ import annotations

import json
from datetime import date

import pytest

import dateline
from dateline import nlp
from dateline.events import dates, lexicon
from dateline.events.assemble import named_acts
from dateline.events.triggers import Candidate

pytestmark = pytest.mark.model


@pytest.fixture(autouse=True)
def rules_alone(monkeypatch):
    """These tests pin the rule layer (arguments, status, dates) sentence by sentence; whether
    the learned model keeps an event is tested in test_relevance.py and bench/events_docs.py."""
    monkeypatch.setenv("DATELINE_EVENT_MODEL", "0")

PUBLISHED = "2021-10-19"  # a Tuesday


def main_event(text: str, published=PUBLISHED):
    events = [e for e in dateline.process(text, published=published, language="en").events]
    assert events, text
    return min(events, key=lambda e: (e.sentence_index, e.trigger.start_char))


@pytest.mark.parametrize(
    ("text", "precision", "start", "end", "evidence"),
    [
        ("Syrian troops shelled the town of Idlib, killing four civilians, a monitor said.",
         "report", date(2021, 10, 16), date(2021, 10, 19), "shelled"),
        ("Israeli troops have arrested 40 protesters in Hebron, the army said.",
         "report", date(2021, 10, 16), date(2021, 10, 19), "arrested"),
        ("Palestinian officials said Israeli troops had arrested 40 protesters in Hebron.",  # reported speech
         "report", date(2021, 10, 16), date(2021, 10, 19), "arrested"),
        ("Israeli troops arrested 40 protesters in Hebron early Sunday morning.",
         "day", date(2021, 10, 17), date(2021, 10, 17), "early Sunday morning"),
        ("In early December, the United States imposed sanctions on Chinese firms.",
         "month", date(2020, 12, 1), date(2020, 12, 31), "In early December"),
        ("Iran has detained the charity worker since 2016.", "since", date(2016, 1, 1), date(2021, 10, 19), "since 2016"),
        ("NATO bombed Belgrade in 1999 during the Kosovo war.", "year", date(1999, 1, 1), date(1999, 12, 31), "in 1999"),
    ],
)
def test_event_dates_text_date_else_report_window(text, precision, start, end, evidence):
    event = main_event(text)
    assert (event.date.precision, event.date.start, event.date.end) == (precision, start, end)
    assert event.evidence["date"].text == evidence and "date" not in event.missing
    assert event.date.rule


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("North Korea has repeatedly fired missiles over Japan.", "background: recalled or repeated ('repeatedly')"),
        ("Russia had expelled dozens of Western diplomats before the war.", "background: past perfect"),
        ("Venezuelan security forces have regularly detained opposition figures.", "background: recalled or repeated"),
    ],
)
def test_event_dates_background_recalls_never_take_the_report_window(text, reason):
    event = main_event(text)
    assert event.status == "asserted"
    assert (event.date.precision, event.date.start, event.date.end) == ("unknown", None, None)
    assert event.missing["date"].startswith(reason) and "date" not in event.evidence


def test_event_dates_no_publication_date_and_no_date_in_text_stay_undated():
    event = main_event("Gunmen attacked a police station in Baghdad, killing five officers.", published=None)
    assert event.date.precision == "unknown"
    assert event.missing["date"] == "no publication date and no date in the text"


@pytest.mark.parametrize(
    ("text", "undated", "dated"),
    [
        ("South Korea protested to Pyongyang after North Korea fired missiles on Sunday.", "protested", "fired missiles"),
        ("Israeli aircraft struck Rafah, after Hamas fired rockets at Tel Aviv on Sunday.", "struck", "fired rockets at"),
        ("Qatar condemned Israel, which struck Hamas leaders in Doha on Sunday.", "condemned", "struck"),
    ],
)
def test_event_dates_neighbouring_clause_date_stays_in_its_clause(text, undated, dated):
    events = {e.trigger.text: e for e in dateline.process(text, published=PUBLISHED, language="en").events}
    assert events[undated].date.precision == "report"
    assert (events[dated].date.precision, events[dated].date.start) == ("day", date(2021, 10, 17))


@pytest.mark.parametrize(
    ("text", "trigger", "precision", "start"),
    [
        # a year or day that modifies a noun dates that noun, not the clause's event
        ("Kenya's opposition leader Raila Odinga condemned the 2017 election result.", "condemned", "report", date(2021, 10, 16)),
        ("Japan condemned Tuesday's missile launch by North Korea.", "condemned", "report", date(2021, 10, 16)),
        # ... but a time noun or a time preposition passes it on
        ("Iraqi security forces killed scores of protesters during the 2019 uprising.", "killed", "year", date(2019, 1, 1)),
        ("Israeli troops arrested 40 protesters in Hebron early Sunday morning.", "arrested", "day", date(2021, 10, 17)),
    ],
)
def test_event_dates_a_date_modifying_a_noun_stays_with_the_noun(text, trigger, precision, start):
    events = {e.trigger.text: e for e in dateline.process(text, published=PUBLISHED, language="en").events}
    assert (events[trigger].date.precision, events[trigger].date.start) == (precision, start)


def test_event_dates_a_perfect_tense_conjunct_does_not_take_the_simple_past_date():
    # "began ... last year and has increased it this fall, just as Russia began": Russia's start
    # hangs from the present perfect, so last year's date of the first verb is not its date
    text = ("The United States began a bombing campaign against the group last year and has increased "
            "the intensity of it, just as Russia began its own bombing of rebel positions in Syria.")
    events = dateline.process(text, published=PUBLISHED, language="en").events
    russia = [e for e in events if e.actors and e.actors[0].country == "RUS"]
    assert russia and all(e.date.precision != "year" for e in russia)


CAMPAIGN_LEAD = ("Hillary Clinton's campaign criticised Donald Trump on Tuesday over his remarks about gun "
                 "owners. Trump said he had been joking.\n\n")


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        # the parser hangs "last month" on the auxiliary "had": it is the verb's date all the same
        ("The campaign's statement then declares \"the matter is now concluded.\"\n\nPolice had last month charged "
         "Corey Lewandowski after determining that a video recording showed him grabbing reporter Michelle Fields "
         "by the arm.", {"charged": ("month", date(2021, 9, 1))}),
        # coordinated verbs sharing one object share the date hung on the last of them
        ("In her post, she reminded Trump of John Hinckley Jr., who shot and wounded President Reagan in 1981.",
         {"shot": ("year", date(1981, 1, 1))}),
        # a verb with its own object keeps its own (missing) date
        ("Police arrested the mayor of Chicago and charged him with fraud on Monday.",
         {"arrested": ("report", date(2021, 10, 16)), "charged": ("day", date(2021, 10, 18))}),
    ],
)
def test_event_dates_auxiliaries_and_shared_coordination(text, dated, monkeypatch):
    monkeypatch.setenv("DATELINE_EVENT_MODEL", "1")  # the rules alone code none of these sentences
    # the learned model judges reports, not lone sentences: each case is the third sentence of one
    report = CAMPAIGN_LEAD + text
    events = {e.trigger.text: e for e in dateline.process(report, published=PUBLISHED, language="en").events}
    assert {t: (events[t].date.precision, events[t].date.start) for t in dated} == dated


@pytest.mark.issue(15)
def test_event_dates_weekday_in_the_event_places_local_time():
    # Monday 21:30 in New York is Tuesday 10:30 in Seoul: the launch "on Tuesday" is that Tuesday.
    text = "North Korea fired a ballistic missile from Pyongyang early Tuesday morning, South Korea's military said."
    in_new_york = main_event(text, published="2017-08-28T21:30:00-04:00")
    assert (in_new_york.date.start, in_new_york.date.end) == (date(2017, 8, 29), date(2017, 8, 29))
    day_only = main_event(text, published="2017-08-28")  # without the time, the Tuesday before
    assert day_only.date.start == date(2017, 8, 22)


def test_event_dates_report_window_follows_the_setting(monkeypatch):
    monkeypatch.setenv("DATELINE_REPORT_WINDOW_DAYS", "7")
    event = main_event("Syrian troops shelled the town of Idlib, killing four civilians, a monitor said.")
    assert (event.date.start, event.date.end) == (date(2021, 10, 12), date(2021, 10, 19))


@pytest.mark.issue(15)
def test_event_dates_ingest_keeps_the_jsonl_publication_time_for_weekdays(tmp_path):
    rows = tmp_path / "reports.jsonl"
    text = "North Korea fired a ballistic missile from Pyongyang early Tuesday morning, South Korea's military said."
    rows.write_text(json.dumps({"text": text, "published": "2017-08-28T21:30:00-04:00"}) + "\n", encoding="utf-8")
    with dateline.Store(str(tmp_path / "store.duckdb")) as store:
        dateline.ingest_paths(store, [str(rows)])
        events = store.pandas("events")
        documents = store.pandas("documents")
    assert [str(d) for d in documents["published_at"]] == ["2017-08-28"]  # the store keeps the day as written
    assert [(p, str(s)) for p, s in zip(events["date_precision"], events["date_start"])] == [("day", "2017-08-29")]


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("sentence", "verb", "type_", "source", "expected"),
    [
        # the model codes the attack on the sentence's verb: the attack noun's own year dates it
        ("Richard Cross wrote that he penned the remarks of Patricia Smith, whose son was killed in the "
         "2012 Benghazi attack.", "wrote", "ASSAULT", "model: sentence classifier", ("year", date(2012, 1, 1))),
        # a rule event keeps its verb's date: "the 2012 attacks" is what it condemned, not when
        ("The senators condemned the 2012 attacks in Benghazi.", "condemned", "ASSAULT", "curated",
         ("report", date(2021, 10, 16))),
    ],
)
def test_event_dates_model_event_dated_by_its_typed_noun(sentence, verb, type_, source, expected):
    doc = nlp.parse(sentence)
    predicate = next(t for t in doc if t.text == verb)
    c = Candidate([predicate], lexicon.Pattern(type_, None, "190", source), predicate)
    sent = doc[:]
    decided = dates.event_date(predicate, sent, date(2021, 10, 19), status="asserted",
                               inherit_from=named_acts(c, sent, lexicon.load()))
    assert (decided.date.precision, decided.date.start) == expected


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("text", "precision", "start"),
    [
        ("Gunmen attacked the US consulate in Benghazi on Sept. 11, 2012. The following day, militants shelled "
         "the CIA base in the city.", "day", date(2012, 9, 12)),
        ("Protesters marched through Khartoum on Oct. 12. Two days later, police arrested 40 protesters in the city.",
         "day", date(2021, 10, 14)),
        # no date stated before: the phrase says nothing, the report window stands
        ("Police arrested 40 protesters in Khartoum the next day.", "report", date(2021, 10, 16)),
    ],
)
def test_event_dates_day_counted_from_the_date_stated_before(text, precision, start):
    events = dateline.process(text, published=PUBLISHED, language="en").events
    last = max(events, key=lambda e: (e.sentence_index, e.trigger.start_char))
    assert (last.date.precision, last.date.start) == (precision, start)
