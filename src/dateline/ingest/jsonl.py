"""JSON Lines: one report per line with ``text`` or ``html`` and optional url/title/published."""
from __future__ import annotations

import json
from typing import Iterator

from ..events.dates import parse_published
from ..errors import InputError
from .text import decode

_FIELDS = ("url", "title", "source")


def read_jsonl(origin: str, data: bytes) -> Iterator[dict | InputError]:
    try:
        body = decode(origin, data)
    except InputError as e:
        yield e
        return
    for number, line in enumerate(body.splitlines(), start=1):
        if line.strip():
            yield _record(f"{origin}:{number}", line)


def _record(where: str, line: str) -> dict | InputError:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        return InputError(where, f"malformed JSON ({e.msg} at column {e.colno})")
    if not isinstance(row, dict):
        return InputError(where, "a JSON object per line is expected")
    content = {k: row[k] for k in ("text", "html") if isinstance(row.get(k), str) and row[k].strip()}
    if not content:
        return InputError(where, "no 'text' or 'html' field with content")
    item: dict = {"origin": where, "input_format": "jsonl", **content}
    item.update({k: str(row[k]) for k in _FIELDS if row.get(k)})
    if row.get("published"):
        published = parse_published(str(row["published"]))
        if published is None:
            return InputError(where, f"unreadable 'published' date {row['published']!r}")
        item["published"] = published
    return item
