"""The one flat event schema: what `dateline events`, the HTTP API, the UI and `export` give.

Each column names its type, meaning, values and an example; `dateline codebook` and
docs/codebook.md are generated from ``EVENT_COLUMNS``, so the codebook cannot drift from the
data. Conventions, the same in every output:

- a list (several actors) is one string with the values joined by ``LIST_SEPARATOR`` ("KOR;USA"),
  in the same order in every list column of that role (country, sector and name line up);
- a missing value is null (an empty cell in CSV), never "?" or "none";
- codes are strings: CAMEO "030" keeps its leading zero (read CSVs with ``dtype={"cameo": str}``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

LIST_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # string, integer, number, date, datetime
    meaning: str
    values: str
    example: str


_ARROW = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}

EVENT_COLUMNS: tuple[Column, ...] = (
    Column("id", "string", "Event mention id: a hash of document, type and trigger span; stable across runs.",
           "16 hex digits", "3f2a91c0d4e5b6a7"),
    Column("canonical_id", "string", "The canonical (real-world) event this mention was linked to across reports "
           "(`dateline show ID`); null for mentions not linked (statuses other than asserted).",
           "16 hex digits or null", "9b1c03aa77e0f412"),
    Column("date_start", "date", "First day the event may have happened on.", "YYYY-MM-DD or null", "2022-03-24"),
    Column("date_end", "date", "Last day the event may have happened on (equal to date_start for a day).",
           "YYYY-MM-DD or null", "2022-03-24"),
    Column("date_precision", "string", "How exactly the date is known.",
           "day, month, year, range, since, report (news with no date of its own: the days before publication), unknown",
           "day"),
    Column("type", "string", "PLOVER 2.0 event type.", "AGREE, ACCUSE, ASSAULT, COERCE, CONSULT, ... (PLOVER manual)",
           "MOBILIZE"),
    Column("mode", "string", "PLOVER mode of the event type.", "per type in the PLOVER manual, or null", "weapons test"),
    Column("context", "string", "PLOVER context.", "PLOVER context names, or null", "military"),
    Column("cameo", "string", "CAMEO event code; a string with its leading zeros.", "2 to 4 digits, or null", "030"),
    Column("score", "number", "Conflict-cooperation intensity of the type and mode (PLOVER manual; Goldstein-like).",
           "-10 .. 10, or null", "-2.0"),
    Column("status", "string", "Whether the text asserts that the event happened.",
           "asserted, reported, hedged, planned, conditional, hypothetical, negated, denied", "asserted"),
    Column("confidence", "number", "The coder's confidence in the event.", "0 .. 1", "0.92"),
    Column("actor_country", "string", "Country or IGO code of each actor (source).",
           "ISO3 or IGO codes joined by ';', or null", "PRK"),
    Column("actor_sector", "string", "Sector of each actor, in actor_country's order ('' where none).",
           "GOV, MIL, REB, OPP, COP, ... joined by ';', or null", "GOV"),
    Column("actor_name", "string", "Person or organisation named as each actor, in actor_country's order.",
           "names joined by ';', or null", "Moon Jae-in"),
    Column("recipient_country", "string", "Country or IGO code of each recipient (target).",
           "ISO3 or IGO codes joined by ';', or null", "USA;JPN"),
    Column("recipient_sector", "string", "Sector of each recipient, in recipient_country's order.",
           "sector codes joined by ';', or null", "GOV"),
    Column("recipient_name", "string", "Person or organisation named as each recipient.",
           "names joined by ';', or null", "Hakan Fidan"),
    Column("place_name", "string", "Where the event happened: gazetteer name, or the text for an unnamed place.",
           "text or null", "Ankara"),
    Column("place_country", "string", "Country of the place.", "ISO3 code or null", "TUR"),
    Column("place_admin1", "string", "First-level division of the place.", "GeoNames admin1 name or code, or null", "Ankara"),
    Column("latitude", "number", "Latitude of the place (WGS84); null for unnamed or unresolved places.",
           "-90 .. 90 or null", "39.93"),
    Column("longitude", "number", "Longitude of the place (WGS84).", "-180 .. 180 or null", "32.86"),
    Column("geonames_id", "integer", "GeoNames id of the place.", "integer or null", "323786"),
    Column("place_precision", "string", "What the coordinates stand for.", "point, admin, country, unnamed, or null", "point"),
    Column("doc_id", "string", "The report the event was coded from (`dateline show DOC_ID`).", "16 hex digits",
           "a1b2c3d4e5f60718"),
    Column("headline", "string", "The report's headline.", "text or null", "North Korea fires ICBM"),
    Column("source", "string", "The report's source (site or agency).", "text or null", "Dateline Wire"),
    Column("url", "string", "The report's address.", "URL or null", "https://example.org/2022/03/24/icbm.html"),
    Column("published_at", "date", "The report's publication date.", "YYYY-MM-DD or null", "2022-03-24"),
    Column("sentence_index", "integer", "Number of the sentence holding the trigger (UI anchor #s<n>).",
           "0-based integer", "0"),
    Column("sentence_text", "string", "That sentence's text.", "text", "North Korea fired an ICBM on Thursday."),
    Column("trigger", "string", "The words the event was coded from.", "text", "fired"),
)
EVENT_COLUMN_NAMES = tuple(c.name for c in EVENT_COLUMNS)
EVENT_ARROW_SCHEMA = pa.schema([(c.name, _ARROW[c.type]) for c in EVENT_COLUMNS])


def flat_event(record: dict[str, Any], *, document: dict[str, Any] | None = None,
               sentence_text: str | None = None, canonical_id: str | None = None) -> dict[str, Any]:
    """One row of the schema from an event's ``to_dict`` record (plus ``id``), its document's
    columns (id, title, source, url, published_at) and its sentence's text."""
    date_ = record.get("date") or {}
    place = record.get("place") or {}
    document = document or {}
    actors, recipients = record.get("actors") or (), record.get("recipients") or ()
    return {
        "id": record["id"], "canonical_id": canonical_id,
        "date_start": date_.get("start"), "date_end": date_.get("end"),
        "date_precision": date_.get("precision") or "unknown",
        "type": record.get("type"), "mode": record.get("mode"), "context": record.get("context"),
        "cameo": None if record.get("cameo") is None else str(record["cameo"]),
        "score": record.get("score"), "status": record.get("status"),
        "confidence": None if record.get("confidence") is None else round(record["confidence"], 3),
        "actor_country": _joined(actors, "country"), "actor_sector": _joined(actors, "sector"),
        "actor_name": _joined(actors, "name"),
        "recipient_country": _joined(recipients, "country"), "recipient_sector": _joined(recipients, "sector"),
        "recipient_name": _joined(recipients, "name"),
        "place_name": place.get("name") or (place.get("span") or {}).get("text"),
        "place_country": place.get("country"), "place_admin1": place.get("admin1"),
        "latitude": place.get("latitude"), "longitude": place.get("longitude"),
        "geonames_id": place.get("geonames_id"), "place_precision": place.get("precision"),
        "doc_id": record["doc_id"], "headline": document.get("title"), "source": document.get("source"),
        "url": document.get("url"), "published_at": _iso(document.get("published_at")),
        "sentence_index": record.get("sentence_index"), "sentence_text": sentence_text,
        "trigger": (record.get("trigger") or {}).get("text"),
    }


