#!/usr/bin/env python3
"""Rebuild the texts of the extra training reports annotated for the event model.

The annotations (``training/newsevents/gold/<doc>.json``, this project's, written following
``../shared/data/newsevents/GUIDELINES.md``) ship in the repo; the report texts belong to their
publishers and stay in ``../shared/data``, so this script rebuilds them in the shared tasks'
format ({doc, published, text}) from the same corpora the news-events gold was drawn from.

    python scripts/build_training_tasks.py                     # the annotated reports only
    python scripts/build_training_tasks.py --pick 40 --seed 7  # choose new reports to annotate

Reports in the news-events dev set (``tasks/``) or its ``train/`` are never picked.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
GOLD = ROOT / "training" / "newsevents" / "gold"
MORE = ROOT / "training" / "newsevents" / "more"  # annotated, held back from the shipped model (SOURCE.md)
OUT = ROOT / "build" / "training-tasks"


def bbc(shared: Path) -> dict[str, tuple[str | None, str]]:
    return {f"bbc-{p.stem}": (None, p.read_text(encoding="utf-8"))
            for p in sorted((shared / "corpora" / "bbc-politics").glob("*.txt"))}


def polnear(shared: Path) -> dict[str, tuple[str | None, str]]:
    out = {}
    for split in ("train", "dev"):
        for p in sorted((shared / "polnear" / split / "text").glob("*.txt")):
            day = re.search(r"_(\d{4}-\d{2}-\d{2})_", p.name)
            out[f"polnear-{p.stem}"] = (day.group(1) if day else None, p.read_text(encoding="utf-8").strip())
    return out


def extraction(shared: Path) -> dict[str, tuple[str | None, str]]:
    truth = json.loads((shared / "extraction" / "scrapinghub-dev" / "ground-truth.json").read_text())
    return {f"sh-{key[:16]}": (None, item["articleBody"].strip()) for key, item in sorted(truth.items())
            if item.get("articleBody")}


def ecb(shared: Path) -> dict[str, tuple[str | None, str]]:
    out = {}
    for line in (shared / "coref" / "ecbplus-dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out[f"ecb-{record['doc']}"] = (None, record["text"].strip())
    return out


def lgl(shared: Path) -> dict[str, tuple[str | None, str]]:
    out = {}
    for article in ET.parse(shared / "geocoding" / "lgl.xml").getroot().iter("article"):
        text = ((article.findtext("title") or "") + "\n\n" + (article.findtext("text") or "")).strip()
        out[f"lgl-{article.get('docid')}"] = (None, text)
    return out


SOURCES = {"bbc": bbc, "polnear": polnear, "sh": extraction, "ecb": ecb, "lgl": lgl}


def all_reports(shared: Path) -> dict[str, tuple[str | None, str]]:
    reports = {}
    for read in SOURCES.values():
        reports.update(read(shared))
    return reports


def taken(shared: Path) -> set[str]:
    """Reports of the news-events dev set and its train split: never picked again."""
    events = shared / "newsevents"
    return {p.stem for folder in (events / "tasks", events / "train" / "tasks") for p in folder.glob("*.json")}


def write(out: Path, doc: str, published: str | None, text: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{doc}.json").write_text(json.dumps({"doc": doc, "published": published, "text": text}), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--pick", type=int, default=0, help="choose this many new reports per source")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    reports = all_reports(args.shared)
    annotated = {p.stem for folder in (GOLD, MORE) for p in folder.glob("*.json")}
    for doc in sorted(annotated):
        if doc in reports:
            write(args.out, doc, *reports[doc])
    if args.pick:
        excluded = taken(args.shared) | annotated
        rng = random.Random(args.seed)
        for prefix in SOURCES:
            free = sorted(d for d in reports if d.startswith(prefix + "-") and d not in excluded)
            for doc in rng.sample(free, min(args.pick, len(free))):
                write(args.out, doc, *reports[doc])
    print(f"{len(list(args.out.glob('*.json')))} reports in {args.out}")


if __name__ == "__main__":
    main()
