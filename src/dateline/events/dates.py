"""Dates: publication dates from metadata strings, and event dates relative to publication.

``event_date`` decides an event's date from its own clause: a date expression attached to the
event's verb (or the clause it hangs from) is resolved against the publication date; with none,
an asserted news event takes the report window (``report_window_days`` before publication to
publication, precision ``report``), and a recalled background event ("has repeatedly", "had
fired", "for years") stays undated with the reason. Every decision names its rule
(``EventDate.rule``), which ``dateline explain`` prints. Expressions are read by
``date_expressions.py``; the publication day in the event's local time comes from ``date_zones.py``.

Not handled: the publication time (``Document.published_time``, stored with its offset) comes from
``process()``, JSONL/CSV/crawler-JSON fields, feed stamps and HTML meta tags, not from WARC headers
or stamps without a zone; clock times ("at 6 a.m.") do not move a date across midnight. A day
named by reference to the narrative ("the following day", "that night", "two days later") counts
from the date the sentences just before state; a day anchored on another happening ("the day
after the shooting") and a date stated only in another sentence are not inherited.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

from .. import settings
from ..nlp import ents_starting
from ..records import EventDate
from .date_expressions import resolve_expression
from .date_zones import local_day
from .modality import REPORTING

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


# A publication date read from metadata must state its year.
_STATED_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


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
    if not _STATED_YEAR.search(value):
        return None  # dateparser reads "-1", "1e400" and "yesterday" as dates near today
    import dateparser  # slow import; only for the non-ISO case

    parsed = dateparser.parse(value, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None


def parse_published_time(value: str | date | None) -> datetime | None:
    """The publication moment when ``value`` gives a time with a zone ("2017-08-28T21:05-04:00"), else None."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    if not isinstance(value, str):
        return None
    if not _ISO.match(value) or len(value.strip()) <= 10:
        return _rfc1123_time(value)
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _rfc1123_time(stamp: str) -> datetime | None:
    """An HTTP/e-mail stamp with its zone ("Mon, 08 May 2023 23:30:00 GMT": Diffbot's "date",
    RSS pubDate, an HTTP Last-Modified), else None."""
    if "," not in stamp:
        return None
    try:
        moment = parsedate_to_datetime(stamp.strip())
    except (TypeError, ValueError, IndexError):
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
    weekday_base = local_day(published, published_time, place, country)
    for anchor in _anchors(predicate, inherit_from):
        for text, tokens, prep in _expressions(sent, anchor):
            resolved = resolve_expression(text, published, preposition=prep, future=future, weekday_base=weekday_base)
            if resolved is None and published is not None:
                resolved = _from_earlier_date(text, sent, published, weekday_base)
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


# A day named by reference to the narrative's own date ("The following day, the base came under
# fire"): its offset in days from the nearest earlier sentence that states a date.
_ANAPHORIC_DAY = re.compile(r"^(?:later |earlier |on )?(?:the |that |this )?(?:(?P<next>following|next) day|day after"
                            r"|(?P<before>day before|previous day)|(?:same )?(?:day|night|evening|morning|afternoon)"
                            r"|(?P<n>\w+) days? (?P<dir>later|after|earlier|before))$", re.IGNORECASE)
_SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
EARLIER_DATE_SENTENCES = 3  # how far back a narrative's date carries


def _from_earlier_date(text: str, sent, published: date, weekday_base: date) -> EventDate | None:
    """``text`` ("the next day", "that night", "two days later") resolved against the latest date
    stated in the sentences just before ``sent``; None when it is no such phrase or none is stated."""
    match = _ANAPHORIC_DAY.match(" ".join(text.split()))
    if match is None:
        return None
    offset = 1 if match["next"] else -1 if match["before"] else 0
    if match["n"]:
        count = _SMALL_NUMBERS.get(match["n"].lower()) or (int(match["n"]) if match["n"].isdigit() else None)
        if count is None:
            return None
        offset = count if match["dir"] in ("later", "after") else -count
    earlier = _earlier_stated_date(sent, published, weekday_base)
    if earlier is None or earlier.start is None:
        return None
    if earlier.precision != "day":  # "In September 2012 ... the next day": within that span
        return EventDate(earlier.precision, earlier.start, earlier.end, text, f"{text!r} in {earlier.text!r} stated before")
    day = earlier.start + timedelta(days=offset)
    return EventDate("day", day, day, text, f"{text!r} counted from {earlier.text!r} stated before")


def _earlier_stated_date(sent, published: date, weekday_base: date) -> EventDate | None:
    doc = sent.doc
    sentences = [s for s in doc.sents if s.end <= sent.start][-EARLIER_DATE_SENTENCES:]
    for earlier in reversed(sentences):
        stated = [ent for ent in ents_starting(doc, earlier.start, earlier.end) if ent.label_ == "DATE"]
        for ent in reversed(stated):
            resolved = resolve_expression(ent.text, published, weekday_base=weekday_base)
            if resolved is not None and resolved.precision in ("day", "month", "range") and resolved.start:
                return resolved
    return None


def _anchors(predicate, inherit_from) -> list:
    """The event's verb, then the clauses it hangs from ("while making offers" shares the main
    verb's date), then ``inherit_from``. A conjoined verb inherits only in the same tense, so a
    "last week" of "met last week and will visit" stays with the meeting."""
    anchors = [predicate, *_sharing_conjuncts(predicate)]
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


