"""PLOVER 2.0 actor codes: CAMEO/PETRARCH2-era country and sector codes -> the manual's chapter 5.

The actor dictionary (built-in PETRARCH2 files, our curated files, a user's files) is written in
CAMEO-era codes: organisations by their own code (NAT, IRC, ALQ), regions (MEA, WEU), old states
(SUN, YUG, KSV), dependencies (PRI, BMU) and sectors such as IGO, NGO, MNC, MUS, PPL.
``plover_code`` turns one (country, sector) pair into PLOVER's: a country is an ISO 3166 alpha-3
state code (KOS for Kosovo) or one of IGO, UNO, EUR, NGO, ISM, IMG, MNC; a sector is one of
chapter 5's codes. The tables are in ``data/actors/plover_codes.tsv``.

What stays empty: a region with no organisation sector ("MEA" for a place) gets no country; a
fictional CAMEO test country gets none; an IGO's sector is empty (the country field says IGO,
UNO or EUR), as is an international NGO's.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import InputError

CODES_FILE = "plover_codes.tsv"
# The manual's Table 5.1: organisations and movements that stand in the country field.
SPECIAL_COUNTRIES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
# A non-state, unlisted code (NAT, IRC, ALQ, MEA) is classed by its entry's CAMEO sector.
ORGANISATION_SECTORS = frozenset({"IGO", "NGO", "MNC", "IMG"})  # CAMEO sectors that name a class of organisation
CLASS_BY_SECTOR = {"IGO": "IGO", "NGO": "NGO", "MNC": "MNC", "IMG": "IMG", "REB": "IMG", "INS": "IMG", "SEP": "IMG"}


@dataclass(frozen=True, slots=True)
class PloverCodes:
    states: frozenset[str]  # ISO 3166 alpha-3 codes of states and the listed territories, plus KOS
    sectors: frozenset[str]  # chapter 5's sector codes
    countries: dict[str, str | None]  # older code -> PLOVER code (None: no country)
    sector_map: dict[str, str | None]  # any accepted sector code -> PLOVER sector (None: none)

    @property
    def country_codes(self) -> frozenset[str]:
        """Every code PLOVER allows in the country field."""
        return self.states | SPECIAL_COUNTRIES


@lru_cache(maxsize=1)
def plover_codes() -> PloverCodes:
    """The tables of ``data/actors/plover_codes.tsv``, read once."""
    path = resources.files("dateline.data") / "actors" / CODES_FILE
    states, sectors, countries, sector_map = set(), set(), {}, {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    if not lines or lines[0].split("\t")[:3] != ["field", "code", "plover"]:
        raise InputError(CODES_FILE, "header must be the tab-separated columns field code plover note")
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) < 3:
            raise InputError(f"{CODES_FILE} row {number}", "needs field, code and plover")
        field, code, plover = fields[0], fields[1], fields[2]
        target = None if plover == "-" else plover
        if field == "state":
            states.add(code)
        elif field == "special":
            continue  # SPECIAL_COUNTRIES: the manual fixes them
        elif field == "country":
            countries[code] = target
        elif field == "sector":
            sector_map[code] = target
            if code == plover:
                sectors.add(code)
        else:
            raise InputError(f"{CODES_FILE} row {number}", f"unknown field {field!r}")
    return PloverCodes(frozenset(states), frozenset(sectors), countries, sector_map)


def plover_code(country: str | None, sector: str | None, *, named: bool = False) -> tuple[str | None, str | None]:
    """One (country, sector) pair in PLOVER 2.0 codes (see the module docstring).

    ``named``: the pair belongs to a named organisation or person, not a generic agent noun, so an
    IGO, NGO, company or transnational group with no country is classed by its sector
    ((None, "MNC") -> ("MNC", "BUS")); an agent noun ("aid group") takes its country from the text.

    ("NAT", "IGO") -> ("IGO", None); ("EEC", "IGO") -> ("EUR", None); ("USA", "NGO") -> ("USA",
    "SOC"); ("IRC", "NGO") -> ("NGO", None); ("ALQ", "IMG") -> ("IMG", "REB"); ("JPN", "MNC") ->
    ("JPN", "BUS"); ("XKX", None) -> ("KOS", None); ("PRI", "GOV") -> ("USA", "GOV"); an unknown
    sector code -> None.
    """
    codes = plover_codes()
    if country and country not in codes.states and country not in SPECIAL_COUNTRIES or country in codes.countries:
        country = codes.countries[country] if country in codes.countries else CLASS_BY_SECTOR.get(sector or "")
    elif not country and named and sector in ORGANISATION_SECTORS:
        country = CLASS_BY_SECTOR[sector]
    mapped = codes.sector_map.get(sector) if sector else None
    if sector in ("NGO", "IGO") and country in SPECIAL_COUNTRIES:
        mapped = None  # the country field already says what it is
    return country or None, mapped


def is_plover_country(code: str | None) -> bool:
    return code in plover_codes().country_codes


def is_plover_sector(code: str | None) -> bool:
    return code in plover_codes().sectors
