"""Ingest throughput vs bare spaCy, measured in the same run.

Usage: python bench/ingest_speed.py CORPUS_DIR [--runs 3]

CORPUS_DIR holds plain-text reports (e.g. ../shared/data/corpora/bbc-politics). Each run ingests
the whole folder into a fresh DuckDB store (reading, cleaning, parsing, every pipeline stage,
writing) and, right after, runs bare ``nlp.pipe`` over the same clean texts. Prints per-run
figures, the median time spent in each pipeline stage, and a JSON object as the last line with
the medians: docs_per_s, words_per_s, spacy_words_per_s, ratio (ingest words/s over spaCy
words/s, same run), peak_rss_mib.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from dateline import api, nlp, pipeline
from dateline.ingest import read_inputs
from dateline.store import Store


def _timed_stages(totals: dict[str, float]) -> None:
    for name, stage in list(pipeline.STAGES.items()):
        def timed(doc, analysis, _stage=stage, _name=name):
            start = time.perf_counter()
            out = list(_stage(doc, analysis))
            totals[_name] += time.perf_counter() - start
            return out

        pipeline.STAGES[name] = timed


def _report_files(corpus: Path) -> list[str]:
    """Every file of the corpus but its documentation (SOURCE.md, README)."""
    return [str(p) for p in sorted(corpus.rglob("*")) if p.is_file() and p.suffix.lower() != ".md"]


def _one_run(corpus: Path, stage_totals: dict[str, float]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        summary = api.ingest(store, read_inputs(_report_files(corpus)))
        ingest_s = time.perf_counter() - start
        texts = [d.clean_text for d in store.documents()]
        store.close()
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _ in nlp.parse_many(texts):
        pass
    spacy_s = time.perf_counter() - start
    if summary.failed:
        print(f"warning: {summary.failed} inputs failed", file=sys.stderr)
    return {
        "docs": summary.new, "words": words, "ingest_s": ingest_s, "spacy_s": spacy_s,
        "docs_per_s": summary.new / ingest_s, "words_per_s": words / ingest_s,
        "spacy_words_per_s": words / spacy_s, "ratio": spacy_s / ingest_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stages", help="comma-separated pipeline stages to keep (default: all), "
                        "e.g. 'sentences' for the foundation alone")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus}: not a folder")
    if args.stages:
        keep = args.stages.split(",")
        for name in [n for n in pipeline.STAGES if n not in keep]:
            del pipeline.STAGES[name]
    nlp.load()
    list(nlp.parse_many(["Warm-up sentence for the model."]))
    stage_totals: dict[str, float] = defaultdict(float)
    _timed_stages(stage_totals)
    runs = []
    for i in range(args.runs):
        run = _one_run(args.corpus, stage_totals)
        runs.append(run)
        print(f"run {i + 1}: {run['docs']} docs, {run['words']} words, ingest {run['ingest_s']:.2f} s, "
              f"bare spaCy {run['spacy_s']:.2f} s, ratio {run['ratio']:.3f}")
    for name, total in stage_totals.items():
        print(f"stage {name:<12} {total / args.runs:.3f} s per run")
    median = {k: statistics.median(r[k] for r in runs) for k in ("docs_per_s", "words_per_s", "spacy_words_per_s", "ratio")}
    result = {k: round(v, 3) for k, v in median.items()}
    result["docs"] = runs[0]["docs"]
    result["runs"] = args.runs
    result["stages"] = list(pipeline.STAGES)
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
