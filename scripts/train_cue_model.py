"""Learn which verbs head a reporting cue from PolNeAR train: src/dateline/data/cue_model.tsv.

Usage: python scripts/train_cue_model.py TRAIN_DIR [--docbin PARSED.spacy] [--out PATH]

TRAIN_DIR is PolNeAR's ``train/`` (text/ and attributions/ in brat standoff). Every verb of the
parsed text is one example, described by its lemma, the frame of the child that would hold the
content (ccomp, xcomp, dobj, prep:X, none) and the kind of its subject (person, group, pronoun,
thing, none); it is positive when it lies inside a gold cue of any annotator. The model is
counted: hits and occurrences per (lemma, frame, subject), per (lemma, frame) and per (frame,
subject); ``quotes.cue_probability`` smooths each level towards the one below it. ``--docbin``
reuses a parse saved with spaCy's DocBin (same texts, sorted by file name). No downloads.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from dateline import nlp  # noqa: E402
from dateline.events.quotes import cue_features  # noqa: E402
from quotes_polnear import load_articles  # noqa: E402

# Rows seen this rarely and never a cue add nothing the backed-off estimate does not give.
MIN_OCCURRENCES_WITHOUT_HITS = 5
SOURCE = "github.com/networkdynamics/PolNeAR commit c3eee83, data/train (840 articles)"


def cue_ranges(annotators) -> list[tuple[int, int]]:
    return [r for gold in annotators for a in gold for r in a.cue]


def count(articles, docs) -> tuple[Counter, Counter]:
    hits: Counter = Counter()
    seen: Counter = Counter()
    for (_, _, annotators), doc in zip(articles, docs):
        cues = cue_ranges(annotators)
        for token in doc:
            if token.pos_ not in ("VERB", "AUX"):
                continue
            lemma, frame, subject = cue_features(token)
            positive = any(a <= token.idx < b for a, b in cues)
            for key in ((lemma, frame, subject), (lemma, frame, "*"), ("*", frame, subject)):
                seen[key] += 1
                hits[key] += positive
    return hits, seen


def write(path: Path, hits: Counter, seen: Counter) -> int:
    rows = sorted(
        key for key, n in seen.items() if hits[key] or n >= MIN_OCCURRENCES_WITHOUT_HITS or key[0] == "*"
    )
    lines = [
        "# Cue model: how often a verb with this lemma, content frame and subject kind heads a gold",
        f"# reporting cue. Produced by scripts/train_cue_model.py from {SOURCE}.",
        "# '*' rows are the backed-off levels. lemma\tframe\tsubject\thits\toccurrences",
    ]
    lines += [f"{l}\t{f}\t{s}\t{hits[(l, f, s)]}\t{seen[(l, f, s)]}" for l, f, s in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("--docbin", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "src/dateline/data/cue_model.tsv")
    args = parser.parse_args(argv)
    if not (args.train_dir / "text").is_dir() or not (args.train_dir / "attributions").is_dir():
        print(f"{args.train_dir}: no text/ and attributions/ folders here", file=sys.stderr)
        return 2
    articles = load_articles(args.train_dir)
    if args.docbin:
        from spacy.tokens import DocBin
        docs = DocBin().from_disk(args.docbin).get_docs(nlp.load().vocab)
    else:
        docs = nlp.parse_many(text for _, text, _ in articles)
    hits, seen = count(articles, docs)
    n = write(args.out, hits, seen)
    print(f"{len(articles)} articles, {n} rows -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
