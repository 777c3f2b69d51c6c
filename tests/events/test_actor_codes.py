"""Organisation codes are told apart from state codes (the benchmarks compare at PLOVER's entity level)."""
import pytest

from dateline import nlp
from dateline.events.actors import is_state_code, resolve


def test_state_codes_are_iso_and_organisation_codes_are_not():
    assert is_state_code("PRK") and is_state_code("USA")
    assert not is_state_code("UNO") and not is_state_code("NAT") and not is_state_code(None)


@pytest.mark.model
def test_un_agency_keeps_its_organisation_code():
    doc = nlp.load()("The UN refugee agency criticised the decision on Monday.")
    actors = resolve(doc[0:4], doc_id="d", on=None)
    assert actors and actors[0].sector == "IGO" and not is_state_code(actors[0].country)
