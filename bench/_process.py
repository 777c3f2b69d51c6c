"""Timing a command in a fresh process, as a user runs it (ingest_speed.py, scale.py)."""
from __future__ import annotations

import os
import subprocess
import tempfile
import time


def timed(command: list[str], *, env: dict[str, str] | None = None) -> dict:
    """Run ``command``; its wall seconds, its own CPU seconds (user + system) and peak RSS (from
    wait4: this child and what it waited for, not other jobs), and what it printed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        printed, errors = out.read().decode(), err.read().decode()
    if child.returncode:
        raise SystemExit(f"{' '.join(command[:4])} ...: exit {child.returncode}\n{errors[-2000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
            "out": printed.strip()}
