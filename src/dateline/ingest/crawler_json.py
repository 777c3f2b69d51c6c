"""Crawler JSON -> report fields: news-please records, Zyte/Scrapinghub articles, newspaper,
trafilatura and Fundus JSON exports, Diffbot API responses, NewsAPI-style articles, schema.org
NewsArticle objects.

Fundus writes its body as a structure (summary, then sections of headline and paragraphs); it is
read in that order as paragraphs. A ``.json`` file holds one record, a list of records, a Diffbot
response (``{"objects": [...]}``) or a wrapper around one (``{"article": {...}}``). Where each crawler puts the title, text, description, publication datetime, source,
URL, language and authors is listed in ``data/crawler_fields.json`` (first present alias wins).
A publication stamp with a zone ("2023-05-08T19:30:00-04:00") keeps its moment; a stamp without
one (news-please writes "2017-08-28 21:05:00" in the crawler's local time) keeps only its day.
A file that is JSON but none of these shapes is an error naming the file, not a report made of
JSON syntax.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from ..errors import InputError
from ..events.dates import parse_published, parse_published_time
from .text import decode

_PLAIN_FIELDS = ("title", "summary", "source", "language")


def looks_like_crawler_json(data: bytes) -> bool:
    """A JSON object or array of objects at the start of the bytes (a crawler record, not text)."""
    head = data.lstrip()[:1]
    return head == b"{" or (head == b"[" and data.lstrip()[1:64].lstrip()[:1] == b"{")


def read_crawler_json(origin: str, data: bytes) -> Iterator[dict | InputError]:
    """One report-field dict per record (``origin`` gains ``[n]`` inside a list)."""
    try:
        value = json.loads(decode(origin, data))
    except InputError as e:
        yield e
        return
    except json.JSONDecodeError as e:
        yield InputError(origin, f"malformed JSON ({e.msg} at line {e.lineno} column {e.colno})")
        return
    if isinstance(value, dict) and isinstance(value.get("objects"), list) and not is_crawler_record(value):
        value = value["objects"]  # a Diffbot API response: {"request": {...}, "objects": [article, ...]}
    if isinstance(value, list):
        for number, record in enumerate(value, start=1):
            yield crawler_record(f"{origin}[{number}]", record)
    else:
        yield crawler_record(origin, value)


def is_crawler_record(row: Any) -> bool:
    """Whether a parsed JSON object carries a crawler's text field (used for JSONL lines too)."""
    return isinstance(row, dict) and bool(_text(_first(_unwrap(row), "text")) or _text(_first(_unwrap(row), "html")))


def crawler_record(where: str, row: Any) -> dict | InputError:
    if not isinstance(row, dict):
        return InputError(where, "a JSON object (one crawled report) is expected")
    row = _unwrap(row)
    content = {f: v for f in ("text", "html") if (v := _text(_first(row, f)))}
    if not content:
        known = ", ".join(_aliases()["text"][:3])
        return InputError(where, f"JSON without a report text field (looked for {known}, ...)")
    item: dict = {"origin": where, "input_format": "crawler-json", **content}
    item.update({f: _plain(_first(row, f)) for f in _PLAIN_FIELDS if _plain(_first(row, f))})
    if "summary" not in item and (lead := _structured_summary(_first(row, "text"))):
        item["summary"] = lead
    if str(item.get("source", "")).startswith(("http://", "https://")):  # trafilatura's "source" is the URL
        del item["source"]
    if url := _url(row):
        item["url"] = url
    if author := _authors(_first(row, "author")):
        item["author"] = author
    stamp = _first(row, "published")
    if stamp:
        published = parse_published(str(stamp))
        if published is None:
            return InputError(where, f"unreadable publication date {stamp!r}")
        item["published"] = published
        item["published_time"] = parse_published_time(str(stamp))
    if captured := _first(row, "captured"):
        item["captured"] = parse_published(str(captured))
    return item


def _text(value: Any) -> str | None:
    """A text field as one string: a string, a list of paragraphs, or Fundus's structured body
    (``Article.to_json()``: {"summary": [...], "sections": [{"headline": [...], "paragraphs": [...]}]}),
    read in its own order (lead, then each section's headline and paragraphs), blank-line separated."""
    if isinstance(value, str):
        return value if value.strip() else None
    parts: list[str] = []
    if isinstance(value, list):
        parts = [p for p in value if isinstance(p, str)]
    elif isinstance(value, dict) and isinstance(value.get("sections"), list):
        parts = _strings(value.get("summary"))
        for section in value["sections"]:
            if isinstance(section, dict):
                parts += _strings(section.get("headline")) + _strings(section.get("paragraphs"))
    text = "\n\n".join(p.strip() for p in parts if p.strip())
    return text or None


def _structured_summary(value: Any) -> str | None:
    """Fundus's lead paragraphs ("summary" inside its body) as the report's description."""
    if isinstance(value, dict) and isinstance(value.get("sections"), list):
        return " ".join(p.strip() for p in _strings(value.get("summary")) if p.strip()) or None
    return None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _unwrap(row: dict) -> dict:
    """The record inside a wrapper ({"article": {...}} from Zyte, {"_source": ...} from Elasticsearch)."""
    for key in _aliases()["wrappers"]:
        inner = row.get(key)
        if isinstance(inner, dict) and not _first(row, "text"):
            return inner
    return row


def _first(row: dict, field: str) -> Any:
    for key in _aliases()[field]:
        value = row.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _url(row: dict) -> str | None:
    # trafilatura calls the page address "source"; elsewhere "source" is a site name
    for key in _aliases()["url"]:
        value = row.get(key)
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    return None


def _plain(value: Any) -> str | None:
    if isinstance(value, dict):  # schema.org publisher/author objects
        value = value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
    if value in (None, ""):
        return None
    return str(value).strip() or None


def _authors(value: Any) -> str | None:
    people = value if isinstance(value, list) else [value]
    names = [name for person in people if (name := _plain(person))]
    return ", ".join(dict.fromkeys(names)) or None


@lru_cache(maxsize=1)
def _aliases() -> dict[str, list[str]]:
    text = resources.files("dateline").joinpath("data/crawler_fields.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}
