"""WARC/ARC files -> one report per HTML response record, with its target URI and capture date.

Non-HTML records (requests, metadata, images, scripts) are skipped and counted. A corrupt
record ends the file with an error naming the record; the records before it are kept.
"""
from __future__ import annotations

import io
from typing import Iterator

from ..errors import InputError
from ..events.dates import parse_published
from .text import decode_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(origin: str, data: bytes) -> Iterator[dict | InputError | str]:
    """Yields report fields, InputErrors, or a string naming a skipped record's reason."""
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(io.BytesIO(data), arc2warc=True), start=1):
            yield _report(f"{origin} record {number}", record)
    except Exception as e:  # warcio fails on damaged records with anything from ArchiveLoadFailed to AttributeError
        reason = f"corrupt WARC/ARC record ({type(e).__name__}: {e}); later records skipped"
        yield InputError(f"{origin} record {number + 1}", reason)


def _report(where: str, record) -> dict | InputError | str:
    if record.rec_type not in ("response", "resource"):
        return f"{record.rec_type} record"
    content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or (
        record.rec_headers.get_header("Content-Type") or ""
    )
    if not content_type.lower().startswith(_HTML_TYPES):
        return f"non-HTML response ({content_type.split(';')[0] or 'no content type'})"
    try:
        body = record.content_stream().read()
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
