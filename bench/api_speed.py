"""Latency of GET /events with varied, unseen filters on a store of generated events, served on 127.0.0.1.

Usage: python bench/api_speed.py [STORE.duckdb] [--events 1000000] [--queries 200] [--seed 1] [--as-is]

Without a store path, a store is generated in a temporary folder (and removed afterwards); with
a path that does not exist yet, the store is generated there and kept for the next run. Events
are made up: documents of template sentences whose events carry real spans, actors, dates,
places and evidence, so the rows have the size and shape the coder produces. The store's events
are put in listing order first (``dateline optimize``, as after any bulk load) unless they are
already or ``--as-is`` is given.

What a user waits for: a fresh server (every cache cold) is asked ``--queries`` distinct filter
combinations drawn at random (actors, recipients, types, statuses, date ranges, sorts, page
sizes and pages; ``--seed`` picks them), each for the first time: those are the **cold**
figures. Then every query is asked once more, in another order: the **warm** figures (the
server has counted that filter before). Prints p50/p95/p99 of each and ends with one JSON line.

Besides wall-clock latency (which another job on the machine inflates), it reports the
server's CPU time per request (user + system, all its threads, from /proc): the work a request
costs, much less sensitive to a loaded machine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from dateline.records import Actor, Analysis, Document, Event, EventDate, Evidence, Place, Sentence, TextSpan
from dateline.store import Store

COUNTRIES = [
    ("USA", "The United States"), ("CHN", "China"), ("RUS", "Russia"), ("UKR", "Ukraine"),
    ("PRK", "North Korea"), ("KOR", "South Korea"), ("JPN", "Japan"), ("IRN", "Iran"),
    ("ISR", "Israel"), ("IND", "India"), ("PAK", "Pakistan"), ("TUR", "Turkey"), ("SYR", "Syria"),
    ("GBR", "Britain"), ("FRA", "France"), ("DEU", "Germany"), ("NGA", "Nigeria"), ("ETH", "Ethiopia"),
    ("SDN", "Sudan"), ("BRA", "Brazil"), ("MEX", "Mexico"), ("VEN", "Venezuela"), ("EGY", "Egypt"),
    ("SAU", "Saudi Arabia"), ("AFG", "Afghanistan"), ("IRQ", "Iraq"), ("YEM", "Yemen"),
    ("MMR", "Myanmar"), ("PHL", "The Philippines"), ("TWN", "Taiwan"),
]
VERBS = [
    ("ACCUSE", "accused"), ("ASSAULT", "attacked"), ("COERCE", "sanctioned"), ("CONSULT", "met"),
    ("COOPERATE", "signed an agreement with"), ("DEMAND", "demanded concessions from"),
    ("DISAPPROVE", "condemned"), ("MOBILIZE", "deployed troops near"), ("PROTEST", "protested against"),
    ("REJECT", "rejected a proposal from"), ("REQUEST", "asked for help from"), ("SUPPORT", "praised"),
    ("THREATEN", "threatened"), ("AID", "sent aid to"), ("RETREAT", "withdrew forces from"),
    ("AGREE", "agreed to talks with"),
]
PLACES = [("Geneva", 46.2, 6.15), ("Seoul", 37.57, 126.98), ("Kyiv", 50.45, 30.52), ("Beijing", 39.9, 116.4),
          ("Cairo", 30.04, 31.24), ("Lagos", 6.45, 3.39), ("Caracas", 10.49, -66.88), ("Manila", 14.6, 120.98)]
STATUSES = ["asserted"] * 8 + ["denied", "hypothetical"]


def generate(path: Path, n_events: int, *, per_doc: int = 10, seed: int = 7) -> None:
    """Write ``n_events`` events in documents of ``per_doc`` sentences, one event each."""
    rng = random.Random(seed)
    with Store(path) as store:
        batch: list[Analysis] = []
        for d in range((n_events + per_doc - 1) // per_doc):
            batch.append(_analysis(rng, d, min(per_doc, n_events - d * per_doc)))
            if len(batch) == 2000:
                store.write(batch)
                batch = []
        store.write(batch)


def _analysis(rng: random.Random, number: int, n_sentences: int) -> Analysis:
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    rows = [_sentence_parts(rng) for _ in range(n_sentences)]
    text = " ".join("".join(parts) for parts, _ in rows) + f" (report {number})"
    doc_id = Document.make_id(text)
    analysis = Analysis(Document(doc_id, text, source=f"wire{number % 40}", published_at=published, language="en"))
    offset = 0
    for index, (parts, meta) in enumerate(rows):
        sentence_text = "".join(parts)
        analysis.sentences.append(Sentence(doc_id, index, offset, offset + len(sentence_text), sentence_text))
        analysis.events.append(_event(rng, doc_id, index, offset, parts, meta, published))
        offset += len(sentence_text) + 1
    return analysis


def _sentence_parts(rng: random.Random) -> tuple[list[str], tuple]:
    actor, recipient = rng.sample(COUNTRIES, 2)
    verb = rng.choice(VERBS)
    place = rng.choice(PLACES)
    parts = [actor[1], " ", verb[1], " ", recipient[1], " in ", place[0], " on Tuesday."]
    return parts, (actor, verb, recipient, place)


def _event(rng, doc_id, index, offset, parts, meta, published) -> Event:
    (a_code, _), (etype, _), (r_code, _), (pname, lat, lon) = meta
    starts = [offset]
    for p in parts:
        starts.append(starts[-1] + len(p))

    def span(i: int) -> TextSpan:
        return TextSpan(doc_id, starts[i], starts[i + 1], parts[i])

    day = published - timedelta(days=rng.randrange(3))
    date_span = TextSpan(doc_id, starts[7] + 4, starts[8] - 1, "Tuesday")
    return Event(
        doc_id=doc_id, sentence_index=index, type=etype, trigger=span(2),
        actors=(Actor(country=a_code, span=span(0)),), recipients=(Actor(country=r_code, span=span(4)),),
        status=rng.choice(STATUSES), date=EventDate("day", day, day, "on Tuesday"),
        place=Place(doc_id, span(6), name=pname, latitude=lat, longitude=lon, precision="point", sentence_index=index),
        confidence=round(rng.random(), 3),
        evidence={"trigger": Evidence.of(span(2), index), "actor": Evidence.of(span(0), index),
                  "recipient": Evidence.of(span(4), index), "date": Evidence.of(date_span, index),
                  "place": Evidence.of(span(6), index)},
    )


TYPES = [v[0] for v in VERBS]
SORTS = ["date", "date", "-date", "confidence", "-confidence", "type"]


def random_queries(n: int, seed: int) -> list[str]:
    """``n`` distinct filter combinations an analyst might ask for: from one actor to a whole
    year, with random sorts, page sizes and pages (deep pages included)."""
    rng = random.Random(seed)
    queries: dict[str, None] = {}
    while len(queries) < n:
        params: list[tuple[str, str]] = []
        if rng.random() < 0.5:
            params.append(("actor", rng.choice(COUNTRIES)[0]))
        if rng.random() < 0.3:
            params.append(("recipient", rng.choice(COUNTRIES)[0]))
        if rng.random() < 0.4:
            params.append(("type", rng.choice(TYPES)))
        if rng.random() < 0.1:
            params.append(("status", rng.choice(["all", "denied", "hypothetical"])))
        if rng.random() < 0.4:
            start = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
            params.append(("since", start.isoformat()))
            if rng.random() < 0.7:
                params.append(("until", (start + timedelta(days=rng.choice([7, 30, 90, 365, 1000]))).isoformat()))
        sort = rng.choice(SORTS)
        if sort != "date":
            params.append(("sort", sort))
        if rng.random() < 0.3:
            params.append(("limit", str(rng.choice([10, 20, 100, 200, 500]))))
        if rng.random() < 0.3:
            params.append(("offset", str(rng.choice([50, 100, 500, 1000, 5000]))))
        queries["&".join(f"{k}={v}" for k, v in params)] = None
    return list(queries)


def serve(path: Path, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "dateline.cli", "serve", "--db", str(path), "--port", str(port)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=5).read()
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"server exited: {server.stderr.read().decode()}")
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start within 120 s")


def measure(port: int, queries: list[str]) -> tuple[list[float], list[int]]:
    """One request per query over one keep-alive connection: (milliseconds, rows matching)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    timings, totals = [], []
    for query in queries:
        start = time.perf_counter()
        connection.request("GET", f"/events?{query}")
        response = connection.getresponse()
        body = response.read()
        timings.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"GET /events?{query}: HTTP {response.status} {body[:200]!r}")
        totals.append(json.loads(body)["total"])
    connection.close()
    return timings, totals


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, all threads (Linux /proc)."""

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description="cold and warm latency of GET /events with varied filters")
    parser.add_argument("store", nargs="?", type=Path, help="store to use, generated there when absent (default: a temp folder)")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200, help="distinct filter combinations, each asked cold then warm")
    parser.add_argument("--seed", type=int, default=1, help="picks the filter combinations")
    parser.add_argument("--as-is", action="store_true", help="measure the store without putting its events in listing order")
    args = parser.parse_args()
    folder = None
    if args.store is None:
        folder = tempfile.TemporaryDirectory()
        args.store = Path(folder.name) / "events.duckdb"
    generated_s = None
    if not args.store.exists():
        start = time.perf_counter()
        generate(args.store, args.events)
        generated_s = round(time.perf_counter() - start, 1)
        print(f"generated {args.events:,} events in {generated_s} s")
    with Store(args.store) as store:  # applies any missing migration, as `dateline serve` does
        if store.unordered_events() and not args.as_is:
            start = time.perf_counter()
            store.optimize()
            print(f"events put in listing order in {time.perf_counter() - start:.1f} s")
        n_events = store.stats()["events"]
        unordered = store.unordered_events()
    queries = random_queries(args.queries, args.seed)
    again = random.Random(args.seed + 1).sample(queries, len(queries))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = serve(args.store, port)
    try:
        cpu = cpu_seconds(server.pid)
        cold, totals = measure(port, queries)
        cold_cpu = (cpu_seconds(server.pid) - cpu) * 1000 / len(queries)
        cpu = cpu_seconds(server.pid)
        warm, _ = measure(port, again)
        warm_cpu = (cpu_seconds(server.pid) - cpu) * 1000 / len(queries)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if folder:
            folder.cleanup()
    slowest = sorted(zip(cold, queries, totals), reverse=True)[:5]
    for ms, query, total in slowest:
        print(f"slowest cold: {ms:8.1f} ms  matches {total:>9,}  GET /events?{query}")
    result = {"events": n_events, "queries": len(queries), "seed": args.seed}
    for name, timings, cpu_ms in (("cold", cold, cold_cpu), ("warm", warm, warm_cpu)):
        result.update({f"{name}_p50_ms": round(statistics.median(timings), 1),
                       f"{name}_p95_ms": round(percentile(timings, 0.95), 1),
                       f"{name}_p99_ms": round(percentile(timings, 0.99), 1),
                       f"{name}_cpu_ms_per_request": round(cpu_ms, 1)})
        print(f"{name}: p50 {result[f'{name}_p50_ms']} ms, p95 {result[f'{name}_p95_ms']} ms, "
              f"p99 {result[f'{name}_p99_ms']} ms, server cpu {cpu_ms:.1f} ms per request")
    result.update(target_cold_p50_ms=50, target_cold_p95_ms=150,
                  met=result["cold_p50_ms"] < 50 and result["cold_p95_ms"] < 150,
                  median_matches=statistics.median(totals), unordered_events=unordered, generated_s=generated_s,
                  load_average_at_end=[round(x, 1) for x in os.getloadavg()])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
