"""Latency of GET /events with filters on a store of generated events, served on 127.0.0.1.

Usage: python bench/api_speed.py [STORE.duckdb] [--events 1000000] [--requests 200]

Without a store path, a store is generated in a temporary folder (and removed afterwards); with
a path that does not exist yet, the store is generated there and kept for the next run. Events
are made up: documents of template sentences whose events carry real spans, actors, dates,
places and evidence, so the rows have the size and shape the coder produces. Prints p50/p99 per
query and ends with one JSON line.
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from dateline.records import Actor, Analysis, Document, Event, EventDate, Evidence, Place, Sentence, TextSpan
from dateline.store import Store

COUNTRIES = [
    ("USA", "The United States"), ("CHN", "China"), ("RUS", "Russia"), ("UKR", "Ukraine"),
    ("PRK", "North Korea"), ("KOR", "South Korea"), ("JPN", "Japan"), ("IRN", "Iran"),
    ("ISR", "Israel"), ("IND", "India"), ("PAK", "Pakistan"), ("TUR", "Turkey"), ("SYR", "Syria"),
    ("GBR", "Britain"), ("FRA", "France"), ("DEU", "Germany"), ("NGA", "Nigeria"), ("ETH", "Ethiopia"),
    ("SDN", "Sudan"), ("BRA", "Brazil"), ("MEX", "Mexico"), ("VEN", "Venezuela"), ("EGY", "Egypt"),
    ("SAU", "Saudi Arabia"), ("AFG", "Afghanistan"), ("IRQ", "Iraq"), ("YEM", "Yemen"),
    ("MMR", "Myanmar"), ("PHL", "The Philippines"), ("TWN", "Taiwan"),
]
VERBS = [
    ("ACCUSE", "accused"), ("ASSAULT", "attacked"), ("COERCE", "sanctioned"), ("CONSULT", "met"),
    ("COOPERATE", "signed an agreement with"), ("DEMAND", "demanded concessions from"),
    ("DISAPPROVE", "condemned"), ("MOBILIZE", "deployed troops near"), ("PROTEST", "protested against"),
    ("REJECT", "rejected a proposal from"), ("REQUEST", "asked for help from"), ("SUPPORT", "praised"),
    ("THREATEN", "threatened"), ("AID", "sent aid to"), ("RETREAT", "withdrew forces from"),
    ("AGREE", "agreed to talks with"),
]
PLACES = [("Geneva", 46.2, 6.15), ("Seoul", 37.57, 126.98), ("Kyiv", 50.45, 30.52), ("Beijing", 39.9, 116.4),
          ("Cairo", 30.04, 31.24), ("Lagos", 6.45, 3.39), ("Caracas", 10.49, -66.88), ("Manila", 14.6, 120.98)]
STATUSES = ["asserted"] * 8 + ["denied", "hypothetical"]


def generate(path: Path, n_events: int, *, per_doc: int = 10, seed: int = 7) -> None:
    """Write ``n_events`` events in documents of ``per_doc`` sentences, one event each."""
    rng = random.Random(seed)
    with Store(path) as store:
        batch: list[Analysis] = []
        for d in range((n_events + per_doc - 1) // per_doc):
            batch.append(_analysis(rng, d, min(per_doc, n_events - d * per_doc)))
            if len(batch) == 2000:
                store.write(batch)
                batch = []
        store.write(batch)


def _analysis(rng: random.Random, number: int, n_sentences: int) -> Analysis:
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    rows = [_sentence_parts(rng) for _ in range(n_sentences)]
    text = " ".join("".join(parts) for parts, _ in rows) + f" (report {number})"
    doc_id = Document.make_id(text)
    analysis = Analysis(Document(doc_id, text, source=f"wire{number % 40}", published_at=published, language="en"))
    offset = 0
    for index, (parts, meta) in enumerate(rows):
        sentence_text = "".join(parts)
        analysis.sentences.append(Sentence(doc_id, index, offset, offset + len(sentence_text), sentence_text))
        analysis.events.append(_event(rng, doc_id, index, offset, parts, meta, published))
        offset += len(sentence_text) + 1
    return analysis


def _sentence_parts(rng: random.Random) -> tuple[list[str], tuple]:
    actor, recipient = rng.sample(COUNTRIES, 2)
    verb = rng.choice(VERBS)
    place = rng.choice(PLACES)
    parts = [actor[1], " ", verb[1], " ", recipient[1], " in ", place[0], " on Tuesday."]
    return parts, (actor, verb, recipient, place)


def _event(rng, doc_id, index, offset, parts, meta, published) -> Event:
    (a_code, _), (etype, _), (r_code, _), (pname, lat, lon) = meta
    starts = [offset]
    for p in parts:
        starts.append(starts[-1] + len(p))

    def span(i: int) -> TextSpan:
        return TextSpan(doc_id, starts[i], starts[i + 1], parts[i])

    day = published - timedelta(days=rng.randrange(3))
    date_span = TextSpan(doc_id, starts[7] + 4, starts[8] - 1, "Tuesday")
    return Event(
        doc_id=doc_id, sentence_index=index, type=etype, trigger=span(2),
        actors=(Actor(country=a_code, span=span(0)),), recipients=(Actor(country=r_code, span=span(4)),),
        status=rng.choice(STATUSES), date=EventDate("day", day, day, "on Tuesday"),
        place=Place(doc_id, span(6), name=pname, latitude=lat, longitude=lon, precision="point", sentence_index=index),
        confidence=round(rng.random(), 3),
        evidence={"trigger": Evidence.of(span(2), index), "actor": Evidence.of(span(0), index),
                  "recipient": Evidence.of(span(4), index), "date": Evidence.of(date_span, index),
                  "place": Evidence.of(span(6), index)},
    )
