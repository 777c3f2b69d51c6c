"""Single process vs Spark on a corpus replicated x1, x4, x16 (distinct document ids), cold.

Usage: python bench/scale.py CORPUS_DIR [--factors 1 4 16] [--repeats 3] [--master local[2]]
                              [--sample N]   (only the first N files of the corpus)

What a user waits for, each in fresh processes with nothing warmed up: single =
``dateline ingest FOLDER`` into a new DuckDB file; Spark = ``dateline spark-ingest FOLDER --out
SHARDS`` (Spark session start-up, worker start-up and their model loads included), then
``dateline load SHARDS`` into a new DuckDB file.
Medians over --repeats runs. CPU seconds are printed too, since on a shared machine wall time
is noisy: single, the process; Spark, the sum over tasks (from the shards' manifests) and
spark-ingest's and load's own, with the children they waited for. The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from dateline import spark
from dateline.store import Store

from _process import timed


def main() -> None:
    args = _arguments()
    corpus = Path(args.corpus)
    originals = sorted(p for p in corpus.iterdir()
                       if p.is_file() and not p.name.startswith(".") and p.suffix.lower() != ".md")
    originals = originals[: args.sample or len(originals)]
    if not originals:
        sys.exit(f"{corpus}: no files to replicate")
    work = Path(tempfile.mkdtemp(prefix="dateline-scale-"))
    try:
        runs = {}
        for factor in args.factors:
            folder = _replicate(originals, factor, work / f"x{factor}")
            runs[factor] = _time_both(folder, work, args.master, args.repeats)
            r = runs[factor]
            print(f"x{factor:<3} docs {r['docs']:>6}  single {r['single_s']:8.1f} s  spark {r['spark_s']:8.1f} s"
                  f"  speedup {r['single_s'] / r['spark_s']:.2f}  (cpu: single {r['single_cpu_s']:.1f} s,"
                  f" spark tasks {r['spark_task_cpu_s']:.1f} s, spark-ingest + load and children {r['spark_process_cpu_s']:.1f} s)", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(_result(runs, args)))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="folder of report files, e.g. ../shared/data/corpora/bbc-politics")
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--sample", type=int, default=None, help="use only the first N files of the corpus")
    return parser.parse_args()


def _dateline(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "dateline.cli", *arguments]


def _replicate(originals: list[Path], factor: int, folder: Path) -> Path:
    """``factor`` copies of every file, each with a closing line naming its copy (a distinct id)."""
    for copy in range(factor):
        target = folder / f"copy{copy:03d}"
        target.mkdir(parents=True)
        for path in originals:
            (target / path.name).write_bytes(path.read_bytes() + f"\n\n(Copy {copy} of this report.)\n".encode())
    return folder


def _time_both(folder: Path, work: Path, master: str, repeats: int) -> dict:
    # The copies differ by one line, so ingestion would store them once as near duplicates; the
    # benchmark measures throughput on distinct reports, so near-duplicate merging is off here
    # (the environment reaches Spark's local workers too).
    env = {**os.environ, "DATELINE_NEAR_DUPLICATE_THRESHOLD": "1.0"}
    single, parallel, single_cpu, spark_cpu, spark_process_cpu, docs = [], [], [], [], [], set()
    for attempt in range(repeats):
        db = work / f"single-{attempt}.duckdb"
        run = timed(_dateline("ingest", str(folder), "--db", str(db), "--quiet"), env=env)
        single.append(run["wall_s"])
        single_cpu.append(run["cpu_s"])
        docs.add(_documents(db))
        db.unlink()

        shards, db = work / f"shards-{attempt}", work / f"spark-{attempt}.duckdb"
        # loading after the job: `spark-ingest --db` (loading during it) was slower on 2 cores
        job = timed(_dateline("spark-ingest", str(folder), "--out", str(shards), "--master", master, "--quiet"), env=env)
        load = timed(_dateline("load", str(shards), "--db", str(db)), env=env)
        parallel.append(job["wall_s"] + load["wall_s"])
        spark_process_cpu.append(job["cpu_s"] + load["cpu_s"])
        docs.add(_documents(db))
        spark_cpu.append(sum(_manifest(shard).get("cpu_s", 0.0) for shard in spark.complete_shards(shards)))
        print(f"  {folder.name} run {attempt + 1}: single {single[-1]:.1f} s, spark {parallel[-1]:.1f} s", flush=True)
        shutil.rmtree(shards)
        db.unlink()
    if len(docs) != 1:
        raise SystemExit(f"{folder}: single and Spark stored different document counts {sorted(docs)}")
    return {"docs": docs.pop(), "single_s": statistics.median(single),
            "spark_s": statistics.median(parallel), "single_cpu_s": statistics.median(single_cpu),
            "spark_task_cpu_s": statistics.median(spark_cpu),
            "spark_process_cpu_s": statistics.median(spark_process_cpu), "single_runs": single, "spark_runs": parallel}


def _documents(db: Path) -> int:
    with Store(db) as store:
        return store.stats()["documents"]


def _manifest(shard: Path) -> dict:
    return json.loads((shard / spark.MANIFEST).read_text(encoding="utf-8"))


def _result(runs: dict, args: argparse.Namespace) -> dict:
    small, large = runs[min(runs)], runs[max(runs)]
    return {
        "docs": large["docs"],
        "single_s": round(large["single_s"], 2),
        "spark_s": round(large["spark_s"], 2),
        "speedup": round(large["single_s"] / large["spark_s"], 3),
        "scaling": round(large["spark_s"] / small["spark_s"], 2),
        "single_scaling": round(large["single_s"] / small["single_s"], 2),
        "cold": True,
        "master": args.master,
        "corpus_files": args.sample or "all",
        "repeats": args.repeats,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
        "runs": {f"x{k}": {n: (round(v, 2) if isinstance(v, float) else v) for n, v in r.items() if not n.endswith("_runs")}
                 for k, r in runs.items()},
    }


if __name__ == "__main__":
    main()
