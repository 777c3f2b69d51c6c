"""RSS/Atom feeds -> one report per entry: link, title, date, summary, and the body when carried."""
from __future__ import annotations

import calendar
from datetime import date, datetime, timezone
from typing import Iterator

from ..errors import InputError

# Entry content shorter than this is a teaser: the summary is the report text.
_MIN_BODY_CHARS = 200


def looks_like_feed(data: bytes) -> bool:
    head = data.lstrip()[:1024].lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) or head.startswith(
        (b"<rss", b"<feed")
    )


def read_feed(origin: str, data: bytes) -> Iterator[dict | InputError]:
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: str(parsed.get("bozo_exception")))()
        yield InputError(origin, f"not a readable RSS/Atom feed ({reason})")
        return
    site = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry(f"{origin} entry {number}", entry, site)


def _entry(where: str, entry, site: str | None) -> dict | InputError:
    body = max((c.get("value", "") for c in entry.get("content", [])), key=len, default="")
    summary = entry.get("summary", "") or ""
    item: dict = {
        "origin": where, "url": entry.get("link") or None, "title": entry.get("title") or None,
        "source": site, "published": _entry_date(entry), "published_time": _entry_time(entry),
        "input_format": "feed",
        "summary": _plain(summary) or None,
    }
    if len(body) >= _MIN_BODY_CHARS:
        item["html"] = body if "<" in body else f"<html><body><p>{body}</p></body></html>"
    elif summary.strip():
        item["text"] = "\n\n".join(p for p in (entry.get("title"), _plain(summary)) if p)
    else:
        return InputError(where, "feed entry has neither content nor summary")
    return item


def _entry_date(entry) -> date | None:
    moment = _entry_time(entry)
    return moment.date() if moment else None


def _entry_time(entry) -> datetime | None:
    """The entry's time in UTC (feedparser normalises every stamp to UTC)."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key):
            return datetime.fromtimestamp(calendar.timegm(entry[key]), tz=timezone.utc)
    return None


def _plain(fragment: str) -> str:
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    try:
        return " ".join(lxml.html.fragment_fromstring(fragment, create_parent="div").text_content().split())
    except Exception:  # a malformed fragment: its text without tags is better than nothing
        return fragment.strip()
