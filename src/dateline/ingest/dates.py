"""Publication dates found outside metadata: in a URL path or a wire dateline."""
from __future__ import annotations

import re
from datetime import date

# /2021/10/19/, /2021-10-19/, /20211019/ in a URL path; the year must be plausible for news.
_URL_DATE = re.compile(r"/((?:19[89]|20[0-4])\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|-|_|\.|$)")


# Metadata publication dates outside these years are errors, not dates: the stages count days
# back and forth from publication, and year 1 or 9999 leaves no room to do so.
EARLIEST_PUBLISHED, LATEST_PUBLISHED = date(1000, 1, 1), date(2999, 12, 31)


def implausible_published(published: date) -> str | None:
    """Why a metadata publication date cannot be used, or None when it can."""
    if EARLIEST_PUBLISHED <= published <= LATEST_PUBLISHED:
        return None
    return f"publication date {published.isoformat()} is outside {EARLIEST_PUBLISHED.year}-{LATEST_PUBLISHED.year}"


def date_from_url(url: str | None) -> date | None:
    if not url:
        return None
    match = _URL_DATE.search(url.split("?", 1)[0])
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def date_from_text(dateline: str | None) -> date | None:
    """The date of a dateline that states its year ("KYIV, June 15, 2023 (AP) -"); a month and
    day alone give no date: the year is not guessed."""
    if not dateline or not re.search(r"\b(19|20)\d{2}\b", dateline):
        return None
    from ..events.dates import parse_published

    match = re.search(r"[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*\d{4}", dateline)
    return parse_published(match.group(0)) if match else None
