"""Cost of one long report against its length: is any stage worse than linear?

Usage: python bench/dense_report.py [REPORT_FILE] [--sizes 500,1000,2000,4000] [--runs 1]

Builds reports of N sentences by repeating the sentences of REPORT_FILE (a plain-text news
report; default: one wire sentence, the case that was quadratic) and ingests each into a fresh
store (cleaning, parsing, every stage, writing, linking). Prints the CPU time per size and per
stage (``total`` includes spaCy's parse), the growth exponent of total time against sentences (least-squares slope of log time on
log size) and, as the last line, a JSON object: sizes, seconds, stage_seconds, exponent,
seconds_at_largest. The per-report time budget is switched off here so that the cost is
measured, not cut short.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from dateline import api, pipeline
from dateline.ingest import RawReport
from dateline.store import Store

SENTENCE = ("North Korea fired a ballistic missile into the sea off its east coast on Tuesday, "
            "the South Korean military said, in the latest of a series of launches this year.")


# CPU time of this process, not wall time: on a shared machine waiting for a core would make
# the growth exponent measure the neighbours' load.
_clock = time.process_time


def _timed_stages(totals: dict[str, float]) -> None:
    for name, stage in list(pipeline.STAGES.items()):
        def timed(doc, analysis, _stage=stage, _name=name):
            start = _clock()
            out = list(_stage(doc, analysis))
            totals[_name] += _clock() - start
            return out

        pipeline.STAGES[name] = timed


def _report(sentences: list[str], n: int) -> str:
    """n sentences in paragraphs of four, cycling through ``sentences``."""
    picked = [sentences[i % len(sentences)] for i in range(n)]
    return " ".join(picked)


def _ingest_once(text: str, totals: dict[str, float]) -> float:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "dense.duckdb") as store:
        raw = RawReport("dense.txt", text=text)
        start = _clock()
        summary = api.ingest(store, [raw], published=None)
        elapsed = _clock() - start
    if summary.failed:
        sys.exit(f"dense report failed: {summary.errors[0]}")
    totals["total"] += elapsed
    return elapsed


def _exponent(sizes: list[int], seconds: list[float]) -> float:
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", nargs="?", help="plain-text report whose sentences are repeated")
    parser.add_argument("--sizes", default="500,1000,2000,4000")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    sentences = [SENTENCE]
    if args.report:
        body = Path(args.report).read_text(encoding="utf-8")
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(body.split())) if len(s.split()) > 5]
    sizes = [int(s) for s in args.sizes.split(",")]
    os.environ.update(DATELINE_REPORT_TIME_BUDGET="0", DATELINE_MAX_DOC_CHARS=str(10**9))
    stage_totals: dict[int, dict[str, float]] = {}
    seconds = []
    _ingest_once(_report(sentences, 50), defaultdict(float))  # warm-up: model and gazetteer loads
    for n in sizes:
        text = _report(sentences, n)
        totals: dict[str, float] = defaultdict(float)
        _timed_stages(totals)
        runs = [_ingest_once(text, totals) for _ in range(args.runs)]
        pipeline.STAGES.update(_ORIGINAL)
        seconds.append(statistics.median(runs))
        stage_totals[n] = {k: round(v / args.runs, 2) for k, v in totals.items()}
        print(f"{n:>6} sentences {len(text):>9,} chars  {seconds[-1]:8.2f} s  {stage_totals[n]}", flush=True)
    exponent = _exponent(sizes, seconds)
    print(f"growth exponent {exponent:.2f} (1 = linear, 2 = quadratic)")
    print(json.dumps({"sizes": sizes, "seconds": [round(s, 2) for s in seconds], "stage_seconds": stage_totals,
                      "exponent": round(exponent, 2), "seconds_at_largest": round(seconds[-1], 2)}))


_ORIGINAL = dict(pipeline.STAGES)

if __name__ == "__main__":
    main()
