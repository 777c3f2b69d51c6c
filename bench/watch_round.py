"""One watch round over many local feeds against ingesting the same reports from disk.

Usage: python bench/watch_round.py INPUT... [--feeds 50] [--items 20] [--runs 3]

INPUT is anything ``dateline ingest`` reads (e.g. ../shared/data/corpora/bbc-politics and
../shared/data/coref/ecbplus-dev.jsonl); the first FEEDS x ITEMS reports are written as
article pages (HTML with title and date). Each run, in the same process (model loaded first):

- disk: ``api.ingest_paths`` over the folder of pages, into a fresh store;
- watch: FEEDS local sites (one 127.0.0.1 port each, so one host each, as FEEDS news sites
  would be), each with an RSS feed of its ITEMS pages; one ``run_round`` into a fresh store
  with one tracker, at the default politeness settings (per-host rate and connections).

Prints each run and, as the last line, a JSON object with the medians and the median of the
per-run ratios watch/disk (issue 19's target: at most 1.3).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the local news site

from watch_server import FeedServer, article_page, rss  # noqa: E402

from dateline import api, process  # noqa: E402
from dateline.ingest import RawReport, read_inputs  # noqa: E402
from dateline.records import Tracker  # noqa: E402
from dateline.store import Store  # noqa: E402
from dateline.watch import Source, WatchPlan, run_round  # noqa: E402


def _reports(inputs: list[str], count: int) -> list[tuple[str, str, str]]:
    """(title, text, published) of the first ``count`` readable reports with text."""
    found = []
    for item in read_inputs(inputs):
        if isinstance(item, RawReport) and item.text and len(item.text) > 200:
            title = item.title or item.text.strip().splitlines()[0][:80]
            found.append((title, item.text, (item.published or _DEFAULT_DAY).isoformat()))
        if len(found) == count:
            return found
    raise SystemExit(f"only {len(found)} reports with text in {inputs}; need {count}")


# a report with no date of its own is published on this day (both paths see the same pages)
_DEFAULT_DAY = __import__("datetime").date(2024, 5, 6)


def _disk_run(pages: Path) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "disk.duckdb") as store:
        start = time.perf_counter()
        summary = api.ingest_paths(store, [str(pages)])
        return time.perf_counter() - start, summary.new + summary.duplicates + summary.unchanged


def _watch_run(sites: list[FeedServer]) -> tuple[float, int, int]:
    plan = WatchPlan(tuple(Source(s.url("/feed.xml"), f"site {n}") for n, s in enumerate(sites)))
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "watch.duckdb") as store:
        api.add_tracker(store, Tracker("bench", "GBR"))
        start = time.perf_counter()
        summary = run_round(store, plan, allow_private=True)
        elapsed = time.perf_counter() - start
        ingest = summary.ingest
        return elapsed, ingest.new + ingest.duplicates + ingest.unchanged, len(summary.item_errors) + len(summary.source_errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    reports = _reports(args.inputs, args.feeds * args.items)
    sites = [FeedServer() for _ in range(args.feeds)]
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp)
        feeds: list[list[tuple[str, str, str]]] = [[] for _ in sites]
        for n, (title, text, published) in enumerate(reports):
            page = article_page(title, text, published)
            (pages / f"{n:04d}.html").write_text(page, encoding="utf-8")
            site = sites[n // args.items]
            feeds[n // args.items].append((site.publish(f"/news/{n:04d}.html", page), title, published))
        for site, items in zip(sites, feeds):
            site.publish("/feed.xml", rss("Site", items), "application/rss+xml")
        process("Warm-up: the model loads before either timing.", published="2024-05-06")
        runs = []
        for run in range(1, args.runs + 1):
            disk_s, disk_docs = _disk_run(pages)
            watch_s, watch_docs, errors = _watch_run(sites)
            runs.append({"disk_s": disk_s, "watch_s": watch_s, "ratio": watch_s / disk_s})
            print(f"run {run}: disk {disk_s:.1f} s ({disk_docs} reports), watch round {watch_s:.1f} s "
                  f"({watch_docs} reports, {errors} errors), ratio {watch_s / disk_s:.3f}", flush=True)
    for site in sites:
        site.close()
    print(json.dumps({
        "feeds": args.feeds, "items_per_feed": args.items, "runs": args.runs,
        "disk_s": round(statistics.median(r["disk_s"] for r in runs), 2),
        "watch_s": round(statistics.median(r["watch_s"] for r in runs), 2),
        "ratio": round(statistics.median(r["ratio"] for r in runs), 3),
    }))


if __name__ == "__main__":
    main()
