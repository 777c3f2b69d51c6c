"""Ingest throughput as a user gets it (`dateline ingest`, cold) vs bare spaCy, in the same run.

Usage: python bench/ingest_speed.py CORPUS_DIR [--runs 3] [--stages sentences,places]

CORPUS_DIR holds report files (e.g. ../shared/data/corpora/bbc-politics; ``*.md`` files are left
out). Each run times two fresh processes, one after the other:

- ingest: ``dateline ingest CORPUS_DIR --exclude '*.md' --db NEW.duckdb --quiet``, end to end
  (start-up, model and dictionary loads, reading, cleaning, deduplication, parsing, every
  stage, linking, writing);
- bare spaCy: a process that loads the same spaCy pipeline (``nlp.load``) and runs ``nlp.pipe``
  over the clean texts the ingest stored, start-up included.

ratio = bare seconds / ingest seconds (wall, same run); cpu_ratio is the same with each
process's CPU time (user + system, its parsing process's included), which other jobs on a shared
machine inflate much less. Peak RSS is the ingest's: the summed RSS of `dateline ingest` and its
parsing process (``settings parse_processes``), sampled every 50 ms; ``largest_process_rss_mib``
is the larger of the two alone. Both sides parse with ``nlp.pipe(batch_size=settings
parse_batch_size)``, the size bench/parse_batch.py found fastest in one process; the bare side is
one process, the ingest parses its first batch itself and the rest in its parsing process while
it runs the stages. The last line is a JSON object with the medians.

``--stages`` keeps only the named pipeline stages (``DATELINE_STAGES``, read by the CLI run
here through a small wrapper) to measure e.g. the foundation alone.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from _process import timed

# Runs `dateline ingest` with only some stages: the bench's --stages; the CLI has no such option.
_INGEST = """
import sys
from dateline import pipeline
keep = sys.argv.pop(1)
if keep:
    for name in [n for n in pipeline.STAGES if n not in keep.split(",")]:
        del pipeline.STAGES[name]
from dateline.cli import main
main(prog_name="dateline")
"""

_BARE = """
import json, sys
from dateline import nlp
texts = json.load(open(sys.argv[1], encoding="utf-8"))
for _ in nlp.parse_many(texts):
    pass
"""


def _clean_texts(db: Path) -> list[str]:
    from dateline.store import Store

    with Store(db) as store:
        return [d.clean_text for d in store.documents()]


def _one_run(corpus: Path, stages: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        ingest = timed([sys.executable, "-c", _INGEST, stages, "ingest", str(corpus), "--exclude", "*.md",
                         "--db", str(db), "--quiet"])
        texts = _clean_texts(db)
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        bare = timed([sys.executable, "-c", _BARE, str(texts_file)])
    words = sum(len(t.split()) for t in texts)
    return {
        "docs": len(texts), "words": words, "summary": ingest["out"],
        "ingest_s": ingest["wall_s"], "spacy_s": bare["wall_s"],
        "ingest_cpu_s": ingest["cpu_s"], "spacy_cpu_s": bare["cpu_s"],
        "docs_per_s": len(texts) / ingest["wall_s"], "words_per_s": words / ingest["wall_s"],
        "spacy_words_per_s": words / bare["wall_s"], "ratio": bare["wall_s"] / ingest["wall_s"],
        "cpu_ratio": bare["cpu_s"] / ingest["cpu_s"], "peak_rss_mib": ingest["tree_rss_mib"],
        "largest_process_rss_mib": ingest["rss_mib"],
        "spacy_rss_mib": bare["rss_mib"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stages", default="", help="comma-separated pipeline stages to keep (default: all), "
                        "e.g. 'sentences' for the foundation alone")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus}: not a folder")
    runs = []
    for i in range(args.runs):
        run = _one_run(args.corpus, args.stages)
        runs.append(run)
        print(f"run {i + 1}: {run['docs']} docs, {run['words']} words, ingest {run['ingest_s']:.2f} s "
              f"(cpu {run['ingest_cpu_s']:.2f}), bare spaCy {run['spacy_s']:.2f} s (cpu {run['spacy_cpu_s']:.2f}), "
              f"ratio {run['ratio']:.3f}, cpu ratio {run['cpu_ratio']:.3f}, rss {run['peak_rss_mib']:.0f} MiB "
              f"[{run['summary']}]", flush=True)
    keys = ("docs_per_s", "words_per_s", "spacy_words_per_s", "ratio", "cpu_ratio", "ingest_s", "spacy_s",
            "ingest_cpu_s", "spacy_cpu_s")
    result = {k: round(statistics.median(r[k] for r in runs), 3) for k in keys}
    result.update(docs=runs[0]["docs"], runs=args.runs, stages=args.stages or "all",
                  peak_rss_mib=round(max(r["peak_rss_mib"] for r in runs), 1),
                  largest_process_rss_mib=round(max(r["largest_process_rss_mib"] for r in runs), 1),
                  spacy_rss_mib=round(max(r["spacy_rss_mib"] for r in runs), 1),
                  load_average_at_end=[round(x, 1) for x in os.getloadavg()])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
