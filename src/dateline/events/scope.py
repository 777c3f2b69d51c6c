"""The sentence an event is coded in, with what its events are read against (``SentenceScope``).

Every step after the triggers (``arguments.py``, ``assemble.py``, ``coder.py``) reads one
scope: the document id and sentence index that evidence points to, the parsed sentence, the
publication date and moment, the document's actors, the lexicon and the document's places.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from spacy.tokens import Span, Token

from ..nlp import text_of
from ..records import Evidence, TextSpan
from .actors import DocumentActors
from .lexicon import Lexicon
from .places import ReportPlaces


@dataclass(frozen=True, slots=True)
class SentenceScope:
    doc_id: str
    index: int
    sent: Span
    published: date | None
    context: DocumentActors  # shared with other stages resolving this document
    lex: Lexicon
    places: ReportPlaces = ReportPlaces.of(())  # the document's, grouped once per document
    published_time: datetime | None = None  # the publication moment with its zone, when known

    def span(self, tokens: list[Token]) -> TextSpan:
        """The text from the first to the last of ``tokens`` (None entries skipped)."""
        tokens = [t for t in tokens if t is not None]
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t.text) for t in tokens)
        return TextSpan(self.doc_id, start, end, text_of(self.sent.doc)[start:end])

    def text_span(self, span: Span) -> TextSpan:
        return TextSpan(self.doc_id, span.start_char, span.end_char, span.text)

    def text(self, tokens: list[Token]) -> str:
        return self.span(tokens).text

    def evidence(self, span: TextSpan) -> Evidence:
        return Evidence.of(span, self.index)
