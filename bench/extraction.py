"""Article-extraction accuracy on the scrapinghub benchmark layout, in two modes.

Usage: python bench/extraction.py DIR [--limit N]

DIR holds ``ground-truth.json`` and ``html/<id>.html.gz`` (scrapinghub/article-extraction-benchmark).
Scoring follows that benchmark's ``evaluate.py``: tokens are ``\\w+`` runs (case kept), texts are
compared as multisets of 4-token shingles, each page's tp/fp/fn are scaled to sum to 1,
precision and recall are averaged over pages (a page with an empty prediction is left out of
the precision average but counts for recall) and F1 is computed from the two averages.

``--half dev`` scores the pages at even positions in id order (where choices are made), ``--half
test`` the others (reported, never looked at while choosing).

Modes:
1. ``html``: the page's HTML goes through ``dateline.ingest.html.extract_page`` (what
   ``dateline ingest page.html`` does).
2. ``text``: the page is first flattened to visible text by ``flatten`` below, as a scraper
   that keeps no markup would, then cleaned by ``dateline.clean.clean_text``. The flattening:
   parse with lxml; drop ``head``, ``script``, ``style``, ``noscript``, ``template`` (and
   comments/processing instructions); walk the rest in document order, starting a new line at
   every block-level element's start and end and at ``<br>``; inline elements' text joins the
   current line; whitespace runs collapse to one space; empty lines go. The whole page stays:
   navigation, footers, comment sections and all. The cleaned body is scored, without the
   headline the cleaner found (as in html mode, whose title is kept apart; the benchmark's
   articleBody holds none); ``text_with_title_f1`` scores the headline + body text that a
   flattened file is stored as (what ``text_f1`` measured until 2026-12-07).

The last printed line is one JSON object with n, html_precision, html_recall, html_f1,
text_precision, text_recall, text_f1, text_with_title_f1, empty (pages with an empty
prediction, both modes added; html_empty and text_empty give each) and seconds.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from statistics import mean

import lxml.html
from lxml import etree

from dateline.clean import clean_text
from dateline.errors import DatelineError
from dateline.ingest.html import extract_page
from dateline.ingest.text import decode_html

_TOKEN = re.compile(r"\w+", re.UNICODE)
_DROPPED = {"head", "script", "style", "noscript", "template"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend",
    "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "select", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "br", "iframe",
    "button", "label", "textarea", "video", "audio", "picture",
}


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_scores(true: str, pred: str) -> tuple[float, float, float]:
    """tp, fp, fn over shingle multisets, scaled to sum to 1 (evaluate.py)."""
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0
    for key in set(t) | set(p):
        tp += min(t[key], p[key])
        fp += max(0, p[key] - t[key])
        fn += max(0, t[key] - p[key])
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def summarise(pairs: list[tuple[str, str]]) -> dict[str, float]:
    precisions, recalls, empty = [], [], 0
    for true, pred in pairs:
        tp, fp, fn = page_scores(true, pred)
        if pred:
            precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        else:
            empty += 1
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
    p, r = mean(precisions) if precisions else 0.0, mean(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "empty": empty}


def flatten(html: str) -> str:
    """Visible text of the whole page, one block element's text per line (see module doc)."""
    root = lxml.html.document_fromstring(html)
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag in _DROPPED:
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if tag is not None and el.text:
            current.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block:
            flush()

    walk(root)
    flush()
    return "\n".join(lines)


def html_mode(html: str) -> str:
    try:
        return extract_page("<bench>", html).text
    except DatelineError:
        return ""


def text_mode(html: str) -> tuple[str, str]:
    """(body, title + body): the benchmark's articleBody holds no headline, and html mode's text
    holds none either (the title is kept apart), so the body is what is scored; the text with
    the headline the cleaner found on top (as stored for a flattened file) is reported beside it."""
    try:
        cleaned = clean_text(flatten(html))
    except (DatelineError, etree.ParserError):
        return "", ""
    body = cleaned.text[len(cleaned.title):].lstrip("\n") if cleaned.title else cleaned.text
    return body, cleaned.text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by id)")
    parser.add_argument("--half", choices=("dev", "test"), default=None,
                        help="only the pages at even (dev: used for choices) or odd (test: reported) positions by id")
    parser.add_argument("--verbose", action="store_true", help="print per-page F1 for both modes")
    args = parser.parse_args()
    truth = json.loads((args.dir / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    if args.half:
        ids = ids[0 if args.half == "dev" else 1 :: 2]
    ids = ids[: args.limit]
    started = time.perf_counter()
    html_pairs, text_pairs, titled_pairs = [], [], []
    for page_id in ids:
        html = decode_html(page_id, gzip.decompress((args.dir / "html" / f"{page_id}.html.gz").read_bytes()))
        true = truth[page_id].get("articleBody", "")
        html_pairs.append((true, html_mode(html)))
        body, titled = text_mode(html)
        text_pairs.append((true, body))
        titled_pairs.append((true, titled))
        if args.verbose:
            h, t = summarise(html_pairs[-1:]), summarise(text_pairs[-1:])
            print(f"{page_id[:10]} html_f1 {h['f1']:.3f} text_f1 {t['f1']:.3f}", file=sys.stderr)
    seconds = time.perf_counter() - started
    h, t, titled = summarise(html_pairs), summarise(text_pairs), summarise(titled_pairs)
    print(f"pages: {len(ids)}")
    for name, s in (("html", h), ("text", t)):
        print(f"{name:>4}: precision {s['precision']:.4f} recall {s['recall']:.4f} f1 {s['f1']:.4f} empty {s['empty']}")
    print(f"seconds: {seconds:.1f}")
    print(json.dumps({
        "n": len(ids),
        "html_precision": round(h["precision"], 4), "html_recall": round(h["recall"], 4), "html_f1": round(h["f1"], 4),
        "text_precision": round(t["precision"], 4), "text_recall": round(t["recall"], 4), "text_f1": round(t["f1"], 4),
        "text_with_title_f1": round(titled["f1"], 4),
        "empty": h["empty"] + t["empty"], "html_empty": h["empty"], "text_empty": t["empty"],
        "seconds": round(seconds, 1),
    }))


if __name__ == "__main__":
    main()
