"""PETRARCH-2 validation sentences (silver CAMEO codings) compared at the PLOVER level.

Usage: python bench/events_petr2.py ../shared/data/petr2-validation/PETR2_GSR_validation.xml

Each <EventCoding> maps to a PLOVER type through the manual's Table 7.1 (CAMEO 01/02 codings are
dropped by PLOVER, so they are not gold events); actor and recipient are the first three letters
of sourcecode/targetcode. Same keys as events_gsr.py, with recall over the gold codings and
precision over the predicted events of every sentence. Ends with one JSON line.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _eventbench import Gold, norm, run  # noqa: E402

from dateline.errors import InputError  # noqa: E402
from dateline.events.dates import parse_published  # noqa: E402
from dateline.events.lexicon import plover_type  # noqa: E402

_SENTENCE = re.compile(r"<Sentence ([^>]*)/?>(.*?)</Sentence>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def load(path: Path) -> list[Gold]:
    if not path.is_file():
        raise InputError(str(path), "no such file")
    golds = []
    for attrs, body in _SENTENCE.findall(path.read_text(encoding="utf-8")):
        meta = dict(_ATTR.findall(attrs))
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if text is None:
            continue
        gold = Gold(meta.get("id", "?"), html.unescape(" ".join(text.group(1).split())),
                    parse_published(_iso(meta.get("date", ""))), [])
        for coding in re.findall(r"<EventCoding ([^>]*)/>", body):
            c = dict(_ATTR.findall(coding))
            type_ = plover_type(c.get("eventcode", ""))
            if type_ is None:
                continue
            gold.types.append(type_)
            gold.actors.append(norm([c.get("sourcecode", "")[:3]]))
            gold.recipients.append(norm([c.get("targetcode", "")[:3]]))
        golds.append(gold)
    return golds


def _iso(yyyymmdd: str) -> str | None:
    return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:8]}" if len(yyyymmdd) == 8 else None


def main() -> None:
    run(load, "../shared/data/petr2-validation/PETR2_GSR_validation.xml")


if __name__ == "__main__":
    main()
