"""Places: gazetteer lookups, toponym recognition and resolution, unnamed places, event places."""
from __future__ import annotations

import pytest

from dateline import gazetteer, nlp, pipeline
from dateline.events.places import event_place, find_places
from dateline.records import Abstention, Analysis, Document, Place, TextSpan


def _places(text: str) -> list[Place]:
    return _parsed_places(text)[1]


def _parsed_places(text: str):
    """The parse of ``text`` and the places found in it."""
    doc = nlp.parse(text)
    records = find_places(doc, Analysis(Document(id="t", clean_text=text)))
    return doc, [r for r in records if isinstance(r, Place)]


def _named(text: str, surface: str) -> Place:
    found = [p for p in _places(text) if p.span.text == surface]
    assert found, f"{surface!r} not found in {text!r}"
    return found[0]


def _trigger(text: str, word: str, doc_id: str = "t") -> TextSpan:
    start = text.index(word)
    return TextSpan(doc_id, start, start + len(word), word)


def _sentence_of(doc, word: str) -> int:
    """The index of the sentence holding ``word`` (a dateline may be split off as its own sentence)."""
    start = doc.text.index(word)
    return next(i for i, s in enumerate(doc.sents) if s.start_char <= start < s.end_char)


def test_gazetteer_keeps_several_candidates_most_populous_first():
    candidates = gazetteer.load().candidates("Paris")
    assert candidates[0].country == "FRA"
    assert {("USA", "TX"), ("USA", "TN")} <= {(c.country, c.admin1) for c in candidates}
    populations = [c.population for c in candidates]
    assert populations == sorted(populations, reverse=True)


def test_gazetteer_countries_have_geonames_points_and_demonyms():
    gaz = gazetteer.load()
    korea = gaz.country("KOR")
    assert korea.geonames_id == 1835841 and korea.feature_code == "PCLI"
    assert 33 < korea.latitude < 39 and 124 < korea.longitude < 131
    assert gaz.demonym_country("South Korean") == "KOR"
    assert gaz.demonym_country("Israelis") == "ISR"
    assert gaz.demonym_country("Republican") is None


def test_gazetteer_keys_spell_out_a_leading_saint_mount_or_fort():
    from dateline.gazetteer_build import name_key

    assert name_key("St. Paris") == name_key("Saint Paris") == "saint paris"
    assert name_key("Mt. Pleasant") == name_key("Mount Pleasant")
    assert name_key("St.") == "st."  # a lone abbreviation is no place
    assert [c.name for c in gazetteer.load().candidates("Ft. Wayne")][:1] == ["Fort Wayne"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface, country, admin1",
    [
        ("Thousands of protesters marched through Paris on Saturday, French police said.", "Paris", "FRA", None),
        ("The storm knocked out power in Paris, Texas, late on Monday.", "Paris", "USA", "TX"),
        ("Russian troops moved closer to Tbilisi as fighting spread across Georgia.", "Georgia", "GEO", None),
        ("Atlanta and Savannah both voted, and Georgia will certify the count.", "Georgia", "USA", "GA"),
        ("The envoy flew to Washington for talks with the State Department.", "Washington", "USA", "DC"),
        ("Seattle and Spokane residents said Washington needs more ferries.", "Washington", "USA", "WA"),
    ],
)
def test_places_resolve_ambiguous_names_in_context(text, surface, country, admin1):
    place = _named(text, surface)
    assert place.country == country
    if admin1:
        assert place.admin1 == admin1


@pytest.mark.model
def test_places_country_gets_country_point_and_precision():
    place = _named("Heavy rain flooded villages in Bangladesh this week.", "Bangladesh")
    assert place.precision == "country" and place.feature_code == "PCLI"
    assert place.latitude is not None and place.geonames_id is not None


@pytest.mark.model
def test_places_demonyms_name_their_country():
    places = _places("South Korean and Japanese officials met on Tuesday.")
    demonyms = {p.span.text: p for p in places if p.usage == "demonym"}
    assert demonyms["South Korean"].country == "KOR"
    assert demonyms["Japanese"].country == "JPN"


@pytest.mark.model
def test_places_unnamed_sea_and_coast_have_no_name_or_coordinates():
    places = _places("The North fired a missile into the sea off its east coast on Tuesday.")
    unnamed = [p for p in places if p.precision == "unnamed"]
    assert {p.span.text for p in unnamed} == {"the sea", "its east coast"}
    assert all(p.name is None and p.latitude is None and p.longitude is None for p in unnamed)