def _sharing_conjuncts(predicate) -> list:
    """Verbs coordinated with ``predicate`` that share its object ("shot and wounded Reagan in
    1981": the date the parser hangs on the last verb scopes over both); a verb with an object of
    its own ("arrested him and charged him on Monday") keeps only its own date."""
    if any(c.dep_ in ("dobj", "attr", "ccomp") for c in predicate.children):
        return []
    return [c for c in predicate.children if c.dep_ == "conj" and c.pos_ == "VERB" and _tense(c) == _tense(predicate)]


def _tense(verb) -> str:
    """future, perfect ("has increased": up to now, not the simple past's day), past or present."""
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if aux & {"will", "would", "shall", "'ll"}:
        return "future"
    if verb.tag_ == "VBN" and aux & {"has", "have", "'s", "'ve"}:
        return "perfect"
    return "past" if verb.tag_ in ("VBD", "VBN") else "present"


_MONTH_OR_DAY = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?$|^(?:january|february|march|"
                           r"april|june|july|august|september|october|november|december|monday|tuesday|wednesday|"
                           r"thursday|friday|saturday|sunday)$", re.IGNORECASE)


_DAY_PARTS = frozenset({"day", "night", "evening", "morning", "afternoon"})
_POINTING = frozenset({"that", "following", "next", "same"})


def _expressions(sent, anchor) -> list[tuple[str, list, str]]:
    """Date expressions attached to ``anchor``: (text, tokens, governing preposition).

    spaCy's DATE and TIME entities, plus month and weekday names the parser did not label;
    an expression belongs to the first verb above it, so a neighbouring clause's date is not taken."""
    found = []
    covered = set()
    spans = [ent for ent in ents_starting(sent.doc, sent.start, sent.end) if ent.label_ in ("DATE", "TIME")]
    for ent in spans:
        covered.update(t.i for t in ent)
    spans += [sent.doc[t.i:t.i + 1] for t in sent if t.i not in covered and _MONTH_OR_DAY.match(t.text)
              and t.pos_ == "PROPN" and t.lower_ != "may"]
    spans += [sent.doc[t.left_edge.i:t.i + 1] for t in sent if t.i not in covered and t.lower_ in _DAY_PARTS
              and any(c.lower_ in _POINTING for c in t.children)]  # "That night," the parser leaves unlabelled
    for span in spans:
        if _attached_to(span.root, anchor) and not _dates_a_thing(span.root, anchor):
            head = span.root.head
            prep = head.lower_ if span.root.dep_ == "pobj" and (head.dep_ == "prep" or head.pos_ in ("ADP", "SCONJ")) else ""
            if prep == "since" and _compares(head):
                continue  # "the first since 2009", "its biggest since 2017": a comparison, not the event's time
            tokens = [head, *span] if prep else list(span)
            found.append((span.text, tokens, prep))
    return found


# A date that modifies a noun dates that noun's referent ("his 2014 return", "the 2016 presidential
# contest", "Obama's June 15 campaign event was postponed", "Tuesday's launch was condemned"), not
# the clause's verb; it is the event's own only when the noun is the event ("the launch" as trigger)
# or the object of a verb that just performs it ("conducted its Sept. 3 test"); a noun that is a
# time itself ("early Tuesday morning", "during the 2019 uprising") passes its date on.
_NOUN_MODIFIERS = frozenset({"nummod", "compound", "nmod", "poss", "amod"})
_LIGHT_VERBS = frozenset({"conduct", "carry", "hold", "stage", "mount", "launch", "make", "perform", "deliver"})
_TIME_NOUNS = frozenset({"morning", "afternoon", "evening", "night", "day", "week", "weekend", "month", "year",
                         "hour", "hours", "dawn", "midday", "noon", "midnight", "overnight", "time"})
_TIME_PREPOSITIONS = frozenset({"during", "amid", "throughout", "in", "at", "on", "since"})


def _dates_a_thing(root, anchor) -> bool:
    """The date expression rooted at ``root`` modifies a noun other than the event itself."""
    head = root.head
    if root.dep_ not in _NOUN_MODIFIERS or head.pos_ not in ("NOUN", "PROPN") or head == anchor:
        return False
    if head.lower_ in _TIME_NOUNS or head.ent_type_ in ("DATE", "TIME"):
        return False
    if head.dep_ == "pobj" and head.head.lower_ in _TIME_PREPOSITIONS:
        return False
    return not (head.dep_ == "dobj" and head.head == anchor and anchor.lemma_.lower() in _LIGHT_VERBS)


_ORDINAL_HEADS = frozenset({"first", "last", "only", "latest"})


def _compares(since) -> bool:
    """ "since" hangs from an ordinal or superlative: "the first (launch) since 2009"."""
    head = since.head
    modifiers = [head, *[c for c in head.children if c.dep_ in ("amod", "advmod")]]
    return any(t.tag_ in ("JJS", "RBS") or t.lower_ in _ORDINAL_HEADS or t.ent_type_ == "ORDINAL" for t in modifiers)


def _attached_to(token, anchor) -> bool:
    """``token`` hangs from ``anchor`` with no other verb between; the anchor's own auxiliary
    counts as the anchor ("Police had last month charged him": the parser hangs the date on "had")."""
    node, steps = token, 0
    while node.head != node and steps < 4 and node != anchor:
        node = node.head
        steps += 1
        if node.dep_ in ("aux", "auxpass") and node.head == anchor:
            node = anchor
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
