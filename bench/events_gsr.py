"""PLOVER gold-standard records: one sentence, one gold event each.

Usage: python bench/events_gsr.py ../shared/data/plover-gsr/dev.jsonl

Old labels are mapped to PLOVER 2.0 (DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE,
FIGHT->ASSAULT). Every predicted event counts, whatever its status. type_precision: predicted
events whose type is the sentence's gold type / all predicted; type_recall: records with a
predicted event of the gold type / all records; triple_f1: type + actor country set + recipient
country set all equal (an absent gold recipient matches an empty one), precision over predicted
events and recall over records. Ends with one JSON line.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _eventbench import Gold, norm, run  # noqa: E402

from dateline.events.dates import parse_published  # noqa: E402
from dateline.errors import InputError  # noqa: E402

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _codes(entities) -> frozenset[str]:
    if not isinstance(entities, list):
        return frozenset()
    return norm(e.get("code", "") for e in entities if isinstance(e, dict))


def load(path: Path) -> list[Gold]:
    if not path.is_file():
        raise InputError(str(path), "no such file")
    golds = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        golds.append(Gold(r["id"], r["text"], parse_published(r.get("date")), [OLD_LABELS.get(r["event"], r["event"])],
                          [_codes(r.get("source"))], [_codes(r.get("target"))]))
    return golds


def main() -> None:
    run(load, "../shared/data/plover-gsr/dev.jsonl")


if __name__ == "__main__":
    main()
