"""Walk user-named inputs (files, folders, URLs, '-') and dispatch each to its format's reader.

Every reader yields report fields, an ``InputError`` naming the file (and record) and the
reason, or a ``Skipped`` note; one bad file or record never stops the batch.
"""
from __future__ import annotations

import os
import re
import stat
import sys
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator

from .. import settings
from ..errors import DatelineError, InputError
from . import crawler_json, feeds, jsonl, table, text, warc

_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_TABLE_SUFFIXES = (".csv", ".tsv", ".tab")
_FEED_SUFFIXES = (".rss", ".atom", ".xml")
_WARC_SUFFIXES = (".warc", ".arc")


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
    published_time: datetime | None = None  # when the metadata gives a time with its zone
    summary: str | None = None
    captured: date | None = None
    author: str | None = None  # from crawler JSON; HTML pages give theirs at extraction
    language: str | None = None  # as the input declares it (a hint for identification)

    def __post_init__(self) -> None:
        # every reader's output, and the API's, is made storable here, once
        for name in ("origin", "text", "html", "url", "title", "source", "summary", "author", "language"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, text.storable(value))


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record read and deliberately not ingested (e.g. a WARC's non-HTML response)."""

    origin: str
    input_format: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs: CSV column mapping (None = the default name, not required), limits, fetching."""

    text_col: str | None = None
    html_col: str | None = None
    date_col: str | None = None
    url_col: str | None = None
    title_col: str | None = None
    source_col: str | None = None
    max_bytes: int = settings.get("max_input_bytes")
    allow_private: bool = False
    fetch_timeout: float = settings.get("fetch_timeout")
    _defaults: dict = field(default_factory=lambda: {
        "text": "text", "html": "html", "published": "published", "url": "url", "title": "title", "source": "source",
    })

    def columns(self) -> dict[str, str]:
        return {f: self._given(f) or self._defaults[f] for f in self._defaults}

    def explicit(self, name: str) -> bool:
        return self._given(name) is not None

    def _given(self, name: str) -> str | None:
        attr = {"published": "date_col"}.get(name, f"{name}_col")
        return getattr(self, attr)

    def fetch_options(self):
        from .url import FetchOptions

        return FetchOptions(allow_private=self.allow_private, timeout=self.fetch_timeout)


Item = RawReport | DatelineError | Skipped


def read_inputs(paths: Iterable[str], options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    for name in paths:
        if name == "-":
            yield from _read_stream("<stdin>", sys.stdin.buffer, options)
        elif _URL_SCHEME.match(name):  # any scheme://: fetch() refuses all but http(s)
            yield from read_url(name, options)
        elif (path := Path(name)).is_dir():
            yield from _read_folder(path, options)
        elif path.exists():
            yield from _read_file(path, options)
        else:
            yield InputError(name, "no such file, folder or URL")


def _read_folder(folder: Path, options: ReadOptions) -> Iterator[Item]:
    found = False
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith("."):
                found = True
                yield from read_folder_file(Path(root) / file, options)
    if not found:
        yield InputError(str(folder), "folder holds no files to read")


def read_folder_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    """A file met in a folder walk: pipes, devices and sockets (or links to them) are skipped,
    since reading one can block forever or never end."""
    try:
        mode = path.stat().st_mode
    except OSError as e:
        yield InputError(str(path), f"cannot read file ({e.strerror or e})")
        return
    if stat.S_ISREG(mode):
        yield from _read_file(path, options)
    else:
        kind = "named pipe" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
        yield InputError(str(path), f"not a regular file ({kind}) inside a folder: skipped")


def _read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    """A named file, of any kind: read up to the limit, so a device or pipe cannot exhaust memory."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield InputError(origin, f"file is {size:,} bytes, over the {options.max_bytes:,}-byte limit (--max-bytes)")
            return
        with path.open("rb") as stream:
            yield from _read_stream(origin, stream, options)
    except OSError as e:
        yield InputError(origin, f"cannot read file ({e.strerror or e})")


def _read_stream(origin: str, stream, options: ReadOptions) -> Iterator[Item]:
    """Read at most ``max_bytes`` (+1 to tell an over-long input): stdin, pipes, devices, files."""
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield InputError(origin, f"input is over the {options.max_bytes:,}-byte limit (--max-bytes)")
        return
    yield from _read_bytes(origin, data, options)


def _read_bytes(origin: str, data: bytes, options: ReadOptions, *, name: str | None = None) -> Iterator[Item]:
    name = (name or origin).lower()
    if name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        if name.endswith((".warc.gz", ".arc.gz")) or (data[:2] == b"\x1f\x8b" and _gzip_is_warc(data)):
            yield from _warc(origin, data, options)
            return
        try:
            data = _gunzip(origin, data, options.max_bytes)
        except InputError as e:
            yield e
            return
        name = name[:-3] if name.endswith(".gz") else name
    yield from _dispatch(origin, name, data, options)


def _dispatch(origin: str, name: str, data: bytes, options: ReadOptions) -> Iterator[Item]:
    suffix = os.path.splitext(name)[1]
    if suffix in _WARC_SUFFIXES or data[:9] == b"WARC/1.0\r" or data[:9] == b"WARC/1.1\r":
        yield from _warc(origin, data, options)
        return
    try:
        text.refuse_binary(origin, data)  # by content, whatever the name says
    except InputError as e:
        yield e
        return
    if suffix in _JSONL_SUFFIXES:
        yield from (_as_report(r) for r in jsonl.read_jsonl(origin, data, options))
    elif suffix == ".json":
        yield from (_as_report(r) for r in crawler_json.read_crawler_json(origin, data))
    elif suffix in _TABLE_SUFFIXES:
        yield from _table(origin, data, options)
    elif suffix in (".rss", ".atom") or feeds.looks_like_feed(data):
        yield from _feed(origin, data)
    elif suffix in _HTML_SUFFIXES or _looks_like_html(data):
        yield _decoded(origin, data, "html")
    elif suffix == ".xml":
        yield from _feed(origin, data)
    else:
        yield _decoded(origin, data, "text")


def _looks_like_html(data: bytes) -> bool:
    head = data.lstrip()[:1024].lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head


def _gzip_is_warc(data: bytes) -> bool:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], 16).startswith((b"WARC/", b"filedesc:"))
    except zlib.error:
        return False


