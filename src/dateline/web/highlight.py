"""Marking character spans in a text: the pieces a template renders, each escaped on output."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to mark: ``start``/``end`` are offsets into the document's clean text."""

    start: int
    end: int
    kind: str  # trigger, actor, recipient, quote, speaker, cue, place, evidence
    label: str = ""
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    href: str | None = None


def segments(text: str, marks: list[Mark], *, offset: int = 0) -> list[Segment]:
    """Cut ``text`` (which starts at ``offset`` in the clean text) at every mark boundary.

    Marks may overlap or nest: each piece lists every mark covering it. Marks outside the
    text are clipped; empty marks are ignored.
    """
    inside = [m for m in marks if m.end > m.start and m.end > offset and m.start < offset + len(text)]
    bounds = {0, len(text)}
    for m in inside:
        bounds.add(max(0, m.start - offset))
        bounds.add(min(len(text), m.end - offset))
    pieces = []
    for a, b in pairwise(sorted(bounds)):
        covering = [m for m in inside if m.start - offset <= a and m.end - offset >= b]
        pieces.append(Segment(
            text[a:b],
            tuple(dict.fromkeys(m.kind for m in covering)),
            tuple(dict.fromkeys(m.label for m in covering if m.label)),
            next((m.href for m in covering if m.href), None),
        ))
    return pieces
