"""Actor resolution on single mentions with context and date (issue 14).

Usage: python bench/actors_cases.py bench/data/actor_cases.jsonl [--show 40] [--half a|b]

One case per line: {"id", "text", "context", "date", "country", "sector"} and optionally "kind"
(person, organisation, agent, pronoun, company, country) and "half". Each mention is resolved
with ``dateline.events.actor_mention.resolve_mention(text, context=..., on=date)``; the first
actor it returns is compared with the gold country and sector (a gold null sector must be
predicted null; no actor counts as wrong on both). A table of misses is printed above the last
line, a JSON object: n, country_acc, sector_acc, both_acc, per kind and per half
{n, country_acc, sector_acc}, and ms_per_case.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from dateline.errors import DatelineError
from dateline.events.actor_mention import resolve_mention


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--show", type=int, default=40, help="misses to print")
    parser.add_argument("--half", choices=("a", "b"), help="only the cases of this half")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.half:
        cases = [c for c in cases if c.get("half") == args.half]
    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, country, sector, both
    misses = []
    started = time.perf_counter()
    for case in cases:
        try:
            actors = resolve_mention(case["text"], context=case.get("context") or None, on=_date(case.get("date")))
        except DatelineError:
            actors = []
        got = (actors[0].country, actors[0].sector) if actors else (None, None)
        country_ok = bool(actors) and got[0] == case.get("country")
        sector_ok = bool(actors) and got[1] == (case.get("sector") or None)
        for key in ("all", f"kind:{case.get('kind', '-')}", f"half:{case.get('half', '-')}"):
            t = tallies[key]
            t[0] += 1
            t[1] += country_ok
            t[2] += sector_ok
            t[3] += country_ok and sector_ok
        if not (country_ok and sector_ok):
            misses.append((case["id"], case["text"][:40], f"{case.get('country')} {case.get('sector') or '-'}",
                           f"{got[0] or '-'} {got[1] or '-'}" if actors else "nothing",
                           actors[0].source if actors else ""))
    elapsed = time.perf_counter() - started
    for row in misses[: args.show]:
        print("miss: %-22s %-42r gold %-8s got %-9s (%s)" % row)
    result = _figures(tallies["all"])
    result["per_kind"] = {k[5:]: _figures(v) for k, v in sorted(tallies.items()) if k.startswith("kind:")}
    result["per_half"] = {k[5:]: _figures(v) for k, v in sorted(tallies.items()) if k.startswith("half:")}
    result["ms_per_case"] = round(1000 * elapsed / max(len(cases), 1), 1)
    print(json.dumps(result))


def _figures(t: list[int]) -> dict:
    n = t[0]
    return {"n": n, "country_acc": round(t[1] / n, 3) if n else 0.0, "sector_acc": round(t[2] / n, 3) if n else 0.0,
            "both_acc": round(t[3] / n, 3) if n else 0.0}


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


if __name__ == "__main__":
    main()
