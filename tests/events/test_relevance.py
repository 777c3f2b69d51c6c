"""Issue 13: events on whole reports. Reports with no political act code nothing; a happening
restated in the headline, lead and body is one event with several mentions; the learned model
ships with the package, loads without a download and codes the seed."""
from __future__ import annotations

import numpy as np
import pytest

import dateline
from dateline.events import model as event_model
from dateline.pipeline import explain

pytestmark = pytest.mark.model

SPORT = """Wildcats beat Furman 77-66 to reach the final

The Wildcats beat Furman 77-66 on Saturday night, with guard Marcus Hill scoring 24 points as his team
attacked the basket from the opening tip. Furman threatened a comeback late in the second half, cutting the
lead to four, but Hill answered with two three-pointers. "We attacked them all night and never let up," coach
Dana Brooks said after the game. The Wildcats will face the winner of Sunday's semifinal between Mercer and
Samford in the championship game on Tuesday. Furman's coach praised his players for their fight and said the
team would regroup before its next game.
"""

PRODUCT = """Phone maker unveils cheaper model with bigger battery

The company on Tuesday unveiled a cheaper version of its flagship phone with a larger battery and a faster
chip, hoping to win back buyers who have switched to rivals. The new model goes on sale next month in the
United States, Britain and Germany at a price of $399, the company said. Analysts said the launch could lift
sales in the final quarter, when the company usually sells most of its phones. The firm also announced a
partnership with a streaming service that will give buyers six months of free music.
"""

SCIENCE = """Astronomers spot water vapour on distant planet

Astronomers have detected water vapour in the atmosphere of a planet more than 100 light-years from Earth,
the first time it has been found on a world in the habitable zone of its star. The team, led by researchers
at University College London, used archive data from the Hubble Space Telescope to study the planet as it
passed in front of its star. The findings, published in the journal Nature Astronomy, suggest the planet could
have clouds and even rain. The researchers said future telescopes would be needed to tell whether the planet
has oceans.
"""

RESTATED = """Japan protests after North Korea fires missile over Hokkaido

North Korea fired a ballistic missile over northern Japan early on Tuesday, the Japanese government said.

North Korea's launch of the missile over Japanese territory was the first since 2009, officials said. The
missile flew over the island of Hokkaido and fell into the Pacific Ocean about 1,180 km east of Cape Erimo,
Japan's chief cabinet secretary said. Japan lodged a strong protest with North Korea through its embassy in
Beijing. Prime Minister Shinzo Abe told reporters that the launch was an unprecedented, serious and grave
threat.
"""


@pytest.mark.parametrize("text", [SPORT, PRODUCT, SCIENCE], ids=["sport", "product", "science"])
def test_reports_without_political_acts_code_nothing(text):
    analysis = dateline.process(text, published="2021-03-20")
    assert analysis.events == []


def test_the_shipped_model_loads_without_a_download():
    model = event_model.load()
    assert model is not None
    assert len(model.vocab) > 1000
    assert model.sentence_weights.shape == (len(model.vocab) + 1, len(event_model.TYPES))
    assert {"report", "keep", "new"} <= set(model.thresholds)


def test_a_restated_launch_is_one_event_with_several_mentions():
    analysis = dateline.process(RESTATED, published="2017-08-29")
    launches = [e for e in analysis.events if e.type == "MOBILIZE" and e.actors and e.actors[0].country == "PRK"]
    assert len(launches) == 1
    mentions = launches[0].mentions
    assert len(mentions) >= 2
    text = analysis.document.clean_text
    for mention in mentions:
        assert text[mention.start_char:mention.end_char] == mention.text
    assert len({m.sentence_index for m in mentions}) == len(mentions)


def test_every_event_carries_its_own_sentence_as_a_mention(seed_path):
    analysis = dateline.process(seed_path.read_text(encoding="utf-8"), published="2021-10-19")
    assert analysis.events
    for event in analysis.events:
        assert event.mentions, event
        assert event.sentence_index in {m.sentence_index for m in event.mentions}


def test_explain_reports_the_relevance_decision_and_type_scores():
    analysis, scores = explain(SPORT, published="2021-03-20")
    assert scores is not None
    assert scores.report < scores.thresholds["report"]
    assert analysis.events == []
    top_type, top_score = scores.top(1, 1)[0]
    assert top_type in event_model.TYPES and 0.0 <= top_score <= 1.0


