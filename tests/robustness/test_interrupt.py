"""Issue 20: Ctrl-C (a real SIGINT) during `dateline ingest` stops it cleanly and a re-run finishes."""
from __future__ import annotations

import os
import signal

from click.testing import CliRunner

from dateline import Store, api
from dateline.cli import main


def test_sigint_between_commit_and_linking_stops_ingest_and_rerun_equals_clean_run(tmp_path, monkeypatch, reports_dir):
    runner = CliRunner()
    clean_db, cut_db = str(tmp_path / "clean.duckdb"), str(tmp_path / "cut.duckdb")
    assert runner.invoke(main, ["ingest", str(reports_dir), "--db", clean_db, "--quiet"]).exit_code == 0
    with Store(clean_db, read_only=True) as store:
        expected = store.snapshot()

    original = api.link_analyses

    def interrupted(store, analyses):
        analyses = list(analyses)
        if analyses:
            os.kill(os.getpid(), signal.SIGINT)  # the batch is committed, its linking not done
        return original(store, analyses)

    # started in the background, a process inherits SIGINT ignored; a terminal's Ctrl-C reaches
    # a process whose SIGINT raises KeyboardInterrupt
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with monkeypatch.context() as m:
            m.setattr(api, "link_analyses", interrupted)
            monkeypatch.setenv("DATELINE_BATCH_SIZE", "2")
            stopped = runner.invoke(main, ["ingest", str(reports_dir), "--db", cut_db, "--quiet"])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert stopped.exit_code == 130, stopped.output
    assert "interrupted: the batches committed so far stay; run the same command again" in stopped.output
    assert "Traceback" not in stopped.output
    with Store(cut_db, read_only=True) as store:
        assert 0 < store.stats()["documents"] and store.snapshot() != expected
    rerun = runner.invoke(main, ["ingest", str(reports_dir), "--db", cut_db, "--quiet"])
    assert rerun.exit_code == 0, rerun.output
    with Store(cut_db, read_only=True) as store:
        assert store.snapshot() == expected
