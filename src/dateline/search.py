"""Full-text search over stored sentences and documents: the words of a query, and the engines.

Two engines rank sentences by BM25 (k1 1.2, b 0.75, every query word required):

- ``fts``: DuckDB's full-text search extension (``INSTALL fts; LOAD fts``, as DuckDB documents
  it), with its Porter stemmer. It is downloaded from DuckDB's extension server, or installed
  from the ``duckdb-extensions`` PyPI package when that matches the DuckDB version. Its index is
  built over the whole table (``dateline search --reindex``) and goes stale on the next ingest.
- ``sql``: the store's own word index (``search_postings``), kept current by every write, in
  plain SQL; no stemming. The fallback wherever the extension cannot load.

``settings search_engine`` picks one (``auto``: fts when it loads and its index is current).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Letters and digits, as the store's SQL tokeniser (store._WORD_PATTERN) splits them.
_WORD = re.compile(r"[^\W_]+")

BM25_K1 = 1.2  # DuckDB fts's defaults, so the two engines rank alike
BM25_B = 0.75


def words(text: str) -> list[str]:
    """The distinct lower-case words of ``text``, in order."""
    return list(dict.fromkeys(w.lower() for w in _WORD.findall(text)))


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching sentence with its document; ``score`` is BM25 (higher is better)."""

    doc_id: str
    sentence_index: int
    score: float
    text: str
    title: str | None
    source: str | None
    published_at: date | None
