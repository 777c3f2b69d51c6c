"""Event coding on whole reports, on the path a user runs, scored by the news-events scorer.

Usage: python bench/events_docs.py [DIR] [--fold a|b|all] [--errors N] [--keep-db PATH]

DIR holds ``tasks/`` ({doc, published, text}) and ``gold/`` (default: ../shared/data/newsevents).
Every task text is written to a JSONL file and ingested with ``dateline ingest`` (the CLI, a
fresh store, the report's own publication date); the stored events become the scorer's
prediction file (one line per report; an event with several mentions gives every mention's
sentence) and ``DIR/../score_docevents.py`` or ``DIR/score_docevents.py`` scores it. The matching
rule is the scorer's, not a copy.

``--fold`` keeps the reports of one fold (folds are by source, see ``dateline.events.folds``):
choices are made on one fold and reported on the other. Last line: the scorer's JSON plus
``fold``, ``seconds`` and per-type figures.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from dateline import Store
from dateline.events.folds import fold_of

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "newsevents"
URL = "https://newsevents.invalid/"


def load_tasks(folder: Path, fold: str) -> list[dict]:
    tasks = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((folder / "tasks").glob("*.json"))]
    return [t for t in tasks if fold == "all" or fold_of(t["doc"]) == fold]


def ingest(tasks: list[dict], db: Path, work: Path) -> None:
    rows = work / "reports.jsonl"
    with rows.open("w", encoding="utf-8") as out:
        for t in tasks:
            out.write(json.dumps({"text": t["text"], "published": t.get("published"), "url": URL + t["doc"]}) + "\n")
    dateline = Path(sys.executable).with_name("dateline")
    command = [str(dateline) if dateline.exists() else "dateline", "ingest", str(rows), "--db", str(db), "--quiet"]
    subprocess.run(command, check=True)


def predictions(db: Path) -> dict[str, list[dict]]:
    """The stored events of every report (every status: the scorer filters), in scorer format."""
    out: dict[str, list[dict]] = {}
    with Store(str(db)) as store:
        sources = store.pandas("document_sources")
        docs_of = {}
        for row in sources.itertuples():
            if isinstance(row.url, str) and row.url.startswith(URL):
                docs_of.setdefault(row.doc_id, []).append(row.url[len(URL):])
        sentences = store.pandas("sentences")
        text = {(r.doc_id, r.idx): r.text for r in sentences.itertuples()}
        records = [json.loads(row.record) for row in store.pandas("events").itertuples()]
        # in text order: the store returns rows in any order, and the scorer breaks ties by position
        for record in sorted(records, key=lambda r: (r["doc_id"], r["sentence_index"], r["trigger"]["start_char"], r["type"])):
            event = _scored(record, text)
            for doc in docs_of.get(record["doc_id"], []):
                out.setdefault(doc, []).append(event)
    return out


def _actor(actors: list[dict]) -> dict | None:
    return {"country": actors[0].get("country"), "sector": actors[0].get("sector")} if actors else None


def _scored(record: dict, text: dict) -> dict:
    doc = record["doc_id"]
    indices = [m["sentence_index"] for m in record.get("mentions") or []] or [record["sentence_index"]]
    date = record.get("date") or {}
    place = record.get("place") or None
    return {
        "type": record["type"], "mode": record.get("mode"), "status": record.get("status", "asserted"),
        "actor": _actor(record.get("actors") or []), "recipient": _actor(record.get("recipients") or []),
        "date": {"start": date["start"], "end": date.get("end") or date["start"]} if date.get("start") else None,
        "place": {"country": place.get("country")} if place else None,
        "sentences": [text.get((doc, i), "") for i in dict.fromkeys(indices)],
    }


def scorer_path(folder: Path) -> Path:
    for candidate in (folder / "score_docevents.py", folder.parent / "score_docevents.py", DEFAULT / "score_docevents.py"):
        if candidate.exists():
            return candidate
    raise SystemExit(f"{folder}: no score_docevents.py beside or above it")


def per_type(folder: Path, tasks: list[dict], preds: dict[str, list[dict]], scorer: Path, work: Path) -> dict:
    """Precision and recall per PLOVER type: the scorer run on one type's events at a time."""
    out = {}
    types = Counter(e["type"] for t in tasks for e in json.loads((folder / "gold" / f"{t['doc']}.json").read_text())["events"])
    types.update(e["type"] for es in preds.values() for e in es)
    for kind in sorted(types):
        gold_dir = work / f"gold-{kind}"
        gold_dir.mkdir()
        for t in tasks:
            g = json.loads((folder / "gold" / f"{t['doc']}.json").read_text())
            g["events"] = [e for e in g["events"] if e["type"] == kind]
            (gold_dir / f"{t['doc']}.json").write_text(json.dumps(g))
        pred_file = work / f"pred-{kind}.jsonl"
        pred_file.write_text("".join(json.dumps({"doc": d, "events": [e for e in es if e["type"] == kind]}) + "\n"
                                     for d, es in preds.items()))
        result = _score(scorer, folder / "tasks", gold_dir, pred_file)
        out[kind] = {k: result[k] for k in ("precision", "recall", "gold_events", "pred_events")}
    return out


def _score(scorer: Path, tasks: Path, gold: Path, pred: Path, errors: int = 0) -> dict:
    args = [sys.executable, str(scorer), str(tasks), str(gold), str(pred)] + (["--errors", str(errors)] if errors else [])
    lines = subprocess.run(args, check=True, capture_output=True, text=True).stdout.splitlines()
    for line in lines[:-1]:
        print(line)
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description="Score event coding on whole reports (news-events gold).")
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--fold", choices=["a", "b", "all"], default="all")
    parser.add_argument("--errors", type=int, default=0, help="print up to N extra and missed events")
    parser.add_argument("--keep-db", type=Path, help="keep the store here (for dateline explain)")
    parser.add_argument("--pred", type=Path, help="also write the prediction file here")
    args = parser.parse_args()
    tasks = load_tasks(args.dir, args.fold)
    if not tasks:
        raise SystemExit(f"{args.dir}: no tasks (fold {args.fold})")
    work = Path(tempfile.mkdtemp(prefix="events-docs-"))
    db = args.keep_db or work / "bench.duckdb"
    if db.exists():
        db.unlink()
    started = time.perf_counter()
    ingest(tasks, db, work)
    seconds = time.perf_counter() - started
    preds = predictions(db)
    pred_file = args.pred or work / "pred.jsonl"
    pred_file.write_text("".join(json.dumps({"doc": t["doc"], "events": preds.get(t["doc"], [])}) + "\n" for t in tasks))
    gold_dir = work / "gold"
    gold_dir.mkdir()
    for t in tasks:
        shutil.copy(args.dir / "gold" / f"{t['doc']}.json", gold_dir)
    scorer = scorer_path(args.dir)
    result = _score(scorer, args.dir / "tasks", gold_dir, pred_file, args.errors)
    result.update({"fold": args.fold, "reports": len(tasks), "seconds": round(seconds, 1),
                   "per_type": per_type(args.dir, tasks, preds, scorer, work)})
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
