"""Event dates on the path a user runs: ``dateline.process(text, published=...)``, one case a line.

Usage: python bench/dates.py FILE.jsonl [--half a|b|all] [--errors N]

A case is ``{"text", "published" (ISO datetime with zone, or null), "event_place", "expected":
{"start", "end"}}``; ``expected`` is ``{"start": null, "end": null}`` when the event must stay
undated (a background recall, no publication date and no date in the text). The date scored is
the main event's: the asserted (else any, for planned events) one placed at ``event_place`` when
one is, else the first. A case is right when start and end are both equal to the expected ones;
a case with no event coded is wrong (counted apart as ``no_event``).

``--half`` keeps the even-numbered (a) or odd-numbered (b) lines: choices are made on one half
and reported on the other. ``--rules`` runs the rule coder alone (``DATELINE_EVENT_MODEL=0``):
the learned model judges a one-sentence text as a whole report and codes nothing in some cases,
which says nothing of their dates. Last line: JSON with ``accuracy`` (every case) and
``accuracy_coded`` (the cases with an event).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import dateline
from dateline.errors import DatelineError


def main_event(analysis, place: str | None):
    events = sorted(analysis.events, key=lambda e: (e.sentence_index, e.trigger.start_char))
    asserted = [e for e in events if e.status == "asserted"] or events  # a planned event when nothing is asserted
    if place:
        at_place = [e for e in asserted if e.place is not None and place.lower() in (
            (e.place.name or "").lower(), e.place.span.text.lower())]
        if at_place:
            return at_place[0]
    return asserted[0] if asserted else None


def score(cases: list[dict], errors: int) -> dict:
    right = no_event = 0
    by_kind: dict[str, list[int]] = {}
    shown = 0
    for case in cases:
        try:
            analysis = dateline.process(case["text"], published=case.get("published"), language="en")
        except DatelineError as e:  # a refused text is a wrong case, named in the errors
            analysis, refused = None, str(e)
        event = main_event(analysis, case.get("event_place")) if analysis is not None else None
        expected = (case["expected"]["start"], case["expected"]["end"])
        if event is None:
            got, rule = None, refused if analysis is None else "no event coded"
            no_event += 1
        else:
            d = event.date
            got = (d.start.isoformat() if d.start else None, d.end.isoformat() if d.end else None)
            rule = d.rule
        ok = got == expected
        right += ok
        tally = by_kind.setdefault(case.get("kind", "other"), [0, 0])
        tally[0] += ok
        tally[1] += 1
        if not ok and shown < errors:
            shown += 1
            print(json.dumps({"text": case["text"][:140], "published": case.get("published"), "expected": expected,
                              "got": got, "rule": rule}), file=sys.stderr)
    n = len(cases)
    coded = n - no_event
    return {"accuracy": round(right / n, 3) if n else None, "accuracy_coded": round(right / coded, 3) if coded else None,
            "cases": n, "right": right, "no_event": no_event,
            "by_kind": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_kind.items())}}


def main() -> None:
    parser = argparse.ArgumentParser(description="Score event dates on cases of one report each.")
    parser.add_argument("file", type=Path)
    parser.add_argument("--half", choices=["a", "b", "all"], default="all")
    parser.add_argument("--errors", type=int, default=0, help="print up to N wrong cases to stderr")
    parser.add_argument("--rules", action="store_true", help="the rule coder alone (DATELINE_EVENT_MODEL=0)")
    args = parser.parse_args()
    if args.rules:
        os.environ["DATELINE_EVENT_MODEL"] = "0"
    lines = [line for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = [json.loads(line) for i, line in enumerate(lines)
             if args.half == "all" or (i % 2 == 0) == (args.half == "a")]
    if not cases:
        raise SystemExit(f"{args.file}: no cases (half {args.half})")
    started = time.perf_counter()
    result = score(cases, args.errors)
    result.update({"half": args.half, "rules_alone": args.rules, "seconds": round(time.perf_counter() - started, 1)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
