"""The subject a model-found event's pronoun stands for (issue 14 req. 3 in the arguments step)."""
import pytest

from dateline.events.arguments import NamedSubjectArguments
from dateline.nlp import parse


def _antecedent_text(text: str, pronoun_at: int) -> str | None:
    doc = parse(text)
    pronoun = next(t for t in doc if t.idx == pronoun_at)
    arguments = NamedSubjectArguments.__new__(NamedSubjectArguments)  # the lookup reads only the parse
    found = arguments._antecedent(pronoun)
    return found.text if found is not None else None


@pytest.mark.issue(14)
def test_a_pronoun_takes_the_earlier_subject_not_the_nearest_name():
    text = ("Charles Kennedy told the conference the war had been a mistake. "
            "He attacked Gordon Brown over the budget. And he branded the plans a tax on families.")
    assert _antecedent_text(text, text.index("And he") + 4) == "Charles Kennedy"


@pytest.mark.issue(14)
def test_a_pronoun_with_only_objects_named_before_it_stays_empty():
    text = "Reporters asked about Gordon Brown's budget. He said it was unfair."
    assert _antecedent_text(text, text.index("He said")) is None
