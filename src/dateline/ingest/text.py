"""Bytes -> text, refusing what is not text: binary, empty, undecodable.

Strict UTF-8 is tried first (most pages are, whatever they declare). A UTF-8 text with a few
stray bytes keeps its UTF-8 reading, the stray bytes replaced: re-reading the whole report in
another code page for one bad byte garbles every accented letter ("ZĂĽrich"). Then the charset
an HTML page declares; then detection by charset-normalizer. A missing declaration, or a wrong
one that does not decode, is thus harmless; a wrong single-byte declaration that decodes is
believed. Binary formats (PDF, images, archives, office files) are refused by their content.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import InputError

# Share of control characters above which bytes are binary, not text with a stray byte.
_MAX_CONTROL_SHARE = 0.01
# Share (or count) of invalid bytes up to which a text with valid UTF-8 sequences is UTF-8 with stray bytes.
_MAX_STRAY_SHARE = 0.01
_MIN_STRAYS = 4
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Lone surrogates (the store's UTF-8 cannot hold them) and control characters other than
# tab, line feed, carriage return and form feed: terminal escapes, NUL, C1 controls.
_UNSTORABLE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f]")


def decode(origin: str, data: bytes, *, declared: str | None = None) -> str:
    if not data.strip():
        raise InputError(origin, "empty input")
    refuse_binary(origin, data)
    body = _first_fitting(data, declared)
    if body is None:
        raise InputError(origin, "undecodable bytes: no text encoding fits")
    control = sum(1 for c in body if ord(c) < 32 and c not in "\n\r\t\f")
    if control > _MAX_CONTROL_SHARE * len(body):
        raise InputError(origin, "binary content (control characters), not a text report")
    return body


def refuse_binary(origin: str, data: bytes) -> None:
    """Raise InputError for a known binary format (by its magic bytes) or NUL bytes."""
    import filetype

    kind = filetype.guess(data[:8192])
    if kind is not None:
        raise InputError(origin, f"binary file ({kind.mime}), not a text or HTML report")
    if data.lstrip()[:5] == b"%PDF-":  # filetype wants it at offset 0; some PDFs start after junk
        raise InputError(origin, "binary file (application/pdf), not a text or HTML report")
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(origin, "binary file (NUL bytes), not a text or HTML report")


def decode_html(origin: str, data: bytes) -> str:
    """Like ``decode``, with the page's own ``<meta charset>`` as the second guess."""
    match = _META_CHARSET.search(data[:4096])
    return decode(origin, data, declared=match.group(1).decode("ascii") if match else None)


def storable(text: str) -> str:
    """``text`` as the store can hold and a terminal can print: lone surrogates become U+FFFD,
    NEL (U+0085) a line break, other control characters a space. One character for one, so
    offsets into the text stay valid whichever stage cleans it."""
    text = _UNSTORABLE.sub("\ufffd", text)
    return _CONTROL.sub(" ", text.replace("\x85", "\n"))


def _first_fitting(data: bytes, declared: str | None) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _try(data, "utf-16")
    if (body := _try(data, "utf-8-sig")) is not None or (body := _utf8_with_strays(data)) is not None:
        return body
    if declared and (body := _try(data, declared)) is not None:
        return body
    # preemptive_behaviour=False: the declaration already failed, do not let it steer detection
    best = from_bytes(data, preemptive_behaviour=False).best()
    return None if best is None else str(best)


def _utf8_with_strays(data: bytes) -> str | None:
    """UTF-8 with stray invalid bytes replaced, when the bytes are UTF-8: at least as many valid
    multi-byte characters as invalid bytes, and few of those (a cp1252 text has no valid ones)."""
    body = data.decode("utf-8-sig", "replace")
    strays = body.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = sum(1 for c in body if ord(c) > 127 and c != "\ufffd")
    return body if 0 < strays <= min(valid, max(_MIN_STRAYS, _MAX_STRAY_SHARE * len(data))) else None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
