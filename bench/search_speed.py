"""Full-text search speed over many documents (issue 17: p50 under 100 ms over 100,000).

Usage: python bench/search_speed.py CORPUS_DIR [--docs 100000] [--sentences 20] [--queries 60] [--db PATH]

CORPUS_DIR holds plain-text reports (e.g. ../shared/data/corpora/bbc-politics). Their sentences
(split on end punctuation, no parse: the bench measures search, not NLP) are drawn at random,
seeded, into --docs documents of --sentences sentences each, written through Store.write_tables
(so the word index is built by the write path users get), then ``dateline optimize``'s
Store.optimize sorts it. Queries are one or two words drawn
from the sentences, so most have hits. Prints the build time and the search latencies of
``api.search`` (limit 20) with the engine ``auto`` picks; the last line is JSON.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dateline import api  # noqa: E402
from dateline.records import content_hash  # noqa: E402
from dateline.store import _SCHEMAS, Store  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentence_pool(folder: Path) -> list[str]:
    pool = []
    for path in sorted(folder.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8", errors="replace").split("\n"):
            pool += [s.strip() for s in _SENTENCE_END.split(paragraph) if len(s.split()) >= 5]
    return pool


def build(store: Store, pool: list[str], n_docs: int, per_doc: int, rng: random.Random, batch: int = 10_000) -> None:
    day = date(2020, 1, 1)
    for first in range(0, n_docs, batch):
        docs, sentences = [], []
        for n in range(first, min(first + batch, n_docs)):
            picked = rng.sample(pool, per_doc)
            text, at, doc_id = "", 0, content_hash("bench", n)
            for i, s in enumerate(picked):
                sentences.append({"doc_id": doc_id, "idx": i, "start_char": at, "end_char": at + len(s), "text": s})
                text += s + " "
                at += len(s) + 1
            docs.append({"id": doc_id, "clean_text": text, "raw_text": "", "title": picked[0][:80],
                         "published_at": day + timedelta(days=n % 1500), "source": f"site{n % 40}"})
        store.write_tables({"documents": pa.Table.from_pylist(docs, schema=_SCHEMAS["documents"]),
                            "sentences": pa.Table.from_pylist(sentences, schema=_SCHEMAS["sentences"])})


def queries(pool: list[str], n: int, rng: random.Random) -> list[str]:
    found = []
    while len(found) < n:
        words = [w for w in re.findall(r"[A-Za-z]+", rng.choice(pool)) if len(w) >= 5]
        if len(words) >= 2:
            found.append(" ".join(rng.sample(words, 2)) if len(found) % 2 else rng.choice(words))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--sentences", type=int, default=20)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--db", type=Path, help="Store to build (default: a temporary file); reused if it exists.")
    args = parser.parse_args()
    rng = random.Random(17)
    pool = sentence_pool(args.corpus)
    path = args.db or Path(tempfile.mkdtemp()) / "search.duckdb"
    fresh = not path.exists()
    start = time.perf_counter()
    with Store(path) as store:
        if fresh:
            build(store, pool, args.docs, args.sentences, rng)
            store.optimize()  # as `dateline optimize` after a large ingest: the word index sorted by word
    build_s = time.perf_counter() - start
    with Store(path, read_only=True) as store:
        asked = queries(pool, args.queries, random.Random(18))
        engine, _ = api.search(store, asked[0])  # warm: first query loads the tables' metadata
        times, hits = [], []
        for q in asked:
            t = time.perf_counter()
            _, found = api.search(store, q, limit=20)
            times.append((time.perf_counter() - t) * 1000)
            hits.append(len(found))
        docs = store.stats()["documents"]
    times.sort()
    result = {
        "documents": docs, "sentences_per_doc": args.sentences, "queries": len(times), "engine": engine,
        "build_s": round(build_s, 1) if fresh else None, "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1), "max_ms": round(times[-1], 1),
        "queries_with_hits": sum(1 for h in hits if h),
    }
    print(f"{docs:,} documents, {engine} engine: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
