"""Kill `dateline ingest` at many points, re-run it, and compare the store with a clean run's.

Usage: python bench/crash_resume.py CORPUS [--reports 40] [--batch-size 8] [--runs 20] [--seed 20]

CORPUS is a folder of plain-text reports (e.g. ../shared/data/corpora/bbc-politics); the first
``--reports`` files (sorted) are copied to a temporary folder. A clean run ingests them into one
store. Each of ``--runs`` runs ingests them into a fresh store and is stopped by SIGKILL, SIGTERM
or SIGINT (in turn): half of the runs exactly between a batch's commit and its linking (the
signal is sent from inside the process when linking starts), the other half at a random moment
of the run's work (imports excluded; drawn within the shorter of two clean runs). Then the same command runs again to completion, and the store's content (documents,
sources, events, quotes, places, canonical events, links: ``Store.snapshot``) is compared with
the clean run's. Prints one line per run and, last, a JSON object: runs, equal_runs, killed
(runs the signal stopped before the end: exit code -9 for SIGKILL, -15 for SIGTERM, 130 for
SIGINT, which `dateline ingest` turns into a clean stop), equal runs per signal and stopped runs
per signal. The children start with SIGINT and SIGTERM at their defaults, as a command run from a
terminal does, even when this script runs in the background.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dateline import Store

# Runs `dateline ingest FOLDER --db DB`; with KILL_BATCH set, sends KILL_SIGNAL to itself when the
# linking of that batch starts, i.e. after the batch's commit and before its links are written;
# with KILL_DELAY, that many seconds after the command starts (imports done).
_RUNNER = """
import os, signal, sys, threading, time
from dateline import api, cli
batch, name = int(os.environ.get("KILL_BATCH", "0")), os.environ.get("KILL_SIGNAL", "SIGKILL")
original, linked = api.link_analyses, [0]
def link_or_die(store, analyses):
    analyses = list(analyses)
    if analyses:
        linked[0] += 1
        if linked[0] == batch:
            os.kill(os.getpid(), getattr(signal, name))
    return original(store, analyses)
api.link_analyses = link_or_die
if os.environ.get("KILL_DELAY"):  # a random moment of the work itself, startup excluded
    timer = threading.Timer(float(os.environ["KILL_DELAY"]), os.kill, (os.getpid(), getattr(signal, name)))
    timer.daemon = True  # a run that ends first is not killed afterwards (and does not count as stopped)
    timer.start()
sys.argv = ["dateline", "ingest", sys.argv[1], "--db", sys.argv[2], "--quiet"]
start = time.monotonic()
try:
    cli.main()
finally:
    if os.environ.get("WORK_TIME_FILE"):
        open(os.environ["WORK_TIME_FILE"], "w").write(str(time.monotonic() - start))
"""
SIGNALS = ("SIGKILL", "SIGTERM", "SIGINT")


# Exit codes of a run each signal stopped: SIGKILL/SIGTERM end the process (-9/-15 from
# subprocess); SIGINT reaches `dateline ingest` as Ctrl-C and it exits 130 after closing the store.
STOPPED = {"SIGKILL": -signal.SIGKILL, "SIGTERM": -signal.SIGTERM, "SIGINT": 130}


def _default_signals() -> None:
    # A child inherits ignored signals: started from a shell script, `nohup` or a background job,
    # SIGINT arrives ignored and Python installs no KeyboardInterrupt handler, so the signal would
    # do nothing. An interactive Ctrl-C reaches a process whose SIGINT is at its default.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run(folder: Path, db: Path, env: dict) -> int:
    return subprocess.run([sys.executable, "-c", _RUNNER, str(folder), str(db)], env=env, preexec_fn=_default_signals,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "corpus"
        folder.mkdir()
        for path in sorted(p for p in args.corpus.iterdir() if p.is_file())[: args.reports]:
            shutil.copy(path, folder / path.name)
        env = {**os.environ, "DATELINE_BATCH_SIZE": str(args.batch_size)}
        clean_code = _run(folder, tmp / "clean.duckdb", {**env, "WORK_TIME_FILE": str(tmp / "work_seconds")})
        clean_seconds = float((tmp / "work_seconds").read_text())
        # the first run reads models from a cold disk cache; random moments are drawn within the
        # warm run's length so that they fall inside the work (a later run is as warm)
        _run(folder, tmp / "warm.duckdb", {**env, "WORK_TIME_FILE": str(tmp / "work_seconds")})
        clean_seconds = min(clean_seconds, float((tmp / "work_seconds").read_text()))
        if clean_code not in (0, 1):
            sys.exit(f"the clean run failed with exit code {clean_code}")
        with Store(tmp / "clean.duckdb", read_only=True) as store:
            expected = store.snapshot()
        batches = -(-len(expected["documents"]) // args.batch_size)
        results = []
        for i in range(args.runs):
            sig = SIGNALS[i % len(SIGNALS)]
            db = tmp / f"run{i}.duckdb"
            if i % 2 == 0:
                point = f"batch {i // 2 % batches + 1} commit|link"
                code = _run(folder, db, {**env, "KILL_BATCH": str(i // 2 % batches + 1), "KILL_SIGNAL": sig})
            else:
                after = rng.uniform(0.05, 0.8) * clean_seconds
                point = f"at {after:.1f} s"
                code = _run(folder, db, {**env, "KILL_DELAY": f"{after:.2f}", "KILL_SIGNAL": sig})
            killed = code == STOPPED[sig]
            _run(folder, db, env)
            with Store(db, read_only=True) as store:
                equal = store.snapshot() == expected
            results.append({"signal": sig, "point": point, "killed": killed, "equal": equal})
            print(f"run {i + 1:>2}: {sig:<7} {point:<24} exit {code:>4}  equal {equal}", flush=True)
    print(json.dumps({
        "runs": len(results), "equal_runs": sum(r["equal"] for r in results),
        "killed": sum(r["killed"] for r in results), "documents": len(expected["documents"]),
        "canonical_events": len(expected["canonical_events"]), "clean_seconds": round(clean_seconds, 1),
        "by_signal": {s: sum(r["equal"] for r in results if r["signal"] == s) for s in SIGNALS},
        "stopped_by_signal": {s: sum(r["killed"] for r in results if r["signal"] == s) for s in SIGNALS},
    }))


if __name__ == "__main__":
    main()