def _gunzip(origin: str, data: bytes, limit: int) -> bytes:
    """Decompress every member (``cat a.gz b.gz`` is one valid .gz) with a cap on the total (a
    small .gz can unpack to gigabytes); truncation is an error."""
    out = b""
    while True:
        stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += stream.decompress(data, limit + 1 - len(out))
        except zlib.error as e:
            raise InputError(origin, f"corrupt gzip data ({e})") from e
        if len(out) > limit or stream.unconsumed_tail:
            raise InputError(origin, f"unpacks to over the {limit:,}-byte limit (--max-bytes)")
        if not stream.eof:
            raise InputError(origin, "truncated gzip file (compressed data ends early)")
        data = stream.unused_data.lstrip(b"\x00")  # some writers pad members with zeros
        if not data:
            return out


def _warc(origin: str, data: bytes, options: ReadOptions) -> Iterator[Item]:
    for item in warc.read_warc(origin, data, max_bytes=options.max_bytes):
        yield Skipped(origin, "warc", item) if isinstance(item, str) else _as_report(item)


def _table(origin: str, data: bytes, options: ReadOptions) -> Iterator[Item]:
    for item in table.read_table(origin, data, options):
        if isinstance(item, dict) and "fetch" in item:
            yield from _fetched_row(item, options)
        else:
            yield _as_report(item)


def _fetched_row(item: dict, options: ReadOptions) -> Iterator[Item]:
    address = item.pop("fetch")
    for report in read_url(address, options):
        if isinstance(report, RawReport):
            extra = {k: v for k, v in item.items() if k in ("title", "source", "published", "published_time") and v}
            report = RawReport(**{**_fields(report), **extra, "input_format": "csv", "origin": item["origin"]})
        elif isinstance(report, DatelineError):
            report = type(report)(f"{item['origin']} ({report.origin})", report.reason)
        yield report


def read_url(address: str, options: ReadOptions) -> Iterator[Item]:
    from ..errors import FetchError
    from .url import fetch

    try:
        page = fetch(address, options.fetch_options())
    except FetchError as e:
        yield e
        return
    yield from read_fetched(address, page.url, page.data, page.content_type)


def read_fetched(address: str, url: str, data: bytes, content_type: str) -> Iterator[Item]:
    """The reports in a fetched response (``url`` is where redirects ended), by content type."""
    kind = content_type.split(";")[0].strip().lower()
    if "rss" in kind or "atom" in kind or ("xml" in kind and feeds.looks_like_feed(data)):
        yield from _feed(address, data)
    elif kind in ("text/html", "application/xhtml+xml") or _looks_like_html(data):
        report = _decoded(address, data, "html")
        yield RawReport(**{**_fields(report), "url": url, "input_format": "url"}) if isinstance(report, RawReport) else report
    elif kind.startswith("text/"):
        yield _decoded(address, data, "text")
    else:
        yield Skipped(address, "url", f"content type {kind or 'unknown'} is not a report")


def _feed(origin: str, data: bytes) -> Iterator[Item]:
    """A feed's entries as reports; a feed with none is an error here (`dateline watch` reads
    an empty feed as "nothing new")."""
    empty = True
    for item in feeds.read_feed(origin, data):
        empty = False
        yield _as_report(item)
    if empty:
        yield InputError(origin, "feed has no entries")


def _fields(report: RawReport) -> dict:
    return {f: getattr(report, f) for f in RawReport.__dataclass_fields__}


def _decoded(origin: str, data: bytes, fmt: str) -> RawReport | InputError:
    try:
        body = text.decode_html(origin, data) if fmt == "html" else text.decode(origin, data)
    except InputError as e:
        return e
    return RawReport(origin, html=body, input_format="html") if fmt == "html" else RawReport(origin, text=body)


def _as_report(item: dict | InputError) -> RawReport | InputError:
    if isinstance(item, InputError):
        return item
    return RawReport(**item)
