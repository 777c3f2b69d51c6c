"""Dates: publication dates from metadata strings, and event dates relative to publication."""
from __future__ import annotations

import re
from datetime import date, datetime

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
