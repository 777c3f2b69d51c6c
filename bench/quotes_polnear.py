"""Quote extraction against PolNeAR attributions (brat standoff).

Usage: python bench/quotes_polnear.py DIR      (DIR holds text/ and attributions/, e.g. polnear/dev)

Scoring (issue 6): spans are the union of their (possibly discontinuous) character ranges, with
whitespace trimmed at each range's edges; ``Content2`` belongs to the content. A predicted span
matches a gold span when their overlap is at least half the longer span. Attributions are
matched one to one by content, greedily, highest overlap first. ``source``/``cue`` count a true
positive only when the content matched and that component matched too (no gold source and none
predicted is a match). ``*_exact`` require identical character sets. Where an article has two
annotators' files, it is scored against each and the counts averaged, so each article counts once.
Predicted quotes that continue another quote (``Quote.continues``) or share its cue are one
attribution, as in the annotation guidelines (one cue per attribution). Scare quotes are skipped.
"""
from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

Ranges = tuple[tuple[int, int], ...]
COMPONENTS = ("content", "source", "cue")


@dataclass(frozen=True)
class Attribution:
    content: Ranges
    source: Ranges
    cue: Ranges


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def normalise(text: str, ranges) -> Ranges:
    """Trimmed, sorted, merged ranges; empty ones dropped."""
    trimmed = sorted(r for r in (trim(text, a, b) for a, b in ranges) if r[1] > r[0])
    merged: list[list[int]] = []
    for a, b in trimmed:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def length(r: Ranges) -> int:
    return sum(b - a for a, b in r)


def overlap(x: Ranges, y: Ranges) -> int:
    return sum(max(0, min(b, d) - max(a, c)) for a, b in x for c, d in y)


def spans_match(x: Ranges, y: Ranges) -> bool:
    if not x and not y:
        return True
    return bool(x and y) and overlap(x, y) * 2 >= max(length(x), length(y))


def read_gold(ann_path: Path, text: str) -> list[Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, list[str]]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            ranges = [tuple(map(int, part.split())) for part in offsets.split(";") if part.strip()]
            spans[fields[0]] = (label, ranges)
        elif line.startswith("E") and len(fields) >= 2:
            roles: dict[str, list[str]] = defaultdict(list)
            for arg in fields[1].split():
                role, _, ref = arg.partition(":")
                roles[role.rstrip("0123456789")].append(ref)
            events.append(roles)
    gold = []
    for roles in events:
        if not roles.get("Content"):
            continue
        parts = {c.capitalize(): [r for ref in roles.get(c.capitalize(), []) if ref in spans for r in spans[ref][1]]
                 for c in COMPONENTS}
        gold.append(Attribution(*(normalise(text, parts[c.capitalize()]) for c in COMPONENTS)))
    return [g for g in gold if g.content]


def predicted(quotes, text: str) -> list[Attribution]:
    """Quotes grouped into attributions: a continuation or a shared cue joins its group."""
    group_of: dict[str, str] = {}
    by_cue: dict[tuple[int, int], str] = {}
    members: dict[str, list] = defaultdict(list)
    for q in sorted(quotes, key=lambda q: q.content.start_char):
        if q.scare:
            continue
        cue_key = (q.cue.start_char, q.cue.end_char) if q.cue else None
        root = group_of.get(q.continues) if q.continues else by_cue.get(cue_key) if cue_key else None
        root = root or q.id
        group_of[q.id] = root
        if cue_key:
            by_cue.setdefault(cue_key, root)
        members[root].append(q)
    result = []
    for group in members.values():
        head = group[0]
        result.append(Attribution(
            normalise(text, [(q.content.start_char, q.content.end_char) for q in group]),
            normalise(text, [(head.speaker.start_char, head.speaker.end_char)] if head.speaker else []),
            normalise(text, [(head.cue.start_char, head.cue.end_char)] if head.cue else []),
        ))
    return result


def score_article(gold: list[Attribution], pred: list[Attribution]) -> dict[str, float]:
    pairs = sorted(
        ((overlap(g.content, p.content), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)
         if spans_match(g.content, p.content)),
        reverse=True,
    )
    used_g, used_p, matched = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            matched.append((gold[i], pred[j]))
    counts = {"gold": len(gold), "pred": len(pred), "content": len(matched)}
    counts["content_exact"] = sum(g.content == p.content for g, p in matched)
    for c in ("source", "cue"):
        counts[c] = sum(spans_match(getattr(g, c), getattr(p, c)) for g, p in matched)
        counts[f"{c}_exact"] = sum(getattr(g, c) == getattr(p, c) for g, p in matched)
    return counts


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_articles(root: Path) -> list[tuple[str, str, list[list[Attribution]]]]:
    articles = []
    for text_path in sorted((root / "text").glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        anns = sorted((root / "attributions").glob(f"{text_path.stem}_*.ann"))
        if anns:
            articles.append((text_path.stem, text, [read_gold(a, text) for a in anns]))
    return articles


def published_dates(root: Path) -> dict[str, str]:
    meta = root.parent / "metadata.tsv"
    if not meta.exists():
        return {}
    rows = [line.split("\t") for line in meta.read_text(encoding="utf-8").splitlines()[1:]]
    return {r[1]: r[5] for r in rows if len(r) > 5}


def run(root: Path, extract=None) -> dict[str, float]:
    from dateline import nlp
    from dateline.events.dates import parse_published
    from dateline.events.quotes import extract_quotes
    from dateline.records import Analysis, Document, Quote

    extract = extract or extract_quotes
    articles = load_articles(root)
    dates = published_dates(root)
    totals: dict[str, float] = defaultdict(float)
    started = time.perf_counter()
    docs = nlp.parse_many(text for _, text, _ in articles)
    quote_seconds = 0.0
    for (name, text, annotators), doc in zip(articles, docs):
        document = Document(id=name, clean_text=text, published_at=parse_published(dates.get(name)))
        t0 = time.perf_counter()
        quotes = [q for q in extract(doc, Analysis(document)) if isinstance(q, Quote)]
        quote_seconds += time.perf_counter() - t0
        pred = predicted(quotes, text)
        per_annotator = [score_article(gold, pred) for gold in annotators]
        for key in per_annotator[0]:
            totals[key] += sum(c[key] for c in per_annotator) / len(per_annotator)
    result: dict[str, float] = {"n_docs": len(articles)}
    p, r, f = prf(totals["content"], totals["pred"], totals["gold"])
    result.update(content_precision=round(p, 4), content_recall=round(r, 4), content_f1=round(f, 4))
    for key in ("source", "cue", "content_exact", "source_exact", "cue_exact"):
        result[f"{key}_f1"] = round(prf(totals[key], totals["pred"], totals["gold"])[2], 4)
    print(f"articles {len(articles)}  gold attributions {totals['gold']:.1f}  predicted {totals['pred']:.0f}",
          file=sys.stderr)
    print(f"total {time.perf_counter() - started:.1f}s, quote stage {quote_seconds:.2f}s", file=sys.stderr)
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: quotes_polnear.py DIR (with text/ and attributions/)", file=sys.stderr)
        return 2
    root = Path(argv[1])
    if not (root / "text").is_dir() or not (root / "attributions").is_dir():
        print(f"{root}: no text/ and attributions/ folders here", file=sys.stderr)
        return 2
    result = run(root)
    for key, value in result.items():
        print(f"{key:>20}  {value}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