# A domestic-politics report around one international exchange: the whole-report model scores
# verbal acts in such reports low, but who did it to whom is in the parse.
DYAD = """Opposition attacks government over hospital waiting times

The opposition leader attacked the government on Monday over rising hospital waiting times, saying
ministers had broken their promises to patients. British Prime Minister Boris Johnson praised the country's
nurses for their work. The health minister said the figures showed progress.

Iran has rejected the European Union's offer to resume talks on its nuclear programme, saying the bloc
must first lift its sanctions. The government said it would study the figures before the next budget.
"""


def test_a_rule_event_between_two_countries_stands_whatever_the_sentence_score(monkeypatch):
    # a keep threshold no sentence reaches: only events whose parties resolve to two countries stand
    monkeypatch.setenv("DATELINE_EVENT_KEEP_THRESHOLD", "0.99")
    monkeypatch.setenv("DATELINE_EVENT_NEW_THRESHOLD", "2")
    analysis, scores = explain(DYAD, published="2021-03-20")
    assert scores is not None and scores.thresholds["dyad"] < scores.thresholds["keep"]
    parties = {(e.type, e.actors[0].country, e.recipients[0].country) for e in analysis.events}
    assert ("REJECT", "IRN", "EUR") in parties
    assert all(actor != recipient for _, actor, recipient in parties)
    assert any("keep threshold 0.99" in a.reason for a in analysis.abstentions)


def test_a_happening_is_judged_on_its_best_statement():
    """A happening stated in two sentences stands on the one the model scores higher."""
    from dateline.events.relevance import _happening_score
    from dateline.records import Event, Evidence, TextSpan

    probs = np.zeros((3, len(event_model.TYPES)))
    probs[0, event_model.TYPES.index("PROTEST")] = 0.05
    probs[2, event_model.TYPES.index("PROTEST")] = 0.7
    trigger = TextSpan("d", 0, 8, "protests")
    mentions = (Evidence("d", 0, 0, 10, "headline"), Evidence("d", 2, 20, 30, "body"))
    event = Event("d", 0, "PROTEST", trigger, mentions=mentions)
    assert _happening_score(event, probs) == pytest.approx(0.7)
    assert _happening_score(Event("d", 0, "PROTEST", trigger), probs) == pytest.approx(0.05)


def test_the_main_verb_is_a_fallback_trigger_for_verbal_acts_only():
    from dateline import nlp
    from dateline.events.relevance import _triggers

    model = event_model.load()
    sent = next(nlp.parse("The minister said the talks would resume next week.").sents)
    assert [t.text for t in _triggers(sent, "MOBILIZE", model)] == []  # "said" and "resume" tie against it
    assert "said" in [t.text for t in _triggers(sent, "ACCUSE", model)]


def test_a_text_shorter_than_a_report_is_not_filtered_by_the_model(monkeypatch):
    """A sentence someone chose to code does not share the whole-report prior of the model (nine
    in ten sentences of a report hold no event): its rule events stand, with their scores."""
    monkeypatch.setenv("DATELINE_EVENT_KEEP_THRESHOLD", "0.99")
    monkeypatch.setenv("DATELINE_EVENT_DYAD_THRESHOLD", "0.99")
    monkeypatch.setenv("DATELINE_EVENT_NEW_THRESHOLD", "0.0")
    text = "President Yoweri Museveni has threatened to ban Ugandan opposition candidates from the elections."
    analysis, scores = explain(text, published="2021-03-20")
    assert scores is not None
    assert [e.type for e in analysis.events] == ["THREATEN"]
    assert 0.0 <= float(analysis.events[0].attributes["model_score"]) < 0.99
    assert not any("keep threshold" in a.reason for a in analysis.abstentions)


def test_the_model_adds_no_second_type_to_a_sentence_the_rules_coded(seed_path, monkeypatch):
    """The seed's "rejected ... offers ... a term the North uses to refer to sanctions" is a REJECT;
    its hostile words lift ACCUSE too, which the model once added on "refer"."""
    text = seed_path.read_text(encoding="utf-8")

    def types_by_sentence() -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for e in dateline.process(text, published="2021-10-19").events:
            for index in {e.sentence_index, *(m.sentence_index for m in e.mentions)}:
                out.setdefault(index, set()).add(e.type)
        return out

    monkeypatch.setenv("DATELINE_EVENT_MODEL", "0")
    rules = types_by_sentence()
    monkeypatch.setenv("DATELINE_EVENT_MODEL", "1")
    monkeypatch.setenv("DATELINE_EVENT_NEW_THRESHOLD", "0.15")  # the model adds more than it ships with
    with_model = types_by_sentence()
    assert "REJECT" in set().union(*rules.values())
    for index, types in rules.items():
        assert with_model.get(index, set()) <= types, index
    assert set(with_model) - set(rules), "the model adds events in sentences the rules left"
