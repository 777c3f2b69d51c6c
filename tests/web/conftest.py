from __future__ import annotations

import pytest

from .corpus import build_store


@pytest.fixture(scope="session")
def web_corpus(tmp_path_factory):
    """(store path, analyses) of the hand-coded corpus, built once per test session."""
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    return path, build_store(path)
