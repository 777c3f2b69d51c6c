"""A `dateline watch --once` killed mid-round (SIGKILL) and run again loses and duplicates nothing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline import api
from dateline.cli import main
from dateline.records import Tracker
from dateline.store import Store
from watch_server import FeedServer, article_page, rss

from test_link import load_reports

SRC = Path(__file__).resolve().parents[1] / "src"


def _watch_process(feed: str, db: str) -> subprocess.Popen:
    # one commit per report; the stalled page is waited for, so the round cannot end before the kill
    env = {**os.environ, "PYTHONPATH": str(SRC), "DATELINE_BATCH_SIZE": "1", "DATELINE_FETCH_TIMEOUT": "90"}
    return subprocess.Popen([sys.executable, "-m", "dateline.cli", "watch", feed, "--once", "--allow-private", "--db", db],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait_for_commit(wal: Path, deadline: float) -> None:
    """Until the write-ahead log changes: the first batch (or part of it) is committed. (Its size
    alone does not tell: a checkpoint after a large commit truncates it.)"""
    def state():
        return (wal.stat().st_size, wal.stat().st_mtime_ns) if wal.exists() else None
    start = state()
    while time.monotonic() < deadline and state() == start:
        time.sleep(0.05)
    time.sleep(0.3)


@pytest.mark.model
def test_watch_kill_mid_round_then_restart_loses_and_duplicates_nothing(tmp_path):
    site = FeedServer()
    reports = load_reports()[:8]
    urls = [site.publish(f"/news/{n}.html", article_page(f"{r['source']} report {n}", r["text"], r["published"]),
                         stall=60.0 if n == 7 else 0.0)  # the last stalls the first time: the round cannot end
            for n, r in enumerate(reports)]
    feed = site.publish("/feed.xml", rss("Wire", [(u, f"report {n}", r["published"]) for n, (u, r) in
                                                  enumerate(zip(urls, reports))]), "application/rss+xml")
    db = str(tmp_path / "watch.duckdb")
    with Store(db) as store:
        api.add_tracker(store, Tracker("dprk", "PRK", "MOBILIZE"))

    process = _watch_process(feed, db)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and sum(site.hits[f"/news/{n}.html"] for n in range(8)) < 8:
        time.sleep(0.2)
    # then kill it in the middle of the round (within 20 s: page 7 stalls for 60)
    _wait_for_commit(Path(db + ".wal"), min(deadline, time.monotonic() + 20))
    process.send_signal(signal.SIGKILL)
    process.wait()

    with Store(db) as store:
        taken_before = {url for url, in store.con.execute("SELECT url FROM watch_items WHERE state = 'taken'").fetchall()}
        stored_before = len(store.documents())
    assert urls[7] not in taken_before and stored_before <= 7

    # the restart runs in this process (the model is loaded once per test session)
    result = CliRunner().invoke(main, ["watch", feed, "--once", "--allow-private", "--db", db])
    assert result.exit_code == 0, result.output
    site.close()

    with Store(db) as store:
        documents = store.documents()
        sources = store.con.execute("SELECT doc_id, origin FROM document_sources").fetchall()
        items = dict(store.con.execute("SELECT url, state FROM watch_items").fetchall())
        alerts = store.alerts(tracker="dprk")
        events = api.tracked_events(store, "dprk")
        asserted = [e.id for e in store.events()]
        linked = store.linked_mention_ids(asserted)
    assert sorted(linked) == sorted(asserted)  # a report stored before the kill but not linked is linked now
    assert sorted(d.url for d in documents) == sorted(urls)  # every report once
    assert len(sources) == len(set(sources)) == 8
    assert items == dict.fromkeys(urls, "taken")
    # nothing taken before the kill was fetched again; the rest was fetched again once
    assert all(site.hits[u.removeprefix(site.base)] == 1 for u in taken_before)
    assert all(site.hits[u.removeprefix(site.base)] == 2 for u in set(urls) - taken_before - {urls[7]})
    new_events = [a for a in alerts if a.kind == "new-event"]
    assert len(new_events) == len(events) and len({a.id for a in alerts}) == len(alerts)
