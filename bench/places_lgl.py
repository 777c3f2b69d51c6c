"""Toponym recognition and resolution on an LGL-format XML corpus, through the user's path.

Usage:  PYTHONPATH=src python bench/places_lgl.py FILE.xml [--limit N] [--half a|b]

Each article goes through what ``dateline.process``/``dateline ingest`` run: ``pipeline.prepare``
(cleaning) and every pipeline stage, batched as ingest batches them. Places are read from the
Analysis and their spans mapped from the clean text back onto the corpus text; an article the
pipeline refuses (nothing left after cleaning, not English) keeps all its toponyms missed.

Reads <article><text>...</text><toponyms><toponym><start/><end/><gaztag><lat/><lon/>...
Prints figures, then ONE JSON object as the last line:
  n_toponyms   gold toponyms (all, with or without coordinates)
  refused_articles  articles the pipeline refused (their toponyms count as missed)
  precision, recall, f1   named predicted places vs gold spans, exact character match
  acc161       share of gold toponyms with coordinates for which a predicted place overlapping
               the gold span lies within 161 km (end to end; a missed toponym counts as wrong)
  acc161_matched  the same over the gold toponyms the system found (an overlapping prediction;
               one without coordinates counts as wrong)
  median_km, mean_km   error over matched toponyms whose prediction has coordinates
"""
from __future__ import annotations

import argparse
import json
from dataclasses import replace
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from difflib import SequenceMatcher

from dateline import gazetteer, pipeline
from dateline.errors import DatelineError
from dateline.events.places import _km
from dateline.ingest import RawReport
from dateline.records import Analysis, Place


def read_corpus(path: Path) -> list[tuple[str, list[dict]]]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        sys.exit(f"{path}: cannot read the corpus ({e})")
    articles = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for toponym in article.iter("toponym"):
            tag = toponym.find("gaztag")
            lat = tag.findtext("lat") if tag is not None else None
            lon = tag.findtext("lon") if tag is not None else None
            gold.append({
                "start": int(toponym.findtext("start")),
                "end": int(toponym.findtext("end")),
                "point": (float(lat), float(lon)) if lat and lon else None,
            })
        articles.append((text, gold))
    return articles


def user_path_places(articles: list[tuple[str, list[dict]]], stage_seconds: list[float]
                     ) -> tuple[list[list[Place]], list[str]]:
    """Each article's named places, spans on the corpus text, through prepare and every stage;
    and the reasons articles were refused. ``stage_seconds`` collects the places stage's time."""
    documents, refused = {}, []
    for i, (text, _) in enumerate(articles):
        try:
            documents[i] = pipeline.prepare(RawReport(f"lgl-{i}", text=text))
        except DatelineError as e:
            refused.append(str(e))
    found: dict[int, list[Place]] = {}
    with _timed_places(stage_seconds):
        for i, result in zip(documents, pipeline.analyse(documents.values())):
            if isinstance(result, DatelineError) or not result.sentences:
                refused.append(f"lgl-{i}: {result if isinstance(result, DatelineError) else 'not coded'}")
                continue
            found[i] = _on_corpus_text(result, articles[i][0])
    return [found.get(i, []) for i in range(len(articles))], refused


class _timed_places:
    """Times the places stage inside the pipeline (as bench/ingest_speed.py times each stage)."""

    def __init__(self, seconds: list[float]):
        self.seconds, self.stage = seconds, pipeline.STAGES["places"]

    def __enter__(self):
        def timed(doc, analysis):
            t0 = time.perf_counter()
            out = list(self.stage(doc, analysis))
            self.seconds.append(time.perf_counter() - t0)
            return out
        pipeline.STAGES["places"] = timed

    def __exit__(self, *exc):
        pipeline.STAGES["places"] = self.stage


def _on_corpus_text(analysis: Analysis, text: str) -> list[Place]:
    """Named places with spans moved from the clean text onto the corpus text (cleaning may
    replace a control character or drop a space; the gold offsets are into the corpus text)."""
    places = [p for p in analysis.places if p.name]
    clean = analysis.document.clean_text
    if clean == text:
        return places
    blocks = SequenceMatcher(None, clean, text, autojunk=False).get_matching_blocks()

    def moved(offset: int) -> int:
        for a, b, size in blocks:
            if a <= offset <= a + size:
                return b + offset - a
        return next((b for a, b, _ in blocks if a >= offset), len(text))

    return [
        replace(p, span=replace(p.span, start_char=moved(p.span.start_char), end_char=moved(p.span.end_char)))
        for p in places
    ]


def evaluate(articles: list[tuple[str, list[dict]]]) -> tuple[dict, float]:
    gold_spans = predicted_spans = exact = 0
    with_point = correct = matched = matched_correct = 0
    errors: list[float] = []
    started = time.perf_counter()
    stage_times: list[float] = []
    found, refused = user_path_places(articles, stage_times)
    stage_seconds = sum(stage_times)
    for (text, gold), places in zip(articles, found):
        predicted = {(p.span.start_char, p.span.end_char) for p in places}
        gold_spans += len(gold)
        predicted_spans += len(predicted)
        exact += len(predicted & {(g["start"], g["end"]) for g in gold})
        for g in gold:
            if g["point"] is None:
                continue
            with_point += 1
            overlapping = [p for p in places if p.span.start_char < g["end"] and g["start"] < p.span.end_char]
            if not overlapping:
                continue
            matched += 1
            located = [p for p in overlapping if p.latitude is not None]
            if not located:
                continue
            km = min(_km(p.latitude, p.longitude, *g["point"]) for p in located)
            errors.append(km)
            if km <= 161:
                correct += 1
                matched_correct += 1
    total_seconds = time.perf_counter() - started
    precision = exact / predicted_spans if predicted_spans else 0.0
    recall = exact / gold_spans if gold_spans else 0.0
    result = {
        "n_toponyms": gold_spans,
        "refused_articles": len(refused),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "acc161": round(correct / with_point, 4) if with_point else 0.0,
        "acc161_matched": round(matched_correct / matched, 4) if matched else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        "mean_km": round(statistics.fmean(errors), 1) if errors else None,
    }
    print(f"articles {len(articles)}, gold with coordinates {with_point}, matched {matched}")
    print(f"refused by the pipeline ({len(refused)}; their toponyms count as missed):")
    for reason in refused:
        print(f"  {reason}")
    print(f"places stage {stage_seconds:.1f} s of {total_seconds:.1f} s (cleaning, parse and every stage)")
    return result, stage_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--half", choices=("a", "b"), default=None,
                        help="even-numbered (a) or odd-numbered (b) articles: choose on one, report the other")
    args = parser.parse_args()
    articles = read_corpus(args.corpus)[: args.limit]
    if args.half:
        articles = articles[("a", "b").index(args.half)::2]
    t0 = time.perf_counter()
    gazetteer.load()
    print(f"gazetteer loaded in {time.perf_counter() - t0:.2f} s")
    result, _ = evaluate(articles)
    for key, value in result.items():
        print(f"{key:>16}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
