"""Actor resolution on sentences written for these tests (spaCy model predictions: ``model``)."""
from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from dateline import nlp
from dateline.errors import InputError
from dateline.events import actors
from dateline.events.actors import DocumentActors, actor_dictionary, load_dictionary, resolve

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "dateline" / "data" / "actors"
ON = date(2021, 10, 19)

KOREA_STORY = (
    "North Korea fired a ballistic missile into the sea on Tuesday, the South Korean and Japanese "
    "militaries said. The South's joint chiefs of staff did not say how far it flew. Japan's coast "
    "guard issued a warning to ships. South Korea's presidential office called a meeting. "
    "President Joe Biden's special envoy for North Korea, Sung Kim, is due in Seoul this week. "
    "North Korean leader Kim Jong Un has vowed to expand his arsenal since his talks with "
    "then-President Donald Trump collapsed. His government has rejected the Biden administration's "
    "offers, and analysts say the North is unlikely to return to talks."
)


@pytest.fixture(scope="module")
def korea():
    doc = nlp.parse(KOREA_STORY)
    return doc, DocumentActors(doc, "korea", ON)


def phrase_span(doc, phrase, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(phrase, start + 1)
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    assert span is not None, phrase
    return span


def codes(found):
    return sorted((a.country, a.sector) for a in found)


def resolve_in(text, phrase, on=ON, **kwargs):
    doc = nlp.parse(text)
    return resolve(phrase_span(doc, phrase), doc_id="t", on=on, **kwargs)


@pytest.mark.model
@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("the South Korean and Japanese militaries", [("JPN", "MIL"), ("KOR", "MIL")]),
        ("The South's joint chiefs of staff", [("KOR", "MIL")]),
        ("Japan's coast guard", [("JPN", "GOV")]),
        ("South Korea's presidential office", [("KOR", "GOV")]),
        ("the Biden administration", [("USA", "GOV")]),
        ("analysts", []),
        ("the North", [("PRK", None)]),
    ],
)
def test_actors_korea_story_phrases(korea, phrase, expected):
    doc, document = korea
    assert codes(document.resolve(phrase_span(doc, phrase))) == expected


@pytest.mark.model
def test_actors_envoy_apposition_names_the_envoy(korea):
    doc, document = korea
    found = document.resolve(phrase_span(doc, "President Joe Biden's special envoy for North Korea, Sung Kim"))
    assert [(a.country, a.sector, a.name) for a in found] == [("USA", "GOV", "Sung Kim")]
    assert found[0].span.text == "Sung Kim"


@pytest.mark.model
def test_actors_then_president_is_former_head_of_state_in_2021(korea):
    doc, document = korea
    (trump,) = document.resolve(phrase_span(doc, "then-President Donald Trump"))
    assert (trump.country, trump.name, trump.role) == ("USA", "Donald Trump", "former head of state")
    (kim,) = document.resolve(phrase_span(doc, "North Korean leader Kim Jong Un"))
    assert (kim.country, kim.sector, kim.name, kim.role) == ("PRK", "GOV", "Kim Jong Un", "head of state")


@pytest.mark.model
def test_actors_pronoun_government_takes_the_previous_subject(korea):
    doc, document = korea
    his = phrase_span(doc, "His government")
    assert codes(document.resolve(his)) == [(None, "GOV")]
    assert [a.name for a in document.antecedent(his.start)] == ["Kim Jong Un"]
    assert codes(document.resolve(his, follow_pronouns=True)) == [("PRK", "GOV")]


@pytest.mark.model
@pytest.mark.parametrize(
    "on, sector, role",
    [
        (date(2019, 6, 30), "GOV", "head of state"),
        (date(2021, 10, 19), "ELI", "former head of state"),
        (date(2025, 6, 1), "GOV", "head of state"),
    ],
)
def test_actors_same_person_role_depends_on_date(on, sector, role):
    (trump,) = resolve_in("Donald Trump met reporters at the border.", "Donald Trump", on=on)
    assert (trump.country, trump.sector, trump.role) == ("USA", sector, role)


@pytest.mark.model
@pytest.mark.parametrize(
    "on, role",
    [(date(2015, 3, 1), "vice president"), (date(2022, 3, 1), "head of state"), (date(2025, 3, 1), "former head of state")],
)
def test_actors_biden_roles_over_time(on, role):
    (biden,) = resolve_in("Joe Biden spoke to the press in Delaware.", "Joe Biden", on=on)
    assert (biden.country, biden.role) == ("USA", role)


