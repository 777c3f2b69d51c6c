"""HTML pages -> main text and metadata: trafilatura first, readability-lxml as the fallback.

trafilatura runs in its precision mode with tables kept and comments left out (they are not
the report); measured on the scrapinghub benchmark (bench/extraction.py) this beats its default
mode, its recall mode, readability-lxml alone, and paragraph-level agreement between the two.
When precision mode keeps too little (an unusual template), the default mode and then
readability-lxml's main block are tried and the longest result is taken. Otherwise the two
extractors are made to agree at the edges, where extractors err (bylines, bios, related links):
a first or last paragraph of trafilatura's text that shares no 4-word shingle with
readability-lxml's text is dropped, as long as readability-lxml found a comparable amount of text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import lxml.html
import trafilatura

from ..errors import InputError
from ..events.dates import parse_published
from .published import time_from_html

# Below this many characters the precision-mode text is taken to have missed the article.
_SHORT_TEXT_CHARS = 250
# Edge trimming is only trusted when readability's text is at least this share of trafilatura's.
_MIN_AGREEMENT_BASIS = 0.5
# Paragraphs shorter than this (in words) are too short to compare and end the trimming.
_MIN_COMPARABLE_WORDS = 4
_SHINGLE = 4
_TOKEN = re.compile(r"\w+", re.UNICODE)
_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "br")


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
    published_time: datetime | None = None  # the meta tags' moment with its zone


def extract_page(origin: str, html: str, *, url: str | None = None) -> ExtractedPage:
    """Main text and metadata of one page; InputError when the page holds no article text."""
    result = _trafilatura(origin, html, url, favor_precision=True)
    text = (result.text or "").strip() if result is not None else ""
    if len(text) < _SHORT_TEXT_CHARS:
        text = max([text, _trafilatura_text(origin, html, url), _readability_text(html)], key=len)
    else:
        text = _trim_unsupported_edges(text, _readability_text(html))
    if not text:
        if not _has_visible_text(html):
            raise InputError(origin, "no visible text in the page (only scripts, styles or markup)")
        raise InputError(origin, "no article text found in the HTML page")
    meta = result if result is not None else _metadata_only(origin, html, url)
    return ExtractedPage(
        text=text,
        title=getattr(meta, "title", None) or None,
        author=getattr(meta, "author", None) or None,
        site=getattr(meta, "sitename", None) or None,
        url=getattr(meta, "url", None) or url,
        published=parse_published(meta.date) if getattr(meta, "date", None) else None,
        language=getattr(meta, "language", None) or None,
        summary=getattr(meta, "description", None) or None,
        published_time=time_from_html(html),
    )


def _trafilatura(origin: str, html: str, url: str | None, *, favor_precision: bool):
    try:
        return trafilatura.bare_extraction(
            html, url=url, include_comments=False, include_tables=True,
            favor_precision=favor_precision, with_metadata=True,
        )
    except Exception as e:  # trafilatura raises a variety of lxml/parsing errors
        raise InputError(origin, f"HTML could not be parsed ({type(e).__name__}: {e})") from e


def _trafilatura_text(origin: str, html: str, url: str | None) -> str:
    result = _trafilatura(origin, html, url, favor_precision=False)
    return (result.text or "").strip() if result is not None else ""


def _metadata_only(origin: str, html: str, url: str | None):
    try:
        return trafilatura.extract_metadata(html, default_url=url)
    except Exception:  # metadata is optional; the text was found by the fallback
        return None


def _readability_text(html: str) -> str:
    from readability import Document as ReadableDocument

    try:
        fragment = ReadableDocument(html).summary(html_partial=True)
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # readability fails on some malformed pages; it is only a fallback
        return ""
    for tag in root.iter(*_BLOCK_TAGS):
        tag.tail = "\n" + (tag.tail or "")
    return re.sub(r"\n\s*\n+", "\n", re.sub(r"[ \t]+", " ", root.text_content())).strip()


def _trim_unsupported_edges(text: str, other: str) -> str:
    if len(other) < _MIN_AGREEMENT_BASIS * len(text):
        return text
    support = _shingles(other)
    paragraphs = [p for p in text.split("\n") if p.strip()]

    def unsupported(paragraph: str) -> bool:
        own = _shingles(paragraph)
        return len(paragraph.split()) >= _MIN_COMPARABLE_WORDS and not (own & support)

    while len(paragraphs) > 1 and unsupported(paragraphs[-1]):
        paragraphs.pop()
    while len(paragraphs) > 1 and unsupported(paragraphs[0]):
        paragraphs.pop(0)
    return "\n".join(paragraphs)


def _shingles(text: str) -> set[str]:
    tokens = _TOKEN.findall(text)
    return {" ".join(tokens[i : i + _SHINGLE]) for i in range(max(1, len(tokens) - _SHINGLE + 1))}


def _has_visible_text(html: str) -> bool:
    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # unparseable markup: let trafilatura report it
        return True
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    return bool(re.search(r"\w", root.text_content()))
