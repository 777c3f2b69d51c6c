"""Actor resolution against the gold actors of PLOVER gold-standard records.

Usage: python bench/actors_gsr.py ../shared/data/plover-gsr/dev.jsonl

Each record lists its source and target actors with the annotated text ("actorText") and the
gold country code. For every gold actor whose text occurs in the sentence, resolves (a) the
annotated text itself and (b) the noun chunk around it, with the record's date, and compares
the country codes (gold "IGO" matches any actor with sector IGO). Keys of the final JSON line:
n (gold actors found in their sentence), precision (correct / resolved), coverage
(resolved / n), accuracy (correct / n), for the text spans; chunk_precision, chunk_coverage,
chunk_accuracy for the noun chunks; story_precision, story_coverage, story_accuracy for the text
spans as the event coder and the quote extractor take them (an actor with a sector and no country
placed in the report's country, ``DocumentActors.in_story_country``). A table of misses (of the
chunks, or with --story of the story reading) is printed above it.
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from dateline import nlp
from dateline.events.actors import DocumentActors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--show", type=int, default=25, help="misses to print")
    parser.add_argument("--story", action="store_true", help="print the misses of the story_ reading, not the chunks'")
    args = parser.parse_args()

    records = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line.strip()]
    tallies = {"text": [0, 0], "chunk": [0, 0], "story": [0, 0]}  # resolved, correct
    n, misses = 0, []
    docs = nlp.parse_many([r["text"] for r in records])
    for record, doc in zip(records, docs):
        on = _date(record.get("date"))
        document = DocumentActors(doc, record["id"], on)
        for gold in _gold_actors(record):
            span = _find(doc, gold["actorText"])
            if span is None:
                continue
            n += 1
            for mode, target in (("text", span), ("chunk", _chunk_around(doc, span)), ("story", span)):
                found = document.resolve(target)
                if mode == "story":  # as the event coder and quotes use it: a titled person or agent
                    found = [document.in_story_country(a) or a for a in found]  # takes the report's country
                if not found:
                    if mode == "story" and args.story:
                        misses.append((record["id"], target.text, gold["code"], "nothing"))
                    continue
                tallies[mode][0] += 1
                if any(_same_country(gold["code"], a) for a in found):
                    tallies[mode][1] += 1
                elif mode == ("story" if args.story else "chunk"):
                    misses.append((record["id"], target.text, gold["code"], [a.code() for a in found]))
    for row in misses[: args.show]:
        print("wrong: %-28s %-45r gold %-4s got %s" % row)
    result = {"n": n}
    for mode, prefix in (("text", ""), ("chunk", "chunk_"), ("story", "story_")):
        resolved, correct = tallies[mode]
        result[f"{prefix}precision"] = round(correct / resolved, 3) if resolved else 0.0
        result[f"{prefix}coverage"] = round(resolved / n, 3) if n else 0.0
        result[f"{prefix}accuracy"] = round(correct / n, 3) if n else 0.0
    print(json.dumps(result))


def _date(text: str | None) -> date:
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return date(2000, 1, 1)


def _gold_actors(record: dict) -> list[dict]:
    actors = []
    for key in ("source", "target"):
        value = record.get(key)
        if isinstance(value, list):
            actors.extend(a for a in value if a.get("actorText") and a.get("code"))
    return actors


def _find(doc, text: str):
    start = doc.text.find(text)
    if start < 0:
        return None
    return doc.char_span(start, start + len(text), alignment_mode="expand")


def _chunk_around(doc, span):
    for chunk in doc.noun_chunks:
        if chunk.start <= span.start and span.end <= chunk.end:
            return chunk
    return span


# The GSR codes every international organisation IGO (the UN and EU included, as PLOVER's Table 5.1
# had it then) and uses old CAMEO codes for two states.
_GSR_CODES = {"IGO": {"IGO", "UNO", "EUR", "NGO"}, "JAP": {"JPN"}, "ITL": {"ITA"}}


def _same_country(gold: str, actor) -> bool:
    return actor.country in _GSR_CODES.get(gold, {gold})


if __name__ == "__main__":
    main()