def _joined(actors, key: str) -> str | None:
    """Values of one key across actors, in order; '' holds the place of an actor without it."""
    values = [a.get(key) or "" for a in actors]
    return LIST_SEPARATOR.join(values) if any(values) else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


def arrow_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Rows of the schema as an Arrow table with the schema's column types."""
    import datetime

    columns = {c.name: [r[c.name] for r in rows] for c in EVENT_COLUMNS}
    for c in EVENT_COLUMNS:
        if c.type == "date":
            columns[c.name] = [datetime.date.fromisoformat(v) if isinstance(v, str) else v for v in columns[c.name]]
    return pa.table(columns, schema=EVENT_ARROW_SCHEMA)


def codebook_markdown() -> str:
    """docs/codebook.md: every column of the event schema with its type, meaning, values, example."""
    lines = [
        "# Event codebook",
        "",
        "Generated from `src/dateline/schema.py` by `dateline codebook`; do not edit by hand.",
        "",
        "One row per coded event mention. The same columns, names and conventions in",
        "`dateline events --format json|csv`, `GET /events`, the web UI's event list and",
        "`dateline export` / `GET /export/events` (CSV, JSONL, Parquet).",
        "",
        "- Lists (several actors) are one string, values joined by `;`, in the same order in",
        "  `actor_country`, `actor_sector` and `actor_name` (an empty value keeps a place).",
        "- Missing values are null (an empty CSV cell).",
        "- Codes are text: read CSVs so that CAMEO `030` stays `030`, e.g. pandas",
        "  `pd.read_csv(path, dtype={\"cameo\": str, \"geonames_id\": \"Int64\"})`, R",
        "  `readr::read_csv(path, col_types = cols(cameo = col_character()))`. JSON and Parquet",
        "  carry the types.",
        "",
        "| column | type | meaning | values | example |",
        "|---|---|---|---|---|",
    ]
    for c in EVENT_COLUMNS:
        lines.append(f"| `{c.name}` | {c.type} | {c.meaning} | {c.values} | `{c.example}` |")
    return "\n".join(lines) + "\n"