@pytest.mark.model
def test_places_metonym_is_marked_not_a_place():
    place = _named("Seoul said it would respond firmly to the launch.", "Seoul")
    assert place.usage == "metonym"
    assert place.country == "KOR"  # still resolved: the actor coder may use it


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Man held after crash on the highway. A man was arrested on Monday.",
        "Steven Sachs was driving the car when it hit a tree.",
    ],
)
def test_places_common_words_and_people_are_not_places(text):
    assert [p for p in _places(text) if p.name] == []


@pytest.mark.model
def test_places_unknown_name_gets_no_invented_coordinates():
    text = "Officials from Zyxworth said the bridge would reopen."
    doc = nlp.parse(text)
    records = find_places(doc, Analysis(Document(id="t", clean_text=text)))
    unknown = [r for r in records if isinstance(r, Place) and r.span.text == "Zyxworth"]
    abstained = [r for r in records if isinstance(r, Abstention) and r.text == "Zyxworth"]
    assert unknown or abstained
    assert all(p.latitude is None and p.geonames_id is None and p.precision is None for p in unknown)


@pytest.mark.model
def test_event_place_from_the_sentence():
    text = "The envoy will hold talks with US allies in Seoul next week."
    doc, places = _parsed_places(text)
    place = event_place(0, _trigger(text, "talks"), places, doc)
    assert place is not None and place.name == "Seoul" and place.origin == "sentence"


@pytest.mark.model
def test_event_place_from_the_dateline_only_when_the_text_says_here():
    text = "SEOUL, Oct 19 (Reuters) - Thousands of people marched here on Tuesday, the police said."
    doc, places = _parsed_places(text)
    place = event_place(_sentence_of(doc, "marched"), _trigger(text, "marched"), places, doc)
    assert place is not None and place.country == "KOR" and place.origin == "context"


@pytest.mark.model
def test_a_dateline_is_where_the_reporter_filed_not_the_event_place():
    text = ("SEOUL, Oct 19 (Reuters) - North Korea fired a ballistic missile on Tuesday, the military said. "
            "North Korea has tested missiles all year.")
    doc, places = _parsed_places(text)
    place = event_place(0, _trigger(text, "fired"), places, doc)
    assert place is not None and place.country == "PRK" and place.origin == "report"
    assert place.precision == "country" and place.latitude == pytest.approx(40, abs=1.5)


@pytest.mark.model
def test_park_meets_xi_in_hangzhou_reported_from_seoul():
    text = "SEOUL, Sept 5 (Yonhap) - President Park Geun-hye met Chinese President Xi Jinping in Hangzhou on Monday."
    doc, places = _parsed_places(text)
    place = event_place(_sentence_of(doc, "met"), _trigger(text, "met"), places, doc)
    assert place is not None and place.name == "Hangzhou" and place.country == "CHN" and place.origin == "sentence"


def test_a_country_is_placed_at_its_centre_not_its_capital():
    japan = gazetteer.load().country("JPN")
    assert (japan.latitude, japan.longitude) == pytest.approx((36, 138), abs=0.5)  # Tokyo is 35.7N 139.8E


@pytest.mark.model
def test_event_place_never_a_metonym():
    text = "Seoul accused Pyongyang of hypocrisy."
    doc, places = _parsed_places(text)
    place = event_place(0, _trigger(text, "accused"), places, doc)
    # the metonyms only point the report to a country; neither city becomes the place
    assert place is not None and place.origin == "report" and place.precision == "country"


@pytest.mark.model
def test_places_seed_sea_unnamed_and_talks_in_seoul(seed_path):
    analysis = pipeline.process(seed_path.read_text(encoding="utf-8"), published="2021-10-19")
    text = analysis.document.clean_text
    seas = [p for p in analysis.places if p.span.text == "the sea"]
    assert seas and all(p.precision == "unnamed" and p.latitude is None and p.name is None for p in seas)
    doc = nlp.parse(text)
    talks = text.index("talks with US allies")
    sentence = next(s for s in analysis.sentences if s.start_char <= talks < s.end_char)
    place = event_place(sentence.index, TextSpan(analysis.document.id, talks, talks + 5, "talks"), analysis.places, doc)
    assert place is not None and place.name == "Seoul" and place.country == "KOR"
    assert place.latitude == pytest.approx(37.57, abs=0.05) and place.longitude == pytest.approx(126.98, abs=0.05)
    fired = text.index("fired a ballistic missile into the sea")
    sentence = next(s for s in analysis.sentences if s.start_char <= fired < s.end_char)
    place = event_place(sentence.index, TextSpan(analysis.document.id, fired, fired + 5, "fired"), analysis.places, doc)
    assert place is not None and place.precision == "unnamed" and place.latitude is None