@pytest.mark.model
def test_actors_petrarch_role_open_in_2014_is_not_assumed_later():
    text = "Kim Jong Gak attended the parade in Pyongyang."
    (early,) = resolve_in(text, "Kim Jong Gak", on=date(2012, 5, 1))
    (late,) = resolve_in(text, "Kim Jong Gak", on=date(2021, 5, 1))
    assert (early.country, early.sector) == ("PRK", "GOV")
    assert (late.country, late.sector) == ("PRK", None)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        ("Pyongyang rejected the proposal on Monday.", "Pyongyang", [("PRK", "GOV")]),
        ("The Kremlin denied the report.", "The Kremlin", [("RUS", "GOV")]),
        ("Washington imposed new sanctions.", "Washington", [("USA", "GOV")]),
        ("Kyiv asked for more air defence systems.", "Kyiv", [("UKR", "GOV")]),
        ("Kiev asked for more air defence systems.", "Kiev", [("UKR", "GOV")]),
        ("The White House said talks would continue.", "The White House", [("USA", "GOV")]),
        ("Beijing warned Tokyo against interference.", "Tokyo", [("JPN", "GOV")]),
    ],
)
def test_actors_metonyms_are_governments(text, phrase, expected):
    assert codes(resolve_in(text, phrase)) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        ("The US and Japan agreed to hold joint drills.", "The US and Japan", [("JPN", None), ("USA", None)]),
        ("Russian and Ukrainian negotiators met in Istanbul.", "Russian and Ukrainian negotiators", [("RUS", "GOV"), ("UKR", "GOV")]),
        ("Chinese troops and Indian soldiers clashed at the border.", "Chinese troops and Indian soldiers", [("CHN", "MIL"), ("IND", "MIL")]),
    ],
)
def test_actors_compound_phrases_give_several_actors(text, phrase, expected):
    assert codes(resolve_in(text, phrase)) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        ("The UN Security Council met in New York.", "The UN Security Council", [("UNO", None)]),
        ("NATO said it would send more jets.", "NATO", [("IGO", None)]),
        ("The IAEA reported new activity at the site.", "The IAEA", [("IGO", None)]),
        ("Brussels approved the aid package.", "Brussels", [("EUR", None)]),
    ],
)
def test_actors_intergovernmental_organisations(text, phrase, expected):
    assert codes(resolve_in(text, phrase)) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        ("Kenyan police fired tear gas at the crowd.", "Kenyan police", [("KEN", "COP")]),
        ("Pakistan's Supreme Court ordered a recount.", "Pakistan's Supreme Court", [("PAK", "JUD")]),
        ("Colombian rebels freed two hostages.", "Colombian rebels", [("COL", "REB")]),
        ("The Belarusian opposition called for a strike.", "The Belarusian opposition", [("BLR", "OPP")]),
        ("Japan's ruling party chose a new leader.", "Japan's ruling party", [("JPN", "PTY")]),
        ("A Chinese company won the contract.", "A Chinese company", [("CHN", "BUS")]),
        ("Iranian state media reported the launch.", "Iranian state media", [("IRN", "JRN")]),
        ("Sudanese protesters marched on the palace.", "Sudanese protesters", [("SDN", "CVL")]),
        ("The government of Peru declared an emergency.", "The government of Peru", [("PER", "GOV")]),
    ],
)
def test_actors_agents_take_sector_and_country(text, phrase, expected):
    assert codes(resolve_in(text, phrase)) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, phrase",
    [
        ("Analysts said the test was a warning.", "Analysts"),
        ("The weapon landed outside the zone.", "The weapon"),
        ("He told us the talks had failed.", "us"),
        ("A spokesman declined to comment.", "A spokesman"),
        ("Residents of the north of the country fled.", "the north of the country"),
        ("John Smith said the vote was fair.", "John Smith"),
    ],
)
def test_actors_unknown_phrases_give_nothing(text, phrase):
    assert resolve_in(text, phrase) == []


@pytest.mark.model
def test_actors_the_north_needs_a_story_about_its_country():
    assert resolve_in("Officials said the North would not attend.", "the North") == []
    assert codes(resolve_in("Officials said the North would not attend.", "the North", context_countries=["KOR"])) == [("PRK", None)]


@pytest.mark.model
def test_actors_user_file_extends_and_overrides(tmp_path, monkeypatch):
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "id\tkind\tcountry\tsector\tphrases\troles\tsource\n"
        "person.ana_ruiz\tperson\tCHL\t\tAna Ruiz\tCHL GOV 2022-03..2024 interior minister\tmy newsroom\n"
        "capital.brussels\tcapital\tBEL\tGOV\tBrussels\t\tmy newsroom\n",
        encoding="utf-8",
    )
    dictionary = load_dictionary([extra])
    doc = nlp.parse("Ana Ruiz met officials in Brussels.")
    document = DocumentActors(doc, "u", date(2023, 1, 5), dictionary=dictionary)
    (ruiz,) = document.resolve(phrase_span(doc, "Ana Ruiz"))
    assert (ruiz.country, ruiz.sector, ruiz.role, ruiz.source) == ("CHL", "GOV", "interior minister", "person.ana_ruiz")
    assert codes(document.resolve(phrase_span(doc, "Brussels"))) == [("BEL", "GOV")]
    monkeypatch.setenv("DATELINE_ACTORS", str(extra))
    assert actors.user_files() == (extra,)


