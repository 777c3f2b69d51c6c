"""Dateline: news reports in, verifiable event data out."""
from __future__ import annotations

from .api import IngestSummary, ingest, ingest_paths
from .errors import DatelineError, InputError
from .events.actor_mention import resolve_mention
from .pipeline import process
from .records import Abstention, Actor, Analysis, Document, Event, EventDate, Evidence, Place, Quote, Sentence, TextSpan
from .store import EventFilter, Store

__version__ = "0.1.0"

__all__ = [
    "Abstention", "Actor", "Analysis", "DatelineError", "Document", "Event", "EventDate",
    "EventFilter", "Evidence", "IngestSummary", "InputError", "Place", "Quote", "Sentence",
    "Store", "TextSpan", "ingest", "ingest_paths", "process", "resolve_mention",
]
