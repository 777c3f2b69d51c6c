"""Agents and unknown people placed by the report's places and coded by PLOVER chapter 5 agent
nouns (issue 14): a local report names its town, not its country."""
from datetime import date

import pytest

from dateline import resolve_mention

pytestmark = pytest.mark.model


def codes(text, context=None, on=date(2021, 5, 1)):
    return [(a.country, a.sector) for a in resolve_mention(text, context=context, on=on)]


@pytest.mark.parametrize(("text", "context", "expected"), [
    # no country is named: the towns and counties are in the United States / in Germany
    ("Police", "Police in Gainesville arrested a man on Monday after a robbery in Alachua County, "
               "deputies said.", ("USA", "COP")),
    ("the judge", "A jury in Fulton County acquitted the man on Friday. The judge said the Atlanta "
                  "courthouse would reopen.", ("USA", "JUD")),
    ("soldiers", "Soldiers found the bodies near Guadalajara, in Jalisco state, officials said.", ("MEX", "MIL")),
])
def test_agents_take_the_country_of_the_reports_places(text, context, expected):
    assert codes(text, context)[:1] == [expected]


def test_places_in_two_states_place_no_one():
    # one city in each of two states: no clear report country, so the police keep no country
    found = codes("Police", "Police in Munich and in Lyon said the two men had met online.")
    assert found == [(None, "COP")]


def test_a_named_country_still_wins_over_places():
    context = "Kenyan police fired tear gas at protesters in Nairobi. Police in Mombasa made arrests."
    assert codes("Police", context)[:1] == [("KEN", "COP")]


@pytest.mark.parametrize(("text", "context", "expected"), [
    ("unions", "The unions in Toledo, Ohio, reached a deal with Verizon.", ("USA", "LAB")),
    ("community health centers", "Ohio community health centers will get $40 million, the agency said.",
     ("USA", "MED")),
    ("the campaign", "The campaign in Des Moines, Iowa, said Cruz would win the caucuses.", ("USA", "PTY")),
    ("20 schoolchildren", "A gunman killed 20 schoolchildren in Newtown, Connecticut.", ("USA", "EDU")),
    ("the museum", "The museum in Krakow, Poland, reopened on Monday.", ("POL", "SOC")),
    ("the bishops", "The bishops of Kenya urged calm before the vote.", ("KEN", "REL")),
    # a police department is the police, not an executive department
    ("the Kenton County Police Department", "The Kenton County Police Department in Kentucky arrested two men.",
     ("USA", "COP")),
    ("the Commerce Department", "The Commerce Department in Washington said exports fell.", ("USA", "GOV")),
])
def test_chapter_5_agent_nouns(text, context, expected):
    assert codes(text, context)[:1] == [expected]


@pytest.mark.parametrize(("text", "context", "on", "expected"), [
    # a name the recogniser missed, known as a person's by the title before it
    ("Science Minister Lord Sainsbury", "Science Minister Lord Sainsbury made the donation to Labour, "
     "the Commons was told.", date(2004, 6, 1), ("GBR", "GOV")),
    # a mention cut from a larger phrase: its own words decide, not a neighbour's
    ("American officials", "Talks between Chinese and American officials ended in Beijing.", date(2016, 6, 7),
     ("USA", "GOV")),
    ("Ohio Democratic Party", "Ohio Democratic Party chairman David Pepper said the ruling was a win.",
     date(2016, 8, 25), ("USA", "PTY")),
    # a person described only by the body they serve takes its sector
    ("Wilhelm, an off-duty U.S. Customs agent", "He then shot Wilhelm, an off-duty U.S. Customs agent.",
     date(2005, 3, 12), ("USA", "COP")),
])
def test_mentions_read_by_their_own_words(text, context, on, expected):
    assert codes(text, context, on)[:1] == [expected]


@pytest.mark.parametrize(("text", "context", "expected"), [
    # the officer of a body the dictionary does not list is not the state's (issue 14: a
    # company's CEO or a union's president coded GOV)
    ("Jack Law, chief executive of Alcohol Focus Scotland", None, ("GBR", None)),
    ("Tom Dooher, president of Education Minnesota", "The teachers' union backed the bill. Tom Dooher, "
     "president of Education Minnesota, said the union would campaign for it.", ("USA", "EDU")),
    ("Ann Smith, president of the Ohio Teachers Union", "Ann Smith, president of the Ohio Teachers Union, "
     "said the strike would go on.", ("USA", "LAB")),
])
def test_officers_of_unlisted_bodies(text, context, expected):
    assert codes(text, context)[:1] == [expected]


def test_members_of_a_body_are_the_bodys():
    context = "Members of Kenya's parliament walked out of the budget debate in Nairobi."
    assert codes("Members of Kenya's parliament", context)[:1] == [("KEN", "LEG")]
    assert codes("analysts", "Analysts in Nairobi expect a deal.") == []
