"""Scenario bench: a stream of reports on several same-kind events, days and years apart, plus
unrelated reports, ingested with `dateline ingest` and read back as users read it.

Usage: python bench/linking_stream.py DIR [--unrelated PATH ...] [--actor PRK --type MOBILIZE --mode weapons]

DIR holds ``reports.jsonl``: one report per line with ``text``, ``published``, ``source`` and
the gold ``event`` label (tests/fixtures/stream holds five 2017 North Korean launches, a nuclear
test that recalls them, and unrelated news). ``--unrelated`` adds files or folders of other
reports (e.g. ../shared/data/corpora/bbc-politics), each its own event. Scores:

- ``stories``: B-cubed and ARI of `dateline stories` over every report;
- ``tracked``: the canonical events a tracker (``--actor/--type/--mode``) shows, read through
  each report's main event (gold labels are per report; a report recalling another launch in
  its body rightly adds a mention to that launch): ``mixed`` = tracked events that are the main
  event of reports of two gold events, ``split`` = gold events whose reports' main events fall
  in more than one tracked event, ``missing`` = expected gold events (``"tracked": true``) with
  no tracked event, ``wrongly_tracked`` = other gold events (a nuclear test, unrelated news)
  whose reports lead with a tracked event, and B-cubed over the reports that lead with one.

The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from click.testing import CliRunner

from dateline import api
from dateline.cli import main as cli
from dateline.store import Store

from linking_ecb import score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--unrelated", nargs="*", default=[], type=Path)
    parser.add_argument("--actor", default="PRK")
    parser.add_argument("--type", default="MOBILIZE")
    parser.add_argument("--mode", default="weapons")
    args = parser.parse_args()
    reports = args.dir / "reports.jsonl"
    gold_of_line, expected = read_gold(reports)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "stream.duckdb")
        run(["ingest", str(reports), "--db", db])
        for path in args.unrelated:
            run(["ingest", str(path), "--db", db])
        with Store(db, read_only=True) as store:
            gold = gold_labels(store.origins(), reports, gold_of_line)
            stories = {d: i for i, g in enumerate(api.stories(store)) for d in g}
            main_event = store.main_canonical_ids()
            tracked = store.canonical_events(actor=args.actor, type_=args.type, mode=args.mode)
    result = {"n_reports": len(gold), "stories": score(stories, gold)}
    result["tracked"] = tracked_scores(tracked, main_event, gold, expected)
    print(f"stories: B3 {result['stories']['b3_f1']:.4f}  ARI {result['stories']['ari']:.4f}")
    t = result["tracked"]
    print(f"tracked: {t['n_events']} events for {t['n_gold_events']} gold events; mixed {t['mixed']}, "
          f"split {t['split']}, missing {t['missing']}, wrongly tracked {t['wrongly_tracked']}; B3 {t['b3_f1']:.4f}; "
          f"questions {t['questions']} ({t['answered']} answered)")
    print(json.dumps(result))


def run(args: list[str]) -> None:
    outcome = CliRunner().invoke(cli, args, catch_exceptions=False)
    if outcome.exit_code not in (0, 1):
        sys.exit(f"dateline {' '.join(args)} failed: {outcome.output[-500:]}")


def read_gold(path: Path) -> tuple[dict[int, str], set[str]]:
    """Gold event per line, and the events the tracker should show (lines with "tracked": true)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        sys.exit(f"{path}: cannot read ({e.strerror})")
    gold, expected = {}, set()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                row = json.loads(line)
                gold[number] = str(row["event"])
                if row.get("tracked"):
                    expected.add(gold[number])
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                sys.exit(f"{path}:{number}: not a report line with an 'event' label ({e})")
    return gold, expected


def gold_labels(origins: dict[str, str], reports: Path, gold_of_line: dict[int, str]) -> dict[str, str]:
    """Gold event per stored document: the fixture's label, else the report's own (unrelated)."""
    gold = {}
    for origin, doc_id in origins.items():
        where, _, number = origin.rpartition(":")
        if where == str(reports) and number.isdigit():
            gold[doc_id] = gold_of_line[int(number)]
        else:
            gold.setdefault(doc_id, f"unrelated:{origin}")
    return gold


def tracked_scores(tracked: list, main_event: dict[str, str], gold: dict[str, str], expected: set[str]) -> dict:
    ids = {e.id for e in tracked}
    labels_of: dict[str, set[str]] = defaultdict(set)  # tracked event -> gold events of the reports it leads
    events_of: dict[str, set[str]] = defaultdict(set)  # gold event -> tracked events its reports lead with
    for doc_id, cid in main_event.items():
        if cid in ids:
            labels_of[cid].add(gold.get(doc_id, "?"))
            events_of[gold.get(doc_id, "?")].add(cid)
    in_tracked = {d: cid for d, cid in main_event.items() if cid in ids}
    scored = score(_labels(in_tracked), {d: gold[d] for d in in_tracked}) if in_tracked else {}
    return {
        "n_events": len(tracked), "n_gold_events": len(expected),
        "mixed": sum(len(labels) > 1 for labels in labels_of.values()),
        "split": sum(len(events) > 1 for events in events_of.values()),
        "missing": len(expected - set(events_of)),
        "wrongly_tracked": len(set(events_of) - expected),
        "questions": sum(len(e.questions) for e in tracked),
        "answered": sum(q.answered for e in tracked for q in e.questions),
        "b3_f1": scored.get("b3_f1", 0.0), "b3_precision": scored.get("b3_precision"), "b3_recall": scored.get("b3_recall"),
    }


def _labels(assignment: dict[str, str]) -> dict[str, int]:
    numbers = {cid: i for i, cid in enumerate(sorted(set(assignment.values())))}
    return {d: numbers[cid] for d, cid in assignment.items()}


if __name__ == "__main__":
    main()