@pytest.mark.model
def test_places_seed_events_placed_by_the_coder(seed_path):
    analysis = pipeline.process(seed_path.read_text(encoding="utf-8"), published="2021-10-19")
    by_trigger = {e.trigger.text: e for e in analysis.events}
    launch = next(e for t, e in by_trigger.items() if t.startswith("fired"))
    assert launch.place.precision == "unnamed" and launch.place.latitude is None
    assert launch.place.origin == "sentence" and "place" in launch.evidence
    talks = next(e for t, e in by_trigger.items() if "talks" in t)
    assert talks.place.name == "Seoul" and talks.place.country == "KOR" and talks.place.origin == "sentence"
    offers = [e for t, e in by_trigger.items() if "offers" in t]
    # no place in their sentence: the report's country, said to come from the report
    assert offers and all(e.place.precision == "country" and e.place.origin == "report" for e in offers)


def test_gazetteer_has_small_us_counties_without_inventing_geonames_ids():
    edgar = [c for c in gazetteer.load().candidates("Edgar County") if c.admin1 == "IL"]
    assert edgar and edgar[0].feature_code == "ADM2"
    assert 39 < edgar[0].latitude < 40.5 and -88.5 < edgar[0].longitude < -87
    place = _named("Flooding closed two roads in Edgar County, Illinois, on Tuesday.", "Edgar County")
    assert place.admin1 == "IL" and place.geonames_id is None and place.latitude is not None


@pytest.mark.model
def test_county_names_inside_organisations_and_residences_are_places():
    text = ("A Columbus man was arrested Monday, the Muscogee County Sheriff's Office said. "
            "Deputies said Marcus Hill, 34, of Phenix City was driving the truck.")
    assert _named(text, "Muscogee County").admin1 == "GA"
    assert _named(text, "Phenix City").admin1 == "AL"


@pytest.mark.model
def test_dateline_after_a_headline_and_a_named_state_guide_resolution():
    text = ("Council delays vote on water rates. DECATUR -- The city council put off a vote on "
            "higher water rates Tuesday. Alabama regulators must approve any increase.")
    dateline = _named(text, "DECATUR")
    assert dateline.usage == "dateline" and dateline.admin1 == "AL"


@pytest.mark.model
def test_the_tail_of_a_longer_capitalised_name_is_not_a_place():
    text = "The teenager was booked into the DeSoto Detention Center on Friday, deputies said."
    assert "Center" not in {p.span.text for p in _places(text) if p.name}


@pytest.mark.model
def test_a_town_and_a_county_a_few_km_apart_resolve_together():
    text = ("Paris and Henry County officials met Tuesday to discuss the new industrial park. "
            "The Henry County Commission will vote on the plan next month.")
    paris = _named(text, "Paris")
    assert (paris.country, paris.admin1) == ("USA", "TN")
    assert _named(text, "Henry County").admin1 == "TN"


@pytest.mark.model
def test_a_town_alias_gives_way_to_places_bearing_the_name():
    # GeoNames lists "Columbia" as an alternate name of Colombia and "Santa Clara" of a Brazilian town
    text = "Voters in Columbia approved the school bond on Tuesday by a wide margin."
    assert _named(text, "Columbia").country == "USA"
    assert _named("Santa Clara police arrested two men on Monday.", "Santa Clara").country != "BRA"


@pytest.mark.model
def test_city_of_and_saint_abbreviations_reach_the_short_name():
    text = "The City of Richmond and Madison County agreed to share the cost of the new fire station."
    assert _named(text, "City of Richmond").admin1 == "KY"
    place = _named("A trailer fire in St. Paris, Ohio, killed two children on Sunday.", "St. Paris")
    assert (place.name, place.admin1) == ("Saint Paris", "OH")


@pytest.mark.model
def test_names_listed_before_counties_are_counties():
    text = "Storms damaged barns in Harvey, Harper and Kingman counties, the Kansas emergency office said."
    harper = _named(text, "Harper")
    assert (harper.feature_code, harper.admin1) == ("ADM2", "KS")


@pytest.mark.model
def test_a_town_named_like_a_state_needs_more_than_the_state_context():
    text = "A Peoria man drove to Oregon and back last month, Illinois State Police said."
    assert _named(text, "Oregon").feature_code == "ADM1"
    text = "The Springfield, Illinois, firm also sells seed in Kansas and Nevada."
    assert _named(text, "Kansas").feature_code == "ADM1" and _named(text, "Nevada").feature_code == "ADM1"
    text = "Officials in Springfield, Illinois, said the river crested near Oregon, Ill., on Sunday."
    assert _named(text, "Oregon").admin1 == "IL"


