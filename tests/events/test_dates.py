"""Event dates resolved against the publication date (events/dates.py)."""
from __future__ import annotations

from datetime import date

import pytest

from dateline.events.dates import resolve_expression

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
    ],
)
def test_dates_resolve_relative_and_explicit(text, prep, future, precision, start, end):
    resolved = resolve_expression(text, PUBLISHED, preposition=prep, future=future)
    assert (resolved.precision, resolved.start, resolved.end) == (precision, start, end)
    assert resolved.text == text


@pytest.mark.parametrize("text", ["more than two years", "the prospects", "days"])
def test_dates_unreadable_expressions_give_nothing(text):
    assert resolve_expression(text, PUBLISHED) is None


def test_dates_without_publication_date_stay_unknown():
    resolved = resolve_expression("yesterday", None)
    assert resolved.precision == "unknown" and resolved.start is None and resolved.text == "yesterday"
