"""Query parameters shared by the API and the pages, validated into store filters.

The checks are ``async`` though they wait for nothing: FastAPI runs a sync dependency in its
thread pool, and those hops cost a listing request more than the checks themselves.

Filter values are checked against narrow patterns, so a value like ``PRK' OR 1=1`` is refused
with a 422 naming the parameter (the store parameterises all SQL anyway). Empty strings, as an
HTML form sends them, mean "no filter".
"""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from .. import settings
from ..store import EVENT_SORTS, FILTERS, EventFilter, check_cursor

CODE = r"^([A-Za-z]{3,6})?$"
EVENT_TYPE = r"^([A-Za-z_]{2,30})?$"
STATUS = r"^[a-z_]{2,20}$"
DOC_ID = r"^([0-9a-f]{4,16})?$"
ISO_DATE = r"^(\d{4}-\d{2}-\d{2})?$"
TRACKER_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
CURSOR = r"^[A-Za-z0-9_-]{0,400}$"

EVENT_PARAMS = tuple(FILTERS) + ("sort", "limit", "offset", "after")
TEXT = r"^[^\x00-\x1f]{0,200}$"


async def page_size(
    limit: Annotated[int, Query(ge=1, le=settings.get("web_max_page_size"), description="Rows per page.")] = settings.get("web_page_size"),
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")] = 0,
) -> tuple[int, int]:
    return limit, offset


async def event_filter(
    actor: Annotated[str | None, Query(pattern=CODE, description="Actor country/IGO code, e.g. PRK.")] = None,
    recipient: Annotated[str | None, Query(pattern=CODE, description="Recipient country/IGO code, e.g. USA.")] = None,
    type: Annotated[str | None, Query(pattern=EVENT_TYPE, description="PLOVER event type, e.g. MOBILIZE.")] = None,
    status: Annotated[list[str] | None, Query(description="Statuses to list (repeatable); default asserted; 'all' for every status.")] = None,
    since: Annotated[str | None, Query(pattern=ISO_DATE, description="Events on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(pattern=ISO_DATE, description="Events on or before this date (YYYY-MM-DD).")] = None,
    doc: Annotated[str | None, Query(pattern=DOC_ID, description="Only events of this document.")] = None,
    sort: Annotated[str, Query(description="One of: " + ", ".join(EVENT_SORTS))] = "date",
    limit: Annotated[int, Query(ge=1, le=settings.get("web_max_page_size"), description="Rows per page.")] = settings.get("web_page_size"),
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")] = 0,
    after: Annotated[str | None, Query(pattern=CURSOR, description="The `next_after` of the page before: the next page without counting rows to skip.")] = None,
    mode: Annotated[str | None, Query(pattern=r"^([a-z _-]{2,40})?$", description=FILTERS["mode"][1])] = None,
    country: Annotated[str | None, Query(pattern=CODE, description=FILTERS["country"][1])] = None,
    source: Annotated[str | None, Query(pattern=TEXT, description=FILTERS["source"][1])] = None,
    min_confidence: Annotated[str | None, Query(pattern=r"^((0(\.\d{1,6})?)|(1(\.0{1,6})?)|(\.\d{1,6}))?$", description=FILTERS["min_confidence"][1])] = None,
    canonical: Annotated[str | None, Query(pattern=DOC_ID, description=FILTERS["canonical"][1])] = None,
    text: Annotated[str | None, Query(pattern=TEXT, description=FILTERS["text"][1])] = None,
) -> EventFilter:
    """The CLI's ``dateline events`` filters plus sorting and paging."""
    if sort not in EVENT_SORTS:
        raise HTTPException(422, f"sort: must be one of {', '.join(EVENT_SORTS)} (got {sort[:40]!r})")
    if after:
        try:
            check_cursor(sort, after)
        except ValueError as e:
            raise HTTPException(422, str(e)) from None
    return EventFilter(
        actor=actor or None, recipient=recipient or None, type=type or None,
        status=_statuses(status), since=_date("since", since), until=_date("until", until),
        doc_id=doc or None, limit=limit, offset=offset, sort=sort, after=after or None,
        mode=mode or None, place_country=country or None, source=source or None,
        min_confidence=float(min_confidence) if min_confidence else None,
        canonical_id=canonical or None, text=text or None,
    )


def only_params(*allowed: str):
    """A route dependency refusing query parameters outside ``allowed``."""
    names = set(allowed)

    async def check(request: Request) -> None:
        refuse_unknown(request, names)

    return Depends(check)


def refuse_unknown(request: Request, allowed: set[str]) -> None:
    """A misspelt filter must not silently return everything."""
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise HTTPException(422, f"unknown query parameter {unknown[0][:40]!r}; known: {', '.join(sorted(allowed))}")


def _statuses(values: list[str] | None) -> tuple[str, ...] | None:
    import re

    values = [v for v in values or [] if v]
    if "all" in values:
        return None
    for v in values:
        if not re.fullmatch(STATUS, v):
            raise HTTPException(422, f"status: must be lower-case letters, e.g. asserted (got {v[:40]!r})")
    return tuple(values) or ("asserted",)


def _date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a calendar date (use YYYY-MM-DD)") from None
