"""Pronouns whose antecedent is a group named by nationality refer to the group, not the country."""
from datetime import date

import pytest

from dateline import nlp
from dateline.events.actors import DocumentActors

pytestmark = pytest.mark.model


def test_they_after_a_nationality_group_is_the_group():
    doc = nlp.parse("The Fijian rebels said on Monday that they would free the hostages.")
    actors = DocumentActors(doc, "d", date(2000, 6, 1))
    they = next(t for t in doc if t.lower_ == "they")
    found = actors.antecedent(they.i)
    assert [(a.country, a.sector) for a in found] == [("FJI", "REB")]
