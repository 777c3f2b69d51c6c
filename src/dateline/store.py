"""The only module that speaks SQL: a DuckDB file holding documents and everything coded.

All statements are parameterised. The schema is versioned: ``MIGRATIONS`` is applied in order
and the version recorded, so an old file is upgraded on open. Writes happen per batch in one
transaction: an interrupted ingest loses nothing already committed, and ids are content hashes
so a re-run inserts only what is missing.
"""
from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import duckdb
import pyarrow as pa

from . import settings
from .errors import StoreError
from .records import (
    Alert, AlertReport, Analysis, CanonicalEvent, Document, Event, Place, Quote, Sentence, Tracker, from_dict,
    to_dict,
)

# page_key is one 128-bit number in the "date" order: days since 1900 (undated last), document
# id, sentence, then the event id to make it unique; a single numeric key sorts several times
# faster than the columns it stands for. Actor codes as '|PRK|USA|' strings: a substring test
# is faster than searching a list. Derived in SQL only, so every write path gets them.
_FILL_EVENT_KEYS = """
    UPDATE events SET
        page_key = (((least(greatest(coalesce(date_start - DATE '1900-01-01', 65535), 0), 65535)::BIGINT << 47)
                     | (('0x' || left(doc_id, 10))::BIGINT << 7)
                     | least(greatest(sentence_index, 0), 127))::HUGEINT << 60)
                   | ('0x' || left(id, 15))::BIGINT,
        actor_key = '|' || array_to_string(actor_countries, '|') || '|',
        recipient_key = '|' || array_to_string(recipient_countries, '|') || '|'
    WHERE page_key IS NULL
"""

# Statuses the coder sets (events/modality.py) as one-byte keys: comparing a byte over a million
# rows is several times faster than comparing text. Another status gets 0 and is filtered on
# the text column.
EVENT_STATUS_KEYS = {
    "asserted": 1, "reported": 2, "hedged": 3, "planned": 4, "conditional": 5, "hypothetical": 6,
    "negated": 7, "denied": 8,
}
_FILL_FILTER_KEYS = f"""
    UPDATE events SET
        status_key = CASE status {" ".join(f"WHEN '{s}' THEN {k}" for s, k in EVENT_STATUS_KEYS.items())} ELSE 0 END,
        date_last = coalesce(date_end, date_start)
    WHERE status_key IS NULL
"""

# What a listing row needs besides the record: its document's rowid (documents are never
# deleted or rewritten) and a copy of its sentence's text. A page of events then reads its
# headlines by rowid and its sentences with its records, where a lookup by doc_id scanned every
# sentence of the store, and reading sentences by rowid decoded a compressed block per event
# (bench/api_speed.py: most of a page's time on a million events). In page order after
# ``optimize``, a date-ordered page's sentences sit together. Filled after the insert
# committed (inside its transaction new rows have provisional rowids); a document rowid left
# unfilled is made up by the next write; a row left without either is looked up by id.
_FILL_DOCUMENT_ROWIDS = """
    UPDATE events SET document_rowid = d.rowid FROM documents d
    WHERE events.document_rowid IS NULL AND d.id = events.doc_id;
"""
_FILL_SENTENCE_TEXTS = """
    UPDATE events SET sentence_text = s.text FROM {sentences} s
    WHERE events.sentence_text IS NULL AND s.doc_id = events.doc_id AND s.idx = events.sentence_index;
"""
_FILL_LISTING = _FILL_DOCUMENT_ROWIDS + _FILL_SENTENCE_TEXTS.format(sentences="sentences")

# The search index's words: runs of letters and digits, lower-cased (search.words in Python).
_WORD_PATTERN = r"[\p{L}\p{N}]+"
_SENTENCE_LENGTHS = (
    "SELECT sid, doc_id, idx, len(regexp_extract_all(lower(text), '" + _WORD_PATTERN + "'))::INTEGER FROM {source}"
)
# {source}: sentences with their rowid as sid (a search reads its hits' text by rowid: a join on
# (doc_id, idx) read every sentence's text, 1.7 s over two million)
_SENTENCE_POSTINGS = (
    "SELECT hash(term), sid, doc_id, idx, count(*)::INTEGER, any_value(n)::INTEGER FROM ("
    "SELECT sid, doc_id, idx, unnest(w) AS term, len(w) AS n FROM ("
    "SELECT sid, doc_id, idx, regexp_extract_all(lower(text), '" + _WORD_PATTERN + "') AS w FROM {source})"
    ") GROUP BY term, sid, doc_id, idx"
)
_SENTENCES_FROM = "(SELECT rowid AS sid, doc_id, idx, text FROM sentences WHERE rowid >= {first})"

MIGRATIONS: list[str] = [
    # 1: documents, sentences, coded records, abstentions
    """
    CREATE TABLE documents (
        id VARCHAR PRIMARY KEY, url VARCHAR, source VARCHAR, title VARCHAR, summary VARCHAR,
        author VARCHAR, published_at DATE, language VARCHAR, input_format VARCHAR,
        origin VARCHAR, raw_text VARCHAR, clean_text VARCHAR, ingested_at TIMESTAMP
    );
    CREATE TABLE sentences (
        doc_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER, text VARCHAR,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE TABLE events (
        id VARCHAR PRIMARY KEY, doc_id VARCHAR, sentence_index INTEGER, type VARCHAR,
        mode VARCHAR, context VARCHAR, cameo VARCHAR, score DOUBLE, status VARCHAR,
        confidence DOUBLE, date_precision VARCHAR, date_start DATE, date_end DATE,
        actor_countries VARCHAR[], recipient_countries VARCHAR[], actor_text VARCHAR,
        recipient_text VARCHAR, trigger_text VARCHAR, record JSON
    );
    CREATE TABLE quotes (
        id VARCHAR PRIMARY KEY, doc_id VARCHAR, sentence_index INTEGER, kind VARCHAR,
        speaker_text VARCHAR, speaker_country VARCHAR, speaker_name VARCHAR, cue_text VARCHAR,
        content_text VARCHAR, date_start DATE, scare BOOLEAN, confidence DOUBLE, record JSON
    );
    CREATE TABLE places (
        id VARCHAR PRIMARY KEY, doc_id VARCHAR, sentence_index INTEGER, start_char INTEGER,
        end_char INTEGER, text VARCHAR, name VARCHAR, country VARCHAR, feature_class VARCHAR,
        latitude DOUBLE, longitude DOUBLE, geonames_id BIGINT, precision VARCHAR, record JSON
    );
    CREATE TABLE abstentions (
        doc_id VARCHAR, stage VARCHAR, sentence_index INTEGER, reason VARCHAR, text VARCHAR
    );
    CREATE INDEX events_doc ON events (doc_id);
    CREATE INDEX quotes_doc ON quotes (doc_id);
    CREATE INDEX places_doc ON places (doc_id);
    """,
    # 2: capture date and date provenance; every source of a (near-)duplicate story
    """
    ALTER TABLE documents ADD COLUMN captured_at DATE;
    ALTER TABLE documents ADD COLUMN date_source VARCHAR;
    CREATE TABLE document_sources (
        doc_id VARCHAR, origin VARCHAR, url VARCHAR, source VARCHAR, title VARCHAR,
        published_at DATE, input_format VARCHAR, similarity DOUBLE, ingested_at TIMESTAMP,
        PRIMARY KEY (doc_id, origin)
    );
    """,
    # 3: linking (issue 10): mentions -> canonical events, their field values, questions; trackers
    """
    CREATE TABLE link_mentions (
        id VARCHAR PRIMARY KEY, doc_id VARCHAR, type VARCHAR, window_start DATE,
        window_end DATE, canonical_id VARCHAR, record VARCHAR
    );
    CREATE TABLE canonical_events (
        id VARCHAR PRIMARY KEY, type VARCHAR, mode VARCHAR, actors VARCHAR[],
        recipients VARCHAR[], date_precision VARCHAR, date_start DATE, date_end DATE,
        first_reported DATE, last_reported DATE, n_mentions INTEGER, n_sources INTEGER,
        record JSON
    );
    CREATE TABLE canonical_fields (
        canonical_id VARCHAR, field VARCHAR, value VARCHAR, canonical BOOLEAN,
        n_sources INTEGER, n_mentions INTEGER
    );
    CREATE TABLE canonical_questions (
        canonical_id VARCHAR, key VARCHAR, label VARCHAR, answer VARCHAR, answered_by_doc VARCHAR
    );
    CREATE TABLE trackers (
        name VARCHAR PRIMARY KEY, actor VARCHAR, type VARCHAR, mode VARCHAR, created_at TIMESTAMP
    );
    CREATE INDEX link_mentions_window ON link_mentions (type, window_start);
    CREATE INDEX link_mentions_canonical ON link_mentions (canonical_id);
    CREATE INDEX link_mentions_doc ON link_mentions (doc_id);
    """,
    # 4: keys for fast filtered paging of events (GET /events on a million rows, see
    # bench/api_speed.py); filled by _FILL_EVENT_KEYS here and after every insert.
    """
    ALTER TABLE events ADD COLUMN page_key HUGEINT;
    ALTER TABLE events ADD COLUMN actor_key VARCHAR;
    ALTER TABLE events ADD COLUMN recipient_key VARCHAR;
    """ + _FILL_EVENT_KEYS + ";\n",
    # 5: linking looks stored mentions up by (type, actor, window); links made before are
    # dropped (no actor rows): `dateline link` rebuilds them
    """
    CREATE TABLE link_mention_actors (
        id VARCHAR, type VARCHAR, actor VARCHAR, window_start DATE, window_end DATE
    );
    CREATE INDEX link_mention_actors_key ON link_mention_actors (type, actor);
    DELETE FROM link_mentions;
    DELETE FROM canonical_events;
    DELETE FROM canonical_fields;
    DELETE FROM canonical_questions;
    """,
    # 6: GET /events on a million rows (bench/api_speed.py): status as a small integer, the
    # date an event lasts to as a plain column (its zone maps skip row groups), and how many
    # events ``Store.optimize`` left in page order
    """
    ALTER TABLE events ADD COLUMN status_key UTINYINT;
    ALTER TABLE events ADD COLUMN date_last DATE;
    CREATE TABLE event_order (sorted_events BIGINT);
    """ + _FILL_FILTER_KEYS + ";\n",
    # 7: near-duplicate lookup without re-hashing stored texts (dedupe.py); filled on first use
    """
    CREATE TABLE minhash_signatures (doc_id VARCHAR, scheme VARCHAR, signature UBIGINT[]);
    CREATE TABLE minhash_bands (key BIGINT, doc_id VARCHAR);
    CREATE INDEX minhash_signatures_doc ON minhash_signatures (doc_id, scheme);
    CREATE INDEX minhash_bands_key ON minhash_bands (key);
    """,
    # 8: full-text search (search.py): the store's own word index, kept by every write, and
    # the sentence count DuckDB's fts index was last built at
    """
    CREATE TABLE search_postings (term UBIGINT, sid BIGINT, doc_id VARCHAR, idx INTEGER, tf INTEGER, len INTEGER);
    CREATE TABLE search_lengths (sid BIGINT, doc_id VARCHAR, idx INTEGER, len INTEGER);
    CREATE TABLE search_fts_state (sentences BIGINT);
    """ + "INSERT INTO search_lengths " + _SENTENCE_LENGTHS.replace("{source}", _SENTENCES_FROM.replace("{first}", "0")) + ";\n"
    + "INSERT INTO search_postings "
    + _SENTENCE_POSTINGS.replace("{source}", _SENTENCES_FROM.replace("{first}", "0")) + ";\n",
    # 9: watching sources (watch/): each polled feed or sitemap, each article URL seen, rounds;
    # alerts per tracker (alerts.py), the mentions a tracker has already reported, webhooks
    """
    CREATE TABLE watch_sources (
        url VARCHAR PRIMARY KEY, name VARCHAR, etag VARCHAR, last_modified VARCHAR,
        last_polled TIMESTAMP, last_ok TIMESTAMP, failures INTEGER, last_error VARCHAR,
        items INTEGER
    );
    CREATE TABLE watch_items (
        url VARCHAR PRIMARY KEY, source_url VARCHAR, state VARCHAR, attempts INTEGER,
        error VARCHAR, first_seen TIMESTAMP, last_tried TIMESTAMP
    );
    CREATE TABLE watch_rounds (started_at TIMESTAMP, finished_at TIMESTAMP);
    CREATE SEQUENCE alert_order;
    CREATE TABLE alerts (
        id VARCHAR PRIMARY KEY, tracker VARCHAR, kind VARCHAR, canonical_id VARCHAR,
        summary VARCHAR, reports JSON, created_at TIMESTAMP, delivered_at TIMESTAMP,
        seq BIGINT DEFAULT nextval('alert_order')  -- the order alerts were raised in
    );
    CREATE INDEX alerts_tracker ON alerts (tracker, seq);
    CREATE TABLE alert_mentions (tracker VARCHAR, mention_id VARCHAR, PRIMARY KEY (tracker, mention_id));
    CREATE TABLE tracker_webhooks (tracker VARCHAR PRIMARY KEY, url VARCHAR);
    """,
    # 10: the publication moment with the publisher's offset (ISO text) and why a date was set aside (issue 18)
    """
    ALTER TABLE documents ADD COLUMN published_time VARCHAR;
    ALTER TABLE documents ADD COLUMN date_note VARCHAR;
    """,
    # 11: each event's document rowid and sentence text, for listing pages (issue 21)
    """
    ALTER TABLE events ADD COLUMN document_rowid BIGINT;
    ALTER TABLE events ADD COLUMN sentence_text VARCHAR;
    """ + _FILL_LISTING,
]

