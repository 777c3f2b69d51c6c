"""Sentence boundaries: line breaks, closing quotes, bullets."""
import pytest

from dateline import nlp

pytestmark = pytest.mark.model


@pytest.mark.issue(18)
@pytest.mark.parametrize("text, expected", [
    # a hard-wrapped line does not split a name across the break
    ("The former prime minister of the United Kingdom was joined by Tony\nBlair on the campaign trail on Monday.",
     ["The former prime minister of the United Kingdom was joined by Tony\nBlair on the campaign trail on Monday."]),
    # a headline line (short) still ends at its line break
    ("Talks collapse in Geneva\nNegotiators said the talks had failed.",
     ["Talks collapse in Geneva\n", "Negotiators said the talks had failed."]),
    # a closing quote at the end of a paragraph stays with its sentence
    ('"It is over," said Mr Brown. "We lost. We lost badly."\nHe resigned on Friday.',
     ['"It is over," said Mr Brown.', '"We lost.', 'We lost badly."\n', "He resigned on Friday."]),
    ("He said: 'I will never believe them.'\"\n\nMr Howard disagreed.",
     ["He said: 'I will never believe them.'\"\n\n", "Mr Howard disagreed."]),
    # a bullet opens its item
    ("The plans include:\n\n- A ban on smoking in all enclosed public places\n\n- Fines of up to £2,500",
     ["The plans include:\n\n", "- A ban on smoking in all enclosed public places\n\n", "- Fines of up to £2,500"]),
])
def test_nlp_sentence_boundaries(text, expected):
    assert [s.text for s in nlp.parse(text).sents] == expected
