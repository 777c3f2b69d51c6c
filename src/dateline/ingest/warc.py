"""WARC/ARC files -> one report per HTML response record, with its target URI and capture date.

Non-HTML records (requests, metadata, images, scripts) are skipped and counted. A corrupt
record ends the file with an error naming the record; the records before it are kept. A record
the file ends inside (truncated download, damaged Content-Length) is an error, never a report;
a record over the size limit, declared or once decompressed, is an error too.
"""
from __future__ import annotations

import io
import logging
from typing import Iterator

from .. import settings
from ..errors import InputError
from ..events.dates import parse_published
from .text import decode_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DRAIN_CHUNK = 1 << 16


def read_warc(
    origin: str, data: bytes, *, max_bytes: int = settings.get("max_input_bytes")
) -> Iterator[dict | InputError | str]:
    """Yields report fields, InputErrors, or a string naming a skipped record's reason."""
    if not data.strip():
        yield InputError(origin, "empty input")
        return
    records = _records(io.BytesIO(data))
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            where = f"{origin} record {number}"
            if record.rec_type is None:  # what warcio makes of bytes that are no record at all
                yield InputError(where, "not a WARC/ARC record (no record type); later records skipped")
                return
            if (record.length or 0) > max_bytes:
                yield InputError(where, f"record of {record.length:,} bytes is over the {max_bytes:,}-byte limit "
                                        "(--max-bytes); later records skipped")
                return
            item = _report(where, record, max_bytes)
            damage = _damage(records, record)
            yield InputError(where, damage) if damage else item
            if damage and damage.startswith("truncated"):
                return
    except Exception as e:  # warcio fails on damaged records with anything from ArchiveLoadFailed to AttributeError
        reason = f"corrupt WARC/ARC record ({type(e).__name__}: {e}); later records skipped"
        yield InputError(f"{origin} record {number + 1}", reason)
        return
    if number == 0:
        yield InputError(origin, "no WARC/ARC records in the file")


def _records(stream):
    from warcio.archiveiterator import ArchiveIterator

    logging.getLogger("warcio").setLevel(logging.ERROR)  # its warnings about a record's URI are noise here

    class Records(ArchiveIterator):
        INC_RECORD = ""  # warcio prints a warning for a bad Content-Length; _damage reports it instead

    return Records(stream, arc2warc=True)


def _damage(records, record) -> str | None:
    """Why a record read in full is not whole: the file ends inside it, or its Content-Length
    does not end where the next record starts (warcio counts that in ``err_count``)."""
    missing = _missing_bytes(record)
    if missing:
        return (f"truncated record: the file ends {missing:,} bytes short of its Content-Length; "
                "later records skipped")
    errors = records.err_count
    records.read_to_end()
    if records.err_count > errors:
        return "damaged record: its Content-Length does not end where the next record starts"
    return None


def _missing_bytes(record) -> int:
    """Bytes the record declared but the file does not hold (0 for a complete record)."""
    stream = record.raw_stream
    while stream.read(_DRAIN_CHUNK):
        pass
    return max(getattr(stream, "limit", 0), 0)


def _report(where: str, record, max_bytes: int) -> dict | InputError | str:
    if record.rec_type not in ("response", "resource"):
        return f"{record.rec_type} record"
    content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or (
        record.rec_headers.get_header("Content-Type") or ""
    )
    if not content_type.lower().startswith(_HTML_TYPES):
        return f"non-HTML response ({content_type.split(';')[0] or 'no content type'})"
    try:
        body = record.content_stream().read(max_bytes + 1)  # a gzip-encoded payload may unpack to gigabytes
        if len(body) > max_bytes:
            return InputError(where, f"payload unpacks to over the {max_bytes:,}-byte limit (--max-bytes)")
        html = decode_html(where, body)
    except InputError as e:
        return e
    except Exception as e:  # warcio's decompression of a damaged payload
        return InputError(where, f"unreadable record payload ({type(e).__name__}: {e})")
    return {
        "origin": where,
        "html": html,
        "url": record.rec_headers.get_header("WARC-Target-URI"),
        "captured": parse_published(record.rec_headers.get_header("WARC-Date")),
        "input_format": "warc",
    }
