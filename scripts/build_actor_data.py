"""Derive Dateline's actor dictionary files from the PETRARCH2 (TABARI-format) dictionaries.

Usage:
    python scripts/build_actor_data.py /work/shared/data/reference/petrarch2 src/dateline/data/actors

Writes petrarch_*.tsv in the actor TSV format read by ``dateline.events.actors`` (columns:
id, kind, country, sector, phrases, roles, source; a source's knowledge date is in sources.tsv). The PETRARCH2 dictionaries are MIT
licensed (Copyright (c) 2014 Open Event Data Alliance); the licence is copied next to the output
as PETRARCH2_LICENSE. The hand-curated files in the same folder are not touched.

TABARI format, as read here: an entry is a head phrase line, optional ``+synonym`` lines and
code lines ``[CODE]`` / ``[CODE YYMMDD-YYMMDD]`` / ``[CODE >YYMMDD]`` / ``[CODE <YYMMDD]``
(codes may also sit on the head line). Words are joined by ``_``; a trailing ``_`` only disabled
TABARI's stemming. Two-digit years 00-30 are 20YY, otherwise 19YY (KEDS/TABARI convention).
Agents: ``PHRASE {PLURAL, ...} [~SECTOR]`` with ``!MACRO!`` substitutions.
"""
from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

INTERNATIONAL_PREFIXES = {"IGO", "NGO", "IMG", "MNC"}
REGIONS = {
    "AFR", "ASA", "BLK", "BLT", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM",
    "MEA", "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WST", "AME",
    "AGR", "BUS", "DEV", "ENV", "HLH", "HRI", "JUD", "LAB", "MED", "MIL", "REF", "REL", "EDU",
}
SECTORS = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL",
    "ELI", "LAB", "LEG", "REF", "UAF", "HLH", "HRI", "ENV", "DEV", "AGR", "REL", "MOD", "RAD",
    "NGO", "IGO", "MNC", "IMG", "SEP", "INS", "PPL", "CHR", "MUS", "JEW", "BUD", "HIN", "SIK",
}
# CAMEO's MED was media and HLH health; PLOVER 2.0 calls them JRN and MED (manual chapter 5, note 4).
# Renamed here so the built files never hold the ambiguous old MED; every other CAMEO-era code is
# mapped when the dictionary is loaded (data/actors/plover_codes.tsv).
CAMEO_RENAMED = {"MED": "JRN", "HLH": "MED"}
PERSON_TITLE_WORDS = {"president", "minister", "prime", "general", "secretary", "mr", "mr.", "king"}


@dataclass
class Entry:
    head: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (CODE, restriction)
    comment: str = ""


def phrase_text(raw: str) -> str:
    words = [w for w in re.split(r"[_\s]+", raw.strip()) if w]
    return " ".join(words).lower()


def phrase_forms(raw: str) -> list[str]:
    """'LIBERATION_TIGERS_OF_TAMIL_EELAM_(LTTE)' -> the name and, if it fits the initials, the acronym."""
    text = phrase_text(raw)
    found = re.fullmatch(r"(.+?) \(([^() ]+)\)", text)
    if not found:
        return [text] if text else []
    name, acronym = found.groups()
    words = name.split()
    if len(words) >= 2 and acronym[0] == name[0] and len(acronym) <= len(words):
        return [name, acronym]
    return [text]


def parse_year(digits: str) -> date | None:
    try:
        if len(digits) <= 6:
            yy, mm, dd = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
            year = 2000 + yy if yy <= 30 else 1900 + yy
        else:
            year, mm, dd = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
        return date(year, mm, dd)
    except ValueError:
        return None


def restriction_range(restriction: str) -> tuple[str, str] | None:
    """'' -> ('', ''); '>090120' -> ('2009-01-20', ''); malformed -> None (role dropped)."""
    restriction = restriction.strip()
    if not restriction:
        return "", ""
    if restriction[0] in "<>":
        when = parse_year(restriction[1:].strip())
        if when is None:
            return None
        return ("", when.isoformat()) if restriction[0] == "<" else (when.isoformat(), "")
    parts = restriction.split("-")
    if len(parts) != 2:
        return None
    start, end = parse_year(parts[0]), parse_year(parts[1])
    if start is None or end is None:
        return None
    return start.isoformat(), end.isoformat()