TABLES = ("documents", "sentences", "events", "quotes", "places", "abstentions", "document_sources")
_DOC_COLUMNS = (
    "id", "url", "source", "title", "summary", "author", "published_at", "language",
    "input_format", "origin", "raw_text", "clean_text", "captured_at", "date_source",
    "published_time", "date_note",
)
_DATE_COLUMNS = ("published_at", "captured_at")


@dataclass(frozen=True, slots=True)
class EventFilter:
    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    status: tuple[str, ...] | None = ("asserted",)
    since: date | None = None
    until: date | None = None
    doc_id: str | None = None
    limit: int | None = None
    offset: int = 0
    sort: str = "date"  # a key of EVENT_SORTS
    after: str | None = None  # EventPage.next_after of the page before: rows after it, in this sort
    # issue 17: the rest of the schema's filterable fields (see FILTERS)
    mode: str | None = None
    place_country: str | None = None
    source: str | None = None
    min_confidence: float | None = None
    canonical_id: str | None = None
    text: str | None = None  # every word of it in the event's sentence (search.py's words, word index)


# The event filters users set, by the name the CLI (--name), the API (?name=) and the UI use,
# with the EventFilter field each sets and its help. One table, so the three cannot differ.
FILTERS: dict[str, tuple[str, str]] = {
    "actor": ("actor", "Actor country/IGO code, e.g. PRK."),
    "recipient": ("recipient", "Recipient country/IGO code, e.g. USA."),
    "type": ("type", "PLOVER event type, e.g. MOBILIZE."),
    "mode": ("mode", "PLOVER mode, e.g. weapons."),
    "status": ("status", "Status to list (repeatable); default asserted; 'all' for every status."),
    "since": ("since", "Events on or after this date, YYYY-MM-DD (a dated range counts when it overlaps)."),
    "until": ("until", "Events on or before this date, YYYY-MM-DD (a dated range counts when it overlaps)."),
    "doc": ("doc_id", "Only events of this document (its id)."),
    "country": ("place_country", "Country of the event's place (ISO3), e.g. TUR."),
    "source": ("source", "Source of the event's report, e.g. 'Dateline Wire' (case-insensitive)."),
    "min_confidence": ("min_confidence", "Events with at least this confidence (0..1)."),
    "canonical": ("canonical_id", "Only mentions of this canonical event (id or prefix)."),
    "text": ("text", "Words that must all appear in the event's sentence."),
}


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of events as ``to_dict`` records, and the cursor of the page after it (None
    when this page is the last)."""

    records: list[dict[str, Any]]
    next_after: str | None
    # (document rowid, sentence text) of each record, for ``Store.flat_rows``
    located: list[tuple[int | None, str | None]] | None = None


# sort -> (column sorted first, or None for the date order alone; descending). Every order
# ends on page_key, unique per event, so pages never overlap or skip rows.
EVENT_SORTS: dict[str, tuple[str | None, bool]] = {
    "date": (None, False),
    "-date": (None, True),
    "confidence": ("confidence", False),
    "-confidence": ("confidence", True),
    "type": ("type", False),
}


def open_waiting(path: str | Path, *, read_only: bool = False, wait: float = 0.0,
                 on_wait: Any = None) -> "Store":
    """Open a store, waiting up to ``wait`` seconds while another process holds a conflicting
    lock (DuckDB: one process may write a file, or any number read it). ``on_wait(message)`` is
    called once when waiting starts; after ``wait`` the StoreError says who holds the file."""
    import time

    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            return Store(path, read_only=read_only)
        except StoreError as e:
            holder = _lock_holder(str(e))
            if holder is None:
                raise
            if time.monotonic() >= deadline:
                raise StoreError(str(path), _locked_message(holder, read_only, wait)) from e
            if on_wait and not told:
                on_wait(f"{path}: {'written' if read_only else 'open'} by {holder}; waiting up to {wait:.0f} s "
                        "for it to close (Ctrl-C to stop)")
                told = True
            time.sleep(0.2)


def _lock_holder(message: str) -> str | None:
    """'process PID n' when ``message`` is DuckDB's lock conflict, else None."""
    import re

    if "Could not set lock" not in message:
        return None
    pid = re.search(r"\(PID (\d+)\)", message)
    return f"process PID {pid.group(1)}" if pid else "another process"


def _locked_message(holder: str, read_only: bool, wait: float) -> str:
    if read_only:
        return (f"being written by {holder} (an ingest, or `dateline serve --allow-write` during a write) "
                f"after waiting {wait:.0f} s; retry with a longer --wait")
    return (f"open in {holder} (a `dateline serve`, or another command) after waiting {wait:.0f} s. "
            "Reads work beside a server; to write while serving, start it with --allow-write and make the "
            "change through it (UI /ui/trackers, POST /documents), or stop it, or retry with a longer --wait")


