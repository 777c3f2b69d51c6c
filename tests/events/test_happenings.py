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
