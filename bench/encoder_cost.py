"""What the sentence encoder (``bench/_sentence_encoder.py``, all-MiniLM-L6-v2 in numpy) would cost
against spaCy's parse, in the same process and run (issue 21: a learned component at most 10% of
parse time).

Usage: python bench/encoder_cost.py CORPUS_DIR [--runs 3] [--limit 100]   (needs ``.[embed]``)

Per run: spaCy (``nlp.parse_many``) over the first ``--limit`` report files of CORPUS_DIR, CPU
seconds; then the encoder over every sentence of those reports (``contextual``), and the same
sentences reduced to the mean of the model's input word-piece vectors (``static``, no
transformer layers). CPU time (``time.process_time``) is what other jobs on a shared machine
inflate least. The last line is a JSON object with the medians and each cost as a share of the
parse.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def run_once(texts: list[str]) -> dict[str, float]:
    from dateline import nlp
    import _sentence_encoder as encoder

    model, static_model = encoder.load(), encoder.load_static()
    start = time.process_time()
    sentences = [s.text for doc in nlp.parse_many(texts) for s in doc.sents]
    parse = time.process_time() - start
    start = time.process_time()
    model.encode(sentences)
    contextual = time.process_time() - start
    start = time.process_time()
    static_model.encode(sentences)
    static = time.process_time() - start
    return {"parse_s": parse, "contextual_s": contextual, "static_s": static, "sentences": len(sentences)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=100)
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.iterdir() if p.is_file() and p.suffix != ".md")[:args.limit]
    if not files:
        raise SystemExit(f"{args.corpus}: no report files")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    from dateline import nlp

    list(nlp.parse_many(texts[:2]))  # model loads are not the parse's cost
    runs = [run_once(texts) for _ in range(args.runs)]
    for r in runs:
        print(json.dumps({k: round(v, 3) for k, v in r.items()}))
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(json.dumps({
        "reports": len(texts), "sentences": int(med["sentences"]), "runs": args.runs,
        "parse_s": round(med["parse_s"], 2), "contextual_s": round(med["contextual_s"], 2),
        "static_s": round(med["static_s"], 3),
        "contextual_sentences_per_s": round(med["sentences"] / med["contextual_s"], 1),
        "contextual_share_of_parse": round(statistics.median(r["contextual_s"] / r["parse_s"] for r in runs), 2),
        "static_share_of_parse": round(statistics.median(r["static_s"] / r["parse_s"] for r in runs), 4),
    }))


if __name__ == "__main__":
    main()
