"""Date expressions ("early Wednesday morning", "last week", "since 2019", "from March to May")
resolved against the publication date into an EventDate with its precision and rule.

dateparser reads explicit dates ("15 October", "October 2021", "Sept. 3"); what it lacks is
written here: precision (day/month/year/range/since), prepositions ("since", "within"), vague
spans ("hours after", "within days"), qualifiers ("early Wednesday morning", "late last year").
Not read: clock times (ignored), dates relative to another happening ("the day after the
shooting"), southern-hemisphere seasons.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ..records import EventDate


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "few": 3, "several": 3, "24": 1, "48": 2, "72": 3}
_NUMBER = r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|several|\d+)"
_AGO = re.compile(rf"^{_NUMBER}\s+(day|week|month|year)s?\s+ago$")
_PAST_SPAN = re.compile(rf"^(?:the )?(?:past|last|previous) (?:{_NUMBER} )?(hour|day|week|month|year)s?$")
_YEAR = re.compile(r"^((?:19|20)\d\d)$")
_DECADE = re.compile(r"^((?:19|20)\d)0'?s$")
_SPAN = re.compile(r"^(?:from (.+?) (?:to|until|through) (.+)|between (.+?) and (.+)|(.+?) (?:to|until|through) (.+))$")
_YEARS = re.compile(r"^(?:between |from )?((?:19|20)\d\d)(?: and | to |-|–)((?:19|20)?\d\d)$")
# Words that qualify a day or month without changing which one it is: "early Wednesday morning".
_QUALIFIERS = re.compile(r"\b(?:early|late|mid|around|about|shortly|just|on|in|at|during|"
                         r"morning|afternoon|evening|night|overnight|dawn|midday|noon|midnight|"
                         r"local time|\(local time\)|gmt|utc|et|est|edt)\b")
_TIME_OF_DAY = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d\d\b")


def resolve_expression(text: str, published: date | None, *, preposition: str = "", future: bool = False,
                       weekday_base: date | None = None) -> EventDate | None:
    """An EventDate for a date expression, or None when it cannot be read.

    ``preposition`` is the word governing the expression ("since", "within", "on", "after");
    ``future`` prefers the next matching weekday or month over the last one; ``weekday_base`` is
    the publication day in the event's local time (default: ``published``).
    """
    phrase = _normalise(text)
    prep = preposition.lower()
    if published is None:  # only a date that states its year needs no publication date
        stated = _interval(phrase, date(2000, 1, 1), future, date(2000, 1, 1)) if re.search(r"\b(?:19|20)\d\d", phrase) else None
        if stated is not None and stated[0] != "vague" and stated[1] is not None:
            return EventDate(stated[0], stated[1], stated[2], text, stated[3])
        return EventDate("unknown", None, None, text, "no publication date to resolve against")
    interval = _interval(phrase, published, future, weekday_base or published)
    if interval is None:
        return None
    precision, start, end, rule = interval
    if prep == "since":
        return EventDate("since", start, published, text, f"since {rule}")
    if prep in ("within", "in", "over") and precision == "vague":
        return EventDate("range", published, published + timedelta(days=7), text, "within days, from publication") if future \
            else EventDate("range", published - timedelta(days=7), published, text, "within days, before publication")
    if precision == "vague":
        return None
    if prep in ("until", "till", "by") and start:
        return EventDate("range", None, end, text, f"until {rule}")
    if precision in ("range", "month", "year") and start and end:  # what has happened ends by publication
        if not future and start <= published < end:
            end = published
        elif future and start < published <= end:
            start = published
    return EventDate(precision, start, end, text, rule)


def _normalise(text: str) -> str:
    phrase = re.sub(r"\s+", " ", text.strip().lower()).removeprefix("the ")
    phrase = re.sub(r"['’]s$", "", phrase)  # "Tuesday's launch"
    phrase = _TIME_OF_DAY.sub(" ", phrase)
    phrase = re.sub(r"\bthis (morning|afternoon|evening)\b", "today", phrase)
    phrase = re.sub(r"\b(?:earlier|later) (this|last|next) (week|month|year)\b", r"\1 \2", phrase)
    phrase = re.sub(r"\bthis past\b", "past", phrase)  # "this past September", "this past weekend"
    phrase = re.sub(r"\b(?:early|late|mid)-(\d{4})\b", r"\1", phrase)
    if phrase not in ("last night", "tonight", "midnight"):
        phrase = _QUALIFIERS.sub(" ", phrase)
    phrase = re.sub(r"^\s*(?:the|of)\s+", "", re.sub(r"\s+", " ", phrase).strip(" ,.;()-"))
    return phrase.strip(" ,.;()-")


def _interval(phrase: str, published: date, future: bool, weekday_base: date):
    """(precision, start, end, rule) for a normalised phrase; precision "vague" for spans with no bounds."""
    if phrase in ("today", "tonight", "now", "this", ""):
        return ("day", published, published, "today: the publication day") if phrase else None
    if phrase in ("yesterday", "last night"):
        day = published - timedelta(days=1)
        return "day", day, day, "yesterday: the day before publication"
    if phrase == "tomorrow":
        day = published + timedelta(days=1)
        return "day", day, day, "tomorrow: the day after publication"
    if phrase in ("hours", "hours earlier", "hours later", "minutes", "moments", "minutes later", "hours ago"):
        return "range", published - timedelta(days=1), published, "hours before publication"
    if phrase in ("days", "weeks", "months", "coming days", "coming weeks", "recent days", "recent weeks",
                  "days earlier", "days later", "weeks earlier"):
        if phrase.startswith("recent"):
            span = 7 if phrase.endswith("days") else 30
            return "range", published - timedelta(days=span), published, f"{phrase}: before publication"
        return "vague", None, None, phrase
    if phrase in ("weekend", "this weekend", "last weekend", "past weekend"):
        return _weekend(published, future and phrase != "last weekend")
    unit = re.match(r"^(last|this|next|past|previous|coming)\s+(week|month|year)$", phrase)
    if unit:
        return _calendar_unit(unit.group(1), unit.group(2), published)
    past = _PAST_SPAN.match(phrase)
    if past:
        n = _NUMBERS.get(past.group(1) or "one") or int(past.group(1))
        days = n * _UNIT_DAYS[past.group(2)] if past.group(2) != "hour" else max(1, n // 24)
        return "range", published - timedelta(days=days), published, f"the past {phrase}: before publication"
    ago = _AGO.match(phrase)
    if ago:
        n = _NUMBERS.get(ago.group(1)) or int(ago.group(1))
        day = published - timedelta(days=n * _UNIT_DAYS[ago.group(2)])
        if ago.group(2) == "day":
            return "day", day, day, f"{phrase} from publication"
        if ago.group(2) == "week":
            return "range", day - timedelta(days=3), day + timedelta(days=3), f"{phrase} from publication, give or take days"
        precision, start, end, _ = _calendar_unit("this", ago.group(2), day)
        return precision, start, end, f"{phrase} from publication"
    season = _SEASON.match(phrase)
    if season:
        return _season(season.group(1) or "", season.group(2), season.group(3), published, future)
    month = _NAMED_MONTH.match(phrase)
    if month:
        return _named_month(month.group(1), month.group(2), published)
    in_year = re.match(r"^(?:one |a )?(?:" + "|".join(_WEEKDAYS) + r") (.*\b(?:19|20)\d\d)$", phrase)
    if in_year:  # "one Sunday in late 2001": the weekday is not the latest one, the year dates it
        return _interval(in_year.group(1), published, future, weekday_base)
    weekday = re.match(r"^(?:(last|this|next|coming|past|previous) )?(" + "|".join(_WEEKDAYS) + r")(?: (?:of )?(last|this|next) week)?$", phrase)
    if weekday:
        which = weekday.group(1) or weekday.group(3) or ""
        return _weekday(weekday.group(2), weekday_base, future or which in ("next", "coming"), which)
    year = re.match(r"^(?:(?:this|of|in) )*((?:19|20)\d\d)$", phrase)
    if year:
        y = int(year.group(1))
        return "year", date(y, 1, 1), date(y, 12, 31), "a stated year"
    decade = _DECADE.match(phrase)
    if decade:
        y = int(decade.group(1)) * 10
        return "range", date(y, 1, 1), date(y + 9, 12, 31), "a stated decade"
    years = _YEARS.match(phrase)
    if years:
        first, last = years.group(1), years.group(2)
        last = first[:2] + last if len(last) == 2 else last
        return "range", date(int(first), 1, 1), date(int(last), 12, 31), "a stated span of years"
    span = _SPAN.match(phrase)
    if span:  # "from March to May", "between 3 and 5 June" is left to dateparser
        first, last = [g for g in span.groups() if g]
        a, b = _interval(first, published, future, weekday_base), _interval(last, published, future, weekday_base)
        if a and b and a[0] == b[0] == "day" and a[1] > b[2] and not future:  # "Monday to Wednesday" on a Monday
            a = ("day", a[1] - timedelta(days=7), a[2], a[3])
        if a and b and a[0] != "vague" != b[0] and a[1] and b[2] and a[1] <= b[2]:
            return "range", a[1], b[2], f"a stated span: {a[3]} to {b[3]}"
    return _explicit(phrase, published, future)


# Meteorological seasons of the northern hemisphere, where most of our news is filed.
_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_SEASON = re.compile(r"^(?:(last|this|next|past|coming) )?(spring|summer|fall|autumn|winter)(?: (?:of )?((?:19|20)\d\d))?$")


def _season(which: str, name: str, year: str | None, published: date, future: bool):
    first = _SEASON_START[name]

    def bounds(y: int) -> tuple[date, date]:
        end_month = (first + 1) % 12 + 1
        end_year = y + 1 if first == 12 else y
        return date(y, first, 1), _month_end(end_year, end_month)

    if year:
        start, end = bounds(int(year))
        return "range", start, end, f"the {name} of a stated year"
    seasons = [bounds(y) for y in range(published.year - 2, published.year + 2)]
    if which in ("next", "coming") or (future and which != "last"):
        start, end = next(s for s in seasons if s[0] > published)
        return "range", start, end, f"the next {name} after publication"
    if which in ("last", "past"):
        start, end = [s for s in seasons if s[1] < published][-1]
        return "range", start, end, f"the last {name} ended before publication"
    start, end = [s for s in seasons if s[0] <= published][-1]
    return "range", start, end, f"the latest {name} begun by publication"


_NAMED_MONTH = re.compile(r"^(last|past|previous|next|coming) (" + "|".join(_MONTHS) + r")$")


def _named_month(which: str, name: str, published: date):
    """ "last June": the latest June before the publication month; "next June": the first after it."""
    month = _MONTHS.index(name) + 1
    if which in ("next", "coming"):
        year = published.year if month > published.month else published.year + 1
    else:
        year = published.year if month < published.month else published.year - 1
    side = "first after" if which in ("next", "coming") else "latest before"
    return "month", date(year, month, 1), _month_end(year, month), f"{which} {name.title()}: the {side} the publication month"


def _weekend(published: date, future: bool):
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)  # latest Saturday not after publication
    if future and saturday + timedelta(days=1) < published:
        saturday += timedelta(days=7)
    end = min(saturday + timedelta(days=1), published) if not future else saturday + timedelta(days=1)
    return "range", saturday, end, "the weekend nearest publication in the tense's direction"


def _calendar_unit(which: str, unit: str, published: date):
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
    if unit == "week":
        monday = published - timedelta(days=published.weekday())
        start = monday + timedelta(days=7 * step)
        return "range", start, start + timedelta(days=6), f"{which} week: Monday to Sunday"
    if unit == "month":
        year, month = published.year, published.month + step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return "month", date(year, month, 1), _month_end(year, month), f"{which} month"
    year = published.year + step
    return "year", date(year, 1, 1), date(year, 12, 31), f"{which} year"


def _weekday(name: str, base: date, future: bool, which: str = ""):
    target = _WEEKDAYS.index(name)
    if future:  # "will meet Monday" in a Monday report is that day (wire style); "next Monday" is not
        delta = (target - base.weekday()) % 7 or (7 if which in ("next", "coming") else 0)
        day = base + timedelta(days=delta)
        return "day", day, day, f"future tense: the first {name.title()} from publication on"
    delta = (base.weekday() - target) % 7
    day = base - timedelta(days=delta)
    return "day", day, day, f"past or present tense: the latest {name.title()} not after publication"


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _explicit(phrase: str, published: date, future: bool):
    words = phrase.replace(",", " ").replace(".", " ").split()
    if not any(w in _MONTHS or (len(w) >= 3 and w[:3] in [m[:3] for m in _MONTHS]) for w in words) \
            and not re.search(r"\d{4}-\d\d-\d\d", phrase):
        return None
    import dateparser  # slow import; only for explicit calendar dates

    words = [w for w in words if w not in _WEEKDAYS]  # "Tuesday, Oct. 3": the date decides
    base = datetime(published.year, published.month, published.day)
    settings_ = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future" if future else "past",
                 "RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": ["month"]}
    parsed = dateparser.parse(" ".join(words), languages=["en"], settings=settings_)
    if parsed is None:
        return None
    day = parsed.date()
    has_day = any(w.rstrip("stndrh").isdigit() and len(w.rstrip("stndrh")) <= 2 for w in words)
    has_year = any(re.fullmatch(r"(?:19|20)\d\d", w) for w in words)
    if has_day:
        return "day", day, day, "a stated calendar day" + ("" if has_year else ", year from publication")
    if not has_year and not future and (day.year, day.month) > (published.year, published.month):
        day = date(day.year - 1, day.month, 1)
    return "month", date(day.year, day.month, 1), _month_end(day.year, day.month), \
        "a stated month" + ("" if has_year else " (the latest not after publication)" if not future else " (the next)")
