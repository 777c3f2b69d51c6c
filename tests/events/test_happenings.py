"""One record per happening (issue 13, requirement 2): a verbal act a report comes back to far
below its headline is one event with both mentions; another speaker's act, and the same speaker's
act about something else, keep their own records."""
from __future__ import annotations

import pytest

import dateline

pytestmark = pytest.mark.model

SPEECH = """Blair attacks Tory asylum plans in Dover speech

Tony Blair has used a speech in Dover to set out Labour's plans for immigration before the general election.

The prime minister said his government had cut the number of asylum claims by two thirds since 2002.
He said the new points system would let Britain choose the skilled workers its economy needed.
Labour will also introduce identity cards for foreign nationals from next year, he said.
Mr Blair told the audience that the country had always welcomed people who worked hard and obeyed the law.
Officials at the Home Office said the first part of the points system would start in the spring.
The Conservatives have promised to set a yearly limit on the number of migrants allowed into the country.
Conservative leader Michael Howard criticised Labour's record on border controls in a speech in Kent.
The Liberal Democrats said both parties were trying to outdo each other in being tough on immigration.

Later in his speech, Mr Blair condemned the Tory plans to process asylum claims offshore as unworkable.
The speech was his third on immigration this year.
Ministers are due to publish the details of the points system in a white paper next month.
Mr Blair also criticised the pay rises that council chief executives had awarded themselves.
"""


def _accusations(monkeypatch, model: str):
    monkeypatch.setenv("DATELINE_EVENT_MODEL", model)
    analysis = dateline.process(SPEECH, published="2005-02-08")
    return {(e.actors[0].name, tuple(sorted(m.sentence_index for m in e.mentions)))
            for e in analysis.events if e.type == "ACCUSE" and e.status == "asserted"}


@pytest.mark.parametrize("model", ["0", "1"], ids=["rules", "model"])
def test_a_speech_restated_far_below_the_headline_is_one_event(monkeypatch, model):
    # headline (0) and "Later in his speech, Mr Blair condemned the Tory plans" (10) are one act;
    # Howard's criticism (8) is another speaker's; the pay rises (13) are another subject
    assert _accusations(monkeypatch, model) == {("Tony Blair", (0, 10)), ("Michael Howard", (8,)),
                                                ("Tony Blair", (13,))}


def _act(index: int, text: str, start: int, actor, *, type_: str = "ACCUSE", recipients=()):
    from dateline.records import Event, Evidence, TextSpan

    mention = Evidence("d", index, start, start + len(text), text)
    trigger = TextSpan("d", start, start + 5, text[:5])
    return Event("d", index, type_, trigger, actors=(actor,), recipients=tuple(recipients), mentions=(mention,))


def _actor(country: str, sector: str | None, start: int, name: str):
    from dateline.records import Actor, TextSpan

    return Actor(country=country, sector=sector, name=name, span=TextSpan("d", start, start + len(name), name))


DONOR = 'Duncan Bannatyne also attacked the government over Iraq and its "poor" response to the Asian tsunami crisis.'
BRANDED = 'And he branded the UK government\'s response to the tsunami as "piecemeal and poor".'


def test_a_restatement_whose_actor_was_read_from_another_sentence_joins_across_sectors():
    """ "And he branded ..." ten sentences below the donor's attack: the pronoun was resolved to a
    minister named in between, so the sectors differ; the words say it is the same statement."""
    from dateline.events.happenings import join_restatements

    donor = _act(2, DONOR, 100, _actor("GBR", None, 100, "Duncan Bannatyne"))
    branded = _act(12, BRANDED, 900, _actor("GBR", "GOV", 700, "Gordon Brown"))  # named in sentence 9
    joined = join_restatements([donor, branded])
    assert len(joined) == 1 and [m.sentence_index for m in joined[0].mentions] == [2, 12]


def test_a_named_actor_of_another_sector_keeps_its_own_statement():
    from dateline.events.happenings import join_restatements

    donor = _act(2, DONOR, 100, _actor("GBR", None, 100, "Duncan Bannatyne"))
    minister = _act(12, BRANDED.replace("And he", "Gordon Brown"), 900, _actor("GBR", "GOV", 900, "Gordon Brown"))
    assert len(join_restatements([donor, minister])) == 2

