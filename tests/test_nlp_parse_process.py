"""Issue 21: an ingest parses in another process while its own runs the stages; same store."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from dateline import Store, api, nlp, pipeline
from dateline.ingest import RawReport

FIXTURES = Path(__file__).parent / "fixtures"
LAUNCHES = FIXTURES / "launch_reports.jsonl"


def _reports_with_duplicates() -> list[RawReport]:
    """A long report and 16 launch reports, then one of them again and a near duplicate of the
    long one (batches of 4: both in the last batch, handed to the parsing process)."""
    rows = [json.loads(line) for line in LAUNCHES.open(encoding="utf-8")]
    long = "\n\n".join(r["text"] for r in rows[5:10])
    texts = [long] + [r["text"] for r in rows] + [rows[2]["text"], long + " The ministry gave no further details."]
    return [RawReport(f"launch-{i}.txt", text=text) for i, text in enumerate(texts)]


def test_ingest_parsing_process_stores_what_parsing_here_stores(tmp_path, monkeypatch):
    monkeypatch.setenv("DATELINE_BATCH_SIZE", "4")
    handed = []
    submit = nlp.ParseProcess.submit
    monkeypatch.setattr(nlp.ParseProcess, "submit", lambda self, texts: handed.append(len(texts)) or submit(self, texts))
    snapshots, lines = [], []
    for processes in (0, 1):
        with Store(tmp_path / f"p{processes}.duckdb") as store:
            summary = api.ingest(store, _reports_with_duplicates(), parse_processes=processes)
            snapshots.append(store.snapshot())
            lines.append(summary.line())
    assert lines[0] == "read 19, new 17, unchanged 1, near-duplicate 1, failed 0"
    assert lines[1] == lines[0]
    assert sum(handed) >= 12  # every batch after the first went to the parsing process
    assert snapshots[0] == snapshots[1]


@Language.component("fails_on_boom")
def _fails_on_boom(doc):
    if "boom" in doc.text:
        raise ValueError("cannot take this one")
    return doc


def test_nlp_parse_batch_keeps_the_texts_spacy_takes_and_names_why_it_failed_on_one():
    model = spacy.blank("en")
    model.add_pipe("fails_on_boom")
    results = nlp._parse_batch(model, ["The army said so.", "A boom was heard.", "Talks resumed."])
    assert [type(r) for r in results] == [bytes, str, bytes]
    assert "ValueError: cannot take this one" in results[1]
    assert nlp.from_bytes(results[2]).text == "Talks resumed."


def test_nlp_parse_process_killed_is_one_error_naming_it():
    parser = nlp.ParseProcess()
    try:
        parser.submit(["The army said on Monday that it had retaken the bridge."])
        os.kill(parser._process.pid, signal.SIGKILL)
        with pytest.raises(nlp.ParseError, match=r"spaCy parsing process: stopped with exit code -9"):
            list(parser.take(1))
    finally:
        parser.close(wait=False)


_ORPHAN = """
import os, signal
from dateline import nlp
parser = nlp.ParseProcess()
parser.submit(["The army said on Monday that it had retaken the bridge."])
print(parser._process.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_nlp_parse_process_ends_when_the_ingesting_process_is_killed():
    parent = subprocess.run([sys.executable, "-c", _ORPHAN], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert parent.returncode == -signal.SIGKILL
    child = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 60
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_pipeline_analyser_parses_a_document_not_handed_over_here():
    documents = [pipeline.prepare(api.RawReport("a.txt", text="The army said on Monday that it had retaken the bridge."))]
    with pipeline.Analyser(1) as analyser:
        parsing = analyser.parse_ahead([])
        (analysis,) = analyser.analyse(parsing, documents)
    assert [s.text for s in analysis.sentences] == ["The army said on Monday that it had retaken the bridge."]
