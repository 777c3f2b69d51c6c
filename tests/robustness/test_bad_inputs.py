"""Issue 20: hundreds of bad inputs through `dateline ingest` in one run: no traceback, every
good report beside them lands, every error line names its input."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dateline import Store
from dateline.cli import main

from .inputs import build

pytestmark = pytest.mark.issue(20)


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad") / "inputs"
    bad, good = build(folder)
    db = str(folder.parent / "bad.duckdb")
    env = {"DATELINE_MAX_DOC_CHARS": "10000"}
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "--max-bytes", "2000000"], env=env)
    return folder, bad, good, db, result


def test_robustness_generator_builds_at_least_200_bad_inputs(bad_run):
    assert bad_run[1] >= 200


def test_robustness_bad_inputs_never_raise(bad_run):
    result = bad_run[4]
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def test_robustness_every_error_line_names_its_input(bad_run):
    folder, bad, _, _, result = bad_run
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert all(line.startswith(f"error: {folder}/") and len(line) > len(f"error: {folder}/x: ") for line in errors), errors
    # every bad input named (a WARC by file: a damaged record can leave a second one unreadable);
    # the WARC holding only requests is not counted as bad: it says "skipped 2: warc: request record"
    named = {line[len("error: "):].split(": ")[0].split(" record ")[0] for line in errors}
    assert len(named) == bad
    assert "skipped 2: warc: request record" in result.output


def test_robustness_no_good_report_is_lost(bad_run):
    _, _, good, db, result = bad_run
    with Store(db, read_only=True) as store:
        stored = {d.origin for d in store.documents()}
        texts = {d.origin: d.clean_text for d in store.documents()}
    assert sorted(set(good) - stored) == []
    assert f"failed" in result.output.splitlines()[-1]
    repaired = {o: t for o, t in texts.items() if o.endswith(("stray-byte.txt", "escapes.txt", "lines.jsonl:2", "lines.jsonl:3"))}
    assert "\x1b" not in "".join(repaired.values()) and "\ud800" not in "".join(repaired.values())
    assert "Sulawesi" in repaired[next(o for o in repaired if o.endswith("stray-byte.txt"))]
    members = texts[next(o for o in texts if o.endswith("members.txt.gz"))]
    assert "Athens" in members and "Ankara" in members  # both gzip members read


def test_robustness_bad_options_and_addresses_are_one_line_errors(tmp_path):
    runner, db = CliRunner(), str(tmp_path / "o.duckdb")
    table = tmp_path / "numbered.csv"
    table.write_text("2021-01-01,Kenya and Ethiopia signed a trade deal in Nairobi on Friday.\n")
    cases = [
        (["--text-col", "0", str(table)], f"{table}: column numbers start at 1, not 0 (--text-col)"),
        (["http://[::1"], "http://[::1: malformed URL (Invalid IPv6 URL)"),
        (["http://example.com:99999/"], "http://example.com:99999/: malformed URL"),
        (["ftp://example.com/a"], "ftp://example.com/a: only http and https URLs can be fetched"),
        (["http://100.100.100.200/latest/meta-data"], "internal address 100.100.100.200"),
        (["/dev/zero", "--max-bytes", "100000"], "/dev/zero: input is over the 100,000-byte limit (--max-bytes)"),
        ([str(tmp_path / "nothing-here")], "no such file, folder or URL"),
    ]
    (tmp_path / "empty").mkdir()
    cases.append(([str(tmp_path / "empty")], f"{tmp_path / 'empty'}: folder holds no files to read"))
    for args, message in cases:
        result = runner.invoke(main, ["ingest", *args, "--db", db])
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (args, result.output)
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and message in errors[0], (args, result.output)
    result = runner.invoke(main, ["ingest", "-", "--db", db, "--max-bytes", "1000"], input="x" * 5000)
    assert "error: <stdin>: input is over the 1,000-byte limit (--max-bytes)" in result.output


def test_robustness_show_and_docs_strip_terminal_escapes(tmp_path):
    from dateline import api
    from dateline.ingest import RawReport

    db = tmp_path / "esc.duckdb"
    text = ("Kenya and Ethiopia signed a \x1b]0;pwned\x07border trade agreement in Nairobi on Friday.\n\n"
            "The deal cuts tariffs on \x1b[2Jlivestock and coffee, officials said.")
    with Store(db) as store:
        api.ingest(store, [RawReport("esc.txt", text=text, title="Deal \x1b[31msigned")])
    runner = CliRunner()
    docs = runner.invoke(main, ["docs", "--db", str(db), "--format", "json"])
    doc_id = json.loads(docs.output)[0]["id"]
    shown = runner.invoke(main, ["show", doc_id, "--db", str(db)])
    for output in (docs.output, shown.output):
        assert "\x1b" not in output and "\x07" not in output
    assert "livestock and coffee" in shown.output
