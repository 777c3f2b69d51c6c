"""Checks the pipeline's output on the seed article against seed-expected.md.

Usage: python bench/seed_check.py EXAMPLES_DIR     (holds seed-article.txt, e.g. ../shared/examples)

Quotes section (issue 6): the two Sung Kim quotes (speaker, USA actor, cue, date "yesterday" =
2021-10-18, exact words; the second continues the first with no cue of its own) and the scare
quote "hostile policy" attributed to North Korea's government, not listed as a statement.
Other sections (events, actors, places) add their own checks to CHECKS.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

PUBLISHED = "2021-10-19"
FIRST = ("The US continues to reach out to Pyongyang to restart dialogue. Our intent remains the same. "
         "We harbour no hostile intent toward the DPRK and we are open to meeting without preconditions")
SECOND = ("Even as we remain open to dialogue, we also have a responsibility to implement the UN Security "
          "Council resolutions addressing the DPRK.")


def words(quote) -> str:
    return quote.content.text.strip("\u201c\u201d\"' ,")


def quote_checks(analysis) -> list[tuple[str, bool, str]]:
    statements = [q for q in analysis.quotes if not q.scare]
    first = next((q for q in statements if words(q) == FIRST), None)
    second = next((q for q in statements if words(q) == SECOND), None)
    scare = next((q for q in analysis.quotes if q.scare and q.content.text == "hostile policy"), None)
    actor = first.speaker_actor if first else None
    return [
        ("Sung Kim quote 1 found (exact words)", first is not None, words(first) if first else "-"),
        ("quote 1 speaker Sung Kim", bool(first and first.speaker and first.speaker.text == "Sung Kim"),
         first.speaker.text if first and first.speaker else "-"),
        ("quote 1 actor USA", bool(actor and actor.country == "USA"), actor.code() if actor else "-"),
        ("quote 1 cue 'told' (told reporters yesterday)", bool(first and first.cue and first.cue.text.startswith("told")),
         first.cue.text if first and first.cue else "-"),
        ("quote 1 dated yesterday = 2021-10-18", bool(first and first.date.start == date(2021, 10, 18)),
         str(first.date.start) if first else "-"),
        ("quote 1 kind direct", bool(first and first.kind == "direct"), first.kind if first else "-"),
        ("Sung Kim quote 2 found (exact words)", second is not None, words(second) if second else "-"),
        ("quote 2 continues quote 1, no cue", bool(first and second and second.continues == first.id and second.cue is None),
         second.continues if second else "-"),
        ("quote 2 speaker Sung Kim, USA", bool(second and second.speaker_actor and second.speaker_actor.country == "USA"
                                               and second.speaker and second.speaker.text == "Sung Kim"),
         second.speaker_actor.code() if second and second.speaker_actor else "-"),
        ("scare quote 'hostile policy' marked, speaker His government (PRK)",
         bool(scare and scare.speaker and scare.speaker.text == "His government"
              and scare.speaker_actor and scare.speaker_actor.country == "PRK"),
         f"{scare.speaker.text} {scare.speaker_actor.code()}" if scare and scare.speaker and scare.speaker_actor else "-"),
    ]


CHECKS = {"quotes": quote_checks}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not (Path(argv[1]) / "seed-article.txt").is_file():
        print("usage: seed_check.py EXAMPLES_DIR (with seed-article.txt)", file=sys.stderr)
        return 2
    from dateline.pipeline import process

    text = (Path(argv[1]) / "seed-article.txt").read_text(encoding="utf-8")
    analysis = process(text, published=PUBLISHED)
    result: dict[str, int] = {}
    for section, check in CHECKS.items():
        outcomes = check(analysis)
        for name, ok, got in outcomes:
            print(f"[{'ok' if ok else 'FAIL'}] {section}: {name}  (got: {got[:90]})")
        result[f"{section}_ok"] = sum(ok for _, ok, _ in outcomes)
        result[f"{section}_total"] = len(outcomes)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
