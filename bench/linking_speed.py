"""Time linking 10,000 new event mentions into a store that already holds 100,000.

Usage: python bench/linking_speed.py [DB_PATH] [--stored N] [--new N] [--seed S]

Mentions are generated (never shipped): 20 event types x 40 actor countries over three years,
70% with a day date, the rest with a month or only a publication date, evidence sentences from
templates. The stored part is linked first (timed separately); the figure that counts is
``seconds_new``, the incremental link of the new batch. Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from dateline.link import Mention, link_batch
from dateline.records import EventDate
from dateline.store import Store

TYPES = ["MOBILIZE", "ATTACK", "PROTEST", "CONSULT", "ACCUSE", "THREATEN", "AGREE", "REJECT",
         "SANCTION", "COERCE", "ASSAULT", "AID", "REQUEST", "SUPPORT", "CONCEDE", "RETREAT",
         "INVESTIGATE", "DEMAND", "DISAPPROVE", "COOPERATE"]
COUNTRIES = ["PRK", "KOR", "USA", "JPN", "CHN", "RUS", "UKR", "IRN", "ISR", "PSE", "SYR", "IRQ",
             "AFG", "PAK", "IND", "MMR", "THA", "PHL", "IDN", "MYS", "VNM", "TWN", "GBR", "FRA",
             "DEU", "ITA", "ESP", "POL", "TUR", "EGY", "LBY", "SDN", "ETH", "SOM", "KEN", "NGA",
             "MLI", "COD", "VEN", "COL"]
VERBS = ["fired", "launched", "staged", "held", "announced", "condemned", "rejected", "signed"]
OBJECTS = ["a ballistic missile", "talks", "a protest", "an attack on a convoy", "new sanctions",
           "a ceasefire", "an aid shipment", "a border raid"]
START = date(2021, 1, 1)


def generate(n: int, rng: random.Random, prefix: str) -> list[Mention]:
    mentions = []
    for i in range(n):
        day = START + timedelta(days=rng.randrange(3 * 365))
        published = day + timedelta(days=rng.choice((0, 0, 1, 2)))
        roll = rng.random()
        if roll < 0.7:
            when = EventDate("day", day, day)
        elif roll < 0.8:
            first = day.replace(day=1)
            when = EventDate("month", first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))
        else:  # news with no date of its own: the report's days, as events/dates.py dates it
            when = EventDate("report", published - timedelta(days=3), published)
        actor = rng.choice(COUNTRIES)
        text = f"{actor} {rng.choice(VERBS)} {rng.choice(OBJECTS)} near the border, officials said"
        mentions.append(Mention(
            id=f"{prefix}{i:07d}", doc_id=f"doc{prefix}{i // 3:07d}", type=rng.choice(TYPES),
            source=f"source{rng.randrange(200)}", published_at=published, actors=(actor,),
            date=when, text=text,
        ))
    return mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", help="DuckDB file to create (default: a temporary file)")
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "speed.duckdb"
        if path.exists():
            raise SystemExit(f"{path}: exists; give a new file name")
        with Store(path) as store:
            seconds_stored = _link(store, generate(args.stored, rng, "s"))
            seconds_new = _link(store, generate(args.new, rng, "n"))
            canonical = len(store.canonical_events())
    result = {"stored": args.stored, "new": args.new, "seconds_stored": round(seconds_stored, 2),
              "seconds_new": round(seconds_new, 2), "canonical_events": canonical}
    for key, value in result.items():
        print(f"{key:>16}: {value}")
    print(json.dumps(result))


def _link(store: Store, mentions: list[Mention]) -> float:
    started = time.perf_counter()
    result = link_batch(mentions, fetch=store.link_candidates, members=store.link_members)
    store.write_links(mentions, result)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
