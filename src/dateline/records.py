"""Typed records passed between pipeline stages.

Stages may read a spaCy ``Doc`` but only these records leave a stage: the store, linking,
Spark and the HTTP API see nothing else. All records are frozen dataclasses; offsets are
character offsets into ``Document.clean_text``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime
from typing import Any


def content_hash(*parts: Any, length: int = 16) -> str:
    """One id recipe for every record: JSON with sorted keys, then SHA-256 (sqlite-utils' hash_record)."""
    payload = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A run of characters in a document's clean text (not spaCy's token-indexed ``Span``)."""

    doc_id: str
    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a field's value came from: the sentence and the exact characters."""

    doc_id: str
    sentence_index: int
    start_char: int
    end_char: int
    text: str

    @classmethod
    def of(cls, span: TextSpan, sentence_index: int) -> "Evidence":
        return cls(span.doc_id, sentence_index, span.start_char, span.end_char, span.text)


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int
    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned report. ``id`` is the hash of the clean text, so the same report is one row."""

    id: str
    clean_text: str
    raw_text: str = ""
    url: str | None = None
    source: str | None = None
    title: str | None = None
    summary: str | None = None
    author: str | None = None
    published_at: date | None = None
    language: str | None = None
    input_format: str | None = None
    origin: str | None = None
    captured_at: date | None = None  # when an archive (WARC) captured the page
    date_source: str | None = None  # where published_at came from: option, metadata, url, dateline; None if missing
    # The publication moment with its zone when the input gave one (``process(published=...)``, a
    # JSONL/CSV/crawler-JSON stamp with time and zone, a feed entry's stamp, HTML meta tags); stored
    # with its offset. Weekdays resolve in the event's local time with it.
    published_time: datetime | None = None
    date_note: str | None = None  # a publication date set aside as untrustworthy, and why

    @staticmethod
    def make_id(clean_text: str) -> str:
        return content_hash(clean_text.strip())


@dataclass(frozen=True, slots=True)
class Actor:
    """A normalised actor: who, as a country/IGO code, a sector and a person's name.

    ``role`` is the person's role on the event's date (e.g. "head of state", "former head of
    state"); empty when the text and dictionary do not say. ``span`` is the mention.
    """

    country: str | None = None
    sector: str | None = None
    name: str | None = None
    role: str | None = None
    span: TextSpan | None = None
    source: str | None = None  # dictionary entry the resolution came from

    def code(self) -> str:
        return "".join(p for p in (self.country or "", self.sector or "") if p) or "---"


@dataclass(frozen=True, slots=True)
class EventDate:
    """When something happened, resolved against the publication date.

    ``precision`` is one of day, month, year, range, since, report, unknown. ``start``/``end``
    bound the interval (equal for a day); ``report`` is the report window (news with no date of
    its own: some days before publication to publication). ``text`` is the expression the date
    came from; ``rule`` says how it was decided (or why it stays unknown).
    """

    precision: str = "unknown"
    start: date | None = None
    end: date | None = None
    text: str | None = None
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym or an unnamed place description, resolved to a gazetteer entry when named."""

    doc_id: str
    span: TextSpan
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    precision: str | None = None  # point, admin, country, unnamed
    sentence_index: int | None = None
    origin: str | None = None  # for an event's place: "sentence" or "context"
    usage: str = "place"  # place, dateline, metonym (an actor: "Seoul said"), demonym ("Japanese")

    @property
    def id(self) -> str:
        return content_hash("place", self.doc_id, self.span.start_char, self.span.end_char)


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event mention.

    ``evidence`` maps each filled field name to its Evidence; ``missing`` maps each field the
    text does not support to the reason ("not stated", "unknown per source", ...). One Event is
    one happening of one report: ``mentions`` holds each sentence that states it.
    """

    doc_id: str
    sentence_index: int
    type: str
    trigger: TextSpan
    mode: str | None = None
    context: str | None = None
    cameo: str | None = None
    score: float | None = None
    actors: tuple[Actor, ...] = ()
    recipients: tuple[Actor, ...] = ()
    status: str = "asserted"
    reported_by: tuple[Actor, ...] = ()
    date: EventDate = field(default_factory=EventDate)
    place: Place | None = None
    confidence: float = 0.0
    evidence: dict[str, Evidence] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    # every sentence of the report that states this happening (headline, lead, restatements),
    # this one first; empty for an event read before mentions were kept
    mentions: tuple[Evidence, ...] = ()

    @property
    def id(self) -> str:
        return content_hash("event", self.doc_id, self.type, self.trigger.start_char, self.trigger.end_char)


@dataclass(frozen=True, slots=True)
class Quote:
    doc_id: str
    content: TextSpan
    kind: str  # direct, indirect, mixed
    sentence_index: int
    speaker: TextSpan | None = None
    speaker_actor: Actor | None = None
    cue: TextSpan | None = None
    date: EventDate = field(default_factory=EventDate)
    confidence: float = 0.0
    scare: bool = False
    continues: str | None = None  # id of the quote this one continues (a paragraph with no cue)
    speaker_name: TextSpan | None = None  # the named mention ``speaker`` refers to ("he" -> "Sung Kim")

    @property
    def id(self) -> str:
        return content_hash("quote", self.doc_id, self.content.start_char, self.content.end_char)


@dataclass(frozen=True, slots=True)
class Abstention:
    """Something a stage saw but did not code, and why: the precision debugging list."""

    doc_id: str
    stage: str
    sentence_index: int | None
    reason: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Support:
    """One event mention backing a canonical event or one of its values."""

    event_id: str
    doc_id: str
    source: str | None = None
    published_at: date | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One value reported for a field of a canonical event, with every mention that reports it."""

    field: str
    value: str
    support: tuple[Support, ...] = ()
    n_sources: int = 0
    canonical: bool = False


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """A field a report said was unknown; answered when a later report gives it."""

    key: str
    label: str
    asked_by: tuple[Support, ...] = ()
    answer: str | None = None
    answered_by: Support | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None


@dataclass(frozen=True, slots=True)
class CanonicalEvent:
    """One real-world event merged from its mentions across reports (see ``link.py``)."""

    id: str
    type: str
    mode: str | None = None
    actors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    date: EventDate = field(default_factory=EventDate)
    mentions: tuple[Support, ...] = ()
    first_reported: date | None = None
    last_reported: date | None = None
    n_sources: int = 0
    fields: tuple[FieldValue, ...] = ()
    questions: tuple[OpenQuestion, ...] = ()
    # the strongest support's status (asserted > reported > hedged) and the mentions that only
    # report or hedge it ("reportedly fired")
    status: str = "asserted"
    hedges: tuple[Support, ...] = ()

    def value(self, name: str) -> str | None:
        """The best-supported value of a field, or None when no report gives it."""
        return next((f.value for f in self.fields if f.field == name and f.canonical), None)

    def disagreements(self) -> dict[str, tuple[FieldValue, ...]]:
        """Fields for which reports give more than one value."""
        names = sorted({f.field for f in self.fields})
        found = {n: tuple(f for f in self.fields if f.field == n) for n in names}
        return {n: values for n, values in found.items() if len(values) > 1}


@dataclass(frozen=True, slots=True)
class Tracker:
    """A saved query over canonical events (a watchlist)."""

    name: str
    actor: str | None = None
    type: str | None = None
    mode: str | None = None


@dataclass(frozen=True, slots=True)
class AlertReport:
    """A report behind an alert: the document and where it came from."""

    doc_id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published_at: date | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """One change a tracker saw (``alerts.py``): kind is new-event, answered, disagreement or
    confirmed. ``id`` hashes the tracker, the kind and what changed, so it fires once."""

    id: str
    tracker: str
    kind: str
    canonical_id: str
    summary: str
    reports: tuple[AlertReport, ...] = ()
    created_at: datetime | None = None


@dataclass(slots=True)
class Analysis:
    """Everything the pipeline produced for one document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    abstentions: list[Abstention] = field(default_factory=list)


def to_dict(record: Any) -> dict[str, Any]:
    """A JSON-ready dict of a record (dates as ISO strings)."""
    return _jsonable(record)


def _jsonable(value: Any) -> Any:
    # Walks the dataclasses itself: dataclasses.asdict deep-copies every leaf, which made
    # writing events to the store cost ~1.5 ms each (bench/api_speed.py generation).
    if isinstance(value, _SCALARS):
        return value
    names = _field_names(type(value))
    if names is not None:
        return {name: _jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


_SCALARS = (str, int, float, type(None))


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...] | None:
    import dataclasses

    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def from_dict(cls: type, data: Any) -> Any:
    """Rebuild a record (and its nested records) from ``to_dict`` output."""
    if data is None:
        return None
    kwargs = {}
    for name, decode in _field_decoders(cls):
        if name in data:
            value = data[name]
            kwargs[name] = value if value is None or decode is _unchanged else decode(value)
    return cls(**kwargs)


@lru_cache(maxsize=None)
def _field_decoders(cls: type) -> tuple[tuple[str, Any], ...]:
    """(field name, decoder) per field, built once per class: get_type_hints re-evaluates the
    string annotations on every call (it made reading 50 events from the store take ~0.5 s)."""
    import typing

    hints = typing.get_type_hints(cls)
    return tuple((name, _decoder(hints[name])) for name in _field_names(cls))


def _decode(hint: Any, value: Any) -> Any:
    return None if value is None else _decoder(hint)(value)


@lru_cache(maxsize=None)
def _decoder(hint: Any) -> Any:
    """A function turning JSON data into a value of type ``hint``, built once per type."""
    import dataclasses
    import types
    import typing

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _decoder(inner[0]) if len(inner) == 1 else _unchanged
    if origin in (tuple, list, dict):
        item = _decoder(args[-1] if origin is dict else args[0])
        if item is _unchanged:
            return tuple if origin is tuple else _unchanged
        if origin is dict:
            return lambda value: {k: None if v is None else item(v) for k, v in value.items()}
        return lambda value: origin(None if v is None else item(v) for v in value)
    if dataclasses.is_dataclass(hint):
        return lambda value: from_dict(hint, value)
    if hint is date:
        return lambda value: date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return _unchanged


def _unchanged(value: Any) -> Any:
    return value
