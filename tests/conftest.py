"""Shared fixtures: paths to the fixtures we wrote, the seed article, and a fresh store."""
from __future__ import annotations

from pathlib import Path

import pytest

from dateline import Store

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "examples" / "seed-article.txt"


@pytest.fixture
def reports_dir() -> Path:
    return FIXTURES / "reports"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED} (needs ../shared/examples beside the repo)")
    return SEED


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "test.duckdb") as s:
        yield s
