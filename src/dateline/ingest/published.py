"""The publication date of a report, chosen from every kind of evidence, and its moment with zone.

Evidence, best first: the user's ``--published``; the input's metadata (HTML meta tags, JSON-LD,
crawler JSON, feed stamps, CSV/JSONL columns); a date in the URL path; one in the file name; a
wire dateline stating its year. A metadata date is not trusted when it lies after the capture
(WARC date, crawler download date; else the ingest day) or far before a date the report's own URL or dateline gives
(publishers leave template dates and first-version dates in their meta tags); the next evidence
is then used and ``date_note`` says which date was set aside and why.

The moment with its zone ("2023-05-08T19:30:00-04:00") is read from the standard meta tags
(``article:published_time``, ``itemprop=datePublished``, JSON-LD ``datePublished``, ``<time
datetime>``); a stamp with no zone gives its day only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import lxml.html

from ..events.dates import parse_published_time

# A metadata date this many days before the URL's or dateline's date is a stale template date.
_STALE_DAYS = 30
# A publication stamp up to a day after the capture is the zone difference, not an error.
_CAPTURE_SLACK = timedelta(days=1)
_META_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @property='og:published_time' or @itemprop='datePublished' or @name='pubdate'"
    " or @name='publish-date' or @name='date' or @name='dc.date.issued' or @name='DC.date.issued']/@content"
    " | //*[@itemprop='datePublished']/@datetime | //time[@pubdate]/@datetime"
)


@dataclass(frozen=True, slots=True)
class PublicationDate:
    day: date | None
    source: str | None  # option, metadata, url, file name, dateline; None when nothing gave one
    note: str | None = None  # a date set aside, and why


def choose_published(candidates: list[tuple[str, date | None]], *, captured: date | None,
                     today: date | None = None) -> PublicationDate:
    """The first trustworthy candidate of ``(source, date)`` pairs, best evidence first. With no
    capture date, ``today`` (the ingest day) bounds a publication date instead."""
    captured = captured or today or date.today()
    later_evidence = [d for k, d in candidates if k in ("url", "file name", "dateline") and d is not None]
    notes = []
    for source, day in candidates:
        if day is None:
            continue
        doubt = _doubt(day, captured, later_evidence) if source == "metadata" else None
        if doubt is None:
            return PublicationDate(day, source, "; ".join(notes) or None)
        notes.append(f"metadata date {day.isoformat()} not trusted: {doubt}")
    return PublicationDate(None, None, "; ".join(notes) or None)


def _doubt(day: date, captured: date | None, evidence: list[date]) -> str | None:
    if captured is not None and day > captured + _CAPTURE_SLACK:
        return f"after the capture on {captured.isoformat()}"
    stale = [d for d in evidence if d - day > timedelta(days=_STALE_DAYS)]
    if stale:
        return f"{(stale[0] - day).days} days before the date in the report's URL or dateline ({stale[0].isoformat()})"
    return None


def time_from_html(html: str) -> datetime | None:
    """The publication moment with its zone from the page's meta tags or JSON-LD, else None."""
    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # unparseable markup: extraction reports it; the time is optional
        return None
    stamps = [str(v) for v in root.xpath(_META_XPATH)] + _json_ld_stamps(root)
    return next((t for s in stamps if (t := parse_published_time(s.strip())) is not None), None)


def _json_ld_stamps(root) -> list[str]:
    stamps = []
    for script in root.xpath("//script[@type='application/ld+json']/text()"):
        try:
            value = json.loads(script)
        except ValueError:
            continue
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    stamps.append(item["datePublished"])
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return stamps
