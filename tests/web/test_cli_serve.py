"""`dateline serve`: refusals happen before a server starts, as one line and a non-zero exit."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from dateline.cli import main

pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install 'dateline[web]'")


def test_cli_serve_missing_store_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "absent.duckdb")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {tmp_path / 'absent.duckdb'}: no such database file "
                                                  "(ingest something first, or serve with --allow-write)"]


def test_cli_serve_refuses_writes_beyond_localhost_without_token(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "w.duckdb"), "--host", "0.0.0.0", "--allow-write"],
                                env={"DATELINE_TOKEN": ""})
    assert result.exit_code == 1 and "without --token" in result.output
    assert not (tmp_path / "w.duckdb").exists()


def test_cli_serve_help_has_an_example():
    assert "Example: dateline serve" in CliRunner().invoke(main, ["serve", "--help"]).output


def test_cli_optimize_puts_the_events_in_listing_order(web_corpus, tmp_path):
    import shutil

    from dateline.store import EventFilter, Store

    path = tmp_path / "copy.duckdb"
    shutil.copy(web_corpus[0], path)
    with Store(path) as store:
        listed = [e.id for e in store.events(EventFilter(status=None))]
        assert store.unordered_events() == len(listed)
    result = CliRunner().invoke(main, ["optimize", "--db", str(path)])
    assert result.exit_code == 0
    assert result.output.startswith(f"{path}: {len(listed)} events in listing order (")
    with Store(path) as store:
        assert store.unordered_events() == 0
        assert [e.id for e in store.events(EventFilter(status=None))] == listed


def test_web_app_says_when_events_need_optimize(web_corpus, tmp_path, monkeypatch, caplog):
    import shutil

    from dateline.store import Store
    from dateline.web import app, create_app

    path = tmp_path / "copy.duckdb"
    shutil.copy(web_corpus[0], path)
    monkeypatch.setattr(app, "UNORDERED_WARNING", 5)
    create_app(path).state.store.close()
    assert f"run `dateline optimize --db {path}`" in caplog.text
    caplog.clear()
    with Store(path) as store:
        store.optimize()
    create_app(path).state.store.close()
    assert "optimize" not in caplog.text
