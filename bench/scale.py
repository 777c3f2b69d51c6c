"""Single process vs Spark on a corpus replicated x1, x4, x16 (distinct document ids).

Usage: python bench/scale.py CORPUS_DIR [--factors 1 4 16] [--repeats 3] [--master local[2]]
                              [--sample N]   (only the first N files of the corpus)

Both paths run warm, in this process: the spaCy model is loaded and the Spark session and its
workers are started (and each worker's model loaded) before timing; session start-up is
printed separately. single = ``api.ingest_paths`` into a fresh DuckDB file; spark =
``spark.ingest`` into a fresh shard folder, then ``spark.load_shards`` into a fresh DuckDB
file. Medians over --repeats runs. CPU seconds are printed too (single: this process; Spark:
the sum over tasks, from the shards' manifests), since on a shared machine wall time is noisy.
The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dateline import api, nlp, spark
from dateline.store import Store


def main() -> None:
    args = _arguments()
    corpus = Path(args.corpus)
    # The copies differ by one line, so ingestion would store them once as near duplicates; the
    # benchmark measures throughput on distinct reports, so near-duplicate merging is off here
    # (the environment reaches Spark's local workers too).
    os.environ["DATELINE_NEAR_DUPLICATE_THRESHOLD"] = "1.0"
    originals = sorted(p for p in corpus.iterdir()
                       if p.is_file() and not p.name.startswith(".") and p.suffix.lower() != ".md")
    originals = originals[: args.sample or len(originals)]
    if not originals:
        sys.exit(f"{corpus}: no files to replicate")
    work = Path(tempfile.mkdtemp(prefix="dateline-scale-"))
    try:
        session, startup = _start(args.master, originals[0], work)
        print(f"spark session on {args.master}: started in {startup:.1f} s (not counted below)")
        runs = {}
        for factor in args.factors:
            folder = _replicate(originals, factor, work / f"x{factor}")
            runs[factor] = _time_both(folder, work, session, args.repeats)
            r = runs[factor]
            print(f"x{factor:<3} docs {r['docs']:>6}  single {r['single_s']:8.1f} s  spark {r['spark_s']:8.1f} s"
                  f"  speedup {r['single_s'] / r['spark_s']:.2f}  (cpu: single {r['single_cpu_s']:.1f} s,"
                  f" spark tasks {r['spark_task_cpu_s']:.1f} s)")
        session.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(_result(runs, args, startup)))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="folder of report files, e.g. ../shared/data/corpora/bbc-politics")
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--sample", type=int, default=None, help="use only the first N files of the corpus")
    return parser.parse_args()


def _start(master: str, sample: Path, work: Path):
    nlp.load()
    started = time.perf_counter()
    session = spark.session(master)
    startup = time.perf_counter() - started
    warm = _replicate([sample], 2 * session.sparkContext.defaultParallelism, work / "warm-up")
    spark.ingest([str(warm)], work / "warm-up-shards", spark=session, partitions=session.sparkContext.defaultParallelism)
    return session, startup


def _replicate(originals: list[Path], factor: int, folder: Path) -> Path:
    """``factor`` copies of every file, each with a closing line naming its copy (a distinct id)."""
    for copy in range(factor):
        target = folder / f"copy{copy:03d}"
        target.mkdir(parents=True)
        for path in originals:
            (target / path.name).write_bytes(path.read_bytes() + f"\n\n(Copy {copy} of this report.)\n".encode())
    return folder


def _time_both(folder: Path, work: Path, session, repeats: int) -> dict:
    single, parallel, single_cpu, spark_cpu, docs = [], [], [], [], set()
    for attempt in range(repeats):
        db = work / f"single-{attempt}.duckdb"
        started, cpu = time.perf_counter(), time.process_time()
        with Store(db) as store:
            summary = api.ingest_paths(store, [str(folder)])
            docs.add(store.stats()["documents"])
        single.append(time.perf_counter() - started)
        single_cpu.append(time.process_time() - cpu)
        db.unlink()

        shards, db = work / f"shards-{attempt}", work / f"spark-{attempt}.duckdb"
        started = time.perf_counter()
        spark.ingest([str(folder)], shards, spark=session)
        with Store(db) as store:
            spark.load_shards(store, shards)
            docs.add(store.stats()["documents"])
        parallel.append(time.perf_counter() - started)
        spark_cpu.append(sum(_manifest(shard).get("cpu_s", 0.0) for shard in spark.complete_shards(shards)))
        print(f"  {folder.name} run {attempt + 1}: single {single[-1]:.1f} s, spark {parallel[-1]:.1f} s", flush=True)
        shutil.rmtree(shards)
        db.unlink()
    if len(docs) != 1:
        raise SystemExit(f"{folder}: single and Spark stored different document counts {sorted(docs)}")
    return {"docs": docs.pop(), "failed": summary.failed, "single_s": statistics.median(single),
            "spark_s": statistics.median(parallel), "single_cpu_s": statistics.median(single_cpu),
            "spark_task_cpu_s": statistics.median(spark_cpu), "single_runs": single, "spark_runs": parallel}


def _manifest(shard: Path) -> dict:
    return json.loads((shard / spark.MANIFEST).read_text(encoding="utf-8"))


def _result(runs: dict, args: argparse.Namespace, startup: float) -> dict:
    small, large = runs[min(runs)], runs[max(runs)]
    return {
        "docs": large["docs"],
        "single_s": round(large["single_s"], 2),
        "spark_s": round(large["spark_s"], 2),
        "speedup": round(large["single_s"] / large["spark_s"], 3),
        "scaling": round(large["spark_s"] / small["spark_s"], 2),
        "single_scaling": round(large["single_s"] / small["single_s"], 2),
        "spark_startup_s": round(startup, 1),
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
