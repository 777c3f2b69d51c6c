"""The tracker page's map and timeline as SVG geometry, computed server-side (no tile server).

The map is an equirectangular projection (x = longitude, y = -latitude) of the Natural Earth
outlines in ``data/world_110m.geojson``; the view is zoomed to the events' bounding box.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

TIMELINE_WIDTH = 960
LANE_HEIGHT = 28
LEFT_MARGIN = 130  # room for the lane labels (event types)


@lru_cache(maxsize=1)
def world_paths() -> tuple[tuple[str, str], ...]:
    """(country name, SVG path) for every country outline."""
    text = resources.files("dateline.data").joinpath("world_110m.geojson").read_text(encoding="utf-8")
    paths = []
    for feature in json.loads(text)["features"]:
        rings = [ring for polygon in feature["geometry"]["coordinates"] for ring in polygon]
        d = "".join("M" + "L".join(f"{lon:g},{-lat:g}" for lon, lat in ring) + "Z" for ring in rings)
        paths.append((feature["properties"]["name"], d))
    return tuple(paths)


@dataclass(frozen=True, slots=True)
class MapPoint:
    x: float
    y: float
    href: str
    label: str
    status: str


def map_view(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Points for events with coordinates and a viewBox around them (the world when none)."""
    points = [
        MapPoint(p["longitude"], -p["latitude"], f"/ui/events/{e['id']}", f"{e['date'] or '?'} {e['type']} at {p['name']}", e["status"])
        for e in events if (p := e.get("place")) and p.get("latitude") is not None and p.get("longitude") is not None
    ]
    x, y, width, height = _view_box(points)
    return {"points": points, "view_box": f"{x:.2f} {y:.2f} {width:.2f} {height:.2f}",
            "radius": round(width / 150, 3), "countries": world_paths(), "unplaced": len(events) - len(points)}


def _view_box(points: list[MapPoint]) -> tuple[float, float, float, float]:
    if not points:
        return -180.0, -90.0, 360.0, 180.0
    xs, ys = [p.x for p in points], [p.y for p in points]
    # at least 40 x 20 degrees around the points, keeping the map's 2:1 shape
    width = max(max(xs) - min(xs) + 20, 40.0)
    height = max(max(ys) - min(ys) + 10, 20.0)
    width, height = max(width, 2 * height), max(height, width / 2)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return cx - width / 2, cy - height / 2, width, height


@dataclass(frozen=True, slots=True)
class TimelineMark:
    x: float
    y: float
    href: str
    label: str
    status: str
    open_questions: int


def timeline(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Events placed by date (x) in one lane per event type (y); undated events are left out."""
    dated = [e for e in events if e.get("date")]
    lanes = sorted({e["type"] for e in dated})
    if not dated:
        return {"marks": [], "lanes": [], "ticks": [], "width": TIMELINE_WIDTH, "height": LANE_HEIGHT, "undated": len(events)}
    first = min(date.fromisoformat(e["date"]) for e in dated) - timedelta(days=1)
    last = max(date.fromisoformat(e["date"]) for e in dated) + timedelta(days=1)
    span = (last - first).days
    scale = (TIMELINE_WIDTH - LEFT_MARGIN - 20) / span

    def x_of(day: date) -> float:
        return round(LEFT_MARGIN + (day - first).days * scale, 1)

    marks, seen = [], {}
    for e in dated:
        x, lane = x_of(date.fromisoformat(e["date"])), lanes.index(e["type"])
        n = seen[(x, lane)] = seen.get((x, lane), -1) + 1  # same day, same type: side by side
        label = f"{e['date']} {e['type']} {', '.join(e['actors']) or '?'}"
        if e["open_questions"]:
            label += f"; open: {', '.join(e['open_questions'])}"
        marks.append(TimelineMark(x + 15 * min(n, 4), lane * LANE_HEIGHT + LANE_HEIGHT / 2, f"/ui/events/{e['id']}",
                                  label, e["status"], len(e["open_questions"])))
    ticks = [(x_of(d), label) for d, label in _ticks(first, last)]
    return {
        "marks": marks, "ticks": ticks, "width": TIMELINE_WIDTH, "height": len(lanes) * LANE_HEIGHT + 24,
        "lanes": [(name, i * LANE_HEIGHT + LANE_HEIGHT / 2) for i, name in enumerate(lanes)],
        "undated": len(events) - len(dated), "left": LEFT_MARGIN,
    }


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Year ticks for long spans, month ticks for months, day ticks for a few weeks."""
    span = (last - first).days
    if span > 3 * 365:
        return [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1)]
    if span > 60:
        months, d = [], date(first.year, first.month, 1)
        step = 1 if span < 400 else 3
        while d <= last:
            if d > first:
                months.append((d, d.strftime("%b %Y")))
            month = d.month - 1 + step
            d = date(d.year + month // 12, month % 12 + 1, 1)
        return months
    step = max(1, span // 8)
    return [(first + timedelta(days=i), (first + timedelta(days=i)).strftime("%d %b"))
            for i in range(1, span, step)]
