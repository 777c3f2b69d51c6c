"""Bytes -> text, refusing what is not text: binary, empty, undecodable."""
from __future__ import annotations

from charset_normalizer import from_bytes

from ..errors import InputError

# Share of control characters above which bytes are binary, not text with a stray byte.
_MAX_CONTROL_SHARE = 0.01


def decode(origin: str, data: bytes) -> str:
    if not data.strip():
        raise InputError(origin, "empty input")
    if b"\x00" in data[:8192]:
        raise InputError(origin, "binary file (NUL bytes), not a text or HTML report")
    try:
        body = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise InputError(origin, "undecodable bytes: no text encoding fits") from None
        body = str(best)
    control = sum(1 for c in body if ord(c) < 32 and c not in "\n\r\t\f")
    if control > _MAX_CONTROL_SHARE * len(body):
        raise InputError(origin, "binary content (control characters), not a text report")
    return body
