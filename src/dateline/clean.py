"""Boilerplate removal for flattened text: lines in, headline + standfirst + body out.

Works from features of lines (word count, terminal punctuation, position, phrases listed in
``data/boilerplate.txt`` and ``data/photo_credits.txt``), never from a particular site's strings.
It does not extract bylines' authors beyond a leading "By ..." line, and keeps subheads that
read as sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

_TERMINAL = tuple(".!?:;\"'”’)…")
_WORD = re.compile(r"\w+", re.UNICODE)
# A headline is a short line; a longer unpunctuated line is more likely a flattened menu.
_HEADLINE_MAX_WORDS = 25
_LABEL_MAX_WORDS = 4
_BYLINE_WINDOW = 6
_STANDFIRST_MAX_WORDS = 45
# Trailing blocks (comments, related links) are only cut in the later part of a page, so a
# story *about* comment policies keeps its first paragraphs.
_TAIL_MIN_POSITION = 0.3
# A line that opens a trailing block is a heading or a short notice, not a report's sentence.
_TAIL_LINE_MAX_WORDS = 12


@dataclass(frozen=True, slots=True)
class CleanedText:
    text: str
    title: str | None = None
    summary: str | None = None
    author: str | None = None
    dropped: tuple[tuple[str, str], ...] = field(default=())


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, ...], tuple[str, ...]]:
    tail, anywhere = [], []
    for line in _data_lines("boilerplate.txt"):
        if line.startswith("tail:"):
            tail.append(line[5:].lower())
        else:
            anywhere.append(line.lower())
    return tuple(tail), tuple(anywhere)


@lru_cache(maxsize=1)
def _credits() -> tuple[str, ...]:
    return tuple(sorted(_data_lines("photo_credits.txt"), key=len, reverse=True))


def _data_lines(name: str) -> list[str]:
    text = resources.files("dateline.data").joinpath(name).read_text(encoding="utf-8")
    return [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")]


def clean_text(raw: str) -> CleanedText:
    """Clean flattened page text; the first kept line is the title, a short lead the summary."""
    lines = _paragraphs(raw)
    dropped: list[tuple[str, str]] = []
    lines = _cut_tail(lines, dropped)
    kept = [l for l in lines if not _drop_line(l, dropped)]
    author, kept = _take_byline(kept)
    title, kept = _take_headline(kept, dropped)
    summary = _standfirst(kept)
    parts = ([title] if title else []) + kept
    return CleanedText("\n\n".join(parts), title, summary, author, tuple(dropped))


def _paragraphs(raw: str) -> list[str]:
    """One entry per paragraph; hard-wrapped lines (long, unpunctuated, next starts lower) rejoin."""
    out: list[str] = []
    join_next = False
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(line.split())
        if not line:
            join_next = False
            continue
        if join_next and out and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        join_next = len(out[-1]) >= 60 and not out[-1].endswith(_TERMINAL)
    return out


def _words(line: str) -> int:
    return len(_WORD.findall(line))


def _is_label(line: str) -> bool:
    return _words(line) <= _LABEL_MAX_WORDS and not line.endswith(_TERMINAL)


def _cut_tail(lines: list[str], dropped: list[tuple[str, str]]) -> list[str]:
    tail_phrases, _ = _phrases()
    start = int(len(lines) * _TAIL_MIN_POSITION)
    for i in range(max(start, 1), len(lines)):
        lower = lines[i].lower()
        if _words(lines[i]) <= _TAIL_LINE_MAX_WORDS and any(p in lower for p in tail_phrases):
            cut = i
            while cut > 1 and _is_label(lines[cut - 1]):
                cut -= 1
            dropped.extend((l, "trailing block") for l in lines[cut:])
            return lines[:cut]
    return lines


def _drop_line(line: str, dropped: list[tuple[str, str]]) -> bool:
    _, anywhere = _phrases()
    lower = line.lower()
    if _words(line) <= 15 and any(p in lower for p in anywhere):
        dropped.append((line, "boilerplate phrase"))
        return True
    if _is_caption(line):
        dropped.append((line, "photo caption or credit"))
        return True
    if _words(line) == 0:
        dropped.append((line, "no words"))
        return True
    return False


def _is_caption(line: str) -> bool:
    if line.endswith(_TERMINAL) and not line.endswith(")"):
        return False
    if re.match(r"^(photo|image|picture|pictured|file photo)\s*[:(]", line, re.I):
        return True
    stripped = re.sub(r"[\s()/|©]+$", "", line)
    for credit in _credits():
        if stripped.endswith(credit) and len(stripped) > len(credit):
            before = stripped[: -len(credit)].rstrip()
            if before and (before.endswith(("/", "|", "©", ":")) or _words(before) >= 2):
                return True
    return False


def _take_headline(lines: list[str], dropped: list[tuple[str, str]]) -> tuple[str | None, list[str]]:
    """Labels above the headline go; the first line that reads as a headline is the title."""
    for i, line in enumerate(lines):
        n = _words(line)
        if n <= _LABEL_MAX_WORDS and not line.endswith(_TERMINAL):
            continue
        if n <= _HEADLINE_MAX_WORDS and i + 1 < len(lines):
            dropped.extend((l, "label above headline") for l in lines[:i])
            rest = [l for l in lines[i + 1 :] if not _is_label(l) or _keep_short(l, dropped)]
            return line, rest
        break
    return None, lines


def _keep_short(line: str, dropped: list[tuple[str, str]]) -> bool:
    dropped.append((line, "short label in body"))
    return False


def _take_byline(lines: list[str]) -> tuple[str | None, list[str]]:
    """A "By Name" line among the first few lines is the author, not body text."""
    for i, line in enumerate(lines[:_BYLINE_WINDOW]):
        if re.match(r"^By\s+[A-Z]", line) and _words(line) <= 10 and not line.endswith("."):
            return line[3:].strip(), lines[:i] + lines[i + 1 :]
    return None, lines


def _standfirst(lines: list[str]) -> str | None:
    if len(lines) < 2:
        return None
    first = lines[0]
    sentence_breaks = len(re.findall(r"[.!?][\"”’]?\s+[A-Z“\"]", first))
    if _words(first) <= _STANDFIRST_MAX_WORDS and sentence_breaks == 0:
        return first
    return None
