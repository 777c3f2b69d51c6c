"""Shared scoring for the sentence-level event benchmarks (events_gsr.py, events_petr2.py)."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from dateline import nlp
from dateline.events.actors import is_state_code
from dateline.events.coder import code_events
from dateline.records import Abstention, Analysis, Document, Event

# Both sides compared at PLOVER's coarse entity level, as in the gold files: an organisation coded
# by its own code (UNO, NAT, IAE, AMN, ...) counts as its class IGO/NGO/IMG; old CAMEO country
# codes are read as ISO 3166.
_ENTITY = {"UNO": "IGO", "EUR": "IGO", "JAP": "JPN", "ITL": "ITA"}
_ORGANISATION_CLASSES = {"IGO", "NGO", "IMG"}


@dataclass
class Gold:
    id: str
    text: str
    published: date | None
    types: list[str]  # one per gold event
    actors: list[frozenset[str]] = field(default_factory=list)
    recipients: list[frozenset[str]] = field(default_factory=list)


def norm(codes) -> frozenset[str]:
    return frozenset(_ENTITY.get(c, c) for c in codes if c)


def entity(actor) -> str | None:
    """An actor's PLOVER entity code: its country, or IGO/NGO/IMG for an organisation's own code."""
    if actor.sector in _ORGANISATION_CLASSES and not is_state_code(actor.country):
        return actor.sector
    return actor.country


def code_all(golds: list[Gold]) -> list[tuple[list[Event], list[Abstention]]]:
    out = []
    docs = nlp.parse_many([g.text for g in golds])
    for gold, doc in zip(golds, docs):
        document = Document(id=Document.make_id(gold.text), clean_text=gold.text, published_at=gold.published)
        analysis = Analysis(document, sentences=nlp.sentences(doc, document.id))
        records = code_events(doc, analysis)
        out.append(([r for r in records if isinstance(r, Event)], [r for r in records if isinstance(r, Abstention)]))
    return out


def score(golds: list[Gold], coded) -> dict:
    predicted = correct_type = triple_predicted_ok = 0
    gold_total = type_found = triple_found = abstained = 0
    per_type = Counter()
    per_type_found = Counter()
    per_pred = Counter()
    per_pred_ok = Counter()
    for gold, (events, abstentions) in zip(golds, coded):
        abstained += len(abstentions)
        predicted += len(events)
        gold_types = set(gold.types)
        for e in events:
            per_pred[e.type] += 1
            if e.type in gold_types:
                correct_type += 1
                per_pred_ok[e.type] += 1
            if any(_triple(e, gold, k) for k in range(len(gold.types))):
                triple_predicted_ok += 1
        for k, t in enumerate(gold.types):
            gold_total += 1
            per_type[t] += 1
            if any(e.type == t for e in events):
                type_found += 1
                per_type_found[t] += 1
            if any(_triple(e, gold, k) for e in events):
                triple_found += 1
    tp = correct_type / predicted if predicted else 0.0
    tr = type_found / gold_total if gold_total else 0.0
    xp = triple_predicted_ok / predicted if predicted else 0.0
    xr = triple_found / gold_total if gold_total else 0.0
    print(f"{'type':<10} {'gold':>5} {'recall':>7} {'pred':>5} {'prec':>6}")
    for t in sorted(set(per_type) | set(per_pred)):
        rec = per_type_found[t] / per_type[t] if per_type[t] else float("nan")
        prec = per_pred_ok[t] / per_pred[t] if per_pred[t] else float("nan")
        print(f"{t:<10} {per_type[t]:>5} {rec:>7.2f} {per_pred[t]:>5} {prec:>6.2f}")
    return {
        "n": len(golds), "gold_events": gold_total, "predicted": predicted,
        "type_precision": round(tp, 3), "type_recall": round(tr, 3), "type_f1": round(_f1(tp, tr), 3),
        "triple_precision": round(xp, 3), "triple_recall": round(xr, 3), "triple_f1": round(_f1(xp, xr), 3),
        "abstained": abstained,
    }


def _triple(e: Event, gold: Gold, k: int) -> bool:
    return (e.type == gold.types[k] and norm(entity(a) for a in e.actors) == gold.actors[k]
            and norm(entity(a) for a in e.recipients) == gold.recipients[k])


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def report(result: dict) -> None:
    print(json.dumps(result))


def run(load, default_path: str) -> None:
    """The command line of an event benchmark: load golds from argv[1], code, score, report."""
    import sys
    from pathlib import Path

    from dateline.errors import InputError

    path = Path(sys.argv[1] if len(sys.argv) > 1 else default_path)
    try:
        golds = load(path)
    except InputError as e:
        sys.exit(f"error: {e}")
    report(score(golds, code_all(golds)))
