"""Group ECB+ documents by real-world event and score against the gold grouping.

Usage: python bench/linking_ecb.py FILE.jsonl [--threshold T]

FILE.jsonl holds one document per line with ``doc``, ``topic``, ``event`` and ``text``. All
documents are grouped at once (not per topic, the number of groups not given). Prints B-cubed
precision/recall/F1 and the adjusted Rand index; the last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from math import comb
from pathlib import Path

from dateline import nlp, stories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--threshold", type=float, default=stories.DISTANCE_THRESHOLD)
    args = parser.parse_args()
    rows = read_rows(args.path)
    started = time.perf_counter()
    docs = nlp.parse_many(r["text"] for r in rows)
    profiles = [stories.profile_document(doc, r["doc"]) for r, doc in zip(rows, docs)]
    groups = stories.group_documents(profiles, threshold=args.threshold)
    seconds = time.perf_counter() - started
    predicted = {doc_id: i for i, group in enumerate(groups) for doc_id in group}
    gold = {r["doc"]: r["event"] for r in rows}
    result = {"n_docs": len(rows), **b_cubed(predicted, gold), "ari": adjusted_rand(predicted, gold),
              "n_groups": len(groups), "n_gold_groups": len(set(gold.values())), "seconds": round(seconds, 1)}
    for key, value in result.items():
        print(f"{key:>14}: {value}")
    print(json.dumps(result))


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
            rows.append({"doc": str(row["doc"]), "event": str(row["event"]), "text": str(row["text"])})
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            sys.exit(f"{path}:{number}: not a document line with doc, event, text ({e})")
    return rows


def b_cubed(predicted: dict[str, int], gold: dict[str, str]) -> dict[str, float]:
    pred_size = Counter(predicted.values())
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
