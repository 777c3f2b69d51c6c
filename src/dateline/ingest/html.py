"""HTML pages -> main text and metadata, with trafilatura."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import trafilatura

from ..errors import InputError
from ..events.dates import parse_published


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    summary: str | None = None


def extract_page(origin: str, html: str, *, url: str | None = None) -> ExtractedPage:
    """Main text and metadata; comments are left out (they are not the report)."""
    try:
        result = trafilatura.bare_extraction(
            html, url=url, include_comments=False, include_tables=False, with_metadata=True
        )
    except Exception as e:  # trafilatura raises a variety of lxml/parsing errors
        raise InputError(origin, f"HTML could not be parsed ({type(e).__name__}: {e})") from e
    if result is None or not (result.text or "").strip():
        raise InputError(origin, "no article text found in the HTML page")
    return ExtractedPage(
        text=result.text,
        title=result.title or None,
        author=result.author or None,
        site=result.sitename or None,
        url=result.url or url,
        published=parse_published(result.date) if result.date else None,
        language=result.language or None,
        summary=result.description or None,
    )
