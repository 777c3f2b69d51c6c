"""`dateline explain` prints what was coded with evidence and what was abstained on."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from dateline.cli import main

pytestmark = pytest.mark.model


def test_cli_explain_prints_event_fields_and_evidence():
    result = CliRunner().invoke(main, ["explain", "Israeli troops arrested 40 protesters in Hebron on Monday.",
                                       "--published", "2021-10-19"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("coded  COERCE arrest (CAMEO 173, score -7.0) status=asserted")
    assert "       actor      ISR" in "\n".join(lines)
    assert "       date       day 2021-10-18..2021-10-18 from 'Monday'" in lines
    assert any(line.startswith("       evidence   date") and "[[on Monday]]" in line for line in lines)


def test_cli_explain_lists_abstentions_with_reason():
    result = CliRunner().invoke(main, ["explain", "The South's joint chiefs of staff did not immediately say "
                                       "what kind of ballistic missile was fired.", "--published", "2021-10-19"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("abstained [events] MOBILIZE not coded: under a negated report")
