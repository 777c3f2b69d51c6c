"""The Spark path: same rows as one process, resumable after a kill, idempotent loading.

Spark tests share one local[2] session (starting one takes ~15 s) and skip, saying why, when
pyspark or Java is missing.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline import api, settings, spark
from dateline.cli import main
from dateline.store import TABLES, Store

FIXTURES = Path(__file__).parent / "fixtures" / "spark"
CORPUS = FIXTURES / "corpus"
SRC = Path(spark.__file__).resolve().parents[1]


def _missing_spark() -> str:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark not installed (pip install 'dateline[spark]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime for Spark (install Java 17)"
    return ""


needs_spark = pytest.mark.skipif(bool(_missing_spark()), reason=_missing_spark() or "Spark available")


@pytest.fixture(scope="session")
def spark_session():
    session = spark.session("local[2]")
    yield session
    session.stop()


def _set(monkeypatch: pytest.MonkeyPatch, name: str, value) -> None:
    monkeypatch.setitem(settings.SETTINGS, name, dataclasses.replace(settings.SETTINGS[name], default=value))


def _rows(store: Store) -> dict[str, list[str]]:
    """Every stored row as sorted JSON, ignoring the ingestion timestamp."""
    return {
        name: sorted(
            json.dumps({k: v for k, v in row.items() if k != "ingested_at"}, default=str, sort_keys=True)
            for row in store.arrow(name).to_pylist()
        )
        for name in TABLES
    }


@pytest.fixture(scope="module")
def corpus_shards(spark_session, tmp_path_factory):
    """The fixture corpus through Spark in two-file shards, its JSONL file split over tasks."""
    patch = pytest.MonkeyPatch()
    _set(patch, "spark_files_per_shard", 2)
    _set(patch, "spark_min_shards", 1)
    _set(patch, "spark_split_bytes", 1450)
    out = tmp_path_factory.mktemp("shards")
    try:
        summary = spark.ingest([str(CORPUS)], out, spark=spark_session)
    finally:
        patch.undo()
    return summary, out


@needs_spark
def test_spark_same_rows_as_single_process(corpus_shards):
    summary, out = corpus_shards
    with Store(":memory:") as single, Store(":memory:") as loaded:
        single_summary = api.ingest_paths(single, [str(CORPUS)])
        spark.load_shards(loaded, out)
        assert _rows(loaded) == _rows(single)
        assert loaded.stats()["documents"] == single_summary.new == 8
        assert loaded.stats()["sentences"] > 8 * 3
        assert _canonical(loaded) == _canonical(single) and _canonical(single)
    assert summary.failed == single_summary.failed == 1
    assert "blank-page.txt" in summary.errors[0]
    assert summary.shards > 4 and summary.skipped == 0


def _canonical(store: Store) -> list[tuple]:
    return [(c.id, c.type, c.actors, len(c.mentions), c.n_sources) for c in store.canonical_events()]


@needs_spark
def test_spark_load_twice_adds_nothing(corpus_shards, tmp_path):
    _, out = corpus_shards
    with Store(tmp_path / "store.duckdb") as store:
        first = spark.load_shards(store, out)
        before = _rows(store)
        second = spark.load_shards(store, out)
        assert _rows(store) == before
    assert (first.new, first.unchanged) == (8, 0)
    assert (second.new, second.unchanged) == (0, 8)


@needs_spark
def test_spark_report_in_two_shards_is_stored_once(corpus_shards, spark_session, tmp_path):
    _, out = corpus_shards
    copies = spark.ingest([str(FIXTURES / "copies")], tmp_path / "copies", spark=spark_session)
    with Store(":memory:") as store:
        spark.load_shards(store, out)
        again = spark.load_shards(store, tmp_path / "copies")
        origins = [d.origin for d in store.documents()]
    assert copies.documents == 1 and (again.new, again.unchanged) == (0, 1)
    assert not any("copy-of" in origin for origin in origins)


@needs_spark
def test_spark_rerun_skips_complete_shards(corpus_shards, spark_session, monkeypatch):
    summary, out = corpus_shards
    _set(monkeypatch, "spark_files_per_shard", 2)
    _set(monkeypatch, "spark_min_shards", 1)
    _set(monkeypatch, "spark_split_bytes", 1450)
    again = spark.ingest([str(CORPUS)], out, spark=spark_session)
    assert (again.shards, again.skipped, again.documents) == (summary.shards, summary.shards, summary.documents)


def _numbered_reports(folder: Path, copies: int) -> None:
    """Distinct reports (distinct ids) made from the fixture articles.

    Copy n > 0 of an article appends the article's paragraphs with their words reordered (a
    different order per copy), so no two reports are near duplicates, which ingest would store
    as one document with several sources.
    """
    folder.mkdir()
    articles = sorted(CORPUS.glob("*.txt"))
    for n in range(copies):
        for article in articles:
            text = article.read_text(encoding="utf-8")
            extra = "\n\n".join(_reordered(p.split(), n) for p in text.split("\n\n")) if n else ""
            (folder / f"{n:02d}-{article.name}").write_text(
                f"{text}\n\n{extra}\nThis is version {n} of the report, filed from the regional desk.\n",
                encoding="utf-8",
            )


def _reordered(words: list[str], n: int) -> str:
    """Words in an order whose 4-word shingles differ from the original's and each other's."""
    order = words[::-1] if n % 2 else [w for i in range(0, len(words), 2) for w in words[i : i + 2][::-1]]
    return " ".join(order[n // 2 :] + order[: n // 2])


_KILLABLE_RUN = """
import dataclasses, sys
from dateline import settings, spark
settings.SETTINGS["spark_files_per_shard"] = dataclasses.replace(settings.SETTINGS["spark_files_per_shard"], default=1)
spark.ingest([sys.argv[1]], sys.argv[2], master="local[2]")
"""


def _descendants(pid: int) -> list[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def _kill_tree(run: subprocess.Popen) -> None:
    """Kill the run like a power cut: driver, JVM, and PySpark's worker daemon, which puts itself
    in a process group of its own and would otherwise go on writing for a moment."""
    family = _descendants(run.pid)
    os.killpg(run.pid, signal.SIGKILL)
    for pid in family:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    run.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in family) and time.monotonic() < deadline:
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


@needs_spark
def test_spark_killed_run_resumes_to_clean_counts(spark_session, tmp_path, monkeypatch):
    inputs, resumed, clean = tmp_path / "in", tmp_path / "resumed", tmp_path / "clean"
    _numbered_reports(inputs, copies=3)
    total = len(list(inputs.iterdir()))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in [str(SRC), os.environ.get("PYTHONPATH")] if p)}
    run = subprocess.Popen([sys.executable, "-c", _KILLABLE_RUN, str(inputs), str(resumed)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 150
        while not spark.complete_shards(resumed) and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.05)
    finally:
        _kill_tree(run)
    done_before = len(spark.complete_shards(resumed))
    assert 0 < done_before < total, "the run should be killed part-way"
    for shard in spark.complete_shards(resumed):
        assert (shard / "documents.parquet").exists() and (shard / spark.MANIFEST).exists()

    _set(monkeypatch, "spark_files_per_shard", 1)
    again = spark.ingest([str(inputs)], resumed, spark=spark_session)
    spark.ingest([str(inputs)], clean, spark=spark_session)
    assert again.shards == total and again.skipped >= done_before
    assert not list(resumed.glob(".tmp-*"))
    with Store(":memory:") as after_kill, Store(":memory:") as after_clean:
        spark.load_shards(after_kill, resumed)
        spark.load_shards(after_clean, clean)
        assert after_kill.stats() == after_clean.stats()
        assert after_kill.stats()["documents"] == total


# -- without Spark ---------------------------------------------------------------------------------
def test_spark_units_group_files_and_split_large_ones(tmp_path, monkeypatch):
    _set(monkeypatch, "spark_files_per_shard", 2)
    _set(monkeypatch, "spark_min_shards", 1)
    _set(monkeypatch, "spark_split_bytes", 1450)
    units, errors = spark.plan_units([str(CORPUS), str(tmp_path / "missing")])
    assert [len(u.paths) for u in units if u.parts == 1] == [2, 2, 2]
    split = [u for u in units if u.parts > 1]
    assert {u.paths[0].endswith("briefs.jsonl") for u in split} == {True}
    assert [u.part for u in split] == list(range(split[0].parts))
    assert [e.reason for e in errors] == ["no such file or folder"]
    assert spark.plan_units([str(CORPUS)])[0] == spark.plan_units([str(CORPUS)])[0]


def test_spark_small_inputs_get_smaller_shards_to_keep_cores_busy(tmp_path, monkeypatch):
    for n in range(40):
        (tmp_path / f"report-{n:02d}.txt").write_text(f"Report {n} on the harbour strike talks.", encoding="utf-8")
    _set(monkeypatch, "spark_files_per_shard", 32)
    _set(monkeypatch, "spark_min_shards", 8)
    units, _ = spark.plan_units([str(tmp_path)])
    assert [len(u.paths) for u in units] == [5] * 8
    _set(monkeypatch, "spark_min_shards", 1)
    assert [len(u.paths) for u in spark.plan_units([str(tmp_path)])[0]] == [32, 8]


def test_spark_shard_name_follows_content(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("A report about talks.", encoding="utf-8")
    unit = spark.WorkUnit((str(report),))
    first = spark.shard_name(unit)
    assert first == spark.shard_name(unit) and first.startswith("report_txt-")
    report.write_text("A report about other talks.", encoding="utf-8")
    assert spark.shard_name(unit) != first


def test_spark_load_ignores_unfinished_shards(tmp_path):
    (tmp_path / ".tmp-report_txt-0123-abcd").mkdir()
    (tmp_path / ".tmp-report_txt-0123-abcd" / "documents.parquet").write_bytes(b"PAR1 cut short")
    (tmp_path / "no-manifest").mkdir()
    with Store(":memory:") as store:
        summary = spark.load_shards(store, tmp_path)
        assert store.stats()["documents"] == 0
    assert summary.shards == 0


def test_cli_load_reports_counts_and_is_idempotent(tmp_path):
    import pyarrow.parquet as pq

    shard = tmp_path / "shards" / "harbour"
    shard.mkdir(parents=True)
    with Store(":memory:") as memory:
        api.ingest_paths(memory, [str(CORPUS / "2024-05-21-harbour-strike.txt")])
        for name in TABLES:
            pq.write_table(memory.arrow(name), shard / f"{name}.parquet")
    (shard / spark.MANIFEST).write_text("{}", encoding="utf-8")
    db = str(tmp_path / "store.duckdb")
    runner = CliRunner()
    first = runner.invoke(main, ["load", str(tmp_path / "shards"), "--db", db])
    second = runner.invoke(main, ["load", str(tmp_path / "shards"), "--db", db])
    assert first.output.startswith("loaded 1 shards: new 1, unchanged 0, event mentions linked ")
    assert second.output == "loaded 1 shards: new 0, unchanged 1, event mentions linked 0\n"
    with Store(db, read_only=True) as store:
        assert store.stats()["sentences"] > 3


def test_cli_load_missing_folder_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["load", str(tmp_path / "nowhere"), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nowhere'}: no such folder of shards\n"


def test_cli_spark_ingest_missing_input_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["spark-ingest", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == (f"error: {tmp_path / 'nowhere'}: no such file or folder\n"
                             "shards 0 (0 written, 0 already complete), documents 0, failed 1\n")


def test_cli_spark_ingest_unusable_out_is_one_line(tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    out = tmp_path / "taken" / "shards"
    result = CliRunner().invoke(main, ["spark-ingest", str(CORPUS), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output == f"Error: {out}: cannot create the shard folder (Not a directory)\n"


@needs_spark
def test_spark_ingest_loading_during_the_job_stores_what_load_stores(corpus_shards, spark_session, tmp_path,
                                                                      monkeypatch):
    _, out = corpus_shards
    _set(monkeypatch, "spark_files_per_shard", 2)
    _set(monkeypatch, "spark_min_shards", 1)
    _set(monkeypatch, "spark_split_bytes", 1450)
    with Store(":memory:") as after, Store(":memory:") as during:
        spark.load_shards(after, out)
        summary = spark.ingest([str(CORPUS)], tmp_path / "shards", spark=spark_session, store=during)
        assert _rows(during) == _rows(after)
        assert _canonical(during) == _canonical(after)
    assert (summary.loaded.new, summary.loaded.shards) == (8, summary.shards)
    assert "loaded" in summary.line()


@needs_spark
def test_cli_spark_ingest_with_db_loads_the_shards(spark_session, tmp_path, monkeypatch):
    from functools import partial

    monkeypatch.setattr(spark, "ingest", partial(spark.ingest, spark=spark_session))  # the shared session
    db = tmp_path / "store.duckdb"
    result = CliRunner().invoke(main, ["spark-ingest", str(CORPUS / "2024-03-04-sahel-troops.txt"), "--out",
                                       str(tmp_path / "shards"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "loaded 1 shards: new 1" in result.output
    with Store(db) as store:
        assert store.stats()["documents"] == 1