@pytest.mark.model
def test_a_compass_word_before_a_state_is_not_part_of_the_toponym():
    text = "Heavy snow fell across Western Pennsylvania and North Carolina on Monday."
    names = {p.span.text: p for p in _places(text) if p.name}
    assert names["Pennsylvania"].feature_code == "ADM1" and "Western Pennsylvania" not in names
    assert names["North Carolina"].admin1 == "NC"


@pytest.mark.model
def test_an_abbreviated_saint_dateline():
    text = "Family mourns four children killed in fire. ST. PARIS — Relatives gathered on Sunday at the church."
    dateline = _named(text, "ST. PARIS")
    assert dateline.usage == "dateline" and (dateline.name, dateline.admin1) == ("Saint Paris", "OH")


@pytest.mark.model
def test_x_city_is_the_city_x_unless_a_place_bears_the_whole_name():
    text = "The sister-city agreement with Quebec City was signed in Kansas City on Friday."
    quebec = _named(text, "Quebec City")
    assert (quebec.country, quebec.feature_class) == ("CAN", "P")
    assert _named(text, "Kansas City").name == "Kansas City"
    # GeoNames knows "Dublin City" only as the Irish capital; here it is the Ohio suburb
    text = "Traffic in Dublin City was slow on Monday. Police in Dublin, Ohio, closed two streets."
    assert _named(text, "Dublin City").admin1 == "OH"


@pytest.mark.model
def test_a_village_needs_a_neighbour_not_just_a_state_in_the_report():
    # Santa Clara, Texas has a few hundred people; another Texas city in the report is no reason for it
    place = _named("Dallas police said the suspect had moved from Santa Clara last year.", "Santa Clara")
    assert (place.country, place.admin1) == ("USA", "CA")


@pytest.mark.model
def test_a_known_place_opening_an_unknown_name_is_the_toponym():
    text = "He had served 16 months with the North Las Vegas Police Department before the shooting."
    place = _named(text, "North Las Vegas")
    assert (place.admin1, place.feature_class) == ("NV", "P")
    river = "Volunteers cleaned the banks of the Catawba River on Saturday."
    assert not any(p.span.text == "Catawba" for p in _places(river))


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Uma Thurman arrived at the premiere on Sunday.",
    "The New York Times reported the deal on Monday.",
    "The game was played at U.S. Bank Stadium on Sunday night.",
    "The Arizona Cardinals beat the Rams on Sunday.",
])
def test_names_inside_people_papers_buildings_and_teams_are_not_places(text):
    assert [p.span.text for p in _places(text) if p.name] == []


@pytest.mark.model
def test_a_state_body_named_after_its_state_still_names_the_state():
    place = _named("The Texas Department of Transportation closed the road.", "Texas")
    assert place.admin1 == "TX"


@pytest.mark.model
def test_republic_of_korea_inside_the_north_s_full_name_is_north_korea():
    places = _places("The Democratic People's Republic of Korea fired a missile on Tuesday.")
    assert [p.country for p in places if p.name] == ["PRK"]
    assert places[0].span.text == "Democratic People's Republic of Korea"


@pytest.mark.model
def test_a_bare_county_name_reads_the_county_its_neighbours_point_to():
    # DeKalb, Illinois is the only town so named; the Georgia places make it DeKalb County, Georgia
    text = ("A man was shot near Briarcliff Road in Decatur, Ga., on Sunday, DeKalb police said. "
            "Officers from Atlanta and Stone Mountain helped.")
    dekalb = _named(text, "DeKalb")
    assert (dekalb.feature_code, dekalb.admin1) == ("ADM2", "GA")
    assert _named("The plant in DeKalb will close next year, the company said.", "DeKalb").admin1 == "IL"


@pytest.mark.model
def test_a_town_qualified_by_a_state_it_is_not_listed_in_reads_the_state():
    text = "Martha was born in Grantville, Pennsylvania, on November 4, 1913."
    grantville = _named(text, "Grantville")
    assert (grantville.feature_code, grantville.admin1) == ("ADM1", "PA")
    tbilisi = _named("TBILISI, Georgia -- Georgian police arrested several opposition members.", "TBILISI")
    assert tbilisi.country == "GEO"


@pytest.mark.model
def test_a_city_s_ancient_name_gives_way_to_towns_bearing_it():
    # GeoNames lists "Berea" (Beroea) among Aleppo's names; "Petersburg" stays St Petersburg's
    assert _named("Berea police are searching for a suspect in a robbery.", "Berea").country == "USA"
    text = "The airline will fly from Moscow to Petersburg twice a day."
    assert _named(text, "Petersburg").country == "RUS"


