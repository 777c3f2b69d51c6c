"""Date expressions resolved against the publication date (events/date_expressions.py) and publication times."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from dateline.events.date_expressions import resolve_expression
from dateline.events.dates import parse_published_time

PUBLISHED = date(2021, 10, 19)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "prep", "future", "precision", "start", "end"),
    [
        ("yesterday", "", False, "day", date(2021, 10, 18), date(2021, 10, 18)),
        ("today", "", False, "day", PUBLISHED, PUBLISHED),
        ("last month", "", False, "month", date(2021, 9, 1), date(2021, 9, 30)),
        ("last month", "since", False, "since", date(2021, 9, 1), PUBLISHED),
        ("2019", "since", False, "since", date(2019, 1, 1), PUBLISHED),
        ("2019", "in", False, "year", date(2019, 1, 1), date(2019, 12, 31)),
        ("days", "within", True, "range", PUBLISHED, date(2021, 10, 26)),
        ("hours", "", False, "range", date(2021, 10, 18), PUBLISHED),
        ("Sunday", "on", False, "day", date(2021, 10, 17), date(2021, 10, 17)),
        ("Friday", "on", True, "day", date(2021, 10, 22), date(2021, 10, 22)),
        ("15 October", "on", False, "day", date(2021, 10, 15), date(2021, 10, 15)),
        ("October 2020", "in", False, "month", date(2020, 10, 1), date(2020, 10, 31)),
        ("last week", "", False, "range", date(2021, 10, 11), date(2021, 10, 17)),
        ("three days ago", "", False, "day", date(2021, 10, 16), date(2021, 10, 16)),
        ("early Tuesday morning", "", False, "day", date(2021, 10, 19), date(2021, 10, 19)),
        ("late Saturday night", "", False, "day", date(2021, 10, 16), date(2021, 10, 16)),
        ("Sunday's", "", False, "day", date(2021, 10, 17), date(2021, 10, 17)),
        ("early December", "in", False, "month", date(2020, 12, 1), date(2020, 12, 31)),
        ("early October", "in", False, "month", date(2021, 10, 1), PUBLISHED),  # what happened ends by publication
        ("late last year", "", False, "year", date(2020, 1, 1), date(2020, 12, 31)),
        ("earlier this week", "", False, "range", date(2021, 10, 18), PUBLISHED),
        ("earlier this month", "", False, "month", date(2021, 10, 1), PUBLISHED),
        ("last weekend", "", False, "range", date(2021, 10, 16), date(2021, 10, 17)),
        ("the weekend", "over", False, "range", date(2021, 10, 16), date(2021, 10, 17)),
        ("the 1990s", "in", False, "range", date(1990, 1, 1), date(1999, 12, 31)),
        ("Between 2012 and 2015", "", False, "range", date(2012, 1, 1), date(2015, 12, 31)),
        ("the past two weeks", "in", False, "range", date(2021, 10, 5), PUBLISHED),
        ("recent days", "in", False, "range", date(2021, 10, 12), PUBLISHED),
        ("March 2003", "in", False, "month", date(2003, 3, 1), date(2003, 3, 31)),
        ("Tuesday, Oct. 12", "on", False, "day", date(2021, 10, 12), date(2021, 10, 12)),
        ("next Tuesday", "", True, "day", date(2021, 10, 26), date(2021, 10, 26)),
        ("Tuesday", "on", True, "day", PUBLISHED, PUBLISHED),  # "will meet Tuesday" in a Tuesday report
        ("Thursday", "on", True, "day", date(2021, 10, 21), date(2021, 10, 21)),
        ("Thursday", "on", False, "day", date(2021, 10, 14), date(2021, 10, 14)),
        ("this fall", "", False, "range", date(2021, 9, 1), PUBLISHED),
        ("last summer", "", False, "range", date(2021, 6, 1), date(2021, 8, 31)),
        ("the winter of 2019", "in", False, "range", date(2019, 12, 1), date(2020, 2, 29)),
        ("next spring", "", True, "range", date(2022, 3, 1), date(2022, 5, 31)),
        ("from March to May", "", False, "range", date(2021, 3, 1), date(2021, 5, 31)),
        ("between December 2019 and March 2020", "", False, "range", date(2019, 12, 1), date(2020, 3, 31)),
        ("Friday to Monday", "", False, "range", date(2021, 10, 15), date(2021, 10, 18)),
        # a named month with "last"/"this past" is the latest one before the publication month
        ("last June", "", False, "month", date(2021, 6, 1), date(2021, 6, 30)),
        ("this past September", "", False, "month", date(2021, 9, 1), date(2021, 9, 30)),
        ("last October", "", False, "month", date(2020, 10, 1), date(2020, 10, 31)),
        ("next March", "", True, "month", date(2022, 3, 1), date(2022, 3, 31)),
        ("this past weekend", "", False, "range", date(2021, 10, 16), date(2021, 10, 17)),
        # a weekday inside a stated year is not the latest such weekday
        ("One Sunday in late 2001", "", False, "year", date(2001, 1, 1), date(2001, 12, 31)),
    ],
)
def test_dates_resolve_relative_and_explicit(text, prep, future, precision, start, end):
    resolved = resolve_expression(text, PUBLISHED, preposition=prep, future=future)
    assert (resolved.precision, resolved.start, resolved.end) == (precision, start, end)
    assert resolved.text == text and resolved.rule


@pytest.mark.parametrize("text", ["more than two years", "the prospects", "days"])
def test_dates_unreadable_expressions_give_nothing(text):
    assert resolve_expression(text, PUBLISHED) is None


def test_dates_without_publication_date_stay_unknown():
    resolved = resolve_expression("yesterday", None)
    assert resolved.precision == "unknown" and resolved.start is None and resolved.text == "yesterday"


def test_dates_weekday_counts_from_the_local_publication_day():
    # Monday 28 Aug 2017 21:30 in New York is Tuesday morning in Seoul.
    assert resolve_expression("Tuesday", date(2017, 8, 28)).start == date(2017, 8, 22)
    local = resolve_expression("Tuesday", date(2017, 8, 28), weekday_base=date(2017, 8, 29))
    assert (local.start, local.end) == (date(2017, 8, 29), date(2017, 8, 29))


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("14 July 2019", "day", date(2019, 7, 14), date(2019, 7, 14)),
        ("2014", "year", date(2014, 1, 1), date(2014, 12, 31)),
        ("Tuesday", "unknown", None, None),
        ("last week", "unknown", None, None),
    ],
)
def test_dates_without_publication_only_stated_years_resolve(text, precision, start, end):
    resolved = resolve_expression(text, None)
    assert (resolved.precision, resolved.start, resolved.end) == (precision, start, end)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-08-28T21:30:00-04:00", datetime(2017, 8, 28, 21, 30, tzinfo=timezone(timedelta(hours=-4)))),
        ("2019-09-14T22:20Z", datetime(2019, 9, 14, 22, 20, tzinfo=timezone.utc)),
        ("2017-08-28", None),
        ("2017-08-28T21:30:00", None),  # no zone: the moment is not known
        (None, None),
    ],
)
def test_dates_publication_time_kept_only_with_a_zone(value, expected):
    assert parse_published_time(value) == expected


@pytest.mark.issue(18)
def test_publication_time_in_http_form_keeps_its_zone():
    # Diffbot's "date", RSS pubDate and JSONL fields written from HTTP headers use RFC 1123
    assert parse_published_time("Mon, 28 Aug 2017 21:30:00 -0400").utcoffset() == timedelta(hours=-4)
    assert parse_published_time("Tue, 29 Aug 2017 01:30:00 GMT").isoformat() == "2017-08-29T01:30:00+00:00"
    assert parse_published_time("Aug 28, 2017") is None  # a day alone carries no time
