"""What quote extraction adds to the pipeline's time, against spaCy parsing (nlp.pipe).

Usage: python bench/quotes_speed.py DIR [--runs N]    (DIR holds *.txt reports, e.g. corpora/bbc-politics)

Parses every report once per run with ``nlp.pipe`` (timed), then runs ``extract_quotes`` on the
parsed docs (timed, including actor resolution of speakers). Prints the medians over the runs;
the issue's budget is quote time <= 15% of the pipeline time (parsing dominates it).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv[1:])
    paths = sorted(args.dir.glob("*.txt"))
    if not paths:
        print(f"{args.dir}: no .txt reports here", file=sys.stderr)
        return 2

    from dateline import nlp
    from dateline.events import actors
    from dateline.events.quotes import extract_quotes
    from dateline.records import Analysis, Document, Quote

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    nlp.load()
    actors.actor_dictionary()  # loaded once per process, like the model: not per-document cost
    parse_times, quote_times, counts = [], [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        docs = list(nlp.parse_many(texts))
        parse_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        n = 0
        for i, (text, doc) in enumerate(zip(texts, docs)):
            records = extract_quotes(doc, Analysis(Document(id=str(i), clean_text=text)))
            n += sum(isinstance(r, Quote) and not r.scare for r in records)
        quote_times.append(time.perf_counter() - started)
        counts.append(n)
        print(f"run {len(quote_times)}: nlp.pipe {parse_times[-1]:.2f}s, quotes {quote_times[-1]:.2f}s", flush=True)
    parse_s, quote_s = statistics.median(parse_times), statistics.median(quote_times)
    result = {
        "n_docs": len(texts),
        "runs": args.runs,
        "parse_seconds": round(parse_s, 2),
        "quote_seconds": round(quote_s, 2),
        "quote_share_of_parse": round(quote_s / parse_s, 4),
        "statements": counts[0],
    }
    print(f"{len(texts)} reports: nlp.pipe {parse_s:.2f}s, quotes {quote_s:.2f}s "
          f"(+{100 * quote_s / parse_s:.1f}%), {counts[0]} statements")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
