"""Quote extraction on passages written for these tests (parser-dependent ones: ``model``)."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from dateline import nlp
from dateline.cli import main
from dateline.events.quotes import extract_quotes, quotation_spans, statement_at
from dateline.pipeline import STAGES, process
from dateline.records import Abstention, Analysis, Document, Quote
from dateline.store import Store

PUBLISHED = date(2021, 10, 19)  # a Tuesday


def run(text: str, published: date | None = PUBLISHED) -> tuple[list[Quote], list[Abstention]]:
    doc = nlp.parse(text)
    records = extract_quotes(doc, Analysis(Document(id="t", clean_text=text, published_at=published)))
    quotes = [r for r in records if isinstance(r, Quote)]
    return quotes, [r for r in records if isinstance(r, Abstention)]


def statements(text: str, published: date | None = PUBLISHED) -> list[Quote]:
    return [q for q in run(text, published)[0] if not q.scare]


def only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, [(q.content.text, q.cue and q.cue.text) for q in quotes]
    return quotes[0]


# -- quotation marks (no model) ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "no deal" twice.', ['"no deal"']),
        ("\u201cWe are ready,\u201d she said. \u201cAre they?\u201d", ["\u201cWe are ready,\u201d", "\u201cAre they?\u201d"]),
        ("''It's over,'' Mr. Lee said.", ["''It's over,''"]),
        ("\u201cThey told us \u2018wait\u2019 and we waited.\u201d", ["\u201cThey told us \u2018wait\u2019 and we waited.\u201d"]),
        ("\u201cFirst paragraph of a long quote.\n\n\u201cSecond and last.\u201d", ["\u201cFirst paragraph of a long quote.", "\u201cSecond and last.\u201d"]),
    ],
)
def test_quotes_quotation_spans_pair_marks(text, expected):
    spans, problems = quotation_spans(text)
    assert [text[a:b] for a, b in spans] == expected
    assert problems == []


@pytest.mark.parametrize(
    "text, reason",
    [
        ("He said \u201cthe talks are over.\n\nNobody answered.", "unpaired opening quotation mark"),
        ("The talks are over,\u201d he said.", "closing quotation mark without an opening one"),
    ],
)
def test_quotes_quotation_spans_report_unpaired_marks(text, reason):
    spans, problems = quotation_spans(text)
    assert spans == []
    assert [r for _, r in problems] == [reason]


# -- direct quotes -------------------------------------------------------------------------------
@pytest.mark.model
def test_quotes_direct_quote_with_cue_after():
    q = only(statements("\u201cWe will not back down,\u201d the defence minister said on Monday."))
    assert (q.kind, q.content.text, q.cue.text) == ("direct", "\u201cWe will not back down,\u201d", "said")
    assert q.speaker.text == "the defence minister"
    assert (q.date.precision, q.date.start) == ("day", date(2021, 10, 18))


@pytest.mark.model
def test_quotes_multi_sentence_quote_is_one_content():
    text = ("\u201cThe border stays closed. Our position has not changed. We expect nothing from Friday,\u201d "
            "Maria Lopez, the interior minister, told reporters yesterday.")
    q = only(statements(text))
    assert q.content.text.startswith("\u201cThe border") and q.content.text.endswith("Friday,\u201d")
    assert "Maria Lopez" in q.speaker.text and q.speaker_name.text == "Maria Lopez"
    assert q.cue.text == "told"
    assert q.date.start == date(2021, 10, 18)


@pytest.mark.model
def test_quotes_continuation_paragraph_keeps_the_speaker():
    text = ("\u201cWe remain open to dialogue,\u201d Sung Kim told reporters yesterday.\n\n"
            "\u201cBut we also have a duty to enforce the sanctions.\u201d")
    first, second = statements(text)
    assert second.content.text == "\u201cBut we also have a duty to enforce the sanctions.\u201d"
    assert second.cue is None and second.continues == first.id
    assert second.speaker == first.speaker and second.speaker_name.text == "Sung Kim"
    assert second.date == first.date


@pytest.mark.model
def test_quotes_quote_after_cue_in_the_same_paragraph_continues():
    text = "\u201cIt is too early,\u201d the mayor said. \u201cWe will know more next week.\u201d"
    first, second = statements(text)
    assert second.continues == first.id and second.speaker.text == "the mayor"


@pytest.mark.model
def test_quotes_quote_introduced_by_cue_and_comma():
    q = only(statements("On the nominee, Adelson said, \u201cThey have got to be able to win.\u201d"))
    assert q.content.text == "\u201cThey have got to be able to win.\u201d"
    assert q.speaker.text == "Adelson" and q.kind == "direct"


@pytest.mark.model
def test_quotes_quote_inside_quote_stays_in_the_outer_quote():
    text = "\u201cThey kept telling us \u2018wait for the report\u2019 and we did,\u201d the farmer said."
    q = only(statements(text))
    assert "\u2018wait for the report\u2019" in q.content.text and q.speaker.text == "the farmer"


# -- indirect speech -----------------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, cue, content",
    [
        ("The foreign ministry said that talks would resume next month.",
         "The foreign ministry", "said", "that talks would resume next month"),
        ("Talks will resume in March, the foreign ministry said.",
         "the foreign ministry", "said", "Talks will resume in March"),
        ("The president warned that the army would respond to any attack.",
         "The president", "warned", "that the army would respond to any attack"),
        ("The rebels vowed to keep fighting until the capital falls.",
         "The rebels", "vowed", "to keep fighting until the capital falls"),
        ("According to the ministry, three soldiers were wounded in the attack.",
         "the ministry", "According to", "three soldiers were wounded in the attack"),
    ],
)
def test_quotes_indirect_speech(text, speaker, cue, content):
    q = only(statements(text))
    assert (q.kind, q.speaker.text, q.cue.text, q.content.text) == ("indirect", speaker, cue, content)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, content",
    [
        ("The ministry issued a statement saying the border would stay closed.",
         "The ministry", "the border would stay closed"),
        ("The envoy rejected the claim that the talks had failed.", "The envoy", "the claim that the talks had failed"),
    ],
)
def test_quotes_statement_nouns(text, speaker, content):
    q = only([q for q in statements(text) if q.content.text == content])
    assert q.speaker.text == speaker


@pytest.mark.model
def test_quotes_raising_verb_content_takes_the_subject():
    q = only(statements("The new sanctions seemed to have little effect on the regime."))
    assert q.speaker is None and q.cue.text == "seemed"
    assert q.content.text == "The new sanctions seemed to have little effect on the regime"


@pytest.mark.model
def test_quotes_passive_report_has_no_speaker():
    q = only(statements("It was reported that the envoy had resigned."))
    assert q.speaker is None and q.speaker_actor is None
    assert q.cue.text == "was reported" and q.content.text == "that the envoy had resigned"


@pytest.mark.model
def test_quotes_nested_attribution_keeps_the_outer_one():
    q = only(statements("The senator said the governor had claimed that taxes would fall."))
    assert q.speaker.text == "The senator" and "the governor had claimed" in q.content.text


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The army fired two missiles into the sea on Tuesday.",
        "The talks collapsed after the delegations left Geneva.",
    ],
)
def test_quotes_no_attribution_no_quote(text):
    assert statements(text) == []


# -- mixed and scare quotes ------------------------------------------------------------------
@pytest.mark.model
def test_quotes_mixed_quote_with_scare_phrase():
    text = "The government rejected the offer, saying Washington must first abandon its \u201chostile policy\u201d."
    quotes, _ = run(text)
    statement = only([q for q in quotes if not q.scare and q.cue.text != "rejected"])
    scare = only([q for q in quotes if q.scare])
    assert statement.kind == "mixed" and statement.cue.text == "saying"
    assert statement.content.text == "Washington must first abandon its \u201chostile policy\u201d"
    assert scare.content.text == "hostile policy" and scare.speaker.text == "The government"


@pytest.mark.model
def test_quotes_scare_quote_without_speaker_is_no_statement():
    quotes, abstentions = run("The so-called \u201cpeace dividend\u201d never reached the villages.")
    assert [(q.content.text, q.scare, q.speaker) for q in quotes] == [("peace dividend", True, None)]
    assert abstentions == []


# -- speakers ------------------------------------------------------------------------------------
@pytest.mark.model
def test_quotes_pronoun_speaker_resolves_to_named_speaker():
    text = ("Sung Kim, the US special envoy for North Korea, arrived in Seoul on Monday. "
            "He told reporters that Washington was open to talks without preconditions.")
    q = only(statements(text))
    assert q.speaker.text == "He" and q.speaker_name.text == "Sung Kim"
    assert (q.speaker_actor.country, q.speaker_actor.name) == ("USA", "Sung Kim")


@pytest.mark.model
def test_quotes_description_speaker_resolves_to_organisation():
    text = ("The Foreign Ministry of Japan summoned the ambassador on Monday. "
            "The ministry said the missile launch was a grave provocation.")
    q = only(statements(text))
    assert q.speaker.text == "The ministry" and "Foreign Ministry" in q.speaker_name.text


# -- unbalanced quotation marks ------------------------------------------------------------------
@pytest.mark.model
def test_quotes_stray_closing_mark_abstains_for_that_item_only():
    text = ("\u201cWe will go to court,\u201d his spokesman said on Monday.\u201d\n\n"
            "Election officials said the count was fair.")
    quotes, abstentions = run(text)
    assert [a.reason for a in abstentions] == ["closing quotation mark without an opening one"]
    assert only([q for q in quotes if "court" in q.content.text]).speaker.text == "his spokesman"
    assert only([q for q in quotes if "count" in q.content.text]).speaker.text == "Election officials"


@pytest.mark.model
def test_quotes_unpaired_opening_mark_abstains_and_keeps_the_statement():
    text = "Election officials said the count was fair.\n\nThe opposition leader said \u201cthe vote was stolen."
    quotes, abstentions = run(text)
    assert [a.reason for a in abstentions] == ["unpaired opening quotation mark"]
    assert abstentions[0].text.startswith("\u201cthe vote")
    assert [q.speaker.text for q in quotes] == ["Election officials", "The opposition leader"]


# -- feeding the event coder and the pipeline ----------------------------------------------------
@pytest.mark.model
def test_quotes_statement_at_finds_the_quote_around_a_trigger():
    text = "\u201cWe are open to meeting without preconditions,\u201d Sung Kim told reporters."
    doc = nlp.parse(text)
    analysis = Analysis(Document(id="t", clean_text=text, published_at=PUBLISHED))
    analysis.quotes.extend(q for q in extract_quotes(doc, analysis) if isinstance(q, Quote))
    start = text.index("meeting")
    assert statement_at(analysis, start, start + 7).speaker.text == "Sung Kim"
    assert statement_at(analysis, text.index("Sung"), text.index("Sung") + 4) is None


def test_quotes_stage_runs_before_events():
    names = list(STAGES)
    assert "quotes" in names
    if "events" in names:
        assert names.index("quotes") < names.index("events")


@pytest.mark.model
def test_quotes_cli_lists_statements_by_speaker(tmp_path):
    db = str(tmp_path / "q.duckdb")
    text = ("Sung Kim, the US special envoy for North Korea, arrived in Seoul on Monday.\n\n"
            "\u201cWe harbour no hostile intent,\u201d Sung Kim told reporters yesterday.\n\n"
            "North Korea's foreign ministry said the talks were a waste of time.")
    analysis = process(text, published="2021-10-19")
    with Store(db) as store:
        store.write([analysis])
    result = CliRunner().invoke(main, ["quotes", "--speaker", "USA", "--since", "2021-10-18",
                                       "--format", "csv", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "id,date,kind,speaker,actor,cue,content"
    assert len(lines) == 2 and "2021-10-18,direct,Sung Kim,USAGOV,told" in lines[1]


@pytest.mark.model
def test_quotes_cli_since_counts_undated_quotes_from_publication(tmp_path):
    db = str(tmp_path / "q.duckdb")
    text = "North Korea's foreign ministry said the talks with Seoul were a waste of time."
    with Store(db) as store:
        store.write([process(text, published="2021-10-19")])
    runner = CliRunner()
    kept = runner.invoke(main, ["quotes", "--since", "2021-10-19", "--format", "json", "--db", db])
    dropped = runner.invoke(main, ["quotes", "--since", "2021-10-20", "--format", "json", "--db", db])
    assert [q["actor"] for q in json.loads(kept.output)] == ["PRKGOV"]
    assert json.loads(dropped.output) == []


# -- learned cues, content and source boundaries ---------------------------------------------------
@pytest.mark.model
def test_learned_cue_fires_on_a_verb_the_lexicon_lacks():
    from dateline.events.quotes import reporting_cues

    assert "thank" not in reporting_cues()
    text = "Governor Tom Reed thanked the volunteers for their work. Governor Tom Reed ate lunch in his office."
    quote = only(statements(text))
    assert quote.content.text.startswith("the volunteers")
    assert quote.speaker.text == "Governor Tom Reed"
    assert quote.cue.text == "thanked"


@pytest.mark.model
def test_cue_probability_uses_the_subject_and_frame():
    from dateline.events.quotes import cue_probability

    assert cue_probability(("say", "ccomp", "person")) > 0.8
    assert cue_probability(("eat", "dobj", "person")) < 0.2
    assert cue_probability(("zzzunseen", "ccomp", "person")) > cue_probability(("zzzunseen", "dobj", "thing"))


@pytest.mark.model
def test_content_runs_on_over_the_cues_later_complements():
    text = "The agency reported at least 20 victims at a community center in the city."
    quote = only(statements(text))
    assert quote.content.text == "at least 20 victims at a community center in the city"
    assert quote.speaker.text == "The agency"


@pytest.mark.model
def test_it_as_the_subject_of_an_active_cue_is_the_source():
    text = "The ministry issued no figures. It said on Monday that the talks would resume in March."
    quote = next(q for q in statements(text) if q.cue.text == "said")
    assert quote.speaker.text == "It"
    assert quote.content.text.endswith("the talks would resume in March")


@pytest.mark.model
def test_a_participle_on_a_noun_takes_the_noun_as_source():
    text = "Protesters gathered outside the court on Friday, carrying banners denouncing the ruling."
    quote = next(q for q in statements(text) if q.cue and q.cue.text == "denouncing")
    assert quote.speaker.text.startswith("banners")
    assert quote.content.text == "the ruling"


@pytest.mark.issue(6)
def test_quotes_statement_found_twice_is_one_quote():
    # paragraphs of one quote flattened into one line: each opens a mark, none closes
    text = (
        "Minister backs plan\n\n"
        'The minister will announce the move on Monday. The minister said: "Better joint working '
        'will help prisons play a much stronger role in ending reoffending. '
        '"Communities who are paying the price for this expect better. "It costs the taxpayer a '
        'great deal to keep each prison place open. '
        '"Therefore it is only right that the service becomes more accountable to the public."'
    )
    analysis = process(text, published="2005-03-01")
    ids = [q.id for q in analysis.quotes]
    assert ids and len(ids) == len(set(ids))


# -- speakers the parser does not make the cue's subject -------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize(
    "text, cue, speaker",
    [
        ("The mayor angered the council by suggesting that the budget could be cut again.",
         "suggesting", "The mayor"),
        ("The governor surprised his aides after telling reporters that he would not run again.",
         "telling", "The governor"),
    ],
)
def test_quotes_gerund_cue_after_a_preposition_takes_the_verbs_subject(text, cue, speaker):
    quote = next(q for q in statements(text) if q.cue and q.cue.text == cue)
    assert quote.speaker.text == speaker


@pytest.mark.model
def test_quotes_speaker_after_an_inverted_cue():
    text = "\u201cWe will not give up on this town,\u201d added Murphy, referring to the closed factory."
    quote = next(q for q in statements(text) if q.cue and q.cue.text == "added")
    assert quote.speaker.text == "Murphy" and quote.cue.text == "added"
    assert quote.content.text == "\u201cWe will not give up on this town,\u201d"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker",
    [
        ("About 4 in 10 say they want the next mayor to raise taxes.", "4"),
        ("Less than a third agreed that the city should borrow more.", "third"),
    ],
)
def test_quotes_poll_share_is_the_speaker(text, speaker):
    quote = only(statements(text))
    assert speaker in quote.speaker.text


@pytest.mark.model
def test_quotes_according_to_owns_the_clause_before_its_verbs():
    text = "The company declined to renew the contract, according to two people briefed on the talks."
    quote = only(statements(text))
    assert quote.cue.text == "according to"
    assert quote.speaker.text == "two people briefed on the talks"
    assert quote.content.text == "The company declined to renew the contract"


@pytest.mark.model
def test_quotes_quotation_inside_the_next_paragraph_does_not_continue_the_speaker():
    text = (
        "\u201cWe will keep the clinic open,\u201d the mayor said.\n\n"
        "The council has yet to vote on the \u201cplan that would close three schools next year.\u201d"
    )
    quotes, abstentions = run(text)
    assert [q.content.text for q in quotes] == ["\u201cWe will keep the clinic open,\u201d"]
    assert [a.reason for a in abstentions] == ["quotation without a cue or speaker"]


@pytest.mark.model
def test_quotes_quotation_opening_the_next_paragraph_continues_the_speaker():
    text = (
        "\u201cWe will keep the clinic open,\u201d Mayor Ana Ruiz said.\n\n"
        "\u201cThe families who rely on it have nowhere else to go.\u201d"
    )
    second = next(q for q in statements(text) if q.content.text.startswith("\u201cThe families"))
    assert second.continues and second.speaker.text == "Mayor Ana Ruiz"


@pytest.mark.model
def test_quotes_content_stops_before_a_joined_reporting_verb():
    text = "The senator said she regretted her remarks and promised to stay out of the race."
    said = next(q for q in statements(text) if q.cue.text == "said")
    assert said.content.text == "she regretted her remarks"
    promised = next(q for q in statements(text) if q.cue.text == "promised")
    assert promised.speaker.text == "The senator"


@pytest.mark.model
def test_quotes_event_noun_with_a_participle_cue_takes_the_verbs_subject():
    text = "The senator delivered a speech outlining her plan for rural hospitals on Monday."
    quote = next(q for q in statements(text) if q.cue and q.cue.text == "outlining")
    assert quote.speaker.text == "The senator"


@pytest.mark.model
def test_quotes_object_of_the_governing_verb_speaks_an_infinitive_cue():
    text = "The strong result led her to declare that the nomination was within reach."
    quote = next(q for q in statements(text) if q.cue and "declare" in q.cue.text)
    assert quote.speaker.text == "her"


@pytest.mark.model
def test_quotes_subject_hung_on_a_fronted_phrase_is_still_the_speaker():
    text = ("In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: "
            "\u201cThe alliance matters more than ever.\u201d")
    quote = only(statements(text))
    assert quote.speaker.text == "her senior policy adviser, Jake Sullivan"


@pytest.mark.model
def test_quotes_perfect_tense_ask_keeps_its_subject():
    text = "The American Legion has asked the campaign to stop using its emblem in fliers."
    quote = only(statements(text))
    assert quote.speaker.text == "The American Legion"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, source, content",
    [
        ("In the latest Quinnipiac survey, Sanders trails Clinton among black voters.",
         "the latest Quinnipiac survey", "Sanders trails Clinton among black voters"),
    ],
)
def test_quotes_a_poll_speaks_for_the_clause_it_modifies(text, source, content):
    quote = only(statements(text))
    assert (quote.cue.text, quote.speaker.text, quote.content.text) == ("In", source, content)


@pytest.mark.model
def test_quotes_in_a_statement_stays_with_its_reporting_verb():
    quote = only(statements("In his statement, the governor said he would sign the bill."))
    assert quote.cue.text == "said" and quote.speaker.text == "the governor"


@pytest.mark.model
def test_quotes_transcript_speaker_labels():
    text = (
        "Gov. Mary Fallin spoke to Jake Tapper on Sunday.\n\n"
        "TAPPER: Governor, what do you make of the debate?\n\n"
        "FALLIN: Well, I think the whole state needs to work together. People want safe homes. "
        "They want safe streets. They want good schools. They want jobs that pay the bills. And they "
        "want leaders who listen to them instead of shouting at each other on television every night "
        "of the week.\n\n"
        "UPDATE: This story was updated with the governor's remarks."
    )
    quotes = statements(text)
    assert [(q.speaker.text, q.cue.text) for q in quotes] == [("TAPPER", ":"), ("FALLIN", ":")]
    assert quotes[1].content.text.startswith("Well, I think") and quotes[1].content.text.endswith("the week")


@pytest.mark.model
def test_quotes_quotation_signed_with_a_dash():
    text = (
        "We asked readers what they thought of the debate.\n\n"
        "\u201cHe can\u2019t answer a question without scaring people. I worry for my kids.\u201d \u2015 Esther Tapia\n\n"
        "\u201cShe won the night, and I think she knows it.\u201d\u2015 Carl Nunez, 41, Phoenix.\n\n"
        "The debate was watched by 80 million people \u2014 a record."
    )
    signed = [q for q in statements(text) if q.cue.text == "\u2015"]
    assert [q.speaker.text for q in signed] == ["Esther Tapia", "Carl Nunez"]
    assert signed[1].content.text == "\u201cShe won the night, and I think she knows it.\u201d"
    assert signed[1].kind == "direct"


def test_quotes_quotation_spans_skip_attribute_quotes_in_markup():
    text = ('<tweet id="6721392013" author="@cityhall">Road closed on Main St.</tweet>\n\n'
            'The mayor said "the road will reopen soon."')
    spans, problems = quotation_spans(text)
    assert [text[a:b] for a, b in spans] == ['"the road will reopen soon."']
    assert problems == []


@pytest.mark.model
def test_quotes_title_case_headline_with_a_reporting_verb():
    text = ("Clinton Says Russians Hacked DNC\n\n"
            "Hillary Clinton said on Sunday that Russian intelligence services hacked the party.\n\n"
            "What We Know About The Debate So Far")
    headline = next(q for q in statements(text) if q.cue.text == "Says")
    assert (headline.speaker.text, headline.content.text) == ("Clinton", "Russians Hacked DNC")
    assert len([q for q in statements(text) if q.sentence_index == headline.sentence_index]) == 1


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Editor\u2019s note: Donald Trump regularly incites political violence and is a serial liar.",
        "CORRECTION: An earlier version of this story misstated the date of the vote.",
    ],
)
def test_quotes_section_labels_are_not_speakers(text):
    assert not [q for q in statements(text) if q.cue and q.cue.text == ":"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Trump was asked by a reporter whether he would accept the results.", "a reporter"),
        ("Asked about the polls, the senator said she was confident.", None),
    ],
)
def test_quotes_asker_is_the_by_agent_or_nobody(text, speaker):
    asked = next(q for q in statements(text) if q.cue.text.lower().endswith("asked"))
    assert (asked.speaker.text if asked.speaker else None) == speaker


@pytest.mark.model
@pytest.mark.parametrize(
    "text, cue, speaker",
    [
        ("Caucus-goers were slightly more likely to say they preferred Clinton on the court.",
         "to say", "Caucus-goers"),
        ("\u201cOne guy came in and said we should close the store,\u201d said the woman, who did not want to be named.",
         "said", "the woman"),
        ("His office put out a statement saying the senator would vote no.", "saying", "His office"),
    ],
)
def test_quotes_speaker_of_cues_under_adjectives_inversions_and_statements(text, cue, speaker):
    quote = next(q for q in statements(text) if q.cue.text == cue)
    assert quote.speaker.text.startswith(speaker)


@pytest.mark.model
def test_quotes_a_thing_that_attacks_speaks_for_whoever_made_it():
    text = "A pro-Gingrich PAC launched an ad campaign that attacked Romney's work at Bain Capital."
    quote = next(q for q in statements(text) if q.cue.text == "attacked")
    assert quote.speaker.text == "A pro-Gingrich PAC"


@pytest.mark.model
def test_quotes_content_runs_through_what_its_colon_introduces():
    text = ("The lawyer argued his client was not to be taken seriously: his words were the rants of a "
            "radio host.\n\nThe council met again on Monday.")
    quote = only(statements(text))
    assert quote.content.text == ("his client was not to be taken seriously: his words were the rants "
                                  "of a radio host")


@pytest.mark.model
def test_quotes_call_for_parsed_as_a_clause():
    quote = only(statements("She also called for all candidates to lay out specifics of their plans."))
    assert quote.speaker.text == "She"
    assert quote.content.text == "all candidates to lay out specifics of their plans"


@pytest.mark.model
def test_quotes_colon_introduces_a_quotation_in_the_next_paragraphs():
    text = ("He told his audience, to loud applause:\n\n"
            "\u201cWe are going to win this state, and we are going to win it big.\u201d\n\n"
            "\u201cAnd then we will fix the roads.\u201d")
    first, second = statements(text)
    assert (first.speaker.text, first.cue.text) == ("He", "told")
    assert first.content.text.startswith("\u201cWe are going to win")
    assert second.continues == first.id and second.content.text == "\u201cAnd then we will fix the roads.\u201d"