def test_actors_bad_user_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tkind\tcountry\tsector\tphrases\troles\tsource\nx\tperson\tUSA\t\tX Y\tUSA GOV 2021-13-01..2022 minister\tme\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad role date"):
        load_dictionary([bad])
    with pytest.raises(InputError, match="not found"):
        load_dictionary([tmp_path / "missing.tsv"])
    headerless = tmp_path / "headerless.tsv"
    headerless.write_text("Ana Ruiz\tCHL\n", encoding="utf-8")
    with pytest.raises(InputError, match="header"):
        load_dictionary([headerless])


def test_actors_partial_dates_cover_their_period():
    (role,) = actors.parse_roles("USA GOV 2021-05..2023 envoy", origin="t")
    assert role.holds_on(date(2021, 5, 1)) and role.holds_on(date(2023, 12, 31))
    assert not role.holds_on(date(2021, 4, 30)) and not role.holds_on(date(2024, 1, 1))


def test_actors_dictionary_is_cached_and_lookups_work():
    dictionary = actor_dictionary()
    assert actor_dictionary() is dictionary
    assert dictionary.lookup("DPRK").country == "PRK"
    assert dictionary.lookup("Democratic People\u2019s Republic of Korea").country == "PRK"
    assert dictionary.lookup("Seoul").sector == "GOV"
    assert len(dictionary) > 25_000  # PETRARCH2 entries are kept, not dropped


def test_actors_data_files_are_small_and_name_their_source():
    for path in DATA.glob("*.tsv"):
        assert path.stat().st_size < 1_500_000, path.name
        if path.name in ("sources.tsv", "plover_codes.tsv", "name_words.tsv", "name_genders.tsv", "country_cues.tsv"):  # tables, not entries
            continue
        lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
        assert lines[0].split("\t")[-1] == "source"
        assert all(l.split("\t")[-1].strip() for l in lines[1:]), path.name


def test_actors_build_script_reads_tabari_roles(tmp_path):
    spec = importlib.util.spec_from_file_location("build_actor_data", ROOT / "scripts" / "build_actor_data.py")
    build = importlib.util.module_from_spec(spec)
    sys.modules["build_actor_data"] = build
    spec.loader.exec_module(build)
    source = tmp_path / "x.actors.txt"
    source.write_text(
        "FREEDONIA_ [FRD]\n+FREEDONIAN_\n\nRUFUS_FIREFLY_  # CountryInfo.txt\n+PRESIDENT_FIREFLY\n"
        "\t[FRDELI 310101-330101]\n\t[FRDGOV >330101]\n\t[FRDELI]\n",
        encoding="utf-8",
    )
    rows = build.entry_rows(build.read_tabari(source), source="test", default_kind="group")
    by_kind = {row[1]: row for row in rows}
    assert by_kind["country"][2] == "FRD" and "freedonian" in by_kind["country"][4]
    person = by_kind["person"]
    assert person[4] == "rufus firefly|president firefly"
    assert person[5] == "FRD ELI 1931-01-01..1933-01-01;FRD GOV 1933-01-01.."


@pytest.mark.model
@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        ("Rebels in Yemen seized the port.", "Rebels in Yemen", [("YEM", "REB")]),
        ("Doctors from Cuban aid groups arrived on Friday.", "Doctors from Cuban aid groups", [("CUB", "MED")]),
        ("Bosnian Serbs rejected the peace plan.", "Bosnian Serbs", [("BIH", None)]),
        ("UN officials visited the camp.", "UN officials", [("UNO", None)]),
        ("Hamas fighters fired rockets.", "Hamas fighters", [("PSE", "REB")]),
    ],
)
def test_actors_places_residents_and_organisations(text, phrase, expected):
    assert codes(resolve_in(text, phrase)) == expected


@pytest.mark.model
def test_actors_short_names_link_to_a_person_named_earlier():
    doc = nlp.parse("Kim Jong Un inspected the launch site. Kim later said the test succeeded.")
    document = DocumentActors(doc, "k", ON)
    (kim,) = document.resolve(phrase_span(doc, "Kim", occurrence=1))
    assert (kim.country, kim.name) == ("PRK", "Kim Jong Un")


@pytest.mark.model
def test_actors_title_and_unique_surname_resolve_a_person():
    (mugabe,) = resolve_in("President Mugabe dissolved the cabinet.", "President Mugabe", on=date(2005, 3, 1))
    assert (mugabe.country, mugabe.name) == ("ZWE", "Robert Mugabe")


