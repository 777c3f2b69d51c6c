"""Where a GET /events request's CPU goes: the page query, the count, the listing rows, the JSON.

Usage: python bench/api_phases.py STORE.duckdb [--queries 200] [--seed 1]

Asks ``Store`` in this process, on a store opened fresh (caches cold), the same varied filter
combinations ``bench/api_speed.py`` sends to the server (each once, so every one is cold), and
times each phase of the route in CPU time (all threads), which another job on the machine
inflates much less than wall time. Prints p50/p95/mean per phase, the slowest requests, and one
JSON line.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from api_speed import percentile, random_queries  # noqa: E402

from dateline.store import EventFilter, Store  # noqa: E402
from dateline.web.params import event_filter  # noqa: E402

PHASES = ("page", "count", "rows", "json")


def parse(query: str) -> EventFilter:
    """The filter the API builds from ``query`` (same defaults and checks)."""
    given = urllib.parse.parse_qs(query)
    values: dict = {k: v[0] for k, v in given.items()}
    if "status" in given:
        values["status"] = given["status"]
    for name in ("limit", "offset"):
        if name in values:
            values[name] = int(values[name])
    defaults = dict(actor=None, recipient=None, type=None, status=None, since=None, until=None, doc=None, sort="date",
                    limit=20, offset=0, after=None, mode=None, country=None, source=None, min_confidence=None,
                    canonical=None, text=None)
    return asyncio.run(event_filter(**(defaults | values)))


def request_phases(store: Store, where: EventFilter) -> dict[str, float]:
    """CPU milliseconds of each phase of ``api_routes.list_events`` for ``where``."""
    handle = store.cursor()
    marks = [time.process_time()]
    page = handle.event_page(where)
    marks.append(time.process_time())
    total = handle.count_events(where)
    marks.append(time.process_time())
    rows = handle.flat_rows(page.records, page.located)
    marks.append(time.process_time())
    json.dumps({"total": total, "events": rows}, ensure_ascii=False, default=str, separators=(",", ":"))
    marks.append(time.process_time())
    handle.close()
    return {name: (marks[i + 1] - marks[i]) * 1000 for i, name in enumerate(PHASES)}


def main() -> None:
    parser = argparse.ArgumentParser(description="CPU per phase of GET /events, cold, in process")
    parser.add_argument("store", type=Path)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.store.exists():
        raise SystemExit(f"{args.store}: no such store (bench/api_speed.py STORE generates one)")
    queries = random_queries(args.queries, args.seed)
    store = Store(args.store, read_only=True)
    measured = [(query, request_phases(store, parse(query))) for query in queries]
    store.close()
    result: dict = {"queries": len(queries), "seed": args.seed}
    for name in PHASES + ("total",):
        values = [sum(p.values()) if name == "total" else p[name] for _, p in measured]
        result[f"{name}_cpu_p50_ms"] = round(statistics.median(values), 1)
        result[f"{name}_cpu_p95_ms"] = round(percentile(values, 0.95), 1)
        print(f"{name:6} cpu p50 {statistics.median(values):7.1f} ms  p95 {percentile(values, 0.95):7.1f}  "
              f"mean {statistics.mean(values):7.1f}")
    for query, p in sorted(measured, key=lambda m: -sum(m[1].values()))[:5]:
        print(f"slowest: {sum(p.values()):7.1f} ms  " + "  ".join(f"{k} {v:.1f}" for k, v in p.items()) + f"  {query}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
