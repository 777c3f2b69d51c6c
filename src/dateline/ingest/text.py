"""Bytes -> text, refusing what is not text: binary, empty, undecodable.

UTF-8 is tried first (most pages are, whatever they declare); then the charset an HTML page
declares; then detection by charset-normalizer. A missing declaration, or a wrong one that does
not decode, is thus harmless; a wrong single-byte declaration that decodes is believed.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import InputError

# Share of control characters above which bytes are binary, not text with a stray byte.
_MAX_CONTROL_SHARE = 0.01
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode(origin: str, data: bytes, *, declared: str | None = None) -> str:
    if not data.strip():
        raise InputError(origin, "empty input")
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(origin, "binary file (NUL bytes), not a text or HTML report")
    body = _first_fitting(data, declared)
    if body is None:
        raise InputError(origin, "undecodable bytes: no text encoding fits")
    control = sum(1 for c in body if ord(c) < 32 and c not in "\n\r\t\f")
    if control > _MAX_CONTROL_SHARE * len(body):
        raise InputError(origin, "binary content (control characters), not a text report")
    return body


def decode_html(origin: str, data: bytes) -> str:
    """Like ``decode``, with the page's own ``<meta charset>`` as the second guess."""
    match = _META_CHARSET.search(data[:4096])
    return decode(origin, data, declared=match.group(1).decode("ascii") if match else None)


def _first_fitting(data: bytes, declared: str | None) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _try(data, "utf-16")
    for encoding in ("utf-8-sig", declared):
        if encoding and (body := _try(data, encoding)) is not None:
            return body
    # preemptive_behaviour=False: the declaration already failed, do not let it steer detection
    best = from_bytes(data, preemptive_behaviour=False).best()
    return None if best is None else str(best)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
