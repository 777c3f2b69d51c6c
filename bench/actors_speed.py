"""Actor resolution cost per document, beyond spaCy's own parse.

Usage: python bench/actors_speed.py CORPUS_DIR [--runs 5] [--limit N]

CORPUS_DIR holds plain-text reports (e.g. ../shared/data/corpora/bbc-politics). Measures, in a
fresh process: the time to load the actor dictionary (``actor_dictionary()``) and to build its
phrase index; then parses every report once (not timed) and, per run, times
``DocumentActors(doc, ...)`` plus ``resolve`` of every noun chunk, as the event coder and quote
extractor would (noun chunks are listed before timing: that is spaCy's work). Times are CPU
time of this process (``time.process_time``), which shared machines disturb less than wall
time; wall-clock medians are printed too. Prints per-run figures and, as the last line, a JSON
object with the medians: load_s, index_s, ms_per_doc, ms_per_500_words (CPU),
wall_ms_per_500_words, mentions_per_doc, resolved_chunks_per_doc.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

from dateline import nlp
from dateline.events import actors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()

    start = time.process_time()
    dictionary = actors.actor_dictionary()
    load_s = time.process_time() - start
    start = time.process_time()
    dictionary._phrase_prefixes()
    index_s = time.process_time() - start

    paths = sorted(p for p in args.corpus.iterdir() if p.suffix == ".txt")
    if args.limit:
        paths = paths[: args.limit]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    docs = list(nlp.parse_many(texts))
    chunks = [list(doc.noun_chunks) for doc in docs]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(docs)} documents, {words} words; dictionary load {load_s:.3f} s, "
          f"phrase index {index_s:.3f} s (CPU)")

    per_run = []
    for run in range(args.runs):
        mentions = resolved = 0
        start, wall_start = time.process_time(), time.perf_counter()
        for i, (doc, doc_chunks) in enumerate(zip(docs, chunks)):
            document = actors.DocumentActors(doc, f"doc{i}", date(2005, 1, 1))
            mentions += len(document.mentions)
            for chunk in doc_chunks:
                resolved += bool(document.resolve(chunk))
        elapsed, wall = time.process_time() - start, time.perf_counter() - wall_start
        per_run.append((elapsed, mentions, resolved, wall))
        print(f"run {run + 1}: CPU {elapsed:.3f} s, {1000 * elapsed / len(docs):.2f} ms/doc, "
              f"{1000 * elapsed / words * 500:.2f} ms/500 words; wall {wall:.3f} s")
    elapsed = statistics.median(r[0] for r in per_run)
    wall = statistics.median(r[3] for r in per_run)
    print(json.dumps({
        "docs": len(docs),
        "load_s": round(load_s, 3),
        "index_s": round(index_s, 3),
        "ms_per_doc": round(1000 * elapsed / len(docs), 2),
        "ms_per_500_words": round(1000 * elapsed / words * 500, 2),
        "wall_ms_per_500_words": round(1000 * wall / words * 500, 2),
        "mentions_per_doc": round(per_run[0][1] / len(docs), 1),
        "resolved_chunks_per_doc": round(per_run[0][2] / len(docs), 1),
    }))


if __name__ == "__main__":
    main()
