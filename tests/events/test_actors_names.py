"""Names in the report (issue 14, requirement 3): "she" never goes to a man named before her, a
surname inside another person's full name is not the dictionary's bearer of it, and a bare
surname is the one curated person of that name in office on the report's date."""
from datetime import date

import pytest

from dateline import nlp, resolve_mention
from dateline.events.actors import DocumentActors, actor_dictionary

pytestmark = pytest.mark.model


def _rally_antecedent(pronoun: str):
    text = ("Nancy Pelosi spoke at the rally in Denver on Monday. Later, John Smith said the bill "
            f"would pass. {pronoun} told reporters that the vote was close.")
    doc = nlp.parse(text)
    token = next(t for t in doc if t.text == pronoun)
    return DocumentActors(doc, "d", date(2019, 6, 1)).antecedent(token.i)


def test_she_skips_a_man_and_takes_the_woman_named_before_him():
    assert [a.name for a in _rally_antecedent("She")] == ["Nancy Pelosi"]


def test_he_still_takes_the_man():
    assert [a.name for a in _rally_antecedent("He")] != ["Nancy Pelosi"]


def test_a_surname_inside_another_full_name_is_not_the_senator():
    found = resolve_mention("Sanders", context=(
        "Felicia Sanders, who survived the shooting at the church in Charleston, spoke on Wednesday. "
        "Sanders called her son a hero."), on=date(2016, 7, 28))
    assert all(a.name != "Bernie Sanders" for a in found)


def test_bare_surname_is_the_one_bearer_in_office_on_the_date():
    context = "Clinton told supporters in Iowa that the campaign would go on."
    (actor,) = resolve_mention("Clinton", context=context, on=date(2016, 1, 20))
    assert (actor.name, actor.country, actor.sector) == ("Hillary Clinton", "USA", "PTY")
    (actor,) = resolve_mention("Clinton", context=context, on=date(1995, 1, 20))
    assert (actor.name, actor.sector) == ("Bill Clinton", "GOV")


def test_name_list_says_sex_of_common_first_names_only():
    from dateline.events.actors import _name_genders
    genders = _name_genders()
    assert genders["hillary"] == "f" and genders["donald"] == "m"
    assert "jordan" not in genders  # given to both sexes
    assert actor_dictionary().in_office_by_surname("Smith", date(2016, 1, 1)) is None


def test_a_local_report_is_placed_by_the_institutions_it_names():
    context = ("Superior Court Judge James Bodiford said jurors could rehear the tape. "
               "The DA's office objected, and the sheriff's deputies led Nichols away.")
    (actor,) = resolve_mention("Judge James Bodiford", context=context, on=date(2008, 12, 13))
    assert (actor.country, actor.sector) == ("USA", "JUD")


def test_institution_words_place_nothing_when_a_country_is_named_more():
    context = ("France's president met Germany's chancellor in Paris. French police and French "
               "officials said the DA of a US county was not invited. The judge spoke.")
    found = resolve_mention("The judge", context=context, on=date(2008, 12, 13))
    assert all(a.country != "USA" for a in found)


def test_armed_fronts_and_military_aircraft_of_a_country():
    (front,) = resolve_mention("Rwandan Patriotic Front", context=(
        "The Rwandan Patriotic Front said it would not attend the talks."), on=date(1993, 3, 1))
    assert (front.country, front.sector) == ("RWA", "REB")
    (planes,) = resolve_mention("British aircraft", context=(
        "British aircraft bombed the airfield on Tuesday."), on=date(1999, 4, 1))
    assert (planes.country, planes.sector) == ("GBR", "MIL")


def test_the_ministry_is_the_ministry_named_before_not_the_nearest_officials():
    found = resolve_mention("The ministry", context=(
        "Russia's foreign ministry said on Monday that talks would resume in Geneva. US officials "
        "welcomed the news. The ministry added that sanctions must end."), on=date(2022, 3, 1))
    assert [(a.country, a.sector) for a in found] == [("RUS", "GOV")]


def test_the_regime_is_not_the_speaker_who_names_it():
    found = resolve_mention("the regime", context=(
        "Syria's army shelled Aleppo on Tuesday. Turkish President Recep Tayyip Erdogan condemned "
        "the attack and said the regime must stop."), on=date(2016, 3, 1))
    assert [(a.country, a.sector) for a in found] == [("SYR", "GOV")]


def test_the_government_of_no_named_state_stays_without_a_country():
    (actor,) = resolve_mention("the government", context=(
        "Officials met on Monday. Later the government said it would respond."), on=date(2017, 10, 1))
    assert (actor.country, actor.sector) == (None, "GOV")


def test_a_surname_shared_with_a_capital_is_the_person():
    doc = nlp.parse("Bob Wellington, the council's leader, spoke on Monday. Wellington said the council "
                    "would cut jobs in Wales.")
    actors = DocumentActors(doc, "d", date(2005, 1, 1))
    assert "NZL" not in actors.countries


def test_a_governing_party_named_as_a_party_is_the_party():
    on = date(2005, 3, 1)
    context = "Labour said the Tories would cut spending. The Labour Party and the Tories traded blows."
    (bare,) = resolve_mention("Labour", context=context, on=on)
    assert (bare.country, bare.sector) == ("GBR", "GOV")  # in office in 2005: the government
    (party,) = resolve_mention("The Labour Party", context=context, on=on)
    assert (party.country, party.sector) == ("GBR", "PTY")


def test_he_after_a_named_owner_in_his_own_sentence_is_the_owner():
    doc = nlp.parse("The airline later failed. As for Mr. Trump's personal travel, he prefers to fly private. "
                    "In 2009, he decided to sell his Boeing 727. He replaced it with a Boeing 757.")
    he = [t for t in doc if t.text == "He"][-1]
    found = DocumentActors(doc, "d", date(2016, 4, 25)).antecedent(he.i)
    assert [a.name for a in found] == ["Donald Trump"]


def test_he_after_an_owner_whose_aide_is_the_subject_is_not_the_owner():
    doc = nlp.parse("Officials met on Monday. Barack Obama's aide said he would resign.")
    he = next(t for t in doc if t.text == "he")
    found = DocumentActors(doc, "d", date(2012, 4, 25)).antecedent(he.i)
    assert all(a.name != "Barack Obama" for a in found)


def test_a_person_the_report_charges_is_a_criminal():
    context = ("COVINGTON, Ky. (AP) A man held in a Kentucky jail is accused of killing an inmate. "
               "The Kenton County Police Department has charged 27-year-old Marion Lawson Parker III "
               "with murder in the death Sunday of 40-year-old Isaac Jackson.")
    (parker,) = resolve_mention("Marion Lawson Parker III", context=context, on=date(2009, 3, 1))
    assert (parker.country, parker.sector) == ("USA", "CRM")
    (victim,) = resolve_mention("Isaac Jackson", context=context, on=date(2009, 3, 1))
    assert (victim.country, victim.sector) == ("USA", None)  # the victim is charged with nothing


def test_other_sex_reads_a_bare_surname_by_the_full_name_before_it():
    doc = nlp.parse("Hillary Clinton spoke in Philadelphia. Clinton said he is unfit.")
    actors = DocumentActors(doc, "d", date(2016, 7, 29))
    clinton = next(t for t in doc if t.text == "Clinton" and t.i > 3)
    he = next(t for t in doc if t.text == "he")
    assert actors.other_sex(doc[clinton.i: clinton.i + 1], he)
