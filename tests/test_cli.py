import csv
import io
import json

import pytest
from click.testing import CliRunner

from dateline.cli import main


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.duckdb")


def _ingest(runner, db, *args, input=None):
    return runner.invoke(main, ["ingest", *args, "--db", db, "--quiet"], input=input)


def test_cli_ingest_folder_then_reingest_is_unchanged(runner, db, reports_dir):
    first = _ingest(runner, db, str(reports_dir))
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "read 4, new 4, unchanged 0, near-duplicate 0, failed 0"
    second = _ingest(runner, db, str(reports_dir))
    assert second.output.strip() == "read 4, new 0, unchanged 4, near-duplicate 0, failed 0"
    stats = json.loads(runner.invoke(main, ["stats", "--db", db, "--format", "json"]).output)
    rows = {r["table"]: r["rows"] for r in stats}
    assert rows["documents"] == 4
    assert 0 < rows["canonical_events"] <= rows["link_mentions"] <= rows["asserted_events"]


def test_cli_ingest_stdin_with_published_and_source(runner, db):
    text = "Kenya and Ethiopia signed a border trade agreement in Nairobi on Friday, officials said."
    result = runner.invoke(main, ["ingest", "-", "--db", db, "--published", "2023-03-10", "--source", "wire"], input=text)
    assert result.exit_code == 0, result.output
    docs = json.loads(runner.invoke(main, ["docs", "--db", db, "--format", "json"]).output)
    assert docs[0]["published"] == "2023-03-10"
    assert docs[0]["source"] == "wire"


def test_cli_show_prints_numbered_sentences(runner, db, seed_path):
    _ingest(runner, db, str(seed_path), "--published", "2021-10-19")
    doc_id = json.loads(runner.invoke(main, ["docs", "--db", db, "--format", "json"]).output)[0]["id"]
    shown = runner.invoke(main, ["show", doc_id, "--db", db])
    assert shown.exit_code == 0
    for junk in ("PA Images", "Your Voice", "Submit a report"):
        assert junk not in shown.output
    assert "[  0] North Korea fires ballistic missile into sea in latest weapons test" in shown.output
    assert "published 2021-10-19" in shown.output


def test_cli_show_unknown_id_is_one_line_error(runner, db):
    _ingest(runner, db, "-", input="Officials in Lima said on Monday that the strike had ended after talks.")
    result = runner.invoke(main, ["show", "ffffffffffff", "--db", db])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: ffffffffffff: no document or event with this id"


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        ("empty.txt", b"   \n\n", "empty input"),
        ("latin1.txt", "Le ministre a d\u00e9clar\u00e9 que la r\u00e9union aurait lieu \u00e0 Paris lundi prochain.".encode("cp1252"), None),
        ("bad.jsonl", b'{"text": "The court in Ankara jailed two journalists on Tuesday, lawyers said."}\n{not json}\n', "malformed JSON"),
        ("notext.jsonl", b'{"url": "https://x.example/a"}\n', "no 'text' or 'html'"),
    ],
)
def test_cli_bad_input_is_one_line_and_rest_ingests(runner, db, tmp_path, reports_dir, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    result = runner.invoke(main, ["ingest", str(bad), str(reports_dir / "ministers.html"), "--db", db])
    errors = [l for l in result.output.splitlines() if l.startswith("error:")]
    if reason is None:  # decodable by detection: no error
        assert result.exit_code == 0 and not errors
        return
    assert result.exit_code == 1
    assert len(errors) == 1 and str(bad) in errors[0] and reason in errors[0]
    assert "Traceback" not in result.output
    summary = next(l for l in result.output.splitlines() if l.startswith("read "))
    assert "failed 1" in summary
    docs = json.loads(runner.invoke(main, ["docs", "--db", db, "--format", "json"]).output)
    assert any(d["title"] == "Foreign ministers meet in Jakarta" for d in docs)


def test_cli_unreadable_path_is_reported(runner, db, tmp_path):
    result = runner.invoke(main, ["ingest", str(tmp_path / "missing.txt"), "--db", db])
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'missing.txt'}: no such file, folder or URL" in result.output


def test_cli_listing_formats(runner, db, reports_dir):
    _ingest(runner, db, str(reports_dir))
    as_csv = runner.invoke(main, ["docs", "--db", db, "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert len(rows) == 4 and set(rows[0]) >= {"id", "published", "title"}
    table = runner.invoke(main, ["docs", "--db", db]).output
    assert "Foreign ministers meet in Jakarta" in table
    for command in (["events"], ["quotes"], ["events", "--status", "all"]):
        out = runner.invoke(main, [*command, "--db", db, "--format", "json"])
        assert out.exit_code == 0
        assert isinstance(json.loads(out.output), list)


def test_cli_events_rejects_bad_date(runner, db, reports_dir):
    _ingest(runner, db, str(reports_dir))
    result = runner.invoke(main, ["events", "--db", db, "--since", "last tuesdayish"])
    assert result.exit_code == 2
    assert "is not a date" in result.output


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_cli_export(runner, db, tmp_path, reports_dir, fmt):
    _ingest(runner, db, str(reports_dir))
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(main, ["export", str(out), "--format", fmt, "--table", "documents", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote 4 documents rows to {out}"


def test_cli_every_command_has_help_with_example(runner):
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Example:" in (command.help or ""), f"{name} has no Example in its help"


def test_cli_reference_is_up_to_date():
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "gen_cli_docs.py"
    spec = importlib.util.spec_from_file_location("gen_cli_docs", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUT.read_text() == module.render(), "run scripts/gen_cli_docs.py to regenerate docs/cli.md"
