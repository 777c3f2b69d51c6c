"""Near-duplicate lookup cost as the store grows: signing stored texts vs looking up by band key.

Usage: python bench/dedupe_lookup.py CORPUS_DIR [--sizes 1000 10000] [--queries 50]

For each size N, a DuckDB store is filled with N distinct documents made from the corpus (each
copy's words shuffled with its own seed, so copies are not near duplicates of each other;
documents only, no analysis). Then:
- sign_s: opening the first index on that store, which signs every stored text once. Before
  signatures were kept in the store, every ingest paid this.
- open_ms: opening an index again (nothing left to sign).
- batch_lookup_ms: time per report to look a batch up as ingest does (``look_up`` then ``match``),
  half of them near duplicates of stored documents, half new; single_lookup_ms: median for one
  report looked up alone.
The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dateline import pipeline
from dateline.dedupe import DuplicateIndex
from dateline.ingest import RawReport
from dateline.records import Analysis
from dateline.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--queries", type=int, default=32, help="near-duplicate queries (as many new ones)")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(args.corpus).iterdir())
             if p.is_file() and p.suffix.lower() != ".md"]
    if not texts:
        sys.exit(f"{args.corpus}: no report files")
    results = {}
    for size in args.sizes:
        results[size] = _measure(texts, size, args.queries)
        r = results[size]
        print(f"N {size:>7}: sign {r['sign_s']:.1f} s, open {r['open_ms']:.1f} ms, "
              f"lookup {r['batch_lookup_ms']:.2f} ms per report in a batch, {r['single_lookup_ms']:.2f} ms alone (near duplicates found {r['found']}/{r['queries']})", flush=True)
    print(json.dumps({"sizes": args.sizes, "runs": {str(k): v for k, v in results.items()}}))


def _measure(texts: list[str], size: int, queries: int) -> dict:
    with tempfile.TemporaryDirectory() as work, Store(Path(work) / "dedupe.duckdb") as store:
        documents = [_document(texts, n) for n in range(size)]
        for start in range(0, size, 1000):
            store.write([Analysis(d) for d in documents[start : start + 1000]])
        started = time.perf_counter()
        DuplicateIndex(store, threshold=0.7)
        sign_s = time.perf_counter() - started
        started = time.perf_counter()
        index = DuplicateIndex(store, threshold=0.7)
        open_ms = (time.perf_counter() - started) * 1e3
        reports = []
        for q in range(queries):
            stored = documents[(q * 7919) % size].clean_text
            reports += [(f"copy-of-{q}", stored + "\n\nThis report was updated.", True),
                        (f"new-{q}", _shuffled(stored, 10**6 + q), False)]
        single = []
        for doc_id, text, _ in reports[:20]:
            started = time.perf_counter()
            index.match(doc_id, text)
            single.append((time.perf_counter() - started) * 1e3)
        started = time.perf_counter()
        index.look_up((doc_id, text) for doc_id, text, _ in reports)
        found = sum(bool(index.match(doc_id, text)) for doc_id, text, is_copy in reports if is_copy)
        batch_ms = (time.perf_counter() - started) * 1e3 / len(reports)
    return {"sign_s": round(sign_s, 2), "open_ms": round(open_ms, 1), "batch_lookup_ms": round(batch_ms, 3),
            "single_lookup_ms": round(statistics.median(single), 3), "found": found, "queries": queries}


def _document(texts: list[str], n: int):
    text = texts[n % len(texts)] if n < len(texts) else _shuffled(texts[n % len(texts)], n)
    return pipeline.prepare(RawReport(origin=f"copy-{n}", text=text))


def _shuffled(text: str, seed: int) -> str:
    paragraphs = []
    for paragraph in text.split("\n\n"):
        words = paragraph.split()
        random.Random(seed).shuffle(words)
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs)


if __name__ == "__main__":
    main()
