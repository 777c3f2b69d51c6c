"""Readers: paths, folders, JSONL and stdin in; RawReport records (or InputErrors) out.

Each format has its own module; ``read_inputs`` walks what the user named and dispatches on
the file's suffix. A bad file or line yields an ``InputError`` naming it and the batch goes on.
"""
from __future__ import annotations

from .readers import RawReport, read_inputs

__all__ = ["RawReport", "read_inputs"]
