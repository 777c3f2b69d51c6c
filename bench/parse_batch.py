"""spaCy's ``nlp.pipe`` batch size, measured: CPU seconds and peak RSS of a fresh process per size.

Usage: python bench/parse_batch.py CORPUS_DIR [--sizes 8 16 32 64 128] [--docs 200] [--rounds 3]

Each round runs one fresh process per batch size, in turn (so the machine's load falls on every
size alike): it loads the pipeline (``nlp.load``) and parses the first ``--docs`` report files of
CORPUS_DIR (sorted; ``*.md`` left out) with ``nlp.pipe(batch_size=SIZE)``, timing the parse
alone in CPU seconds (``time.process_time``). Peak RSS is the process's own (start-up and model
included). The last line is a JSON object with each size's median CPU seconds and largest RSS.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

_PARSE = """
import json, resource, sys, time
from dateline import nlp
paths, size = json.loads(sys.argv[1]), int(sys.argv[2])
texts = [open(p, encoding="utf-8", errors="replace").read() for p in paths]
model = nlp.load()
start = time.process_time()
for _ in model.pipe(texts, batch_size=size):
    pass
print(json.dumps({"cpu_s": time.process_time() - start,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 16, 32, 64, 128])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus}: not a folder")
    paths = [str(p) for p in sorted(args.corpus.iterdir()) if p.is_file() and p.suffix != ".md"][: args.docs]
    runs: dict[int, list[dict]] = {size: [] for size in args.sizes}
    for i in range(args.rounds):
        for size in args.sizes:
            out = subprocess.run([sys.executable, "-c", _PARSE, json.dumps(paths), str(size)],
                                 capture_output=True, text=True, check=True).stdout
            runs[size].append(json.loads(out.strip().splitlines()[-1]))
            print(f"round {i + 1} batch {size}: cpu {runs[size][-1]['cpu_s']:.2f} s, "
                  f"rss {runs[size][-1]['rss_mib']:.0f} MiB", flush=True)
    result = {str(size): {"cpu_s": round(statistics.median(r["cpu_s"] for r in rs), 2),
                          "rss_mib": round(max(r["rss_mib"] for r in rs))} for size, rs in runs.items()}
    print(json.dumps({"docs": len(paths), "rounds": args.rounds, "by_batch_size": result,
                      "load_average_at_end": [round(x, 1) for x in os.getloadavg()]}))


if __name__ == "__main__":
    main()