@pytest.mark.model
@pytest.mark.parametrize("text, surface, admin1", [
    ("He moved from Pittsburgh, Pa., to Trenton, N.J., last year.", "Pa.", "PA"),
    ("He moved from Pittsburgh, Pa., to Trenton, N.J., last year.", "N.J.", "NJ"),
    ("The company opened offices in St. Louis and Ft. Worth on Monday.", "St. Louis", "MO"),
    ("The company opened offices in St. Louis and Ft. Worth on Monday.", "Ft. Worth", "TX"),
])
def test_ap_state_abbreviations_and_abbreviated_saints_resolve(text, surface, admin1):
    assert _named(text, surface).admin1 == admin1


@pytest.mark.model
@pytest.mark.parametrize("text, surface, country", [
    ("One prediction about Sri Lankan political developments in 2009 can be made.", "Sri Lankan", "LKA"),  # PERSON to the parser
    ("He was convicted of selling controlled substances in Bronx County, N.Y, which bars him.", "N.Y", "USA"),
    ("The Soyuz capsule carried a Russian-American crew and U.S billionaire Charles Simonyi.", "U.S", "USA"),
])
def test_a_demonym_the_parser_calls_a_person_and_abbreviations_without_their_last_dot(text, surface, country):
    assert _named(text, surface).country == country


@pytest.mark.model
def test_a_generic_word_closing_a_name_is_no_town_and_a_city_named_like_the_reports_person_is_the_person():
    text = "Funding will dry up on Friday for the Charles Webb Center. The Webb Center serves 40 children."
    assert not [p for p in _places(text) if p.name and p.span.text in ("Center", "Webb")]
    text = ("A new plea agreement is being discussed for Elizabeth Fairfield, a Lebanon woman. "
            "Fairfield's defense team told the court on Monday that Fairfield declined to plead.")
    assert not [p for p in _places(text) if p.span.text == "Fairfield"]
    text = "Elizabeth Fairfield spoke on Monday. The Fairfield police chief said the case was closed."
    assert _named(text, "Fairfield").country == "USA"  # a town's noun after it: the town


@pytest.mark.model
def test_a_country_opening_a_noun_phrase_is_no_qualifier_and_a_capital_goes_with_its_country():
    text = "The airline will fly between Washington and Moscow, U.S. officials said."
    assert _named(text, "Moscow").country == "RUS"  # not Moscow, Idaho "qualified" by "U.S. officials"
    assert _named(text, "Washington").feature_code == "PPLC"
    text = ("More bad wiring imperils troops in Iraq. WASHINGTON — The military is racing to inspect "
            "wiring at U.S. bases, said KBR Inc., the Houston-based contractor.")
    assert _named(text, "WASHINGTON").admin1 == "DC" and _named(text, "Houston").admin1 == "TX"


@pytest.mark.model
def test_an_upper_case_word_in_a_mixed_case_sentence_is_an_acronym_unless_supported():
    assert not [p for p in _places("The drug was rejected by NICE, the health watchdog, on Monday.") if p.name]
    dateline = _named("Flood warning issued. NICE — Heavy rain fell on the French Riviera on Monday.", "NICE")
    assert dateline.country == "FRA"


@pytest.mark.model
def test_a_dotted_country_inside_a_hyphened_token_is_the_country_with_its_own_span():
    text = "The blast came six years after the U.S.-led invasion, a U.K.-based charity said."
    us = _named(text, "U.S.")
    assert us.country == "USA" and us.span.end_char - us.span.start_char == len("U.S.")
    assert _named(text, "U.K.").country == "GBR"


@pytest.mark.model
def test_a_dateline_after_a_byline_ending_in_its_date():
    text = ("Zoning board allows fire-gutted block to be rebuilt. BY CHAD KLIMACK Advocate Reporter "
            "March 29, 2009 PATASKALA -- City officials say it might not be too late to rebuild.")
    dateline = _named(text, "PATASKALA")
    assert dateline.usage == "dateline" and dateline.admin1 == "OH"


@pytest.mark.model
def test_a_name_listed_with_plain_places_is_a_place_whatever_the_parser_labelled_it():
    # spaCy labels "Lovejoy" PERSON; it is listed with Jonesboro in a report on Clayton County, Georgia
    text = "The students represented Lovejoy, Jonesboro and North Clayton high schools in Clayton County, Georgia."
    assert _named(text, "Lovejoy").admin1 == "GA"
