"""Within-report reference (issue 14, requirement 3): "he", "the group", "the country" and bare
surnames resolve to the actor the report named, or stay empty; never to the nearest name of
another actor. Also: unknown people take the sector of their title, appositive or the body they
head, and the place stage's output is reused rather than run again."""
from datetime import date

import pytest

from dateline import nlp, resolve_mention
from dateline.events import actors as actors_module
from dateline.events.actors import DocumentActors

pytestmark = pytest.mark.model


def _antecedent(text: str, word: str, on=date(2008, 6, 1), nth: int = -1):
    doc = nlp.parse(text)
    tokens = [t for t in doc if t.text == word]
    return DocumentActors(doc, "d", on).antecedent(tokens[nth].i)


def test_he_is_the_unknown_speaker_not_the_known_name_before_him():
    found = _antecedent(
        "Gordon Brown defended the budget in the Commons on Tuesday. "
        "Tory MP Alan Duncan said the plan would fail. And he branded the Chancellor reckless.", "he")
    assert [a.name for a in found] != ["Gordon Brown"]
    assert found and found[0].sector == "LEG"  # the unknown MP, by his title


def test_he_in_a_speakers_own_quote_is_not_the_speaker():
    found = _antecedent(
        'Barack Obama spoke on Monday. "I have a judge who is against me," Donald Trump said. "He is a hater."',
        "He", on=date(2016, 6, 2))
    assert all(a.name != "Donald Trump" for a in found)


def test_pronoun_chain_passes_on_the_first_subject():
    found = _antecedent(
        "Angela Merkel met Nicolas Sarkozy in Berlin. She said the euro was safe. "
        "Later she told reporters that Germany would help.", "she", nth=-1)
    assert [a.name for a in found] == ["Angela Merkel"]


def test_object_of_the_same_sentence_is_not_he():
    found = _antecedent("Vladimir Putin spoke first. Nicolas Sarkozy thanked him and he left.", "him")
    assert all(a.name != "Nicolas Sarkozy" for a in found)


def test_the_group_is_the_group_named_before_not_the_country():
    found = resolve_mention("The group", context=(
        "Hamas fighters fired rockets from Gaza into Israel on Monday. "
        "The group said the attack answered an Israeli raid."), on=date(2008, 6, 1))
    assert [(a.country, a.sector) for a in found] == [("PSE", "REB")]


def test_the_country_is_the_reports_country():
    found = resolve_mention("the country", context=(
        "Kenya's president met opposition leaders in Nairobi. Kenya has been tense since the vote, "
        "and Kenyan police patrolled the capital. Officials said the country would hold talks."),
        on=date(2008, 1, 20))
    assert [a.country for a in found] == ["KEN"]


def test_bare_surname_after_full_name_is_that_person():
    doc = nlp.parse("Jeb Bush spoke in Iowa on Monday. Later Bush attacked his rivals.")
    document = DocumentActors(doc, "d", date(2015, 12, 1))
    later = [m for m in document.mentions if doc[m.start:m.end].text == "Bush"]
    assert later and later[0].entry is not None and "jeb" in later[0].entry.id


def test_appositive_role_gives_an_unknown_person_its_sector():
    found = resolve_mention("Larry Sabato", context=(
        '"She will win," said Larry Sabato, a professor at the University of Virginia.'), on=date(2016, 8, 10))
    assert found and found[0].country == "USA" and found[0].sector == "EDU"


def test_relative_clause_of_a_leader_gives_the_body_sector():
    found = resolve_mention("Bob Crow", context=(
        "Bob Crow, who heads the RMT union, said London Underground drivers would strike."), on=date(2008, 6, 1))
    assert found and found[0].sector == "LAB"


def test_report_places_are_reused(monkeypatch):
    doc = nlp.parse("Police arrested two men in Gainesville. The Alachua County sheriff said officers found guns.")
    first = DocumentActors(doc, "d", date(2016, 1, 1))
    places = actors_module.find_places(doc, actors_module.Analysis(actors_module.Document("d", doc.text)))

    def fail(*_args, **_kwargs):
        raise AssertionError("place stage run again")

    monkeypatch.setattr(actors_module, "find_places", fail)
    reused = DocumentActors(doc, "d", date(2016, 1, 1), places=places)
    assert reused.place_country() == "USA"
    assert first.places is None
