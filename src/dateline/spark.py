"""Scale-out: the same pipeline on Apache Spark, writing Parquet shards that the store loads.

The driver lists the input files and groups them into work units; Spark schedules the units
over its executors, where each unit goes through ``api.ingest`` into a DuckDB store in memory,
exactly as ``dateline ingest`` runs (whatever ``STAGES`` holds). The spaCy model is cached per
Python worker (``nlp.load``) and Spark reuses workers, so each executor process loads it once.

Each unit becomes one shard: a folder with one Parquet file per store table, holding that
in-memory store's rows with the store's schema, plus ``_manifest.json``. A shard is
named by its first input and a hash of its inputs' paths and bytes (and the stage list); it
is written under a hidden temporary name and renamed when complete, so a killed run leaves
no partial shard visible and a rerun skips the shards already there. ``load_shards`` writes
shards into the DuckDB store through ``Store.write_tables``, skipping documents it holds, and
links their events into the store's canonical events as ``dateline ingest`` does.

Input paths must be readable at the same path on every executor (local disk in local mode,
a shared file system on a cluster). What this does not do: read stdin or URLs; split a file other
than by striding its reports (``spark_split_bytes``); see across shards what ``api.ingest``
looks for within one batch (a site's repeated lines): a shard is its own batch, so such
cleaning can differ from ``dateline ingest``'s. Near duplicates across shards are matched
when loading (``load_shards``), as ingest matches them against the store.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

import pyarrow as pa

from . import __version__, api, pipeline, settings
from .dedupe import DuplicateIndex
from .errors import DatelineError, InputError
from .ingest import read_inputs
from .records import Document, content_hash, from_dict
from .store import TABLES, Store

MANIFEST = "_manifest.json"
_TEMP_PREFIX = ".tmp-"


@dataclass(frozen=True, slots=True)
class WorkUnit:
    """Input files one Spark task turns into one shard.

    A file over ``spark_split_bytes`` is cut into ``parts`` units, each analysing every
    ``parts``-th report of it starting at ``part``, so one large JSONL or WARC uses many cores.
    """

    paths: tuple[str, ...]
    part: int = 0
    parts: int = 1


@dataclass(slots=True)
class SparkSummary:
    shards: int = 0
    skipped: int = 0
    documents: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    loaded: LoadSummary | None = None  # when the shards were loaded into a store during the job

    def line(self) -> str:
        text = (f"shards {self.shards} ({self.shards - self.skipped} written, {self.skipped} already complete), "
                f"documents {self.documents}, failed {self.failed}")
        return text + (f"; {self.loaded.line()}" if self.loaded else "")


@dataclass(slots=True)
class LoadSummary:
    shards: int = 0
    new: int = 0
    unchanged: int = 0
    linked: int = 0

    def line(self) -> str:
        return (f"loaded {self.shards} shards: new {self.new}, unchanged {self.unchanged}, "
                f"event mentions linked {self.linked}")


def ingest(
    inputs: Iterable[str],
    out: str | Path,
    *,
    master: str = "local[2]",
    partitions: int | None = None,
    spark: Any = None,
    on_error: Callable[[str], None] | None = None,
    store: Store | None = None,
) -> SparkSummary:
    """Analyse ``inputs`` (files, folders, globs) on Spark and write shards under ``out``.

    ``spark`` is a running SparkSession to reuse; without one a session on ``master`` is
    started and stopped. Errors (a bad input, a document that fails) are counted and passed
    to ``on_error`` as one line each; the rest goes on.

    With ``store``, every complete shard under ``out`` is loaded into it, as ``load_shards``
    after the job would, this run's in their planned order, but each as soon as it and those
    planned before it are written: the driver waits on the job anyway, and loading no longer
    adds its time (nor another process's start-up) after the last task.
    """
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(str(out), f"cannot create the shard folder ({e.strerror or e})") from e
    _remove_stale_temporaries(out)
    units, errors = plan_units(inputs)
    summary = SparkSummary(failed=len(errors), errors=[str(e) for e in errors])
    loader = _ShardLoader(store) if store is not None else None
    if units:
        own_session = spark is None
        spark = spark or session(master)
        try:
            manifests = _run(spark.sparkContext, units, out, partitions or len(units), loader)
        finally:
            if own_session:
                spark.stop()
        for manifest in manifests:
            summary.shards += 1
            summary.skipped += manifest["skipped"]
            summary.documents += manifest["documents"]
            summary.failed += len(manifest["errors"])
            summary.errors += manifest["errors"]
    if loader is not None:
        for shard in complete_shards(out):  # this run's shards not loaded yet, and earlier runs'
            loader.load(shard)
        summary.loaded = loader.summary
    if on_error:
        for line in summary.errors:
            on_error(line)
    return summary


def session(master: str = "local[2]"):
    """A SparkSession on ``master`` with what PySpark needs set from the running interpreter."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise DatelineError("spark", "pyspark is not installed: pip install 'dateline[spark]'") from e
    _set_environment(master)
    builder = (
        SparkSession.builder.master(master).appName("dateline")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")  # keeps each worker's spaCy model loaded
    )
    try:
        spark = builder.getOrCreate()
    except Exception as e:  # Java missing or the master unreachable: one line, not a JVM trace
        raise DatelineError("spark", f"cannot start Spark on {master} ({_error_line(e)}); is Java 17+ installed?") from e
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _set_environment(master: str) -> None:
    if master.startswith("local"):
        # Local workers are forked by the JVM: give them this interpreter and this package's
        # source, so they run the code the driver runs. A cluster is told in its own config.
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
        package_root = str(Path(__file__).resolve().parents[1])
        paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        if package_root not in paths:
            os.environ["PYTHONPATH"] = os.pathsep.join([package_root, *paths])
    else:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


def _run(context, units: list[WorkUnit], out: Path, partitions: int, loader: _ShardLoader | None = None
         ) -> list[dict[str, Any]]:
    rdd = context.parallelize(list(enumerate(units)), numSlices=min(partitions, len(units)))
    job = rdd.mapPartitions(partial(_run_partition, out=str(out.resolve()))).collect
    try:
        if loader is None:
            return job()
        with ThreadPoolExecutor(max_workers=1) as pool:  # the driver only waits on a running job
            running = pool.submit(job)
            _load_while_running(loader, [out / shard_name(unit) for unit in units], running)
            return running.result()
    except Exception as e:  # a task failed past Spark's retries: the job is over
        raise DatelineError(str(out), f"Spark job failed ({_error_line(e)})") from e


def _load_while_running(loader: _ShardLoader, planned: list[Path], running: Future) -> None:
    """Load the planned shards in order, each once it and those before it are complete."""
    done = 0
    while True:
        while done < len(planned) and (planned[done] / MANIFEST).exists():
            loader.load(planned[done])
            done += 1
        if running.done():
            return
        wait([running], timeout=0.2)


def _error_line(error: Exception) -> str:
    """The Python error inside a JVM trace when there is one, else the first line."""
    lines = str(error).strip().splitlines()
    python_errors = [line for line in lines if re.match(r"^\w+(Error|Exception): ", line)]
    if python_errors:
        return python_errors[-1]
    return lines[0] if lines else type(error).__name__


# -- planning (driver) ---------------------------------------------------------------------------
def plan_units(inputs: Iterable[str]) -> tuple[list[WorkUnit], list[InputError]]:
    """Group input files into work units, in a stable order so a rerun finds the same shards."""
    files, errors = _list_files(inputs)
    split_bytes = settings.get("spark_split_bytes")
    # Large shards spread each task's fixed cost (a store, Parquet files, a load step) over
    # more reports; small inputs still get enough tasks to keep every core busy.
    whole_files = sum(1 for _, size in files if size <= split_bytes)
    per_shard = max(1, min(settings.get("spark_files_per_shard"), -(-whole_files // settings.get("spark_min_shards"))))
    units: list[WorkUnit] = []
    group: list[str] = []
    for path, size in files:
        if size > split_bytes:
            parts = -(-size // split_bytes)
            units += [WorkUnit((path,), part, parts) for part in range(parts)]
            continue
        group.append(path)
        if len(group) == per_shard:
            units.append(WorkUnit(tuple(group)))
            group = []
    if group:
        units.append(WorkUnit(tuple(group)))
    return units, errors


def _list_files(inputs: Iterable[str]) -> tuple[list[tuple[str, int]], list[InputError]]:
    files: dict[str, int] = {}
    errors: list[InputError] = []
    for name in inputs:
        if name == "-":
            errors.append(InputError("<stdin>", "Spark executors cannot read stdin; use dateline ingest"))
            continue
        matches = sorted(glob.glob(name)) if glob.has_magic(name) else [name]
        if not matches:
            errors.append(InputError(name, "no file matches this pattern"))
        for match in matches:
            if os.path.exists(match):
                files.update(_walk(match))
            else:
                errors.append(InputError(match, "no such file or folder"))
    return list(files.items()), errors


def _walk(name: str) -> Iterator[tuple[str, int]]:
    """Files under ``name`` in the order ``read_inputs`` reads them (hidden ones skipped)."""
    if os.path.isfile(name):
        yield name, os.path.getsize(name)
        return
    for root, dirs, files in os.walk(name):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith("."):
                path = os.path.join(root, file)
                yield path, os.path.getsize(path)


# -- one unit (executor) -------------------------------------------------------------------------
def _run_partition(units: Iterable[tuple[int, WorkUnit]], out: str) -> Iterator[dict[str, Any]]:
    for order, unit in units:
        yield _run_unit(unit, order, Path(out))


def _run_unit(unit: WorkUnit, order: int, out: Path) -> dict[str, Any]:
    name = shard_name(unit)
    final = out / name
    if (final / MANIFEST).exists():
        return {**json.loads((final / MANIFEST).read_text(encoding="utf-8")), "skipped": True}
    started = time.process_time()
    tables, errors = _ingest_unit(unit)
    manifest = {"shard": name, "order": order, "inputs": list(unit.paths), "part": unit.part,
                "parts": unit.parts, "documents": tables["documents"].num_rows, "errors": errors,
                "cpu_s": round(time.process_time() - started, 3)}
    _write_shard(out, name, tables, manifest)
    return {**manifest, "skipped": False}


def shard_name(unit: WorkUnit) -> str:
    """First input's name, then a hash of the inputs' paths and bytes and of the pipeline's stages."""
    digests = [(path, _file_digest(path)) for path in unit.paths]
    digest = content_hash(__version__, list(pipeline.STAGES), digests, unit.part, unit.parts)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(unit.paths[0]).name)[:40]
    part = f"-part{unit.part}of{unit.parts}" if unit.parts > 1 else ""
    return f"{stem}{part}-{digest}"


def _file_digest(path: str) -> str:
    sha = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                sha.update(chunk)
    except OSError as e:
        return f"unreadable: {e.strerror or e}"  # read_inputs reports it as an InputError
    return sha.hexdigest()


def _ingest_unit(unit: WorkUnit) -> tuple[dict, list[str]]:
    """The unit's reports through ``api.ingest`` into a store in memory: its tables, its errors.

    Going through the same ingest call as ``dateline ingest`` keeps one definition of cleaning,
    deduplication and the stages, and the store's own schema.
    """
    reports = chain.from_iterable(islice(read_inputs([path]), unit.part, None, unit.parts) for path in unit.paths)
    with Store(":memory:") as store:
        # links are made where shards are loaded; a task has its core: no parsing process beside it
        summary = api.ingest(store, reports, link=False, parse_processes=0)
        tables = {name: store.arrow(name) for name in TABLES}
    return tables, [str(e) for e in summary.errors]


def _write_shard(out: Path, name: str, tables: dict, manifest: dict[str, Any]) -> None:
    import pyarrow.parquet as pq

    temporary = out / f"{_TEMP_PREFIX}{name}-{uuid.uuid4().hex[:8]}"
    temporary.mkdir()
    for table_name, table in tables.items():
        pq.write_table(table, temporary / f"{table_name}.parquet")
    (temporary / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    try:
        os.rename(temporary, out / name)
    except OSError:  # a concurrent attempt of the same task finished first: same content
        shutil.rmtree(temporary, ignore_errors=True)


def _remove_stale_temporaries(out: Path) -> None:
    """Temporary folders left by a killed run (one run per output folder at a time)."""
    for path in out.glob(f"{_TEMP_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)


# -- loading -------------------------------------------------------------------------------------
def complete_shards(out: str | Path) -> list[Path]:
    """Shard folders that finished writing (temporaries are hidden), in the order their inputs
    were planned, so a report found twice keeps the same copy as ``dateline ingest`` keeps."""
    manifests = [p for p in Path(out).glob(f"*/{MANIFEST}") if not p.parent.name.startswith(".")]
    return [p.parent for p in sorted(manifests, key=lambda p: (_planned_order(p), p.parent.name))]


def _planned_order(manifest: Path) -> int:
    return json.loads(manifest.read_text(encoding="utf-8")).get("order", 0)


def load_shards(store: Store, out: str | Path) -> LoadSummary:
    """Load every complete shard into ``store``, one transaction each; reloading adds nothing."""
    if not Path(out).is_dir():
        raise InputError(str(out), "no such folder of shards")
    loader = _ShardLoader(store)
    for shard in complete_shards(out):
        loader.load(shard)
    return loader.summary


class _ShardLoader:
    """Loads shards into one store, one transaction each, each shard once."""

    def __init__(self, store: Store):
        self.store = store
        self.index = DuplicateIndex(store)
        self.summary = LoadSummary()
        self.loaded: set[Path] = set()

    def load(self, shard: Path) -> None:
        import pyarrow.parquet as pq

        if shard in self.loaded:
            return
        self.loaded.add(shard)
        tables = {p.stem: pq.read_table(p) for p in sorted(shard.glob("*.parquet"))}
        tables, duplicates = _without_near_duplicates(self.index, tables)
        new = self.store.write_tables(tables)
        self.store.add_sources(duplicates)
        self.index.persist()
        self.summary.linked += api.link_tables(self.store, tables)
        self.summary.shards += 1
        self.summary.new += new
        self.summary.unchanged += tables["documents"].num_rows - new + len(duplicates)


def _without_near_duplicates(index: DuplicateIndex, tables: dict[str, pa.Table]):
    """Drop documents that near-duplicate one stored or loaded earlier (shards are deduplicated
    only within themselves); they become sources of that document, as in a single-process run."""
    import pyarrow.compute as pc

    duplicates = []
    rows = tables["documents"].to_pylist()
    index.look_up((row["id"], row["clean_text"]) for row in rows)
    for row in rows:
        match = index.match(row["id"], row["clean_text"])
        if match is None:
            index.add(row["id"], row["clean_text"])
        elif match[0] != row["id"]:
            duplicates.append((match[0], from_dict(Document, row), match[1]))
    if not duplicates:
        return tables, []
    dropped = pa.array([d.id for _, d, _ in duplicates], pa.string())
    kept = {}
    for name, table in tables.items():
        column = "id" if name == "documents" else "doc_id"
        kept[name] = table.filter(pc.invert(pc.is_in(table.column(column), value_set=dropped)))
    return kept, duplicates
