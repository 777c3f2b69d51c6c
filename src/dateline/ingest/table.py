"""CSV/TSV exports -> reports through a column mapping; URL-only rows (GDELT lists) are fetched.

Columns are named by header, or by 1-based number for files without a header (GDELT's event
export keeps its SOURCEURL in column 61). A mapped column the file lacks is one error for the
file; a row without text or URL is one error for the row.
"""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Iterator

from ..errors import InputError
from ..events.dates import parse_published, parse_published_time
from .dates import implausible_published
from .text import decode

if TYPE_CHECKING:
    from .readers import ReadOptions

csv.field_size_limit(2**31 - 1)


def read_table(origin: str, data: bytes, options: "ReadOptions") -> Iterator[dict | InputError]:
    try:
        body = decode(origin, data)
    except InputError as e:
        yield e
        return
    delimiter = "\t" if origin.lower().endswith((".tsv", ".tab")) or _tabbed(body) else ","
    rows = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        header = None if _numbered(options) else next(rows, None)
        columns = _columns(header, options)
    except (InputError, csv.Error) as e:
        yield InputError(origin, getattr(e, "reason", f"malformed CSV header ({e})"))
        return
    yield from _rows(origin, rows, columns, first=2 if header else 1)


def _rows(origin: str, rows, columns: dict[str, int], *, first: int) -> Iterator[dict | InputError]:
    number, found = first - 1, False
    try:
        for number, row in enumerate(rows, start=first):
            if any(cell.strip() for cell in row):
                found = True
                yield _row(f"{origin} row {number}", row, columns)
    except csv.Error as e:  # e.g. a NUL byte: the reader cannot go on past it
        yield InputError(f"{origin} row {number + 1}", f"malformed CSV ({e}); later rows skipped")
        return
    if not found:
        yield InputError(origin, "no rows" + (" after the header" if first == 2 else ""))


def _tabbed(body: str) -> bool:
    first = body.split("\n", 1)[0]
    return first.count("\t") > first.count(",")


def _numbered(options: "ReadOptions") -> bool:
    named = [c for f, c in options.columns().items() if options.explicit(f)]
    return bool(named) and all(c.isdigit() for c in named)


def _columns(header: list[str] | None, options: "ReadOptions") -> dict[str, int]:
    """Field -> column index; the text (or URL) column must exist, others are optional."""
    wanted = options.columns()
    found: dict[str, int] = {}
    for field, name in wanted.items():
        if header is None:
            if options.explicit(field):
                if int(name) < 1:  # 0 would silently take the last column
                    raise InputError("", f"column numbers start at 1, not {name} (--{field}-col)")
                found[field] = int(name) - 1
        elif name in header:
            found[field] = header.index(name)
        elif options.explicit(field):
            raise InputError("", f"no column {name!r} (mapped by --{field}-col); columns: {', '.join(header)[:200]}")
    if "text" not in found and "html" not in found and "url" not in found:
        raise InputError("", f"no column {wanted['text']!r} for text (nor an html or url column); use --text-col")
    return found


def _row(where: str, row: list[str], columns: dict[str, int]) -> dict | InputError:
    value = {f: row[i].strip() for f, i in columns.items() if i < len(row) and row[i].strip()}
    item: dict = {"origin": where, "input_format": "csv"}
    if "text" in value:
        item["text"] = value["text"]
    elif "html" in value:
        item["html"] = value["html"]
    elif "url" in value:
        item["fetch"] = value["url"]
    else:
        return InputError(where, "row has no text, html or url")
    item.update({k: value[k] for k in ("url", "title", "source") if k in value})
    if "published" in value:
        published = parse_published(value["published"]) or _gdelt_date(value["published"])
        if published is None:
            return InputError(where, f"unreadable date {value['published']!r}")
        if reason := implausible_published(published):
            return InputError(where, reason)
        item["published"] = published
        item["published_time"] = parse_published_time(value["published"])
    return item


def _gdelt_date(value: str):
    """GDELT's YYYYMMDD[HHMMSS] stamps."""
    from datetime import date

    if value.isdigit() and len(value) in (8, 14):
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        except ValueError:
            return None
    return None
