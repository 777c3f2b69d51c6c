"""Readers: files, folders, URLs and stdin in; RawReport records (or InputErrors) out.

Each format has its own module (html, text, warc, feeds, jsonl, table, url); ``read_inputs``
walks what the user named and dispatches on the file's suffix and first bytes. A bad file or
record yields an ``InputError`` naming it and the batch goes on.
"""
from __future__ import annotations

from .readers import RawReport, ReadOptions, Skipped, read_inputs, read_url

__all__ = ["RawReport", "ReadOptions", "Skipped", "read_inputs", "read_url"]
