"""Dates: publication dates from metadata strings, and event dates relative to publication."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: str | date | None) -> date | None:
    """A publication date from ISO text or any form dateparser reads; None when unreadable."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    match = _ISO.match(value)
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            return None
    import dateparser  # slow import; only for the non-ISO case

    parsed = dateparser.parse(value, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None


# --- Event dates: expressions in an event's clause, resolved against the publication date. ---
# dateparser reads explicit dates ("15 October", "October 2021", "Tuesday"); what it lacks is written
# here: precision (day/month/year/range/since), prepositions ("since", "within"), vague spans
# ("hours after", "within days", "last month" as a month, not a day a month ago).

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_AGO = re.compile(r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(day|week|month|year)s?\s+ago$")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
_YEAR = re.compile(r"^(?:in\s+)?((?:19|20)\d\d)$")


def resolve_expression(text: str, published: date | None, *, preposition: str = "", future: bool = False):
    """An EventDate for a date expression, or None when it cannot be read.

    ``preposition`` is the word governing the expression ("since", "within", "on", "after");
    ``future`` prefers the next matching weekday or month over the last one.
    """
    from ..records import EventDate

    phrase = re.sub(r"\s+", " ", text.strip().lower()).removeprefix("the ")
    prep = preposition.lower()
    if published is None:
        return EventDate("unknown", None, None, text)
    interval = _interval(phrase, published, future)
    if interval is None:
        return None
    precision, start, end = interval
    if prep == "since":
        return EventDate("since", start, published, text)
    if prep in ("within", "in") and precision == "vague":
        return EventDate("range", published, published + timedelta(days=7), text) if future else \
            EventDate("range", published - timedelta(days=7), published, text)
    if precision == "vague":
        return None
    if prep in ("until", "till", "by") and start:
        return EventDate("range", None, end, text)
    return EventDate(precision, start, end, text)


def _interval(phrase: str, published: date, future: bool):
    if phrase in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return "day", published, published
    if phrase in ("yesterday", "last night"):
        day = published - timedelta(days=1)
        return "day", day, day
    if phrase == "tomorrow":
        day = published + timedelta(days=1)
        return "day", day, day
    if phrase in ("hours", "hours earlier", "hours later", "minutes", "moments", "minutes later"):
        return "range", published - timedelta(days=1), published
    if phrase in ("days", "weeks", "months", "the coming days", "coming days", "the coming weeks", "coming weeks"):
        return "vague", None, None
    unit = re.match(r"^(last|this|next|past)\s+(week|month|year)$", phrase)
    if unit:
        return _calendar_unit(unit.group(1), unit.group(2), published)
    ago = _AGO.match(phrase)
    if ago:
        n = _NUMBERS.get(ago.group(1)) or int(ago.group(1))
        day = published - timedelta(days=n * _UNIT_DAYS[ago.group(2)])
        precision = "day" if ago.group(2) in ("day", "week") else ago.group(2)
        return _calendar_unit("this", precision, day) if precision != "day" else ("day", day, day)
    weekday = re.match(r"^(?:last |this |next |on )?(" + "|".join(_WEEKDAYS) + r")$", phrase)
    if weekday:
        return _weekday(weekday.group(1), published, future or phrase.startswith("next"))
    year = _YEAR.match(phrase)
    if year:
        y = int(year.group(1))
        return "year", date(y, 1, 1), date(y, 12, 31)
    return _explicit(phrase, published, future)


def _calendar_unit(which: str, unit: str, published: date):
    if unit == "week":
        monday = published - timedelta(days=published.weekday())
        shift = {"last": -7, "past": -7, "this": 0, "next": 7}[which]
        start = monday + timedelta(days=shift)
        return "range", start, start + timedelta(days=6)
    if unit == "month":
        year, month = published.year, published.month + {"last": -1, "past": -1, "this": 0, "next": 1}[which]
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return "month", date(year, month, 1), _month_end(year, month)
    year = published.year + {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    return "year", date(year, 1, 1), date(year, 12, 31)


def _weekday(name: str, published: date, future: bool):
    target = _WEEKDAYS.index(name)
    if future:
        delta = (target - published.weekday()) % 7 or 7
        day = published + timedelta(days=delta)
    else:
        delta = (published.weekday() - target) % 7
        day = published - timedelta(days=delta)
    return "day", day, day


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _explicit(phrase: str, published: date, future: bool):
    words = phrase.replace(",", " ").split()
    if not any(w in _MONTHS or w[:3] in [m[:3] for m in _MONTHS] for w in words) and not re.search(r"\d{4}-\d\d-\d\d", phrase):
        return None
    import dateparser  # slow import; only for explicit calendar dates

    base = datetime(published.year, published.month, published.day)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future" if future else "past",
                "RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": ["month"]}
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    has_day = any(w.rstrip("stndrh").isdigit() and len(w.rstrip("stndrh")) <= 2 for w in words)
    if has_day:
        return "day", day, day
    return "month", date(day.year, day.month, 1), _month_end(day.year, day.month)
