#!/usr/bin/env python3
"""Train the event judge (``src/dateline/events/judge.py``) and write ``data/event_judge.json``.

    pip install -e '.[train]'
    python scripts/build_training_tasks.py        # texts of the extra annotated reports
    python scripts/train_event_judge.py --extract # run the coder on the training reports (slow)
    python scripts/train_event_judge.py           # fit and write the weights

Examples: every asserted event the coder emits (judge off) on the training reports
(``../shared/data/newsevents/train``, ``training/newsevents/gold`` and ``training/newsevents/more``
with texts rebuilt in ``build/training-tasks``; never the news-events dev reports), labelled by
the news-events scorer's own ``match`` against that report's gold: 1 when it matches a gold event,
0 when it is of another type than the gold event of its sentence, no event, or a repeat of an
event already matched. ``--extract`` keeps the examples in ``build/judge-examples.jsonl``; the
threshold is chosen on fold a of the dev reports with ``bench/events_docs.py`` and
``DATELINE_EVENT_JUDGE_THRESHOLD`` (BENCHMARKS.md), then written with ``--threshold``.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "newsevents"
TASKS = ROOT / "build" / "training-tasks"
DEFAULT_SETS = [(SHARED / "train" / "tasks", SHARED / "train" / "gold"),
                (TASKS, ROOT / "training" / "newsevents" / "gold"),
                (TASKS, ROOT / "training" / "newsevents" / "more")]
EXAMPLES = ROOT / "build" / "judge-examples.jsonl"
OUT = ROOT / "src" / "dateline" / "data" / "event_judge.json"


def scorer():
    spec = importlib.util.spec_from_file_location("score_docevents", SHARED / "score_docevents.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reports(sets) -> list[tuple[dict, dict, str]]:
    out = []
    for tasks, gold in sets:
        for path in sorted(Path(gold).glob("*.json")):
            task_path = Path(tasks) / path.name
            if task_path.exists():
                out.append((json.loads(task_path.read_text(encoding="utf-8")),
                            json.loads(path.read_text(encoding="utf-8")), Path(gold).parent.name + "/" + Path(gold).name))
    return out


def coded(task: dict, doc):
    """The report's analysis, the sentence model's scores and its coded events (judge off), as
    ``code_events`` sees them."""
    from dateline import pipeline
    from dateline.events import coder, relevance
    from dateline.ingest import RawReport
    from dateline.records import Event

    document = pipeline.prepare(RawReport(task["doc"], text=task["text"]),
                                published=pipeline.parse_published(task.get("published")))
    before = pipeline.run_stages(document, doc, [n for n in pipeline.STAGES if n != "events"])
    if isinstance(before, Exception):
        return None
    events, abstentions = coder.rule_events(doc, before)
    found = relevance.scores(doc, before, events, abstentions)
    out = [e for e in coder.code_events(doc, before) if isinstance(e, Event)]
    return before, found, out


def scored(event, sentences: dict[int, str]) -> dict:
    indices = [m.sentence_index for m in event.mentions] or [event.sentence_index]
    country = event.actors[0].country if event.actors else None
    return {"type": event.type, "actor": {"country": country},
            "sentence": " ".join(sentences.get(i, "") for i in dict.fromkeys(indices))}


def extract(sets, out: Path, part: tuple[int, int] = (0, 1)) -> None:
    from dateline import nlp
    from dateline.events import judge

    score = scorer()
    pairs = reports(sets)[part[0]::part[1]]
    counts = Counter()
    with out.open("w", encoding="utf-8") as handle:
        for start in range(0, len(pairs), 32):
            batch = pairs[start:start + 32]
            for (task, gold, source), doc in zip(batch, nlp.parse_many(t["text"] for t, _, _ in batch)):
                result = coded(task, doc)
                if result is None or result[1] is None:
                    continue
                analysis, found, events = result
                events = [e for e in events if e.status == "asserted"]
                sentences = {s.index: s.text for s in analysis.sentences}
                golds = [g for g in gold["events"] if g.get("status", "asserted") == "asserted"]
                matched, _ = score.match([scored(e, sentences) for e in events], golds)
                right = {i for i, _ in matched}
                preds = [scored(e, sentences) for e in events]
                for i, (pred, features) in enumerate(zip(preds, judge.features_of(doc, analysis, found, events))):
                    label = int(i in right)
                    counts[label] += 1
                    handle.write(json.dumps({"doc": task["doc"], "set": source, "type": pred["type"],
                                             "label": label, "pred": pred, "features": features}) + "\n")
            print(f"{start + len(batch)} of {len(pairs)} reports; {counts[1]} right, {counts[0]} wrong", flush=True)


def load_examples(path: Path, sets: set[str] | None = None) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if sets is None or r["set"] in sets]


def fit(rows: list[dict], c: float, min_count: int):
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(k for r in rows for k in r["features"])
    kept = [{k: v for k, v in r["features"].items() if counts[k] >= min_count} for r in rows]
    vectorizer = DictVectorizer(sparse=False)  # a few thousand events, a few hundred features
    x = vectorizer.fit_transform(kept)
    y = np.array([r["label"] for r in rows])
    clf = LogisticRegression(C=c, max_iter=5000, solver="liblinear")
    clf.fit(x, y)
    return list(vectorizer.get_feature_names_out()), clf.coef_[0].tolist(), float(clf.intercept_[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", action="store_true", help="run the coder on the training reports first")
    parser.add_argument("--part", default="0/1", help="extract every n-th report from the i-th (i/n), to run in parallel")
    parser.add_argument("--examples", type=Path, default=EXAMPLES)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--c", type=float, default=0.1, help="inverse L2 strength (0.1, 0.5 and 2 tried on fold a)")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--threshold", type=float, default=0.3, help="chosen on fold a (BENCHMARKS.md)")
    parser.add_argument("--sets", nargs="*", help="train on these example sets only (e.g. newsevents/more)")
    args = parser.parse_args()
    os.environ["DATELINE_EVENT_JUDGE"] = "0"  # the examples are what the coder emits without the judge
    if args.extract:
        args.examples.parent.mkdir(parents=True, exist_ok=True)
        i, n = (int(x) for x in args.part.split("/"))
        extract(DEFAULT_SETS, args.examples, (i, n))
        if n > 1:
            return
    rows = load_examples(args.examples, set(args.sets) if args.sets else None)
    if not rows:
        raise SystemExit(f"{args.examples}: no examples (run with --extract first)")
    vocab, weights, bias = fit(rows, args.c, args.min_count)
    meta = {"vocab": vocab, "weights": [round(w, 5) for w in weights], "bias": round(bias, 5),
            "threshold": args.threshold,
            "provenance": {"examples": len(rows), "right": sum(r["label"] for r in rows), "c": args.c,
                           "min_count": args.min_count, "sets": sorted({r["set"] for r in rows})}}
    args.out.write_text(json.dumps(meta, indent=0) + "\n", encoding="utf-8")
    print(f"{len(rows)} events ({meta['provenance']['right']} right), {len(vocab)} features; wrote {args.out}")


if __name__ == "__main__":
    main()
