"""Walk user-named inputs and dispatch each file to its format's reader."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from .. import settings
from ..errors import InputError
from . import jsonl, text

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_TEXT_SUFFIXES = (".txt", ".text", ".md", "")
_JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class RawReport:
    """One report as read, before cleaning. Exactly one of ``text``/``html`` is set."""

    origin: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None
    input_format: str = "text"


def read_inputs(paths: Iterable[str]) -> Iterator[RawReport | InputError]:
    for name in paths:
        if name == "-":
            yield from _read_stream("<stdin>", sys.stdin.buffer.read())
            continue
        path = Path(name)
        if path.is_dir():
            yield from _read_folder(path)
        elif path.exists():
            yield from _read_file(path)
        else:
            yield InputError(name, "no such file or folder")


def _read_folder(folder: Path) -> Iterator[RawReport | InputError]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith("."):
                yield from _read_file(Path(root) / file)


def _read_file(path: Path) -> Iterator[RawReport | InputError]:
    origin = str(path)
    try:
        size = path.stat().st_size
        limit = settings.get("max_input_bytes")
        if size > limit:
            yield InputError(origin, f"file is {size:,} bytes, over the {limit:,}-byte limit")
            return
        data = path.read_bytes()
    except OSError as e:
        yield InputError(origin, f"cannot read file ({e.strerror or e})")
        return
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        yield from (_as_report(r) for r in jsonl.read_jsonl(origin, data))
    elif suffix in _HTML_SUFFIXES:
        yield _decoded(origin, data, "html")
    else:
        yield from _read_stream(origin, data)


def _read_stream(origin: str, data: bytes) -> Iterator[RawReport | InputError]:
    head = data.lstrip()[:512].lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        yield _decoded(origin, data, "html")
    else:
        yield _decoded(origin, data, "text")


def _decoded(origin: str, data: bytes, fmt: str) -> RawReport | InputError:
    try:
        body = text.decode(origin, data)
    except InputError as e:
        return e
    return RawReport(origin, html=body, input_format="html") if fmt == "html" else RawReport(origin, text=body)


def _as_report(item: dict | InputError) -> RawReport | InputError:
    if isinstance(item, InputError):
        return item
    return RawReport(**item)