@pytest.mark.model
def test_actors_title_in_text_fills_a_role_the_dictionary_does_not_know():
    # PETRARCH2 lists Museveni as president from 1986 but knows nothing after January 2014
    (museveni,) = resolve_in("President Yoweri Museveni opened the summit in Kampala.", "President Yoweri Museveni", on=date(2021, 6, 1))
    assert (museveni.country, museveni.sector, museveni.role) == ("UGA", "GOV", "president")
    (plain,) = resolve_in("Yoweri Museveni opened the summit in Kampala.", "Yoweri Museveni", on=date(2021, 6, 1))
    assert (plain.country, plain.sector, plain.role) == ("UGA", None, None)


@pytest.mark.model
def test_actors_titled_name_matches_a_fuller_dictionary_name():
    # the dictionary lists "Ellen Johnson Sirleaf"; the title makes "Ellen Sirleaf" safe to link
    (sirleaf,) = resolve_in("President Ellen Sirleaf addressed parliament in Monrovia.", "President Ellen Sirleaf", on=date(2008, 2, 1))
    assert (sirleaf.country, sirleaf.sector, sirleaf.name) == ("LBR", "GOV", "Ellen Johnson Sirleaf")


@pytest.mark.model
def test_actors_ethnic_group_is_not_the_kin_state():
    assert resolve_in("Ethnic Albanians marched through the town.", "Ethnic Albanians") == []
    assert codes(resolve_in("Albanians marched through Tirana.", "Albanians")) == [("ALB", None)]


@pytest.mark.model
@pytest.mark.parametrize(
    "on, expected",
    [(date(2012, 6, 1), ("CHN", "GOV", "vice president")), (date(2020, 6, 1), ("CHN", "GOV", "head of state"))],
)
def test_actors_curated_roles_cover_the_2013_to_2026_gap(on, expected):
    (xi,) = resolve_in("Xi Jinping received the delegation in Beijing.", "Xi Jinping", on=on)
    assert (xi.country, xi.sector, xi.role) == expected


def test_actors_one_word_demonyms_also_match_their_plural(tmp_path):
    extra = tmp_path / "extra.tsv"
    extra.write_text("id\tkind\tcountry\tsector\tphrases\troles\tsource\n"
                     "country.XAA\tcountry\tAND\t\tFreedonia|Freedonian\t\ttest\n"
                     "group.freedonians\tgroup\tSMR\tREB\tFreedonians\t\ttest\n", encoding="utf-8")
    dictionary = load_dictionary([extra])
    assert dictionary.lookup("Ghanaians").country == "GHA"  # the source lists only "ghanaian"
    assert dictionary.lookup("Freedonia").country == "AND"
    assert dictionary.lookup("Freedonians").country == "SMR"  # a listed phrase wins over a made plural


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Quatar's foreign ministry condemned the attack.", "QAT"),
        ("Isreal's government rejected the proposal.", "ISR"),
        ("Susan Rice met the Sudanese envoy.", None),  # a person is never read as a misspelled country
    ],
)
def test_actors_country_misspelled_by_one_letter(text, country):
    doc = nlp.parse(text)
    context = DocumentActors(doc, "d", ON)
    first = context.resolve(doc[0:3])
    assert (first[0].country if first else None) == country


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The French military in Rwanda trained the militias.", [("FRA", "MIL")]),  # nationality, not place
        ("Security forces in Guinea fired on the crowd.", [("GIN", "COP")]),  # the place alone says whose
        ("Iranian-backed militias in Iraq fired rockets.", [("IRQ", "UAF")]),  # a patron is no nationality
        ("Vietnamese-led forces shelled the camps.", [("VNM", "MIL")]),
    ],
)
def test_actors_nationality_place_and_patron(text, expected):
    doc = nlp.parse(text)
    subject = next(t for t in doc if t.dep_ == "nsubj")
    found = DocumentActors(doc, "d", ON).resolve(doc[subject.left_edge.i: subject.right_edge.i + 1])
    assert [(a.country, a.sector) for a in found] == expected


def test_actors_rows_added_after_a_lookup_are_found_by_surname_and_spelling():
    dictionary = load_dictionary()
    assert dictionary.by_surname("Okonkwo") is None  # builds the surname index
    assert dictionary.misspelled_country("Zandoria") is None  # builds the spelling index
    dictionary.add_rows([
        ("person.ada_okonkwo", "person", "NGA", "", "Ada Okonkwo", "NGA GOV 2025..  minister", "test", "test.tsv"),
        ("country.zandoria", "country", "ZND", "", "Zandoria", "", "test", "countries.tsv"),
    ])
    assert dictionary.by_surname("Okonkwo").id == "person.ada_okonkwo"
    assert dictionary.misspelled_country("Zandorya").id == "country.zandoria"