class Store:
    """A DuckDB file (or ``":memory:"``). One writer; open it once per process."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = str(path or settings.get("db_path"))
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as e:
            raise StoreError(self.path, f"cannot open database ({e})") from e
        self._counts: dict[Any, tuple] = {}  # count_events per filter and search stats, shared with cursors
        if not read_only:
            self._migrate()

    def close(self) -> None:
        self.con.close()

    def cursor(self) -> "Store":
        """A handle on the same database for another thread: a DuckDB connection is not
        thread-safe, its cursors are. Close it when done; the parent stays open."""
        handle = object.__new__(type(self))
        handle.path, handle.con, handle._counts = self.path, self.con.cursor(), self._counts
        return handle

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -----------------------------------------------------------------------------
    def _migrate(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
        row = self._one("SELECT max(version) FROM schema_version")
        current = row[0] or 0
        for version, sql in enumerate(MIGRATIONS[current:], start=current + 1):
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute(sql)
            self.con.execute("INSERT INTO schema_version VALUES (?)", [version])
            self.con.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return self._one("SELECT max(version) FROM schema_version")[0]

    # -- writing ----------------------------------------------------------------------------
    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        """The first row of a query, reading the result to its end (DuckDB 2 refuses to register
        a table on a connection whose last result is unfinished)."""
        rows = self.con.execute(sql, params).fetchall()
        return rows[0] if rows else None

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT id FROM documents WHERE list_contains(?, id)", [list(ids)]
        ).fetchall()
        return {r[0] for r in rows}

    def write(self, analyses: Sequence[Analysis]) -> int:
        """Write a batch in one transaction; documents already stored are skipped. Returns new."""
        fresh = self._fresh(analyses)
        if not fresh:
            return 0
        self._insert_tables(_batch_tables(fresh))
        return len(fresh)

    def write_tables(self, tables: dict[str, pa.Table]) -> int:
        """Write tables shaped like the store's (``arrow()`` of another store, Spark shards).

        ``tables`` holds each document once and every other table's rows by ``doc_id``. One
        transaction; documents already stored are skipped with all their rows, as ``write``
        does, so loading the same tables twice changes nothing. Returns new documents.
        """
        import pyarrow.compute as pc

        documents = tables["documents"]
        ids = documents.column("id").to_pylist()
        seen = self.existing_ids(ids)
        fresh_rows: list[int] = []
        for row, doc_id in enumerate(ids):
            if doc_id not in seen:
                seen.add(doc_id)
                fresh_rows.append(row)
        if not fresh_rows:
            return 0
        fresh_ids = pa.array([ids[row] for row in fresh_rows], pa.string())
        kept = {"documents": documents.take(pa.array(fresh_rows, pa.int64()))}
        for name, table in tables.items():
            if name != "documents":
                kept[name] = table.filter(pc.is_in(table.column("doc_id"), value_set=fresh_ids))
        self._insert_tables(kept)
        return len(fresh_rows)

    def _insert_tables(self, tables: dict[str, pa.Table]) -> None:
        with self._transaction():
            for name, table in tables.items():
                if table.num_rows:
                    self._insert_new(name, table)
            if tables.get("events") is not None and tables["events"].num_rows:
                self.con.execute(_FILL_EVENT_KEYS)
                self.con.execute(_FILL_FILTER_KEYS)
        if tables.get("events") is not None and tables["events"].num_rows:
            self._fill_listing(tables.get("sentences"))
        if tables.get("sentences") is not None and tables["sentences"].num_rows:
            self._index_sentences()
        self._counts.clear()

    def _fill_listing(self, sentences: pa.Table | None) -> None:
        """Listing columns of the events just committed (rowids are final only then). Sentence
        texts come from the batch's own sentences: joining the store's every sentence cost a
        batch 0.4 s on a store of a million and grew with it."""
        with self._transaction():
            self.con.execute(_FILL_DOCUMENT_ROWIDS)
            if sentences is not None and sentences.num_rows:
                with self._registered(_batch_sentences=sentences.select(["doc_id", "idx", "text"])):
                    self.con.execute(_FILL_SENTENCE_TEXTS.format(sentences="_batch_sentences"))

    def _fresh(self, analyses: Sequence[Analysis]) -> list[Analysis]:
        seen = self.existing_ids([a.document.id for a in analyses])
        fresh: dict[str, Analysis] = {}
        for a in analyses:
            if a.document.id not in seen:
                fresh.setdefault(a.document.id, a)
        return list(fresh.values())

    def _insert_new(self, name: str, table: pa.Table) -> None:
        """Insert the rows of documents new to the store. Every record's id hashes its document
        id, so new documents' rows cannot be stored already: no anti-join against the table."""
        with self._registered(_batch=table):
            columns = ", ".join(table.column_names)
            key = _KEYS.get(name, "id")
            if key is None:
                self.con.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM _batch")
            else:
                # A key twice in one batch (the same record from two stages) is stored once.
                self.con.execute(
                    f"INSERT INTO {name} ({columns}) SELECT {columns} FROM _batch "
                    f"QUALIFY row_number() OVER (PARTITION BY {key}) = 1"
                )

    def add_sources(self, rows: Sequence[tuple[str, Document, float]]) -> int:
        """Record (doc_id, report, similarity) as sources of stored documents; returns rows added.

        One insert for the batch (a lookup and an insert per row cost a batch of reports about
        as much as writing their analyses); a (doc_id, origin) already held, or repeated in
        ``rows``, is recorded once, the first time."""
        fresh: dict[tuple[str, str | None], tuple[str, Document, float]] = {}
        for doc_id, d, similarity in rows:
            fresh.setdefault((doc_id, d.origin), (doc_id, d, similarity))
        if not fresh:
            return 0
        columns = {"doc_id": pa.string(), "origin": pa.string(), "url": pa.string(), "source": pa.string(),
                   "title": pa.string(), "published_at": pa.date32(), "input_format": pa.string(),
                   "similarity": pa.float64()}
        values = [(doc_id, d.origin, d.url, d.source, d.title, d.published_at, d.input_format, similarity)
                  for doc_id, d, similarity in fresh.values()]
        table = pa.table({name: pa.array([v[i] for v in values], kind) for i, (name, kind) in enumerate(columns.items())})
        with self._registered(_sources=table):
            return self._one(
                "INSERT INTO document_sources SELECT n.*, current_localtimestamp() FROM _sources n "
                "WHERE NOT EXISTS (SELECT 1 FROM document_sources s WHERE s.doc_id = n.doc_id AND s.origin = n.origin)"
            )[0]

    def document_sources(self, doc_id: str) -> list[dict[str, Any]]:
        cur = self.con.execute(
            "SELECT doc_id, origin, url, source, title, published_at, input_format, similarity "
            "FROM document_sources WHERE doc_id = ? ORDER BY origin", [doc_id],
        )
        return _dicts(cur)

    # -- near-duplicate signatures (dedupe.py) -------------------------------------------------
    def unsigned_documents(self, scheme: str, limit: int) -> list[tuple[str, str]]:
        """Up to ``limit`` (id, clean_text) of stored documents with no signature of ``scheme``."""
        return self.con.execute(
            "SELECT id, clean_text FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM minhash_signatures s WHERE s.doc_id = d.id AND s.scheme = ?) ORDER BY id LIMIT ?",
            [scheme, limit],
        ).fetchall()

    def save_minhashes(self, scheme: str, rows: Sequence[tuple[str, list[int], list[int]]]) -> None:
        """Store (doc_id, signature, band keys) of stored documents not signed with ``scheme`` yet."""
        signatures = pa.table({"doc_id": [r[0] for r in rows], "signature": [r[1] for r in rows]},
                              schema=pa.schema([("doc_id", pa.string()), ("signature", pa.list_(pa.uint64()))]))
        bands = pa.table({"key": [k for r in rows for k in r[2]], "doc_id": [r[0] for r in rows for _ in r[2]]},
                         schema=pa.schema([("key", pa.int64()), ("doc_id", pa.string())]))
        with self._registered(_signatures=signatures, _bands=bands), self._transaction():
            self.con.execute(
                "CREATE TEMP TABLE _new_signed AS SELECT DISTINCT doc_id FROM _signatures n "
                "WHERE EXISTS (SELECT 1 FROM documents d WHERE d.id = n.doc_id) AND NOT EXISTS "
                "(SELECT 1 FROM minhash_signatures s WHERE s.doc_id = n.doc_id AND s.scheme = ?)", [scheme])
            self.con.execute(
                "INSERT INTO minhash_signatures SELECT doc_id, ?, signature FROM _signatures "
                "WHERE doc_id IN (SELECT doc_id FROM _new_signed) QUALIFY row_number() OVER (PARTITION BY doc_id) = 1",
                [scheme])
            self.con.execute("INSERT INTO minhash_bands SELECT DISTINCT key, doc_id FROM _bands "
                             "WHERE doc_id IN (SELECT doc_id FROM _new_signed)")
            self.con.execute("DROP TABLE _new_signed")

    def minhash_candidates(self, scheme: str, keys: Sequence[int]) -> list[tuple[int, str, list[int]]]:
        """(band key, doc_id, signature) of stored documents sharing a band key with ``keys``."""
        if not keys:
            return []
        with self._registered(_keys=pa.table({"key": pa.array(list(keys), pa.int64())})):
            hits = self.con.execute(
                "SELECT DISTINCT b.key, b.doc_id FROM minhash_bands b JOIN _keys USING (key) ORDER BY 1, 2"
            ).fetchall()
        ids = sorted({doc_id for _, doc_id in hits})
        if not ids:
            return []
        placeholders = ", ".join("?" * len(ids))
        signatures = dict(self.con.execute(
            f"SELECT doc_id, signature FROM minhash_signatures WHERE scheme = ? AND doc_id IN ({placeholders})",
            [scheme, *ids],
        ).fetchall())
        return [(key, doc_id, signatures[doc_id]) for key, doc_id in hits if doc_id in signatures]

    # -- reading ----------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        rows = self._documents("WHERE id = ? OR id LIKE ?", [doc_id, f"{doc_id}%"], 2)
        return rows[0] if len(rows) == 1 else None

    def documents(self, *, limit: int | None = None, offset: int = 0) -> list[Document]:
        return self._documents("", [], limit, offset)

    def _documents(self, where: str, params: list, limit: int | None, offset: int = 0) -> list[Document]:
        cols = ", ".join(_DOC_COLUMNS)
        sql = f"SELECT {cols} FROM documents {where} ORDER BY published_at NULLS LAST, id LIMIT ? OFFSET ?"
        rows = self.con.execute(sql, params + [limit if limit is not None else 2**62, offset]).fetchall()
        return [_document_of_row(dict(zip(_DOC_COLUMNS, r))) for r in rows]

    def sentences(self, doc_id: str) -> list[Sentence]:
        rows = self.con.execute(
            "SELECT doc_id, idx, start_char, end_char, text FROM sentences WHERE doc_id = ? ORDER BY idx",
            [doc_id],
        ).fetchall()
        return [Sentence(*r) for r in rows]

    def events(self, where: EventFilter = EventFilter()) -> list[Event]:
        return [from_dict(Event, r) for r in self.event_page(where).records]

    def event_page(self, where: EventFilter = EventFilter()) -> EventPage:
        """The events ``where`` selects, in its sort, as ``to_dict`` records with their ``id``
        (decoding them into Event records costs more than the query: a listing reads dicts)."""
        column, _ = EVENT_SORTS.get(where.sort, (None, False))
        # Two steps: order and page on narrow columns, then read the page's records by rowid
        # (one query carries every record an OFFSET skips through the sort)
        sql, params = _event_query(where, f"rowid, page_key, {column or 'NULL'}", cutoff=self._sort_cutoff(where))
        rows = self.con.execute(sql, params).fetchall()
        stored = self._records_by_rowid([r[0] for r in rows])
        records = [{"id": stored[r[0]][0]} | json.loads(stored[r[0]][1]) for r in rows]
        full = where.limit is not None and len(rows) == where.limit
        return EventPage(records, _cursor(where.sort, rows[-1][1], rows[-1][2]) if full and rows else None,
                         [stored[r[0]][2:] for r in rows])

    def _records_by_rowid(self, rowids: list[int]) -> dict[int, tuple]:
        """rowid -> (id, record JSON, document rowid, sentence text)."""
        rows = self._at_rowids("events", "rowid, id, record, document_rowid, sentence_text", rowids)
        return {r[0]: r[1:] for r in rows}

    def _at_rowids(self, table: str, columns: str, rowids: Sequence[int]) -> list[tuple]:
        """``columns`` of ``table`` at ``rowids``. A page's rowids go as one list
        parameter; a whole selection's as a registered Arrow table (binding a list of 26,000
        took 2 s, 0.4 s so)."""
        if len(rowids) <= _ROWIDS_AS_PARAMETER:
            sql, params = f"SELECT {columns} FROM {table} WHERE rowid = ANY(?::BIGINT[])", [list(rowids)]
            return self.con.execute(sql, params).fetchall()
        with self._registered(_rowids=pa.table({"rid": pa.array(rowids, pa.int64())})):
            return self.con.execute(f"SELECT {columns} FROM {table} WHERE rowid IN (SELECT rid FROM _rowids)").fetchall()

    def _sort_cutoff(self, where: EventFilter) -> tuple[str, Any] | None:
        """For a sort on a column then page_key: that column's value at the page's last row.

        Keeping the rows up to it makes the two-key sort work on a page's worth of rows; one
        top-N over two keys costs several times one over a single column.
        """
        column, descending = EVENT_SORTS.get(where.sort, (None, False))
        if column is None or where.limit is None:
            return None
        sql, params = _event_query(
            dataclasses.replace(where, limit=1, offset=where.offset + where.limit - 1), column,
            order=f"{column} {'DESC' if descending else 'ASC'}",
        )
        row = self._one(sql, params)
        return None if row is None or row[0] is None else (f"{column} {'>=' if descending else '<='} ?", row[0])

    def count_events(self, where: EventFilter = EventFilter()) -> int:
        """How many events ``where`` selects (paging and sort aside). Counts are kept per
        filter until the events change: paging through one selection counts it once."""
        key = dataclasses.replace(where, limit=None, offset=0, sort="date", after=None)
        stored = self._one("SELECT count(*) FROM events")[0]  # from metadata
        cached = self._counts.get(key)
        if cached is not None and cached[0] == stored:
            return cached[1]
        sql, params = _event_query(key, "count(*)", paged=False)
        total = self._one(sql, params)[0]
        if len(self._counts) >= 1024:
            self._counts.clear()
        self._counts[key] = (stored, total)
        return total

    def optimize(self) -> int:
        """Rewrite the events table in page order (by date); returns the events rewritten.

        A page of events then reads one row group instead of scanning every row: DuckDB skips
        row groups whose page_key range cannot reach the page. Events written later are
        appended unordered (still correct, slower), until the next optimize.
        """
        self.con.execute("SET enable_progress_bar = false")  # it would draw on the caller's terminal
        with self._transaction():
            self.con.execute("CREATE TEMP TABLE _events_in_order AS SELECT * FROM events ORDER BY page_key")
            self.con.execute("DELETE FROM events")
            self.con.execute("INSERT INTO events SELECT * FROM _events_in_order ORDER BY page_key")
            self.con.execute("DROP TABLE _events_in_order")
            self.con.execute("DELETE FROM event_order")
            self.con.execute("INSERT INTO event_order SELECT count(*) FROM events")
            # the word index by word, so that a search reads the row groups of its words only
            self.con.execute("CREATE TEMP TABLE _postings_in_order AS SELECT * FROM search_postings ORDER BY term")
            self.con.execute("DELETE FROM search_postings")
            self.con.execute("INSERT INTO search_postings SELECT * FROM _postings_in_order ORDER BY term")
            self.con.execute("DROP TABLE _postings_in_order")
        self.con.execute("CHECKPOINT")
        return self._one("SELECT count(*) FROM events")[0]

    def unordered_events(self) -> int:
        """Events written since the last ``optimize`` (all of them if it never ran)."""
        row = self._one(
            "SELECT (SELECT count(*) FROM events) - coalesce((SELECT max(sorted_events) FROM event_order), 0)"
        )
        return row[0]

    def event(self, event_id: str) -> Event | None:
        row = self._one("SELECT record FROM events WHERE id = ?", [event_id])
        return from_dict(Event, json.loads(row[0])) if row else None

    def quotes(
        self, *, speaker: str | None = None, since: date | None = None, doc_id: str | None = None,
        limit: int | None = None, offset: int = 0,
    ) -> list[Quote]:
        clauses, params = ["NOT scare"], []
        if speaker:
            clauses.append("(speaker_country = ? OR speaker_name ILIKE ? OR speaker_text ILIKE ?)")
            params += [speaker.upper(), f"%{speaker}%", f"%{speaker}%"]
        if since:  # a quote with no time of its own counts from its report's publication date
            clauses.append(
                "coalesce(date_start, (SELECT d.published_at FROM documents d WHERE d.id = quotes.doc_id)) >= ?"
            )
            params.append(since)
        if doc_id:
            clauses.append("doc_id = ?")
            params.append(doc_id)
        sql = f"SELECT record FROM quotes WHERE {' AND '.join(clauses)} ORDER BY doc_id, id LIMIT ? OFFSET ?"
        rows = self.con.execute(sql, params + [limit or 2**62, offset]).fetchall()
        return [from_dict(Quote, json.loads(r[0])) for r in rows]

    def places(self, doc_id: str) -> list[Place]:
        rows = self.con.execute(
            "SELECT record FROM places WHERE doc_id = ? ORDER BY start_char", [doc_id]
        ).fetchall()
        return [from_dict(Place, json.loads(r[0])) for r in rows]

    def abstentions(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT doc_id, stage, sentence_index, reason, text FROM abstentions"
        params: list = []
        if doc_id:
            sql += " WHERE doc_id = ?"
            params.append(doc_id)
        cur = self.con.execute(sql + " ORDER BY doc_id, sentence_index", params)
        return _dicts(cur)

    def actor_counts(self, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Actor codes with how many asserted events name them as actor and as recipient."""
        cur = self.con.execute(
            """
            SELECT code, sum(as_actor)::BIGINT AS as_actor, sum(as_recipient)::BIGINT AS as_recipient,
                   (sum(as_actor) + sum(as_recipient))::BIGINT AS events
            FROM (
                SELECT unnest(actor_countries) AS code, 1 AS as_actor, 0 AS as_recipient
                FROM events WHERE status = 'asserted'
                UNION ALL
                SELECT unnest(recipient_countries), 0, 1 FROM events WHERE status = 'asserted'
            ) GROUP BY code ORDER BY events DESC, code LIMIT ? OFFSET ?
            """,
            [limit if limit is not None else 2**62, offset],
        )
        return _dicts(cur)

    def stats(self) -> dict[str, int]:
        counts = {t: self._one(f"SELECT count(*) FROM {t}")[0] for t in TABLES}
        counts["asserted_events"] = self._one(
            "SELECT count(*) FROM events WHERE status = 'asserted'"
        )[0]
        for table in ("canonical_events", "link_mentions", "trackers"):
            counts[table] = self._one(f"SELECT count(*) FROM {table}")[0]
        return counts

    def counts_by(self, table: str, column: str) -> list[tuple[Any, int]]:
        if (table, column) not in _GROUPABLE:
            raise ValueError(f"cannot group {table} by {column}")
        return self.con.execute(
            f"SELECT {column}, count(*) FROM {table} GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()

    # -- tables as data frames ---------------------------------------------------------------
    def arrow(self, table: str) -> pa.Table:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
        return self.con.sql(f"SELECT {_public_columns(table)} FROM {table}").to_arrow_table()

    def pandas(self, table: str):
        return self.arrow(table).to_pandas()

    def export(
        self, out: str | Path | BinaryIO, *, fmt: str, table: str = "events", where: EventFilter | None = None
    ) -> int:
        """Write one table (events: those ``where`` selects) to CSV, Parquet or JSONL, into a
        file path or a binary stream; returns the number of rows."""
        if table == "events":  # the flat schema (schema.py), every status unless ``where`` says
            from .schema import arrow_table

            where = where if where is not None else EventFilter(status=None)
            data = arrow_table(self.event_rows(dataclasses.replace(where, limit=None, offset=0)))
        else:
            data = self.arrow(table)
        if table == "documents":
            data = data.drop_columns(["raw_text"])
        if isinstance(out, (str, Path)):
            with Path(out).open("wb") as stream:
                _write_table(data, stream, fmt)
        else:
            _write_table(data, out, fmt)
        return data.num_rows


    # -- linking (link.py) ---------------------------------------------------------------------
    def linked_mention_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        with self._ids_table(ids):
            rows = self.con.execute("SELECT id FROM link_mentions SEMI JOIN _ids USING (id)").fetchall()
        return {r[0] for r in rows}

    def snapshot(self) -> dict[str, list[str]]:
        """The store's content as sorted rows per table (ingest times left out): two stores with
        equal snapshots hold the same documents, sources, records, canonical events and links."""
        rows = {t: sorted(map(str, self.arrow(t).drop_columns(["ingested_at"]).to_pylist()))
                for t in ("documents", "document_sources")}
        rows.update({t: sorted(map(str, self.arrow(t).to_pylist())) for t in ("events", "quotes", "places")})
        rows["canonical_events"] = sorted(map(repr, self.canonical_events()))
        rows["linked_mentions"] = sorted(self.linked_mention_ids([e.id for e in self.events()]))
        return rows

    def unlinked_events(self, statuses: Sequence[str]) -> list[Event]:
        """Stored events of these statuses no ``link_mentions`` row holds, by id: those of an
        ingest stopped between its commit and its linking."""
        rows = self.con.execute(
            "SELECT e.record FROM events e ANTI JOIN link_mentions m USING (id) "
            "WHERE list_contains(?, e.status) ORDER BY e.id", [list(statuses)]).fetchall()
        return [from_dict(Event, json.loads(r[0])) for r in rows]

    def _ids_table(self, ids: Iterable[str]):
        """Register a one-column table ``_ids(id)``: joins stay linear where list_contains is not."""
        return self._registered(_ids=pa.table({"id": pa.array(list(ids), _S)}))

    @contextmanager
    def _transaction(self):
        """One transaction for the ``with`` block: committed at its end, rolled back on any error."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    @contextmanager
    def _registered(self, **tables: pa.Table):
        """Arrow tables visible to queries under the given names for the ``with`` block."""
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            yield
        finally:
            for name in tables:
                with contextlib.suppress(duckdb.Error):  # refused inside an aborted transaction;
                    self.con.unregister(name)  # the next register replaces it anyway

    def link_candidates(self, windows: Sequence[tuple[str, str, date, date]]) -> list[tuple[str, str, str]]:
        """Stored mentions near any (type, actor, start, end) window: (id, canonical id, JSON) rows.

        A mention matches a window of its type whose dates overlap its own and whose actor it
        shares; actor "*" (no actor known) matches every actor.
        """
        if not windows:
            return []
        table = pa.table({
            "type": [w[0] for w in windows], "actor": [w[1] for w in windows],
            "lo": pa.array([w[2] for w in windows], _D), "hi": pa.array([w[3] for w in windows], _D),
        })
        overlap = "a.window_start <= w.hi AND a.window_end >= w.lo"
        with self._registered(_windows=table):
            rows = self.con.execute(
                "SELECT m.id, m.canonical_id, m.record FROM link_mentions m WHERE m.id IN ("
                f"SELECT a.id FROM link_mention_actors a JOIN _windows w USING (type, actor) WHERE {overlap} UNION "
                f"SELECT a.id FROM link_mention_actors a JOIN _windows w USING (type) WHERE a.actor = '*' AND {overlap} UNION "
                f"SELECT a.id FROM link_mention_actors a JOIN _windows w USING (type) WHERE w.actor = '*' AND {overlap}"
                ") ORDER BY m.id"
            ).fetchall()
        return rows

    def link_members(self, canonical_ids: Sequence[str]) -> list[tuple[str, str, str]]:
        if not canonical_ids:
            return []
        with self._ids_table(canonical_ids):
            rows = self.con.execute(
                "SELECT id, canonical_id, record FROM link_mentions WHERE canonical_id IN (SELECT id FROM _ids) ORDER BY id"
            ).fetchall()
        return rows

    def write_links(self, mentions: Sequence[Any], result: Any) -> None:
        """Store new mentions and replace the canonical events a link batch re-resolved."""
        from .link import mention_to_json

        events: list[CanonicalEvent] = result.events
        gone = sorted(set(result.replaced) | {e.id for e in events})
        windows = [m.window() or (None, None) for m in mentions]
        new_rows = pa.table({
            "id": [m.id for m in mentions], "doc_id": [m.doc_id for m in mentions],
            "type": [m.type for m in mentions], "window_start": pa.array([w[0] for w in windows], _D),
            "window_end": pa.array([w[1] for w in windows], _D),
            "canonical_id": [result.assignments[m.id] for m in mentions],
            "record": [mention_to_json(m) for m in mentions],
        }, schema=_LINK_MENTION_SCHEMA)
        with self._transaction():
            with self._ids_table(gone):
                for table, key in (("canonical_events", "id"), ("canonical_fields", "canonical_id"),
                                   ("canonical_questions", "canonical_id")):
                    self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM _ids)")
            self._insert_arrow("link_mentions", new_rows, replace=True)
            self._insert_arrow("link_mention_actors", _actor_rows(mentions))
            self._reassign(result.assignments)
            self._insert_canonical(events)

    def _insert_arrow(self, name: str, table: pa.Table, *, replace: bool = False) -> None:
        if not table.num_rows:
            return
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        with self._registered(_rows=table):
            self.con.execute(f"{verb} INTO {name} ({', '.join(table.column_names)}) SELECT * FROM _rows")

    def _reassign(self, assignments: dict[str, str]) -> None:
        if not assignments:
            return
        table = pa.table({"id": list(assignments), "canonical_id": list(assignments.values())})
        with self._registered(_assign=table):
            self.con.execute(
                "UPDATE link_mentions SET canonical_id = _assign.canonical_id FROM _assign "
                "WHERE link_mentions.id = _assign.id AND link_mentions.canonical_id IS DISTINCT FROM _assign.canonical_id"
            )

    def _insert_canonical(self, events: Sequence[CanonicalEvent]) -> None:
        from .link import canonical_to_json

        rows, fields, questions = [], [], []
        for e in events:
            rows.append({
                "id": e.id, "type": e.type, "mode": e.mode, "actors": list(e.actors),
                "recipients": list(e.recipients), "date_precision": e.date.precision,
                "date_start": e.date.start, "date_end": e.date.end,
                "first_reported": e.first_reported, "last_reported": e.last_reported,
                "n_mentions": len(e.mentions), "n_sources": e.n_sources,
                "record": canonical_to_json(e),
            })
            fields += [
                {"canonical_id": e.id, "field": f.field, "value": f.value, "canonical": f.canonical,
                 "n_sources": f.n_sources, "n_mentions": len(f.support)} for f in e.fields
            ]
            questions += [
                {"canonical_id": e.id, "key": q.key, "label": q.label, "answer": q.answer,
                 "answered_by_doc": q.answered_by.doc_id if q.answered_by else None} for q in e.questions
            ]
        self._insert_arrow("canonical_events", pa.Table.from_pylist(rows, schema=_CANONICAL_SCHEMA))
        self._insert_arrow("canonical_fields", pa.Table.from_pylist(fields, schema=_FIELD_SCHEMA))
        self._insert_arrow("canonical_questions", pa.Table.from_pylist(questions, schema=_QUESTION_SCHEMA))

    def clear_links(self) -> None:
        for table in ("link_mentions", "link_mention_actors", "canonical_events", "canonical_fields", "canonical_questions"):
            self.con.execute(f"DELETE FROM {table}")

    def canonical_events(
        self, *, actor: str | None = None, type_: str | None = None, mode: str | None = None,
        reported_since: date | None = None,
    ) -> list[CanonicalEvent]:
        """Canonical events, oldest first; ``reported_since`` keeps those reported on or after it."""
        clauses, params = ["TRUE"], []
        if actor:
            clauses.append("list_contains(actors, ?)")
            params.append(actor.upper())
        if type_:
            clauses.append("type = ?")
            params.append(type_.upper())
        if mode:
            clauses.append("mode = ?")
            params.append(mode)
        if reported_since:
            clauses.append("last_reported >= ?")
            params.append(reported_since)
        sql = (f"SELECT record FROM canonical_events WHERE {' AND '.join(clauses)} "
               "ORDER BY date_start NULLS LAST, first_reported NULLS LAST, id")
        from .link import canonical_from_json

        return [canonical_from_json(r[0]) for r in self.con.execute(sql, params).fetchall()]

    def questioned_canonical_events(self) -> list[CanonicalEvent]:
        """Canonical events with at least one open or answered question, oldest first."""
        from .link import canonical_from_json

        rows = self.con.execute(
            "SELECT record FROM canonical_events WHERE id IN (SELECT canonical_id FROM canonical_questions) "
            "ORDER BY date_start NULLS LAST, first_reported NULLS LAST, id"
        ).fetchall()
        return [canonical_from_json(r[0]) for r in rows]

    def canonical_event(self, event_id: str) -> CanonicalEvent | None:
        if self.schema_version < 4:  # an old file opened read-only has no (current) link tables
            return None
        rows = self.con.execute(
            "SELECT record FROM canonical_events WHERE id = ? OR id LIKE ? LIMIT 2", [event_id, f"{event_id}%"]
        ).fetchall()
        from .link import canonical_from_json

        return canonical_from_json(rows[0][0]) if len(rows) == 1 else None

    def main_canonical_ids(self, *, timed_only: bool = False) -> dict[str, str]:
        """Each document's main event's canonical event (``link.main_event``; a document whose
        headline and lead state no linked event has none). ``timed_only``: only documents whose
        main canonical event has a date. Relink (``dateline link --rebuild``) a store linked
        before main events were marked."""
        where = "AND c.date_start IS NOT NULL" if timed_only else ""
        rows = self.con.execute(
            "SELECT m.doc_id, m.canonical_id FROM link_mentions m JOIN canonical_events c ON c.id = m.canonical_id "
            f"WHERE json_extract(m.record, '$.main') = true {where} ORDER BY m.doc_id"
        ).fetchall()
        return dict(rows)

    def origins(self) -> dict[str, str]:
        """Where each stored report was read from (file:line, URL, ...) -> its document id."""
        return dict(self.con.execute("SELECT origin, doc_id FROM document_sources ORDER BY origin").fetchall())

    # -- the flat event schema (schema.py, issue 17) ---------------------------------------
    def event_rows(self, where: EventFilter = EventFilter()) -> list[dict[str, Any]]:
        """The events ``where`` selects as rows of ``schema.EVENT_COLUMNS``, in its sort."""
        page = self.event_page(where)
        return self.flat_rows(page.records, page.located)

    def flat_rows(self, records: list[dict[str, Any]], located: Sequence[tuple] | None = None) -> list[dict[str, Any]]:
        """``event_page`` records as schema rows: their document, sentence and canonical id
        read in a few queries for the whole list; documents by rowid and sentences from
        ``located`` (an ``EventPage.located``) where it has them."""
        from .schema import flat_event

        if not records:
            return []
        located = located or [(None, None)] * len(records)
        names = ("id", "title", "source", "url", "published_at")
        document_rowids = sorted({d for d, _ in located if d is not None})
        documents = {row[0]: dict(zip(names, row)) for row in self._at_rowids("documents", ", ".join(names), document_rowids)}
        sentences = {(r["doc_id"], r["sentence_index"]): text for r, (_, text) in zip(records, located) if text is not None}
        unlocated = [r for r, (d, text) in zip(records, located) if d is None or text is None]
        if unlocated:
            more_documents, more_sentences = self._rows_by_doc_id(sorted({r["doc_id"] for r in unlocated}))
            documents |= more_documents
            sentences |= more_sentences
        canonical = dict(self._among_ids("SELECT id, canonical_id FROM link_mentions WHERE id IN {ids}",
                                         [r["id"] for r in records]))
        return [flat_event(r, document=documents.get(r["doc_id"]),
                           sentence_text=sentences.get((r["doc_id"], r["sentence_index"])),
                           canonical_id=canonical.get(r["id"])) for r in records]

    def _among_ids(self, sql: str, ids: list[str]) -> list[tuple]:
        """Rows of ``sql`` whose ``{ids}`` stands for ``ids``: a page's as one list parameter
        (registering an Arrow table costs a server's first request 1.6 s of imports), a whole
        selection's as a registered table."""
        if len(ids) <= _ROWIDS_AS_PARAMETER:
            return self.con.execute(sql.format(ids="(SELECT unnest(?::VARCHAR[]))"), [ids]).fetchall()
        with self._ids_table(ids):
            return self.con.execute(sql.format(ids="(SELECT id FROM _ids)")).fetchall()

    def _rows_by_doc_id(self, doc_ids: list[str]) -> tuple[dict, dict]:
        """Documents and sentence texts of ``doc_ids``, by id (reads every sentence's doc_id)."""
        with self._ids_table(doc_ids):
            documents = {row["id"]: row for row in _dicts(self.con.execute(
                "SELECT id, title, source, url, published_at FROM documents SEMI JOIN _ids USING (id)"))}
            sentences = {(d, i): t for d, i, t in self.con.execute(
                "SELECT doc_id, idx, text FROM sentences WHERE doc_id IN (SELECT id FROM _ids)").fetchall()}
        return documents, sentences

    # -- full-text search (search.py) ----------------------------------------------------------
    def _index_sentences(self) -> None:
        """Add the sentences not in the word index yet to it, after their write committed (a
        row's rowid is final only then; sentences are never deleted, so rowids only grow and
        the index holds every rowid below its largest). An index write cut short is made up
        by the next write."""
        with self._transaction():
            first = self._one("SELECT coalesce(max(sid) + 1, 0) FROM search_lengths")[0]
            source = _SENTENCES_FROM.replace("{first}", str(int(first)))
            self.con.execute("INSERT INTO search_lengths " + _SENTENCE_LENGTHS.replace("{source}", source))
            self.con.execute("INSERT INTO search_postings " + _SENTENCE_POSTINGS.replace("{source}", source))

    def _search_stats(self) -> tuple[int, float]:
        """(sentences, their mean length in words) for BM25, kept until sentences are added
        (the count is metadata; the mean reads every length)."""
        n = self._one("SELECT count(*) FROM search_lengths")[0]
        cached = self._counts.get("search_stats")  # shared with cursors, as the event counts
        if cached is None or cached[0] != n:
            cached = (n, self._one("SELECT coalesce(avg(len), 1) FROM search_lengths")[0])
            self._counts["search_stats"] = cached
        return cached

    def fts_loaded(self) -> str | None:
        """Load DuckDB's fts extension; None when loaded, else why it cannot be."""
        try:
            self.con.execute("LOAD fts")
            return None
        except duckdb.Error as e:
            first = str(e).splitlines()[0]
        try:  # the duckdb-extensions package, when one matches this DuckDB version
            from duckdb_extensions import import_extension

            import_extension("fts", con=self.con)
            self.con.execute("LOAD fts")
            return None
        except Exception as e:  # noqa: BLE001 - any failure here means: not available
            return f"{first}; duckdb-extensions: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"

    def fts_current(self) -> bool:
        """Whether the fts index was built over every stored sentence."""
        row = self._one("SELECT (SELECT max(sentences) FROM search_fts_state) = (SELECT count(*) FROM sentences)")
        return bool(row and row[0])

    def build_fts_index(self) -> int:
        """(Re)build DuckDB's fts index over every sentence; needs ``fts_loaded()``. Returns sentences."""
        with self._transaction():
            self.con.execute("CREATE OR REPLACE TABLE fts_sentences AS "
                             "SELECT doc_id || ':' || idx AS key, rowid AS sid, doc_id, idx, text FROM sentences")
            self.con.execute("PRAGMA create_fts_index('fts_sentences', 'key', 'text', overwrite=1)")
            n = self._one("SELECT count(*) FROM fts_sentences")[0]
            self.con.execute("DELETE FROM search_fts_state")
            self.con.execute("INSERT INTO search_fts_state VALUES (?)", [n])
        return n

    def search_sentences(self, terms: Sequence[str], *, engine: str, limit: int, query: str = "") -> list[tuple]:
        """(doc_id, idx, score, text, title, source, published_at) of the sentences holding every
        term, best BM25 first. ``engine`` 'sql' reads the word index; 'fts' the fts index
        (``query`` as written: fts stems it itself)."""
        from .search import BM25_B, BM25_K1

        if not terms:
            return []
        if engine == "fts":
            scored = ("SELECT sid, doc_id, idx, score FROM (SELECT sid, doc_id, idx, fts_main_fts_sentences.match_bm25("
                      "key, ?, conjunctive := 1) AS score FROM fts_sentences) WHERE score IS NOT NULL")
            params: list[Any] = [query]
        else:
            # postings of the query's words first, one equality per word (a term is the word's
            # hash; ``optimize`` sorts the table by it, so each reads a row group or two), then BM25
            lookups = " UNION ALL ".join(["SELECT * FROM search_postings WHERE term = hash(?::VARCHAR)"] * len(terms))
            scored = f"""
                WITH hits AS ({lookups}),
                stats AS (SELECT ?::DOUBLE AS n, ?::DOUBLE AS avgdl),
                df AS (SELECT term, count(*)::DOUBLE AS df FROM hits GROUP BY term)
                SELECT h.sid, h.doc_id, h.idx, sum(ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
                       * h.tf * {BM25_K1 + 1} / (h.tf + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * h.len / stats.avgdl))) AS score
                FROM hits h JOIN df USING (term) CROSS JOIN stats
                GROUP BY h.sid, h.doc_id, h.idx HAVING count(*) = ?"""
            params = [*terms, *self._search_stats(), len(terms)]
        # the top sentences with their documents (an index join), then their text by rowid
        top = self.con.execute(
            f"SELECT m.sid, m.doc_id, m.idx, m.score, d.title, d.source, d.published_at FROM "
            f"(SELECT * FROM ({scored}) ORDER BY score DESC, doc_id, idx LIMIT ?) m JOIN documents d ON d.id = m.doc_id "
            "ORDER BY m.score DESC, m.doc_id, m.idx", params + [limit]).fetchall()
        # one point lookup per hit: a list of rowids (= ANY, IN) scanned the table, 4x slower for 20
        lookup = " UNION ALL ".join(["SELECT rowid, text FROM sentences WHERE rowid = ?"] * len(top))
        texts = dict(self.con.execute(lookup, [r[0] for r in top]).fetchall()) if top else {}
        return [(doc_id, idx, score, texts.get(sid, ""), title, source, published)
                for sid, doc_id, idx, score, title, source, published in top]

    # -- trackers ------------------------------------------------------------------------------
    def add_tracker(self, tracker: Tracker) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO trackers VALUES (?, ?, ?, ?, now())",
            [tracker.name, tracker.actor, tracker.type, tracker.mode],
        )

    def tracker(self, name: str) -> Tracker | None:
        row = self._one("SELECT name, actor, type, mode FROM trackers WHERE name = ?", [name])
        return Tracker(*row) if row else None

    def trackers(self) -> list[Tracker]:
        return [Tracker(*r) for r in self.con.execute("SELECT name, actor, type, mode FROM trackers ORDER BY name").fetchall()]

    def update_tracker(self, old_name: str, tracker: Tracker) -> bool:
        """Replace tracker ``old_name`` by ``tracker`` (renamed or with a new query); False when
        there is no ``old_name``."""
        with self._transaction():
            if self._one("SELECT count(*) FROM trackers WHERE name = ?", [old_name])[0] == 0:
                return False
            self.con.execute("DELETE FROM trackers WHERE name = ?", [old_name])
            self.add_tracker(tracker)
        return True

    def remove_tracker(self, name: str) -> bool:
        found = self.tracker(name) is not None
        self.con.execute("DELETE FROM trackers WHERE name = ?", [name])
        return found


    # -- watching sources (watch/) ------------------------------------------------------------
    def watch_sources(self) -> dict[str, dict[str, Any]]:
        """Every polled source's state by URL: validators, last poll, failures, last error."""
        cur = self.con.execute("SELECT * FROM watch_sources ORDER BY url")
        return {row["url"]: row for row in _dicts(cur)}

    def save_poll(self, url: str, *, name: str | None, error: str | None, etag: str | None = None,
                  last_modified: str | None = None, items: int = 0, keep_validators: bool = False) -> None:
        """Record one poll of a source: success resets its failures, an error adds one.
        Validators are replaced on success unless ``keep_validators`` (nothing changed, or not
        every new item was taken this round)."""
        self.con.execute(
            "INSERT INTO watch_sources VALUES (?, ?, ?, ?, (now() AT TIME ZONE 'UTC'), CASE WHEN ? IS NULL THEN (now() AT TIME ZONE 'UTC') END, "
            "CASE WHEN ? IS NULL THEN 0 ELSE 1 END, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "name = excluded.name, last_polled = (now() AT TIME ZONE 'UTC'), last_error = excluded.last_error, "
            "items = watch_sources.items + excluded.items, "
            "failures = CASE WHEN excluded.last_error IS NULL THEN 0 ELSE watch_sources.failures + 1 END, "
            "last_ok = coalesce(excluded.last_ok, watch_sources.last_ok), "
            "etag = CASE WHEN excluded.last_error IS NULL AND NOT ? THEN excluded.etag ELSE watch_sources.etag END, "
            "last_modified = CASE WHEN excluded.last_error IS NULL AND NOT ? "
            "THEN excluded.last_modified ELSE watch_sources.last_modified END",
            [url, name, etag if not keep_validators else None, last_modified if not keep_validators else None,
             error, error, error, items, keep_validators, keep_validators],
        )

    def items_to_fetch(self, urls: Sequence[str], *, max_attempts: int) -> set[str]:
        """The article URLs not taken yet: never seen, or failed fewer than ``max_attempts`` times."""
        if not urls:
            return set()
        with self._ids_table(urls):
            done = self.con.execute(
                "SELECT url FROM watch_items SEMI JOIN _ids ON url = _ids.id "
                "WHERE state <> 'failed' OR attempts >= ?", [max_attempts]).fetchall()
        return set(urls) - {r[0] for r in done}

    def mark_items(self, rows: Sequence[tuple[str, str, str, str | None]]) -> None:
        """Record article URLs as (url, source url, state, error); a failure counts an attempt."""
        for url, source_url, state, error in rows:
            self.con.execute(
                "INSERT INTO watch_items VALUES (?, ?, ?, 1, ?, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')) ON CONFLICT (url) DO UPDATE SET "
                "state = excluded.state, error = excluded.error, last_tried = (now() AT TIME ZONE 'UTC'), "
                "attempts = watch_items.attempts + 1", [url, source_url, state, error])

    def watch_item_counts(self) -> dict[str, dict[str, int]]:
        """Per source URL, how many article URLs are in each state."""
        rows = self.con.execute(
            "SELECT source_url, state, count(*) FROM watch_items GROUP BY ALL ORDER BY ALL").fetchall()
        counts: dict[str, dict[str, int]] = {}
        for source_url, state, n in rows:
            counts.setdefault(source_url, {})[state] = n
        return counts

    def start_round(self) -> bool:
        """Record a round's start; True when the round before was cut off (never finished)."""
        row = self._one("SELECT count(*) FROM watch_rounds WHERE finished_at IS NULL")
        self.con.execute("UPDATE watch_rounds SET finished_at = (now() AT TIME ZONE 'UTC') WHERE finished_at IS NULL")
        self.con.execute("INSERT INTO watch_rounds VALUES ((now() AT TIME ZONE 'UTC'), NULL)")
        return bool(row[0])

    def finish_round(self) -> None:
        self.con.execute("UPDATE watch_rounds SET finished_at = (now() AT TIME ZONE 'UTC') WHERE finished_at IS NULL")

    # -- alerts (alerts.py) ----------------------------------------------------------------------
    def known_mentions(self, tracker: str) -> set[str]:
        rows = self.con.execute("SELECT mention_id FROM alert_mentions WHERE tracker = ?", [tracker]).fetchall()
        return {r[0] for r in rows}

    def save_alerts(self, tracker: str, alerts: Sequence[Alert], mention_ids: Iterable[str]) -> list[Alert]:
        """Store the alerts not stored before and remember the tracker's mentions, in one
        transaction; returns the alerts that are new."""
        known = {a.id for a in self.alerts_by_id([a.id for a in alerts])}
        fresh = list({a.id: a for a in alerts if a.id not in known}.values())
        mentions = sorted(set(mention_ids) - self.known_mentions(tracker))
        with self._transaction():
            for a in fresh:
                self.con.execute(
                    "INSERT INTO alerts (id, tracker, kind, canonical_id, summary, reports, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, (now() AT TIME ZONE 'UTC'))",
                    [a.id, a.tracker, a.kind, a.canonical_id, a.summary,
                     json.dumps([to_dict(r) for r in a.reports], ensure_ascii=False)])
            self._insert_arrow("alert_mentions", pa.table({
                "tracker": pa.array([tracker] * len(mentions), _S), "mention_id": pa.array(mentions, _S)}))
        return self.alerts_by_id([a.id for a in fresh])

    def alerts_by_id(self, ids: Sequence[str]) -> list[Alert]:
        if not ids:
            return []
        with self._ids_table(ids):
            cur = self.con.execute(f"SELECT {_ALERT_COLUMNS} FROM alerts SEMI JOIN _ids USING (id) ORDER BY seq")
            return [_alert(r) for r in cur.fetchall()]

    def alerts(self, *, tracker: str | None = None, since: date | None = None, limit: int | None = None,
               undelivered: bool = False) -> list[Alert]:
        """Alerts, newest first; ``since`` keeps those raised on or after that day."""
        clauses, params = ["TRUE"], []
        if tracker:
            clauses.append("tracker = ?")
            params.append(tracker)
        if since:
            clauses.append("created_at >= ?")
            params.append(since)
        if undelivered:
            clauses.append("delivered_at IS NULL")
        sql = f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE {' AND '.join(clauses)} ORDER BY seq DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [_alert(r) for r in self.con.execute(sql, params).fetchall()]

    def mark_delivered(self, ids: Sequence[str]) -> None:
        with self._ids_table(ids):
            self.con.execute("UPDATE alerts SET delivered_at = (now() AT TIME ZONE 'UTC') WHERE id IN (SELECT id FROM _ids)")

    def set_webhook(self, tracker: str, url: str | None) -> None:
        self.con.execute("DELETE FROM tracker_webhooks WHERE tracker = ?", [tracker])
        if url:
            self.con.execute("INSERT INTO tracker_webhooks VALUES (?, ?)", [tracker, url])

    def webhooks(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT tracker, url FROM tracker_webhooks ORDER BY tracker").fetchall())


_ALERT_COLUMNS = "id, tracker, kind, canonical_id, summary, reports, created_at"


def _alert(row: tuple) -> Alert:
    reports = tuple(from_dict(AlertReport, r) for r in json.loads(row[5]))
    return Alert(*row[:5], reports=reports, created_at=row[6])


# Up to this many rowids are bound as one list parameter; more go as an Arrow table
_ROWIDS_AS_PARAMETER = 1000

# Row identity per table for idempotent inserts (None: append, the table has no key).
_KEYS = {"sentences": "doc_id, idx", "abstentions": None, "document_sources": "doc_id, origin"}

# columns that only serve queries (migrations 4, 6, 11), left out of exports and data frames
_INTERNAL = {"events": ("page_key", "actor_key", "recipient_key", "status_key", "date_last", "document_rowid",
                        "sentence_text")}


def _public_columns(table: str) -> str:
    hidden = _INTERNAL.get(table)
    return f"* EXCLUDE ({', '.join(hidden)})" if hidden else "*"


_GROUPABLE = {("events", "type"), ("events", "status"), ("documents", "source"), ("documents", "language"), ("quotes", "kind")}


def _write_table(data: pa.Table, stream: BinaryIO, fmt: str) -> None:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(data, stream)
    elif fmt == "csv":
        import pyarrow.csv as pcsv

        pcsv.write_csv(_flatten_lists(data), stream)
    elif fmt == "jsonl":
        for row in data.to_pylist():
            stream.write((json.dumps(row, default=str, ensure_ascii=False) + "\n").encode("utf-8"))
    else:
        raise ValueError(f"unknown export format {fmt!r}; one of csv, parquet, jsonl")


def _event_query(
    where: EventFilter, columns: str, *, paged: bool = True, order: str | None = None,
    cutoff: tuple[str, Any] | None = None,
) -> tuple[str, list]:
    """SQL and parameters selecting ``columns`` of the events ``where`` selects, in its sort
    (or ``order``), paged; ``cutoff`` is one more (clause, value) condition."""
    if where.sort not in EVENT_SORTS:
        raise ValueError(f"unknown sort {where.sort!r}; one of {', '.join(EVENT_SORTS)}")
    clauses, params = _event_filters(where)
    if where.after:
        clause, values = _after_cursor(where.sort, where.after)
        clauses.append(clause)
        params += values
    if cutoff:
        clauses.append(cutoff[0])
        params.append(cutoff[1])
    sql = f"SELECT {columns} FROM events"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    if paged:
        sql += f" ORDER BY {order or _order_by(where.sort)} LIMIT ? OFFSET ?"
        params += [where.limit if where.limit is not None else 2**62, where.offset]
    return sql, params


def _event_filters(where: EventFilter) -> tuple[list[str], list]:
    clauses, params = [], []
    if where.actor:
        clauses.append("contains(actor_key, ?)")
        params.append(f"|{where.actor.upper()}|")
    if where.recipient:
        clauses.append("contains(recipient_key, ?)")
        params.append(f"|{where.recipient.upper()}|")
    if where.type:
        clauses.append("type = ?")
        params.append(where.type.upper())
    if where.status:
        if all(s in EVENT_STATUS_KEYS for s in where.status):
            # typed like the column: an integer parameter would widen every row before comparing
            clauses.append(f"status_key IN ({', '.join(['?::UTINYINT'] * len(where.status))})")
            params.extend(EVENT_STATUS_KEYS[s] for s in where.status)
        else:
            clauses.append(f"status IN ({', '.join('?' * len(where.status))})")
            params.extend(where.status)
    if where.since:
        clauses.append("date_last >= ?")  # coalesce(date_end, date_start)
        params.append(where.since)
    if where.until:
        clauses.append("date_start <= ?")
        params.append(where.until)
    if where.doc_id:
        clauses.append("doc_id = ?")
        params.append(where.doc_id)
    if where.mode:
        clauses.append("lower(mode) = lower(?)")
        params.append(where.mode)
    if where.place_country:
        clauses.append("json_extract_string(record, '$.place.country') = ?")
        params.append(where.place_country.upper())
    if where.source:
        clauses.append("doc_id IN (SELECT id FROM documents WHERE lower(source) = lower(?))")
        params.append(where.source)
    if where.min_confidence is not None:
        clauses.append("confidence >= ?")
        params.append(where.min_confidence)
    if where.canonical_id:
        clauses.append("id IN (SELECT id FROM link_mentions WHERE canonical_id = ? OR canonical_id LIKE ?)")
        params += [where.canonical_id, f"{where.canonical_id}%"]
    if where.text:
        from .search import words

        for word in words(where.text):  # each a word of the sentence, as search finds it (word index)
            clauses.append("doc_id || ':' || sentence_index IN (SELECT doc_id || ':' || idx FROM search_postings "
                           "WHERE term = hash(?::VARCHAR))")
            params.append(word)
    return clauses, params


def _order_by(sort: str) -> str:
    column, descending = EVENT_SORTS[sort]
    direction = "DESC" if descending else "ASC"
    return f"{column} {direction}, page_key" if column else f"page_key {direction}"


# -- paging cursors -------------------------------------------------------------------------------
# A cursor names the sort and the last row's sort values; it is opaque to clients (base64 of
# JSON) and checked when read back, so a forged one is refused, never spliced into SQL.
def _cursor(sort: str, page_key: int, first: Any) -> str:
    column, _ = EVENT_SORTS[sort]
    payload = [sort, str(page_key)] + ([first] if column else [])
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def check_cursor(sort: str, cursor: str) -> None:
    """Raise ValueError, naming the problem, when ``cursor`` is not a ``next_after`` of ``sort``."""
    _after_cursor(sort, cursor)


def _after_cursor(sort: str, cursor: str) -> tuple[str, list]:
    """The condition selecting rows after ``cursor`` in ``sort``; ValueError when it is not a
    cursor of this sort."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        given_sort, page_key = payload[0], int(payload[1])
        if not 0 <= page_key < 2**127:
            raise ValueError(page_key)
    except (ValueError, TypeError, IndexError, KeyError) as e:
        raise ValueError("after: not a cursor from this API's 'next_after'") from e
    if given_sort != sort:
        raise ValueError(f"after: the cursor is for sort {str(given_sort)[:20]!r}, not {sort!r}")
    column, descending = EVENT_SORTS[sort]
    beyond = "<" if descending else ">"
    if column is None:
        return f"page_key {beyond} ?", [page_key]
    first = payload[2] if len(payload) == 3 else None
    if column == "confidence" and not (first is None or isinstance(first, (int, float))):
        raise ValueError("after: not a cursor from this API's 'next_after'")
    if column == "type" and not (first is None or isinstance(first, str)):
        raise ValueError("after: not a cursor from this API's 'next_after'")
    if first is None:  # rows without a value sort last, by page_key
        return f"({column} IS NULL AND page_key > ?)", [page_key]
    return (f"({column} {beyond} ? OR ({column} = ? AND page_key > ?) OR {column} IS NULL)",
            [first, first, page_key])


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _flatten_lists(table: pa.Table) -> pa.Table:
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type):
            joined = [";".join(v or []) for v in table.column(i).to_pylist()]
            table = table.set_column(i, field.name, pa.array(joined, pa.string()))
    return table


# -- rows ---------------------------------------------------------------------------------------
def _batch_tables(analyses: Iterable[Analysis]) -> dict[str, pa.Table]:
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in _SCHEMAS}
    for a in analyses:
        rows["documents"].append(_document_row(a.document))
        rows["sentences"].extend(
            {"doc_id": s.doc_id, "idx": s.index, "start_char": s.start_char, "end_char": s.end_char, "text": s.text}
            for s in a.sentences
        )
        rows["events"].extend(_event_row(e) for e in a.events)
        rows["quotes"].extend(_quote_row(q) for q in a.quotes)
        rows["places"].extend(_place_row(p) for p in a.places)
        rows["abstentions"].extend(
            {"doc_id": x.doc_id, "stage": x.stage, "sentence_index": x.sentence_index, "reason": x.reason, "text": x.text}
            for x in a.abstentions
        )
    return {name: pa.Table.from_pylist(r, schema=_SCHEMAS[name]) for name, r in rows.items()}


def _document_row(d: Document) -> dict[str, Any]:
    row = {c: getattr(d, c) for c in _DOC_COLUMNS}
    # ISO text keeps the publisher's own offset (TIMESTAMPTZ would convert it to the session's zone)
    row["published_time"] = d.published_time.isoformat() if d.published_time else None
    row["ingested_at"] = __import__("datetime").datetime.now()
    return row


def _document_of_row(row: dict[str, Any]) -> Document:
    stamp = row.get("published_time")
    return Document(**{**row, "published_time": datetime.fromisoformat(stamp) if stamp else None})


def _event_row(e: Event) -> dict[str, Any]:
    actors = sorted({a.country for a in e.actors if a.country})
    recipients = sorted({a.country for a in e.recipients if a.country})
    return {
        "id": e.id, "doc_id": e.doc_id, "sentence_index": e.sentence_index, "type": e.type,
        "mode": e.mode, "context": e.context, "cameo": e.cameo, "score": e.score,
        "status": e.status, "confidence": e.confidence, "date_precision": e.date.precision,
        "date_start": e.date.start, "date_end": e.date.end,
        "actor_countries": actors, "recipient_countries": recipients,
        "actor_text": "; ".join(a.span.text for a in e.actors if a.span),
        "recipient_text": "; ".join(a.span.text for a in e.recipients if a.span),
        "trigger_text": e.trigger.text,
        "record": json.dumps(to_dict(e), ensure_ascii=False),
    }


def _quote_row(q: Quote) -> dict[str, Any]:
    actor = q.speaker_actor
    return {
        "id": q.id, "doc_id": q.doc_id, "sentence_index": q.sentence_index, "kind": q.kind,
        "speaker_text": q.speaker.text if q.speaker else None,
        "speaker_country": actor.country if actor else None,
        "speaker_name": actor.name if actor else None,
        "cue_text": q.cue.text if q.cue else None, "content_text": q.content.text,
        "date_start": q.date.start, "scare": q.scare, "confidence": q.confidence,
        "record": json.dumps(to_dict(q), ensure_ascii=False),
    }


def _place_row(p: Place) -> dict[str, Any]:
    return {
        "id": p.id, "doc_id": p.doc_id, "sentence_index": p.sentence_index,
        "start_char": p.span.start_char, "end_char": p.span.end_char, "text": p.span.text,
        "name": p.name, "country": p.country, "feature_class": p.feature_class,
        "latitude": p.latitude, "longitude": p.longitude, "geonames_id": p.geonames_id,
        "precision": p.precision, "record": json.dumps(to_dict(p), ensure_ascii=False),
    }


_S, _I, _F, _D = pa.string(), pa.int32(), pa.float64(), pa.date32()
_SCHEMAS = {
    "documents": pa.schema(
        [(c, _D if c in _DATE_COLUMNS else _S) for c in _DOC_COLUMNS] + [("ingested_at", pa.timestamp("us"))]
    ),
    "sentences": pa.schema([("doc_id", _S), ("idx", _I), ("start_char", _I), ("end_char", _I), ("text", _S)]),
    "events": pa.schema([
        ("id", _S), ("doc_id", _S), ("sentence_index", _I), ("type", _S), ("mode", _S),
        ("context", _S), ("cameo", _S), ("score", _F), ("status", _S), ("confidence", _F),
        ("date_precision", _S), ("date_start", _D), ("date_end", _D),
        ("actor_countries", pa.list_(_S)), ("recipient_countries", pa.list_(_S)),
        ("actor_text", _S), ("recipient_text", _S), ("trigger_text", _S), ("record", _S),
    ]),
    "quotes": pa.schema([
        ("id", _S), ("doc_id", _S), ("sentence_index", _I), ("kind", _S), ("speaker_text", _S),
        ("speaker_country", _S), ("speaker_name", _S), ("cue_text", _S), ("content_text", _S),
        ("date_start", _D), ("scare", pa.bool_()), ("confidence", _F), ("record", _S),
    ]),
    "places": pa.schema([
        ("id", _S), ("doc_id", _S), ("sentence_index", _I), ("start_char", _I), ("end_char", _I),
        ("text", _S), ("name", _S), ("country", _S), ("feature_class", _S), ("latitude", _F),
        ("longitude", _F), ("geonames_id", pa.int64()), ("precision", _S), ("record", _S),
    ]),
    "abstentions": pa.schema([("doc_id", _S), ("stage", _S), ("sentence_index", _I), ("reason", _S), ("text", _S)]),
}
_CANONICAL_SCHEMA = pa.schema([
    ("id", _S), ("type", _S), ("mode", _S), ("actors", pa.list_(_S)), ("recipients", pa.list_(_S)),
    ("date_precision", _S), ("date_start", _D), ("date_end", _D), ("first_reported", _D),
    ("last_reported", _D), ("n_mentions", _I), ("n_sources", _I), ("record", _S),
])
def _actor_rows(mentions: Sequence[Any]) -> pa.Table:
    """One row per (mention, actor); "*" for a mention with no actor country."""
    rows = [
        {"id": m.id, "type": m.type, "actor": actor, "window_start": w[0], "window_end": w[1]}
        for m in mentions if (w := m.window()) for actor in (m.actors or ("*",))
    ]
    return pa.Table.from_pylist(rows, schema=pa.schema([
        ("id", _S), ("type", _S), ("actor", _S), ("window_start", _D), ("window_end", _D),
    ]))


_LINK_MENTION_SCHEMA = pa.schema([
    ("id", _S), ("doc_id", _S), ("type", _S), ("window_start", _D), ("window_end", _D),
    ("canonical_id", _S), ("record", _S),
])
_FIELD_SCHEMA = pa.schema([
    ("canonical_id", _S), ("field", _S), ("value", _S), ("canonical", pa.bool_()), ("n_sources", _I),
    ("n_mentions", _I),
])
_QUESTION_SCHEMA = pa.schema([("canonical_id", _S), ("key", _S), ("label", _S), ("answer", _S), ("answered_by_doc", _S)])
