"""Derive src/dateline/data/plover_verbs_petrarch2.tsv from PETRARCH2's CAMEO verb dictionary.

Sources (not copied into the repo, read from the paths given):
- CAMEO.2.0.txt, the PETRARCH2 CAMEO verb pattern dictionary, MIT licence,
  (c) 2015 Open Event Data Alliance, github.com/openeventdata/petrarch2
- CAMEO2PLOVER-2021.txt, the CAMEO -> PLOVER table, CC BY-SA 4.0, github.com/openeventdata/PLOVER

What is kept: each verb's own code (or its block's code) and the verb + object patterns whose
object comes right after the verb ("* TALKS", "* (WITH ...)", "* OFF TALK"). Patterns that restrict
the subject ("&MILITARY * ...") are dropped. CAMEO 01 (statements) is dropped as in PLOVER 2.0;
CAMEO 02 (appeals) is mapped to REQUEST through its 10x twin (02x3 -> 10x3), a documented exception
(PLOVER manual 7.2 note 2 allows such exceptions; PLOVER's REQUEST covers "all requests").

Usage: python scripts/build_plover_lexicon.py ../shared/data/reference
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/dateline/data/plover_verbs_petrarch2.tsv"
PARTICLES = {"UP", "OFF", "OUT", "DOWN", "AWAY", "BACK", "OVER", "ON", "IN", "FORTH", "ASIDE"}
AUXILIARY_STARTS = {"IS", "WAS", "ARE", "BE", "BEEN", "HAS", "HAVE", "HAD", "WERE", "WILL", "WOULD"}
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
CODE = re.compile(r"\[([^\]]*)\]")


def load_mapping(path: Path) -> dict[str, tuple[str, str, str]]:
    mapping = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)", line)
        if m:
            code, plover, mode, context = m.groups()
            mapping[code] = (plover, mode.strip(), context.strip().split(";")[0].strip())
    return mapping


def to_plover(code: str, mapping) -> tuple[str, str, str] | None:
    if code.startswith("01") or not code[:2].isdigit():
        return None
    if code.startswith("02"):
        code = "10" + code[2:]
    while code and code not in mapping:
        code = code[:-1]
    return mapping.get(code)


def load_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets, current = {}, None
    for line in lines:
        if line.startswith("&"):
            current = line.split()[0]
            sets[current] = []
        elif line.startswith("+") and current:
            sets[current].append(line[1:].split()[0].strip("_").replace("_", " "))
        elif not line.strip():
            current = None
    return sets


def first_code(text: str) -> str | None:
    m = CODE.search(text)
    if not m:
        return None
    parts = [p for p in m.group(1).split(":") if p.strip()]
    code = parts[0].strip() if parts else ""
    return code if code and code != "---" else None


def head_words(token: str, synsets) -> list[str]:
    token = token.strip("{}()$^")
    if token.startswith("&"):
        return [w.split()[-1].lower() for w in synsets.get(token, [])]
    return [token.strip("_").replace("_", " ").split()[-1].lower()] if token else []


def parse_pattern(post: str, synsets) -> list[tuple[str, str, str]]:
    """(particle, prep, object-head) triples for the first constituent after '*'."""
    groups = re.findall(r"\{[^}]*\}|\([^)]*\)|\S+", post)
    groups = [g for g in groups if g not in ("$", "^", "%")]
    if not groups:
        return []
    particle = ""
    if groups[0] in PARTICLES and len(groups) > 1:
        particle, groups = groups[0].lower(), groups[1:]
    g = groups[0]
    if g.startswith("("):
        words = g.strip("()").split()
        if len(words) < 2:
            return []
        prep = words[0].lower()
        return [(particle, prep, w) for w in head_words(words[-1], synsets)]
    words = g.strip("{}").split()
    return [(particle, "", w) for w in head_words(words[-1], synsets) if w]


def lemma_of(token: str) -> tuple[str, str] | None:
    """(lemma, particle) of a verb entry like ASK or +CALL_OFF."""
    word = token.lstrip("+").strip("_")
    parts = word.split("_")
    if parts[0] in AUXILIARY_STARTS or len(parts) > 2:
        return None
    return parts[0].lower(), (parts[1].lower() if len(parts) == 2 else "")


def build(reference: Path) -> list[tuple]:
    mapping = load_mapping(reference / "CAMEO2PLOVER-2021.txt")
    lines = (reference / "petrarch2/CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines()
    start = next(i for i, l in enumerate(lines) if "VERB PATTERNS" in l)
    end = next(i for i, l in enumerate(lines) if "TRANSFORMATIONS" in l)
    synsets = load_synsets(lines[:start])
    rows, block_code, block_verbs = [], None, {}
    for number, line in enumerate(lines[start:end], start=start + 1):
        header = HEADER.match(line)
        if header:
            block_code = first_code(line)
            block_verbs = {}
            continue
        if not line.strip() or line.startswith("#"):
            continue
        source = f"petrarch2/CAMEO.2.0.txt:{number}"
        if line.startswith("-"):
            body = line.split("#")[0]
            comment = (line.split("#", 1)[1].split() or [""])[0] if "#" in line else ""
            pre, star, post = body[1:].partition("*")
            code = first_code(body)
            verb = block_verbs.get(comment.upper())
            if not star or pre.strip() or not code or verb is None:
                continue
            for particle, prep, obj in parse_pattern(CODE.sub("", post), synsets):
                rows.append((verb[0], particle or verb[1], prep, obj, code, source))
            continue
        entry = lemma_of(line.split()[0])
        if entry is None:
            continue
        block_verbs[line.split()[0].lstrip("+").split("_")[0].upper()] = entry
        code = first_code(line.split("#")[0]) or block_code
        if code:
            rows.append((entry[0], entry[1], "", "", code, source))
    out = []
    seen = set()
    for lemma, particle, prep, obj, code, source in rows:
        plover = to_plover(code, mapping)
        key = (lemma, particle, prep, obj)
        if plover is None or key in seen:
            continue
        seen.add(key)
        out.append((lemma, particle, prep, obj, code, *plover, source))
    return out


def main() -> None:
    reference = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/reference")
    rows = build(reference)
    header = "# Derived by scripts/build_plover_lexicon.py from PETRARCH2 CAMEO.2.0.txt (MIT, (c) 2015 Open Event Data Alliance)\n"
    header += "# and CAMEO2PLOVER-2021.txt (CC BY-SA 4.0, openeventdata/PLOVER). Do not edit: edit plover_verbs_curated.tsv.\n"
    header += "lemma\tparticle\tprep\tobject\tcameo\ttype\tmode\tcontext\tsource\n"
    OUT.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} patterns to {OUT}")


if __name__ == "__main__":
    main()
