"""Timing a command in a fresh process, as a user runs it (ingest_speed.py, scale.py)."""
from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time


def timed(command: list[str], *, env: dict[str, str] | None = None) -> dict:
    """Run ``command``; its wall seconds, its own CPU seconds (user + system) and peak RSS (from
    wait4: this child and what it waited for, not other jobs), and what it printed.

    wait4's peak RSS is the largest of those processes, not their sum; ``tree_rss_mib`` is the
    peak of the summed RSS of the child and its descendants, sampled every 50 ms (what a command
    that starts helper processes, such as `dateline ingest`'s parsing process, holds at once)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        tree = _TreeRss(child.pid)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        tree.stop()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        printed, errors = out.read().decode(), err.read().decode()
    if child.returncode:
        raise SystemExit(f"{' '.join(command[:4])} ...: exit {child.returncode}\n{errors[-2000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
            "tree_rss_mib": max(tree.peak_kib / 1024, usage.ru_maxrss / 1024), "out": printed.strip()}


class _TreeRss:
    """Samples the summed VmRSS of a process and its descendants (Linux /proc) in a thread."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.peak_kib = 0
        self._pid, self._interval, self._done = pid, interval, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(self._interval):
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in _tree(self._pid)))


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:  # ended meanwhile, or not Linux
            continue
        for task in tasks:
            try:
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
            except OSError:
                pass
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
