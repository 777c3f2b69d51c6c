"""Toponym recognition and resolution on an LGL-format XML corpus.

Usage:  PYTHONPATH=src python bench/places_lgl.py FILE.xml [--limit N] [--half a|b]

Reads <article><text>...</text><toponyms><toponym><start/><end/><gaztag><lat/><lon/>...
Prints figures, then ONE JSON object as the last line:
  n_toponyms   gold toponyms (all, with or without coordinates)
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
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from dateline import gazetteer, nlp
from dateline.events.places import _km, find_places
from dateline.records import Analysis, Document, Place


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


def evaluate(articles: list[tuple[str, list[dict]]]) -> tuple[dict, float]:
    gold_spans = predicted_spans = exact = 0
    with_point = correct = matched = matched_correct = 0
    errors: list[float] = []
    started = time.perf_counter()
    docs = nlp.parse_many(text for text, _ in articles)
    stage_seconds = 0.0
    for (text, gold), doc in zip(articles, docs):
        t0 = time.perf_counter()
        places = [p for p in find_places(doc, Analysis(Document(id="bench", clean_text=text))) if isinstance(p, Place) and p.name]
        stage_seconds += time.perf_counter() - t0
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
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "acc161": round(correct / with_point, 4) if with_point else 0.0,
        "acc161_matched": round(matched_correct / matched, 4) if matched else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        "mean_km": round(statistics.fmean(errors), 1) if errors else None,
    }
    print(f"articles {len(articles)}, gold with coordinates {with_point}, matched {matched}")
    print(f"places stage {stage_seconds:.1f} s of {total_seconds:.1f} s (parse + places)")
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
