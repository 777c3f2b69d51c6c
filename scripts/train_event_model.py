#!/usr/bin/env python3
"""Train the event model (``src/dateline/events/model.py``) and write ``data/event_model.npz``.

    pip install -e '.[train]'
    python scripts/build_training_tasks.py        # texts of the extra annotated reports
    python scripts/train_event_model.py

Training reports: ``../shared/data/newsevents/train`` and this project's own annotations
(``training/newsevents/gold`` with the texts rebuilt in ``build/training-tasks``). The
news-events dev reports (``tasks/``, ``gold/``) are never read here: thresholds are chosen on
one of their folds with ``bench/events_docs.py`` and reported on the other (BENCHMARKS.md).

Labels: a sentence holds type T when it overlaps a mention of a gold event of type T; a report is
codeable when its gold says so. Both models are L2 logistic regressions (scikit-learn); only
their weights ship, and inference needs numpy alone.
"""
from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "newsevents"
DEFAULT_SETS = [(SHARED / "train" / "tasks", SHARED / "train" / "gold"),
                (ROOT / "build" / "training-tasks", ROOT / "training" / "newsevents" / "gold")]
# the last 180 annotated reports (``--more``): kept out, see BENCHMARKS.md
MORE_SET = (ROOT / "build" / "training-tasks", ROOT / "training" / "newsevents" / "more")
DEFAULT_THRESHOLDS = {"report": 0.5, "keep": 0.1, "dyad": 0.0, "new": 0.4}  # chosen on fold a (BENCHMARKS.md)


def reports(sets) -> list[tuple[dict, dict]]:
    out = []
    for tasks, gold in sets:
        for path in sorted(Path(gold).glob("*.json")):
            task_path = Path(tasks) / path.name
            if task_path.exists():
                out.append((json.loads(task_path.read_text(encoding="utf-8")), json.loads(path.read_text(encoding="utf-8"))))
    return out


def analyse(task: dict, doc):
    """The stages before event coding, as the pipeline runs them, then the rule coder's output."""
    from dateline import pipeline
    from dateline.events import coder
    from dateline.records import Document

    published = date.fromisoformat(task["published"]) if task.get("published") else None
    document = Document(id=Document.make_id(task["text"]), clean_text=task["text"], published_at=published)
    analysis = pipeline.run_stages(document, doc, [name for name in pipeline.STAGES if name != "events"])
    if isinstance(analysis, Exception):
        raise analysis
    events, abstentions = coder.rule_events(doc, analysis)
    return analysis, events, abstentions


def sentence_labels(doc, text: str, gold: dict) -> list[set[str]]:
    spans = []
    for event in gold["events"]:
        for mention in event["mentions"]:
            start = text.find(mention)
            if start >= 0:
                spans.append((start, start + len(mention), event["type"]))
    labels = []
    for sent in doc.sents:
        found = set()
        for start, end, type_ in spans:
            shared = min(end, sent.end_char) - max(start, sent.start_char)
            if shared > 0 and shared >= 0.5 * min(end - start, sent.end_char - sent.start_char):
                found.add(type_)
        labels.append(found)
    return labels


def features(pairs, folds: bool = False):
    """Sentence features and labels, report features and labels; with ``folds``, the sentence
    features, labels and each sentence's dev fold instead."""
    from dateline import nlp
    from dateline.events import model, relevance
    from dateline.events.folds import fold_of

    sparse, labels, report_rows, report_labels, sentence_folds = [], [], [], [], []
    docs = nlp.parse_many(task["text"] for task, _ in pairs)
    for (task, gold), doc in zip(pairs, docs):
        analysis, events, abstentions = analyse(task, doc)
        rows = model.sentence_features(doc, relevance.rule_hits(events, abstentions), relevance.sentence_marks(analysis))
        sparse += rows
        labels += sentence_labels(doc, task["text"], gold)
        report_rows.append(model.report_features(doc, rows))
        report_labels.append(bool(gold.get("codeable", True) and gold["events"]))
        sentence_folds += [fold_of(task.get("doc", ""))] * len(rows)
    if folds:
        return sparse, labels, sentence_folds
    return sparse, labels, report_rows, np.array(report_labels)


def vocabulary(rows: list[dict[str, float]], min_count: int) -> list[str]:
    counts = Counter(key for row in rows for key in row)
    return sorted(k for k, n in counts.items() if n >= min_count)


def fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    if y.sum() == 0:
        return np.zeros(x.shape[1]), -10.0
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x, y)
    return clf.coef_[0], float(clf.intercept_[0])


def matrix(rows: list[dict[str, float]], vocab: list[str]):
    """The rows as a sparse (rows x vocabulary) matrix."""
    from scipy import sparse as sp

    column = {k: i for i, k in enumerate(vocab)}
    indices, pointers, values = [], [0], []
    for row in rows:
        for key, value in row.items():
            if key in column:
                indices.append(column[key])
                values.append(value)
        pointers.append(len(indices))
    return sp.csr_matrix((values, indices, pointers), shape=(len(rows), len(vocab)))


def train(pairs, c: float = 0.25, min_count: int = 2):
    return train_on(*features(pairs), c=c, min_count=min_count)


def train_on(sparse, labels, report_rows, report_labels, *, c: float = 0.25, min_count: int = 2):
    from dateline.events import model

    vocab = vocabulary(sparse, min_count)
    x = matrix(sparse, vocab)
    weights = np.zeros((x.shape[1] + 1, len(model.TYPES)))
    for column, type_ in enumerate(model.TYPES):
        y = np.array([type_ in found for found in labels])
        weights[:-1, column], weights[-1, column] = fit(x, y, c)
        print(f"{type_:10s} {int(y.sum()):5d} positive sentences")
    report_vocab = vocabulary(report_rows, min_count)
    rx = matrix(report_rows, report_vocab)
    rcoef, rbias = fit(rx, report_labels.astype(int), c)
    print(f"{len(sparse)} sentences, {len(vocab)} features; {len(report_rows)} reports "
          f"({int(report_labels.sum())} codeable), {len(report_vocab)} report features")
    return vocab, weights, report_vocab, np.append(rcoef, rbias)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", nargs=2, action="append", metavar=("TASKS", "GOLD"),
                        help="a tasks folder and its gold folder (repeatable; default: the training sets)")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "dateline" / "data" / "event_model.npz")
    parser.add_argument("--c", type=float, default=0.25, help="inverse L2 strength")
    parser.add_argument("--thresholds", type=json.loads, default=DEFAULT_THRESHOLDS)
    parser.add_argument("--more", action="store_true", help="also train on training/newsevents/more")
    parser.add_argument("--evaluate", action="store_true",
                        help="print held-out sentence ranking (AUC, AP) on each dev fold (reads dev gold for scoring only)")
    args = parser.parse_args()
    os.environ["DATELINE_EVENT_MODEL"] = "0"  # features read the rule coder alone
    from dateline.events import model

    sets = (args.set or DEFAULT_SETS) + ([MORE_SET] if args.more else [])
    pairs = reports(sets)
    if not pairs:
        raise SystemExit("no training reports found (run scripts/build_training_tasks.py first)")
    vocab, weights, report_vocab, report_weights = train(pairs, args.c)
    provenance = {"reports": len(pairs), "c": args.c, "sets": [os.path.relpath(g, ROOT) for _, g in sets]}
    model.save(args.out, vocab, weights, report_vocab, report_weights, args.thresholds, provenance)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    if args.evaluate:
        print(json.dumps(evaluate(vocab, weights, features(reports([(SHARED / "tasks", SHARED / "gold")]), folds=True))))


def evaluate(vocab: list[str], weights: np.ndarray, dev) -> dict[str, dict[str, float]]:
    """Held-out ranking per dev fold: micro AUC and AP over sentence x type, and AUC and AP of
    "the sentence holds some event" (its best type's probability)."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    from dateline.events import model

    sparse, labels, folds = dev
    probs = 1 / (1 + np.exp(-(matrix(sparse, vocab) @ weights[:-1] + weights[-1])))
    truth = np.array([[t in found for t in model.TYPES] for found in labels], dtype=int)
    out = {}
    for fold in sorted(set(folds)):
        rows = np.array(folds) == fold
        p, y = probs[rows], truth[rows]
        out[fold] = {"auc": round(roc_auc_score(y.ravel(), p.ravel()), 3),
                     "ap": round(average_precision_score(y.ravel(), p.ravel()), 3),
                     "any_auc": round(roc_auc_score(y.max(1), p.max(1)), 3),
                     "any_ap": round(average_precision_score(y.max(1), p.max(1)), 3)}
    return out


if __name__ == "__main__":
    main()
