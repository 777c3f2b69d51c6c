"""Which files of the named inputs are read: folders walked, ``--include``/``--exclude`` globs applied.

A pattern matches a file's name ("*.json"), or its path relative to the folder named
("2023/*/apnews*"), with shell-style wildcards (``fnmatch``). With include patterns a file must
match one; a file matching an exclude pattern is left out, with the pattern as the reason. URLs
and '-' are passed through. Hidden files and folders are not read (as before).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Iterable

_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


@dataclass(frozen=True, slots=True)
class Selection:
    inputs: list[str]  # files, URLs and '-' to read, in order
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    # files met walking a folder (read as such: a pipe or device there is skipped, not opened)
    from_folders: set[str] = field(default_factory=set)
    empty_folders: list[str] = field(default_factory=list)  # folders named that hold no files


def select_inputs(paths: Iterable[str], *, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> Selection:
    include, exclude = tuple(include), tuple(exclude)
    chosen: list[str] = []
    left_out: list[tuple[str, str]] = []
    from_folders: set[str] = set()
    empty: list[str] = []
    for name in paths:
        if name == "-" or _URL_SCHEME.match(name) or not Path(name).is_dir():
            candidates = [(name, Path(name).name)]  # a missing file is reported by the reader
        else:
            candidates = [(str(f), os.path.relpath(f, name)) for f in _walk(Path(name))]
            from_folders.update(path for path, _ in candidates)
            if not candidates:
                empty.append(name)
        for path, relative in candidates:
            reason = None if name == "-" or _URL_SCHEME.match(name) else _reason(relative, include, exclude)
            if reason:
                left_out.append((path, reason))
            else:
                chosen.append(path)
    return Selection(chosen, left_out, from_folders, empty)


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (Path(root) / f for f in sorted(files) if not f.startswith("."))


def _reason(relative: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> str | None:
    names = (relative, os.path.basename(relative))
    hit = next((p for p in exclude if any(fnmatchcase(n, p) for n in names)), None)
    if hit:
        return f"excluded by {hit!r}"
    if include and not any(fnmatchcase(n, p) for p in include for n in names):
        return "matches no --include pattern"
    return None
