"""Boilerplate lines removed from crawler text: precision and recall per line, per half.

Usage: python bench/crawler_text.py DIR [--fixtures FIXDIR] [--verbose]

DIR holds reports as ``*.txt`` files, headline on the first line, paragraphs after (the shared
``corpora/bbc-politics`` layout). Each report becomes what a crawler such as news-please leaves
in its ``maintext``: the paragraphs with page furniture inserted where crawlers leave it (a photo
credit or captioned credit under the lead, galleries of numbered captions with "Hide Caption"
lines, "MOST READ" blocks of other reports' headlines, tabloid sidebars of headline + teaser,
"Read more:" lines, newsletter and social prompts), drawn from ``bench/data/crawler_furniture.json``
with a fixed seed per file. Reports alternate between two halves: ``dev`` (used for choices) and
``test`` (reported); each half draws its furniture wording from its own family of phrasings, so
a cue fitted to dev wording does not help on test. Reports are assigned to six synthetic sites.

Each report goes through ``dateline.pipeline.prepare`` as a crawler-JSON record (title given, text
= the maintext), as ``dateline ingest`` reads it. A line is removed when its normalised form is
not among the clean text's lines. Removed furniture is a true positive, a removed article line a
false positive, kept furniture a false negative; precision, recall and F1 are over all lines of a
half. ``--site-repeats N`` also passes each report the short lines found in N or more reports of
its site in the same half (``settings repeated_line_pages``, off by default). ``--fixtures`` adds hand-written crawler texts (``*.txt``; a line starting with ``~ `` is
furniture, the marker is stripped) scored as a third group.

The last printed line is one JSON object: per group (dev, test, fixtures) n, lines, furniture,
precision, recall, f1, article_lines_lost; and seconds.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import zlib
from pathlib import Path

from dateline.clean import normalise_line
from dateline.errors import DatelineError
from dateline.ingest import RawReport
from dateline.pipeline import prepare

_FURNITURE = json.loads((Path(__file__).parent / "data" / "crawler_furniture.json").read_text(encoding="utf-8"))
_NAME = re.compile(r"\b(?!The |A |In |It |But |He |She |They |This |Mr |Ms |Mrs )([A-Z][a-z]+ [A-Z][a-z]{2,})\b")
_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)")


def build(reports: list[tuple[str, str, list[str]]]) -> list[dict]:
    """Crawler texts with line labels: one dict per report (name, half, site, title, lines)."""
    built = []
    for i, (name, headline, paragraphs) in enumerate(reports):
        half = "dev" if i % 2 == 0 else "test"
        site = _FURNITURE["sites"][(i // 2) % len(_FURNITURE["sites"])]
        same_half = [r for j, r in enumerate(reports) if j % 2 == i % 2 and j != i]
        rng = random.Random(zlib.crc32(name.encode()))
        others = rng.sample(same_half, min(8, len(same_half)))
        built.append({"name": name, "half": half, "site": site, "title": headline,
                      "lines": _furnished(paragraphs, headline, others, half, site, rng)})
    return built


def _furnished(paragraphs, headline, others, half, site, rng) -> list[tuple[str, bool]]:
    names = [m for m in _NAME.findall(" ".join(paragraphs)) if m.split()[0] not in headline.split()[:1]] or ["The minister"]
    fill = _Filler(half, site, names, [o[1] for o in others], [_first_sentence(o[2]) for o in others], rng)
    slots: dict[int, list[str]] = {}  # furniture inserted after paragraph index k (-1: before the first)
    n = len(paragraphs)

    def put(position: int, lines: list[str]) -> None:
        slots.setdefault(max(-1, min(position, n - 1)), []).extend(lines)

    if rng.random() < 0.7:
        put(rng.choice([-1, 0, 1]), [fill.pick("credit_lines") if rng.random() < 0.5 else fill.pick("captions")])
    if rng.random() < 0.4:
        put(rng.randrange(1, max(2, n)), [fill.pick("captions")])
    if rng.random() < 0.2:
        put(rng.randrange(0, max(1, n - 1)), fill.gallery())
    if rng.random() < 0.5:
        put(rng.choice([n // 2, n - 1]), [fill.pick("block_heading")] + rng.sample(fill.headlines, min(len(fill.headlines), rng.randint(3, 6))))
    if rng.random() < 0.4:
        put(rng.randrange(1, max(2, n)), [fill.pick("related_line")])
    if rng.random() < 0.25:
        put(rng.randrange(1, max(2, n)), fill.sidebar())
    if rng.random() < 0.4:
        put(rng.choice([n // 2, n - 1]), [fill.pick("newsletter")])
    if rng.random() < 0.5:
        put(n - 1, [fill.pick("social")])
    lines: list[tuple[str, bool]] = [(t, True) for t in slots.get(-1, [])]
    for k, paragraph in enumerate(paragraphs):
        lines.append((paragraph, False))
        lines.extend((t, True) for block in slots.get(k, []) for t in block.split("\n"))
    return lines


class _Filler:
    def __init__(self, half, site, names, headlines, teasers, rng):
        self.half, self.site, self.names, self.headlines, self.teasers, self.rng = half, site, names, headlines, teasers, rng

    def pick(self, kind: str, **extra) -> str:
        template = self.rng.choice(_FURNITURE[kind][self.half])
        values = {"name": self.rng.choice(self.names), "place": self.rng.choice(_FURNITURE["places"]),
                  "day": self.rng.choice(_FURNITURE["days"]), "site": self.site,
                  "credit": self.rng.choice(_FURNITURE["credits"][self.half]),
                  "headline": self.rng.choice(self.headlines) if self.headlines else "More news", **extra}
        return template.format(**values)

    def gallery(self) -> list[str]:
        total = self.rng.randint(5, 30)
        style = self.rng.choice(_FURNITURE["gallery_style"][self.half])
        items = [self.pick("gallery_intro")]
        for n in range(1, total + 1):
            item = self.pick("gallery_item")
            items.append(style.format(item=item, n=n, total=total, credit=self.rng.choice(_FURNITURE["credits"][self.half])))
        return items

    def sidebar(self) -> list[str]:
        lines = [self.pick("sidebar_heading")]
        for headline, teaser in list(zip(self.headlines, self.teasers))[: self.rng.randint(2, 4)]:
            lines += [headline, teaser]
        return lines


def _first_sentence(paragraphs: list[str]) -> str:
    match = _SENTENCE.match(paragraphs[0]) if paragraphs else None
    return match.group(1) if match else (paragraphs[0] if paragraphs else "")


def read_reports(folder: Path) -> list[tuple[str, str, list[str]]]:
    reports = []
    for path in sorted(folder.glob("*.txt")):
        lines = [l.strip() for l in path.read_text(encoding="utf-8", errors="replace").splitlines() if l.strip()]
        if len(lines) >= 3:
            reports.append((path.name, lines[0], lines[1:]))
    return reports


def read_fixtures(folder: Path) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        lines = [l.rstrip() for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        labelled = [(l[2:], True) if l.startswith("~ ") else (l, False) for l in lines]
        out.append({"name": path.name, "half": "fixtures", "site": path.stem, "title": None, "lines": labelled})
    return out


def _raw(report: dict) -> RawReport:
    text = "\n\n".join(t for t, _ in report["lines"])
    return RawReport(f"{report['site']}/{report['name']}", text=text, title=report["title"], input_format="crawler-json")


def site_lines(reports: list[dict], min_pages: int) -> dict[str, frozenset[str]]:
    """Short lines found in ``min_pages`` reports of one site (what ``repeated_line_pages`` does per batch)."""
    import os

    from dateline import api

    os.environ["DATELINE_REPEATED_LINE_PAGES"] = str(min_pages)
    try:
        return api._site_furniture([_raw(r) for r in reports])
    finally:
        del os.environ["DATELINE_REPEATED_LINE_PAGES"]


def removed_lines(report: dict, repeated: frozenset[str] = frozenset()) -> list[bool]:
    """Per input line: was it removed from the clean text?"""
    try:
        clean = prepare(_raw(report), repeated=repeated).clean_text
    except DatelineError:
        return [True] * len(report["lines"])
    kept = {normalise_line(l) for l in clean.split("\n") if l.strip()}
    return [normalise_line(t) not in kept for t, _ in report["lines"]]


def score(reports: list[dict], verbose: bool = False, site_repeats: int = 0) -> dict:
    tp = fp = fn = lines = furniture = 0
    repeated = site_lines(reports, site_repeats) if site_repeats else {}
    for report in reports:
        removed = removed_lines(report, repeated.get(report["site"], frozenset()))
        for (text, is_furniture), gone in zip(report["lines"], removed):
            lines += 1
            furniture += is_furniture
            tp += is_furniture and gone
            fp += gone and not is_furniture
            fn += is_furniture and not gone
            if verbose and gone != is_furniture:
                print(f"{report['half']} {report['name']} {'LOST' if gone else 'KEPT'}: {text[:100]}", file=sys.stderr)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"n": len(reports), "lines": lines, "furniture": furniture, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "article_lines_lost": fp}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--fixtures", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None, help="only the first N reports")
    parser.add_argument("--verbose", action="store_true", help="print every wrongly kept or removed line")
    parser.add_argument("--site-repeats", type=int, default=0, metavar="N",
                        help="also drop short lines found in N reports of the same site (repeated_line_pages)")
    args = parser.parse_args()
    started = time.perf_counter()
    built = build(read_reports(args.dir)[: args.limit])
    groups = {half: [r for r in built if r["half"] == half] for half in ("dev", "test")}
    if args.fixtures:
        groups["fixtures"] = read_fixtures(args.fixtures)
    result = {name: score(reports, args.verbose, args.site_repeats) for name, reports in groups.items()}
    for name, s in result.items():
        print(f"{name:>8}: reports {s['n']} lines {s['lines']} furniture {s['furniture']} precision {s['precision']:.4f} "
              f"recall {s['recall']:.4f} f1 {s['f1']:.4f} article lines lost {s['article_lines_lost']}")
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
