"""Score what a user sees: ECB+ documents ingested with `dateline ingest`, grouped by `dateline stories`.

Usage: python bench/linking_ecb.py FILE.jsonl [--db PATH] [--reuse [--relink]]

FILE.jsonl holds one document per line with ``doc``, ``topic``, ``event`` and ``text``. Every
line is ingested into a fresh store through the CLI (``dateline ingest FILE.jsonl``, the command
users run), then scored against the gold grouping:

- ``stories``: the groups ``dateline stories`` prints (B-cubed precision/recall/F1, ARI);
- ``canonical``: each document's main event's canonical event (a document with none is alone);
  ``canonical_with_main`` scores the same over the documents that have a main event only.

Figures are given for all documents and for the odd and even topics (one grouping, scored on
each half), so a choice made on one half is checked on the other. ``--reuse`` scores a store an
earlier run left at ``--db`` without ingesting again; ``--relink`` first relinks it with
``dateline link --rebuild`` (to measure a linking change in seconds, not an ingest's minutes).
The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from math import comb
from pathlib import Path

from click.testing import CliRunner

from dateline import api
from dateline.cli import main as cli
from dateline.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--db", type=Path, help="store to create (default: a temporary file)")
    parser.add_argument("--reuse", action="store_true", help="score the store at --db without ingesting")
    parser.add_argument("--relink", action="store_true", help="with --reuse: `dateline link --rebuild` first")
    args = parser.parse_args()
    rows = read_rows(args.path)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "ecb.duckdb"
        started = time.perf_counter()
        if not args.reuse:
            ingest(args.path, db)
        ingest_seconds = time.perf_counter() - started
        if args.relink:
            relink(db)
        link_seconds = time.perf_counter() - started - ingest_seconds
        started = time.perf_counter()
        stories, canonical, main_docs, n_docs = user_groupings(db, args.path, rows)
        group_seconds = time.perf_counter() - started
    gold = {r["doc"]: r["event"] for r in rows}
    result: dict = {"n_docs": len(rows), "n_stored": n_docs}
    with_main = {d: e for d, e in gold.items() if d in main_docs}
    result["n_with_main_event"] = len(with_main)
    for name, predicted, docs in (("stories", stories, gold), ("canonical", canonical, gold),
                                  ("canonical_with_main", canonical, with_main)):
        result[name] = score(predicted, docs)
        for half, parity in (("odd", 1), ("even", 0)):
            subset = {d: e for d, e in docs.items() if topic_of(rows, d) % 2 == parity}
            result[name][half] = score(predicted, subset)
    result.update(ingest_seconds=round(ingest_seconds, 1), group_seconds=round(group_seconds, 1))
    if args.relink:
        result["relink_seconds"] = round(link_seconds, 1)
    for name in ("stories", "canonical", "canonical_with_main"):
        r = result[name]
        print(f"{name:>19}: B3 {r['b3_precision']:.4f} / {r['b3_recall']:.4f} / {r['b3_f1']:.4f}  ARI {r['ari']:.4f}"
              f"  groups {r['n_groups']} (gold {r['n_gold_groups']})  odd {r['odd']['b3_f1']:.4f}/{r['odd']['ari']:.4f}"
              f"  even {r['even']['b3_f1']:.4f}/{r['even']['ari']:.4f}")
    print(json.dumps(result))


def ingest(path: Path, db: Path) -> None:
    """`dateline ingest FILE.jsonl --db DB`, run as the CLI runs it."""
    outcome = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(db)], catch_exceptions=False)
    if outcome.exit_code not in (0, 1):  # 1: some reports failed (e.g. no text after cleaning)
        sys.exit(f"dateline ingest failed ({outcome.exit_code}): {outcome.output[-500:]}")


def relink(db: Path) -> None:
    """`dateline link --rebuild --db DB`: every stored event linked again with this checkout's linker."""
    outcome = CliRunner().invoke(cli, ["link", "--rebuild", "--db", str(db)], catch_exceptions=False)
    if outcome.exit_code != 0:
        sys.exit(f"dateline link --rebuild failed ({outcome.exit_code}): {outcome.output[-500:]}")


def user_groupings(db: Path, path: Path, rows: list[dict]) -> tuple[dict[str, int], dict[str, int], set[str], int]:
    """Story and canonical-event labels per gold document (documents the store lacks, or with
    no main event, are alone), and the gold documents that have a main event."""
    by_line = {r["line"]: r["doc"] for r in rows}
    with Store(db, read_only=True) as store:
        origin_doc = store.origins()
        groups = api.stories(store)
        main_events = store.main_canonical_ids()
    to_gold: dict[str, list[str]] = {}
    for origin, doc_id in origin_doc.items():
        where, _, number = origin.rpartition(":")
        if number.isdigit() and Path(where).name == path.name and int(number) in by_line:
            to_gold.setdefault(doc_id, []).append(by_line[int(number)])
    stories = {g: i for i, group in enumerate(groups) for doc_id in group for g in to_gold.get(doc_id, ())}
    canonical_ids = {cid: i for i, cid in enumerate(sorted(set(main_events.values())))}
    canonical = {g: canonical_ids[cid] for doc_id, cid in main_events.items() for g in to_gold.get(doc_id, ())}
    main_docs = set(canonical)
    return _alone(stories, rows), _alone(canonical, rows), main_docs, len(to_gold)


def _alone(labels: dict[str, int], rows: list[dict]) -> dict[str, int]:
    """Give every document without a label a group of its own."""
    next_label = max(labels.values(), default=0) + 1
    for r in rows:
        if r["doc"] not in labels:
            labels[r["doc"]] = next_label
            next_label += 1
    return labels


def topic_of(rows: list[dict], doc: str) -> int:
    return next(r["topic"] for r in rows if r["doc"] == doc)


def read_rows(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        sys.exit(f"{path}: cannot read ({e.strerror})")
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append({"line": number, "doc": str(row["doc"]), "event": str(row["event"]),
                         "topic": int(row.get("topic") or 0), "text": str(row["text"])})
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
            sys.exit(f"{path}:{number}: not a document line with doc, event, text ({e})")
    return rows


def score(predicted: dict[str, int], gold: dict[str, str]) -> dict:
    return {**b_cubed(predicted, gold), "ari": adjusted_rand(predicted, gold),
            "n_groups": len({predicted[d] for d in gold}), "n_gold_groups": len(set(gold.values()))}


def b_cubed(predicted: dict[str, int], gold: dict[str, str]) -> dict[str, float]:
    pred_size = Counter(predicted[d] for d in gold)
    gold_size = Counter(gold.values())
    both = Counter((predicted[d], gold[d]) for d in gold)
    precision = sum(both[(predicted[d], gold[d])] / pred_size[predicted[d]] for d in gold) / len(gold)
    recall = sum(both[(predicted[d], gold[d])] / gold_size[gold[d]] for d in gold) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"b3_precision": round(precision, 4), "b3_recall": round(recall, 4), "b3_f1": round(f1, 4)}


def adjusted_rand(predicted: dict[str, int], gold: dict[str, str]) -> float:
    n = len(gold)
    pairs_both = sum(comb(c, 2) for c in Counter((predicted[d], gold[d]) for d in gold).values())
    pairs_pred = sum(comb(c, 2) for c in Counter(predicted[d] for d in gold).values())
    pairs_gold = sum(comb(c, 2) for c in Counter(gold.values()).values())
    expected = pairs_pred * pairs_gold / comb(n, 2)
    maximum = (pairs_pred + pairs_gold) / 2
    return round((pairs_both - expected) / (maximum - expected), 4) if maximum != expected else 1.0


if __name__ == "__main__":
    main()
