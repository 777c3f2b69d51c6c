"""HTTP API and web UI over the store (extra ``dateline[web]``): ``create_app`` builds the app."""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
