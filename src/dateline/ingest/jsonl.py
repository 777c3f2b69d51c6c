"""JSON Lines: one report per line, fields named by the column mapping (default ``text`` or
``html``, and optional ``url``, ``title``, ``source``, ``published``). A line without those
that a crawler wrote (news-please ``maintext``, Zyte ``articleBody``, ...) is read by
``crawler_json`` unless the columns were mapped by hand."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterator

from ..errors import InputError
from ..events.dates import parse_published, parse_published_time
from .crawler_json import crawler_record, is_crawler_record
from .dates import implausible_published
from .text import decode

if TYPE_CHECKING:
    from .readers import ReadOptions

_FIELDS = ("url", "title", "source")


def read_jsonl(origin: str, data: bytes, options: "ReadOptions | None" = None) -> Iterator[dict | InputError]:
    from .readers import ReadOptions

    options = options or ReadOptions()
    keys = options.columns()
    explicit = any(options.explicit(f) for f in ("text", "html"))
    try:
        body = decode(origin, data)
    except InputError as e:
        yield e
        return
    # "\n" only: str.splitlines() also splits at U+2028, U+0085 and others, which
    # json.dumps(ensure_ascii=False) leaves raw inside strings
    for number, line in enumerate(body.split("\n"), start=1):
        if line.strip():
            yield _record(f"{origin}:{number}", line, keys, explicit)


def _record(where: str, line: str, keys: dict[str, str], explicit: bool = False) -> dict | InputError:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        return InputError(where, f"malformed JSON ({e.msg} at column {e.colno})")
    except RecursionError:
        return InputError(where, "JSON nested too deeply")
    except ValueError as e:  # e.g. an integer over Python's digit limit
        return InputError(where, f"malformed JSON ({e})")
    if not isinstance(row, dict):
        return InputError(where, "a JSON object per line is expected")
    content = {f: row[keys[f]] for f in ("text", "html") if isinstance(row.get(keys[f]), str) and row[keys[f]].strip()}
    if not content and not explicit and is_crawler_record(row):  # news-please/Zyte lines: their own field names
        return crawler_record(where, row)
    if not content:
        return InputError(where, f"no {keys['text']!r} or {keys['html']!r} field with content")
    item: dict = {"origin": where, "input_format": "jsonl", **content}
    item.update({f: str(row[keys[f]]) for f in _FIELDS if row.get(keys[f])})
    if row.get(keys["published"]):
        published = parse_published(str(row[keys["published"]]))
        if published is None:
            return InputError(where, f"unreadable {keys['published']!r} date {row[keys['published']]!r}")
        if reason := implausible_published(published):
            return InputError(where, reason)
        item["published"] = published
        item["published_time"] = parse_published_time(str(row[keys["published"]]))
    return item
