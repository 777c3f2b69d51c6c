"""The DatelineError family: every expected failure names its input and the reason."""
from __future__ import annotations


class DatelineError(Exception):
    """An expected failure on one input. ``str()`` is the one line a user sees."""

    def __init__(self, origin: str, reason: str):
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class InputError(DatelineError):
    """The input cannot be read as a report (binary, empty, undecodable, malformed)."""


class FetchError(DatelineError):
    """A URL could not be fetched or was refused."""


class StoreError(DatelineError):
    """The database file cannot be opened or written."""
