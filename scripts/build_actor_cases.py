"""Build bench/data/actor_cases.jsonl: actor mentions with context, date and gold PLOVER codes.

Usage: python scripts/build_actor_cases.py [NEWSEVENTS_TRAIN] [--hand bench/data/actor_cases_hand.jsonl]

Draws every actor and recipient of the news-events *training* annotations (``train/gold``: never
``gold/`` or ``tasks/`` of the evaluation set), one case per (report, mention text): the mention as
the coder wrote it, the report's text up to the end of the sentence that holds it (at most
CONTEXT_CHARS, so "he" and "the group" have their antecedents), the event's date (else the
report's), and the coder's country and sector. Then appends the hand-written cases of ``--hand``
(people in office after 2014, company and team names holding a country, pronouns, agents), each
drawn from a sentence of the shared corpora; its ``ref-`` cases are back-references ("He", "She",
"The group", "The company", "The party" opening a sentence of a news-events or PolNeAR *train*
report, with the report before it) labelled with their referent's codes, kind ``pronoun``. Each case gets a ``kind`` (person, organisation,
agent, pronoun, company, country) and a ``half`` (a or b, by a hash of its id): choices are made
on half a and both halves are reported.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TRAIN = ROOT.parent / "shared" / "data" / "newsevents" / "train"
CONTEXT_CHARS = 700
# Reports with no date: the period of their corpus (the BBC politics corpus is news of 2004-2005,
# Greene & Cunningham 2006), so that a politician's role is read as of then.
UNDATED = {"bbc": "2005-01-01"}
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "we", "i", "you"}
COMPANY_WORDS = re.compile(r"\b(inc|corp|corporation|co|ltd|plc|group|airlines?|airways|bank|motors|re|"
                           r"holdings|company|companies|firm|firms|steel|oil|energy|telecom|industries)\b", re.I)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path, nargs="?", default=DEFAULT_TRAIN)
    parser.add_argument("--hand", type=Path, default=ROOT / "bench" / "data" / "actor_cases_hand.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "data" / "actor_cases.jsonl")
    args = parser.parse_args()
    if "gold" == args.train.name or (args.train / "tasks").resolve() == (DEFAULT_TRAIN.parent / "tasks").resolve():
        raise SystemExit("refusing the evaluation set: pass the train/ folder")
    cases = list(train_cases(args.train))
    if args.hand.exists():
        for line in args.hand.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                case.setdefault("kind", kind_of(case["text"], case.get("sector"), case.get("country")))
                cases.append(case)
    seen, out = set(), []
    for case in cases:
        key = (case["id"].split("#")[0], case["text"].lower())
        if key in seen:
            continue
        seen.add(key)
        case["half"] = "a" if int(hashlib.sha1(case["id"].encode()).hexdigest(), 16) % 2 == 0 else "b"
        out.append(case)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in out), encoding="utf-8")
    print(f"{len(out)} cases -> {args.out}")


def train_cases(train: Path):
    for gold_path in sorted((train / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        task = json.loads((train / "tasks" / gold_path.name).read_text(encoding="utf-8"))
        text = task["text"]
        for n, event in enumerate(gold.get("events") or []):
            for role in ("actor", "recipient"):
                actor = event.get(role)
                if not actor or not actor.get("text") or not actor.get("country"):
                    continue
                context = context_of(text, actor["text"], event.get("mentions") or [])
                if context is None:
                    continue
                when = (event.get("date") or {}).get("start") or task.get("published") or UNDATED.get(gold["doc"].split("-")[0])
                yield {
                    "id": f"{gold['doc']}#{n}{role[0]}", "text": actor["text"], "context": context, "date": when,
                    "country": actor["country"], "sector": actor.get("sector"),
                    "kind": kind_of(actor["text"], actor.get("sector"), actor["country"]),
                    "source": f"newsevents/train/{gold['doc']}",
                }


def context_of(text: str, mention: str, sentences: list[str]) -> str | None:
    """The report up to the end of the sentence holding ``mention`` (an event sentence first)."""
    for sentence in sentences + [text]:
        at = sentence.find(mention)
        if at < 0:
            continue
        where = text.find(sentence) + at if sentence is not text else at
        if where < 0:
            continue
        end = _sentence_end(text, where + len(mention))
        start = max(0, end - CONTEXT_CHARS)
        if start:
            start = text.find(" ", start) + 1
        if start > where:
            start = text.rfind("\n", 0, where) + 1
        return text[start:end].strip()
    return None


def _sentence_end(text: str, at: int) -> int:
    found = re.compile(r"[.!?\"”](?=\s|$)|\n").search(text, at)
    return found.end() if found else len(text)


def kind_of(text: str, sector: str | None, country: str | None) -> str:
    plain = text.lower().strip()
    if plain in PRONOUNS:
        return "pronoun"
    if sector == "BUS" or country == "MNC" or COMPANY_WORDS.search(text) and sector in (None, "BUS"):
        return "company"
    words = [w for w in re.findall(r"[\w'’-]+", text) if w.lower() not in ("the", "of", "a", "an", "and")]
    capitalised = [w for w in words if w[:1].isupper()]
    if not capitalised:
        return "agent"
    if sector is None and len(words) <= 3 and country not in ("IGO", "UNO", "EUR", "NGO", "IMG"):
        return "country"
    if plain.startswith("the ") and not re.search(r"(?i)\b(president|minister|secretary|king|queen|pope|chancellor|sultan|prince)\b", text):
        return "organisation"
    if words and words[-1][:1].isupper() and sector in ("GOV", "ELI", "LEG", "JUD", "REL", "CVL", "JRN", "OPP", "PTY", "SOC", "CRM", "COP", "MIL") \
            and not re.search(r"(?i)\b(party|council|court|department|ministry|committee|commission|office|"
                              r"house|senate|parliament|police|army|union|association|government|service)\b", text):
        return "person"
    if words and words[-1][:1].islower():
        return "agent"
    return "organisation"


if __name__ == "__main__":
    main()
