"""Cost of the event stage alone: nlp.pipe over a folder of .txt reports, then code_events over the
parsed docs. Usage: python bench/events_speed.py ../shared/data/corpora/bbc-politics [--runs 3]

Prints per-run timings and the median ratio (parse + events) / parse, then one JSON line. The
integrator's bench/ingest_speed.py measures the whole pipeline; this isolates our stage.
"""
from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

from dateline import nlp
from dateline.events.coder import code_events
from dateline.records import Analysis, Document


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/corpora/bbc-politics")
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))]
    if not texts:
        sys.exit(f"error: {folder}: no .txt files")
    nlp.load()
    parse_times, event_times, events = [], [], 0
    for run in range(runs):
        start = time.perf_counter()
        docs = list(nlp.parse_many(texts))
        parsed = time.perf_counter()
        events = 0
        for text, doc in zip(texts, docs):
            document = Document(id=Document.make_id(text), clean_text=text)
            analysis = Analysis(document, sentences=nlp.sentences(doc, document.id))
            events += sum(1 for r in code_events(doc, analysis) if type(r).__name__ == "Event")
        done = time.perf_counter()
        parse_times.append(parsed - start)
        event_times.append(done - parsed)
        print(f"run {run + 1}: parse {parsed - start:.2f}s, events {done - parsed:.2f}s, {events} events")
    parse, stage = statistics.median(parse_times), statistics.median(event_times)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"docs": len(texts), "parse_s": round(parse, 2), "events_s": round(stage, 2),
                      "rate_ratio": round(parse / (parse + stage), 3), "events": events,
                      "peak_rss_mb": round(rss)}))


if __name__ == "__main__":
    main()
