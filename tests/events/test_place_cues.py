"""Toponyms the small parser mislabels (issue 15): names the gazetteer knows that the text marks
as places, or that the report's other places support; and the text cues in ``place_cues``."""
from __future__ import annotations

import pytest

from dateline import gazetteer, nlp
from dateline.events import place_cues
from dateline.events.places import find_places
from dateline.records import Analysis, Document, Place


def _places(text: str) -> dict[str, Place]:
    doc = nlp.parse(text)
    records = find_places(doc, Analysis(Document(id="t", clean_text=text)))
    return {r.span.text: r for r in records if isinstance(r, Place) and r.name}


def _area(place: Place) -> tuple[str | None, str | None, str | None]:
    return place.country, place.admin1, place.feature_code


@pytest.mark.parametrize("text, surface, area", [
    # spaCy sm labels Alexandria PERSON here; Minnesota and St. Cloud support the Minnesota town
    ("Alexandria is a finalist for the award again. The city beat Fergus Falls and St. Cloud in Minnesota last year.",
     "Alexandria", ("USA", "MN", "PPL")),
    # Lovejoy PERSON, its neighbours GPE
    ("They represented Lovejoy, Jonesboro and Forest Park at the state fair in Georgia.",
     "Lovejoy", ("USA", "GA", "PPL")),
    # "University of Hartford" is an ORG; the place it names is Hartford, Connecticut
    ("He is a professor of sociology at the University of Hartford in Connecticut.",
     "Hartford", ("USA", "CT", "PPL")),
])
def test_a_name_the_parser_mislabels_is_a_place_when_the_report_supports_it(text, surface, area):
    places = _places(text)
    assert surface in places, sorted(places)
    assert _area(places[surface]) == area


@pytest.mark.parametrize("text, surface", [
    ("Alexandria is a finalist for the award again. Nobody else is.", "Alexandria"),  # nothing to support it
    ("Harper said the plan would work. Officials in Wichita, Kansas, agreed.", "Harper"),  # a speaker
    ("Families met at Christmas in Orlando, Florida.", "Christmas"),  # a date, though Christmas, Fla. exists
    ("Families met in March in Cambridge, England.", "March"),
])
def test_a_mislabelled_name_without_support_or_with_a_person_s_role_stays_unread(text, surface):
    assert surface not in _places(text)


def test_a_date_label_spanning_a_state_does_not_veto_it():
    places = _places("In January, South Carolina had the second-highest unemployment rate in the nation.")
    assert _area(places["South Carolina"]) == ("USA", "SC", "ADM1")


def test_names_listed_before_counties_whatever_the_parser_labels():
    places = _places("Enrollment has slowed in places like Jackson and Barrow counties, among the fastest growing in Georgia.")
    assert _area(places["Jackson"]) == ("USA", "GA", "ADM2")
    assert _area(places["Barrow"]) == ("USA", "GA", "ADM2")


def test_a_legislator_s_party_and_home_town_or_state():
    places = _places("State Sen. Robert Ford, D-Charleston, said he is optimistic. "
                     "Rep. Nick Rahall, D-W. Va., chairman of the committee, agreed.")
    assert places["Charleston"].country == "USA" and places["Charleston"].feature_class == "P"
    assert _area(places["W. Va."]) == ("USA", "WV", "ADM1")


def test_place_cues_on_token_lists():
    gaz = gazetteer.load()
    abbreviations = gazetteer.us_state_abbreviations()
    texts = ["Sen.", "Tom", "Bakk", ",", "DFL", "-", "Cook", ",", "and", "the", "D", "-", "Day", "landings"]
    capitalised = [t[:1].isupper() for t in texts]
    assert place_cues.party_hometowns(texts, capitalised, gaz, abbreviations) == [(6, 7)]
    words = "In Douglas , Sarpy and Lancaster counties and the metro Athens counties".split()
    spans = place_cues.county_lists([w.lower() for w in words], [w[:1].isupper() for w in words])
    assert spans == [(0, 2, "County"), (3, 4, "County"), (5, 6, "County")]


