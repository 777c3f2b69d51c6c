import pytest

import dateline
from dateline.errors import InputError


def test_pipeline_process_sentences_keep_offsets():
    text = (
        "Leaders meet in Vienna over nuclear deal\n\n"
        "Iranian and European negotiators resumed talks in Vienna on Monday. "
        "The talks are expected to last a week, diplomats said."
    )
    analysis = dateline.process(text, published="2021-11-29")
    doc = analysis.document
    assert doc.published_at.isoformat() == "2021-11-29"
    assert doc.title == "Leaders meet in Vienna over nuclear deal"
    assert len(analysis.sentences) >= 3
    for s in analysis.sentences:
        assert doc.clean_text[s.start_char : s.end_char] == s.text
    assert [s.index for s in analysis.sentences] == list(range(len(analysis.sentences)))


def test_pipeline_document_id_is_hash_of_clean_text():
    a = dateline.process("Rebels seized the town of Kidal on Sunday, the army said.")
    b = dateline.process("Rebels seized the town of Kidal on Sunday, the army said.\n\n")
    assert a.document.id == b.document.id
    assert len(a.document.id) == 16


def test_pipeline_rejects_empty_text():
    with pytest.raises(InputError, match="no report text"):
        dateline.process("   \n  ")


def test_pipeline_non_english_is_stored_not_coded():
    text = (
        "Le gouvernement français a annoncé lundi de nouvelles mesures pour soutenir les agriculteurs "
        "touchés par la sécheresse, a indiqué le ministère."
    )
    analysis = dateline.process(text)
    assert analysis.document.language == "fr"
    assert analysis.sentences == []
    assert analysis.abstentions[0].stage == "language"


@pytest.mark.issue(4)
def test_pipeline_wire_dateline_is_its_own_sentence():
    text = (
        "Launch condemned\n\n"
        "SEOUL, March 24 (Dateline Wire) - North Korea fired a missile on Thursday, the military said.\n\n"
        "WASHINGTON (AP) \u2014 The United States condemned the launch."
    )
    analysis = dateline.process(text, published="2022-03-24")
    starts = [s.text.strip() for s in analysis.sentences]
    assert "SEOUL, March 24 (Dateline Wire) -" in starts
    assert any(s.startswith("North Korea fired a missile") for s in starts)
    assert any(s.startswith("The United States condemned") for s in starts)
