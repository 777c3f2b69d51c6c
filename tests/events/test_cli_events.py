"""`dateline explain` prints what was coded with evidence and what was abstained on."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dateline.cli import main

pytestmark = pytest.mark.model


def test_cli_explain_prints_event_fields_and_evidence():
    result = CliRunner().invoke(main, ["explain", "Israeli troops arrested 40 protesters in Hebron on Monday.",
                                       "--published", "2021-10-19"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("model  report score ")
    assert lines[1].startswith("model  sentence 0: COERCE ")
    assert lines[2].startswith("coded  COERCE arrest (CAMEO 173, score -7.0) status=asserted")
    assert "       actor      ISR" in "\n".join(lines)
    assert "       date       day 2021-10-18..2021-10-18 from 'Monday'" in lines
    assert any(line.startswith("       evidence   date") and "[[on Monday]]" in line for line in lines)
    assert "       place      point Hebron (PSE): stated in the event's sentence" in lines


def test_cli_explain_lists_abstentions_with_reason():
    result = CliRunner().invoke(main, ["explain", "The South's joint chiefs of staff did not immediately say "
                                       "what kind of ballistic missile was fired.", "--published", "2021-10-19"])
    assert result.exit_code == 0, result.output
    assert "\nabstained [events] MOBILIZE not coded: under a negated report" in result.output


def test_cli_explain_prints_the_date_rule_of_the_report_window():
    result = CliRunner().invoke(main, ["explain", "Israeli troops arrested 40 Palestinian protesters in Hebron, the army said.",
                                       "--published", "2021-10-19"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "       date       report 2021-10-16..2021-10-19" in lines
    assert ("       date rule  no date in its clause: news of this report, 3 days before publication to publication"
            in lines)
    assert any(line.startswith("       evidence   date") and "[[arrested]]" in line for line in lines)


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2021-10-17", "2021-10-17", ["COERCE report 2021-10-16", "PROTEST day 2021-10-17"]),  # inside the window
        ("2021-10-19", "2021-10-25", ["COERCE report 2021-10-16"]),  # the window's last day
        ("2021-10-10", "2021-10-15", []),  # before the window
        ("2021-10-20", "2021-10-30", []),  # after publication
    ],
)
def test_cli_events_since_until_count_report_window_events(tmp_path, since, until, expected):
    db = str(tmp_path / "window.duckdb")
    text = ("Israeli troops arrested 40 Palestinian protesters in Hebron, the army said.\n\n"
            "Palestinian students protested in Ramallah on Sunday against the arrests.")
    runner = CliRunner()
    ingested = runner.invoke(main, ["ingest", "-", "--db", db, "--published", "2021-10-19", "--quiet"], input=text)
    assert ingested.exit_code == 0, ingested.output
    result = runner.invoke(main, ["events", "--db", db, "--since", since, "--until", until, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert sorted(f"{r['type']} {r['date_precision']} {r['date_start']}" for r in rows) == expected
    assert all(r["date_end"] == ("2021-10-19" if r["date_precision"] == "report" else r["date_start"]) for r in rows)