@pytest.mark.parametrize("text, surface, code", [
    ("The cargo ship sank in the Red Sea off Sudan on Monday.", "Red Sea", "SEA"),  # not Sudan's Red Sea state
    ("The missile fell into the Pacific Ocean east of Japan.", "Pacific Ocean", "OCN"),
    ("Tankers crossed the Strait of Hormuz into the Persian Gulf.", "Persian Gulf", "GULF"),
])
def test_seas_oceans_and_gulfs_are_in_the_gazetteer(text, surface, code):
    place = _places(text)[surface]
    assert place.feature_class == "H" and place.feature_code == code
    assert place.latitude is not None and place.country is None and place.precision == "region"


def test_a_town_named_like_an_ocean_keeps_its_state_context():
    assert _area(_places("Police in Pacific, Missouri, and St. Louis said the road reopened.")["Pacific"]) == ("USA", "MO", "PPL")


def test_mars_is_no_place_in_a_space_report_but_is_near_pittsburgh():
    assert "Mars" not in _places("NASA's rover landed on Mars in February after a seven-month trip.")
    near = _places("The team from Mars beat Butler in Pittsburgh, Pennsylvania, on Friday.")
    assert _area(near["Mars"]) == ("USA", "PA", "PPL")


@pytest.mark.parametrize("text, surface, country", [
    ("Nine activists were arrested, the Georgian Interior Ministry said on Monday.", "Georgian", "GEO"),
    ("American Electric Power is building the plant in West Virginia.", "American", "USA"),
])
def test_a_demonym_opening_an_organisation_s_name_is_kept_as_a_demonym(text, surface, country):
    place = _places(text)[surface]
    assert place.usage == "demonym" and place.country == country


def test_state_demonyms_name_their_state():
    places = _places("The census will employ an estimated 8,000 Minnesotans this spring.")
    assert places["Minnesotans"].usage == "demonym" and _area(places["Minnesotans"]) == ("USA", "MN", "ADM1")


def test_a_firm_s_base_is_a_place():
    places = _places("Officials for the Northbrook-based retailer could not be reached on Monday.")
    assert places["Northbrook"].country == "USA" and places["Northbrook"].feature_class == "P"


def test_a_name_followed_by_police_is_a_town_not_a_state():
    # Delta State, Nigeria (4 million people) against Delta, British Columbia (100,000)
    place = _places("A Delta police officer has been called to testify at the inquiry.")["Delta"]
    assert place.country == "CAN" and place.feature_class == "P"


def test_a_city_of_a_million_the_parser_mislabels_is_supported_by_its_country():
    # spaCy sm labels Aleppo PERSON in both; only the first report names Syria
    aleppo = _places("Syria's army said Aleppo was calm.")["Aleppo"]
    assert aleppo.country == "SYR" and aleppo.feature_class == "P"
    assert "Aleppo" not in _places("The army said Aleppo was calm.")


def test_regions_the_geonames_extracts_lack_and_their_demonyms():
    places = _places("South Ossetian officials said monitors would go to South Ossetia. Czechs agreed.")
    assert places["South Ossetia"].country == "GEO" and places["South Ossetia"].feature_code == "RGN"
    assert places["South Ossetian"].usage == "demonym" and places["South Ossetian"].name == "South Ossetia"
    assert places["Czechs"].usage == "demonym" and places["Czechs"].country == "CZE"


def test_an_acronym_is_no_town_written_in_lower_case():
    from dateline.events.places import _candidates

    gaz = gazetteer.load()
    assert any(c.name == "Eu" for c in gaz.candidates("EU"))  # Eu, a French town of 7,000
    found, _ = _candidates("EU", gaz)
    assert [c.name for c in found] == ["European Union"]
    assert _candidates("US", gaz)[0][0].country == "USA"