def split_code(code: str) -> tuple[str, str]:
    """CAMEO actor code -> (country or organisation, primary sector)."""
    code = code.strip().upper().strip("~")
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if not chunks or chunks[0] in ("---", ""):
        return "", ""
    if chunks[0] in INTERNATIONAL_PREFIXES:
        org = next((c for c in chunks[1:] if c not in REGIONS and c not in SECTORS and len(c) == 3), "")
        return org, chunks[0]
    if chunks[0] in SECTORS:
        return "", CAMEO_RENAMED.get(chunks[0], chunks[0])
    sector = chunks[1] if len(chunks) > 1 and chunks[1] in SECTORS else ""  # USRUKR, UKRUNR: no sector
    return chunks[0], CAMEO_RENAMED.get(sector, sector)


def read_tabari(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith(("#", "<")):
            continue
        body, _, comment = line.partition("#")
        codes = re.findall(r"\[([^\]]*)\]", body)
        text = re.sub(r"\[[^\]]*\]", " ", body).strip()
        if line[0] in " \t" and not text:
            if current is not None:
                current.codes.extend(parse_code(c) for c in codes)
            continue
        if text.startswith("+"):
            if current is not None:
                current.synonyms.extend(s for s in text.split("+") if s.strip())
                current.codes.extend(parse_code(c) for c in codes)
            continue
        current = Entry(head=text, codes=[parse_code(c) for c in codes], comment=comment.strip())
        entries.append(current)
    return entries


def parse_code(item: str) -> tuple[str, str]:
    code, _, restriction = item.strip().partition(" ")
    return code, restriction


def entry_rows(entries: list[Entry], *, source: str, default_kind: str) -> list[list[str]]:
    rows, seen_ids = [], set()
    for entry in entries:
        phrases = unique(form for p in [entry.head, *entry.synonyms] for form in phrase_forms(p))
        if not phrases or not entry.codes:
            continue
        undated, roles = "", []
        for code, restriction in entry.codes:
            span = restriction_range(restriction)
            if span is None:
                continue
            country, sector = split_code(code)
            if not (country or sector):
                continue
            if span == ("", ""):
                undated = undated or f"{country}|{sector}"
            else:
                roles.append(f"{country or '-'} {sector or '-'} {span[0]}..{span[1]}")
        if not undated and not roles:
            continue
        if not undated and all(r.split(" ")[1] == "-" for r in roles) and roles[-1].endswith(".."):
            # a country whose code changed (SUN -> UKR): the open-ended code is the name's default
            undated = roles[-1].split(" ")[0] + "|"
        country, sector = (undated.split("|") if undated else ("", ""))
        kind = entry_kind(entry, roles, undated, default_kind)
        phrases = precise_phrases(phrases, kind)
        if not phrases:
            continue
        # the id column stays empty: the loader derives it from the first phrase (keeps files small)
        unique_id(phrases[0].replace(" ", "_"), seen_ids)
        rows.append(["", kind, country, sector, "|".join(phrases), ";".join(roles), source])
    return rows


def precise_phrases(phrases: list[str], kind: str) -> list[str]:
    """Drop aliases that would match far more often than they mean this entry: two-letter
    strings ("an") outside country names, and one-word aliases of people ("brown", "hassan");
    the resolver links a lone surname to a person named in full earlier in the document."""
    if kind == "country":
        return phrases
    kept = [p for p in phrases if sum(c.isalnum() for c in p) > 2]
    if kind == "person":
        kept = [p for p in kept if " " in p] or kept[:1]
    return kept


def entry_kind(entry: Entry, roles: list[str], undated: str, default_kind: str) -> str:
    if "CountryInfo" in entry.comment:
        return "person"
    codes = [split_code(code) for code, _ in entry.codes]
    if codes and all(country and not sector for country, sector in codes):
        return "country"
    if roles:
        return "person"
    return default_kind


def agent_rows(path: Path, *, source: str) -> list[list[str]]:
    macros: dict[str, list[str]] = {}
    rows, seen_ids = [], set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        macro = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", body)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",")]
            continue
        match = re.fullmatch(r"(.+?)\s*(\{[^}]*\})?\s*\[~?([A-Z]*)~?\]", body)
        if not match:
            continue
        raw, plurals, code = match.group(1), match.group(2), match.group(3)
        country, sector = split_code(code) if code.startswith("IGO") else ("", CAMEO_RENAMED.get(code[:3], code[:3]))
        if not sector:
            continue
        forms = expand_macros(raw, macros)
        phrases = []
        for form in forms:
            phrases.append(phrase_text(form))
            if plurals is None:
                phrases.append(pluralise(phrase_text(form)))
            else:
                phrases.extend(phrase_text(p) for p in plurals.strip("{}").split(",") if p.strip())
        phrases = unique(p for p in phrases if p)
        entry_id = unique_id(f"agent.{phrases[0].replace(' ', '_')}", seen_ids)
        rows.append([entry_id, "agent", country, sector, "|".join(phrases), "", source])
    return rows


def expand_macros(raw: str, macros: dict[str, list[str]]) -> list[str]:
    found = re.search(r"![A-Z]+!", raw)
    if not found or found.group(0) not in macros:
        return [raw.replace("!", "")]
    out = []
    for value in macros[found.group(0)]:
        glue = "" if found.start() > 0 and raw[found.start() - 1] not in " _" else ""
        out.extend(expand_macros(raw[: found.start()] + glue + value + raw[found.end() :], macros))
    return out


def pluralise(phrase: str) -> str:
    """Plural of an agent phrase's head noun: the word before a preposition, else the last word."""
    words = phrase.split(" ")
    head = next((i - 1 for i, w in enumerate(words) if i > 0 and w in ("of", "for", "on", "in", "to", "and", "with")), len(words) - 1)
    plural = plural_word(words[head].rstrip(","))
    if not plural:
        return ""
    return " ".join(words[:head] + [plural + ("," if words[head].endswith(",") else "")] + words[head + 1 :])


def plural_word(phrase: str) -> str:
    if not phrase.isalpha() or (phrase.endswith("s") and not phrase.endswith("ss")):
        return ""
    if phrase.endswith(("s", "x", "z", "ch", "sh")):
        return phrase + "es"
    if phrase.endswith("y") and len(phrase) > 1 and phrase[-2] not in "aeiou":
        return phrase[:-1] + "ies"
    if phrase.endswith("man"):
        return phrase[:-3] + "men"
    return phrase + "s"


def people_part(row: list[str]) -> str:
    country = row[2] or row[5].split(" ", 1)[0].strip("-")
    return "a_l" if country[:1] and country[0] in "ABCDEFGHIJKL" else "m_z"


def unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def unique_id(base: str, seen: set[str]) -> str:
    candidate, n = base, 1
    while candidate in seen:
        n += 1
        candidate = f"{base}.{n}"
    seen.add(candidate)
    return candidate


HEADER = ["id", "kind", "country", "sector", "phrases", "roles", "source"]


def write_tsv(path: Path, rows: list[list[str]], note: str) -> None:
    lines = [f"# {note}", "# Derived by scripts/build_actor_data.py from PETRARCH2 (MIT, (c) 2014 Open Event Data Alliance); see SOURCE.md", "\t".join(HEADER)]
    lines += ["\t".join(clean_field(v) for v in row) for row in sorted(rows, key=lambda r: (r[0], r[4]))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{path}: {len(rows)} entries, {path.stat().st_size / 1e6:.2f} MB")


def clean_field(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")


def main(reference: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = entry_rows(read_tabari(reference / "Phoenix.Countries.actors.txt"), source="petrarch2:countries", default_kind="group")
    countries = [r for r in rows if r[1] == "country"]
    country_ids: set[str] = set()
    for row in countries:
        row[0] = unique_id(f"country.{row[2]}", country_ids) if row[2] else ""
    write_tsv(out / "petrarch_countries.tsv", countries, "Country names, adjectives and cities mapped to ISO3 codes (no sector)")
    people_rows = [r for r in rows if r[1] != "country"]
    # split in two by country code so that each committed file stays well under 2 MB
    for part, letters in (("a_l", "A-L"), ("m_z", "M-Z")):
        write_tsv(out / f"petrarch_people_{part}.tsv", [r for r in people_rows if people_part(r) == part],
                  f"People and national institutions of countries {letters} with dated roles (a role open in 2014 is unknown after sources.tsv as_of)")
    international = read_tabari(reference / "Phoenix.International.actors.txt")
    international += read_tabari(reference / "Phoenix.MilNonState.actors.txt")
    write_tsv(out / "petrarch_international.tsv", entry_rows(international, source="petrarch2:international", default_kind="organisation"),
              "IGOs, NGOs, multinationals, armed non-state groups and their officials")
    write_tsv(out / "petrarch_agents.tsv", agent_rows(reference / "Phoenix.agents.txt", source="petrarch2:agents"),
              "Generic agents (police, rebels, officials) mapped to sectors; plurals generated")
    shutil.copyfile(reference / "LICENSE", out / "PETRARCH2_LICENSE")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
