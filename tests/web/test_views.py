"""Span marking, the timeline and map geometry, and the URL guard: logic without a server."""
from __future__ import annotations


import pytest

from dateline.web.charts import map_view, timeline, world_paths
from dateline.web.highlight import Mark, segments

TEXT = "Moon said North Korea fired a missile."


def test_highlight_marks_one_span():
    pieces = segments(TEXT, [Mark(22, 27, "trigger")])
    assert [(p.text, p.kinds) for p in pieces] == [
        ("Moon said North Korea ", ()), ("fired", ("trigger",)), (" a missile.", ())]


def test_highlight_overlapping_and_nested_marks_cover_each_piece():
    marks = [Mark(10, 27, "quote"), Mark(10, 21, "actor"), Mark(22, 27, "trigger", "MOBILIZE", "/ui/events/x")]
    pieces = segments(TEXT, marks)
    assert "".join(p.text for p in pieces) == TEXT
    by_text = {p.text: p for p in pieces}
    assert by_text["North Korea"].kinds == ("quote", "actor")
    assert by_text["fired"].kinds == ("quote", "trigger") and by_text["fired"].href == "/ui/events/x"
    assert by_text[" "].kinds == ("quote",)


@pytest.mark.parametrize("marks", [[], [Mark(5, 5, "trigger")], [Mark(500, 510, "place")]])
def test_highlight_empty_or_outside_marks_leave_the_text_plain(marks):
    assert [(p.text, p.kinds) for p in segments(TEXT, marks)] == [(TEXT, ())]


def test_highlight_offsets_are_into_the_clean_text():
    sentence_start = 100
    pieces = segments("It fired twice.", [Mark(103, 108, "evidence")], offset=sentence_start)
    assert [p.text for p in pieces if p.kinds] == ["fired"]


def _event(id, day, type="MOBILIZE", place=None, missing=()):
    return {"id": id, "date": day, "type": type, "actors": ["PRK"], "status": "asserted",
            "open_questions": list(missing), "place": place}


def test_timeline_orders_marks_by_date_and_lanes_by_type():
    events = [_event("b", "2022-03-24"), _event("a", "2022-01-05", "DISAPPROVE"), _event("c", None),
              _event("d", "2022-11-18", missing=["range"])]
    chart = timeline(events)
    xs = {m.href[-1]: m.x for m in chart["marks"]}
    assert xs["a"] < xs["b"] < xs["d"] and chart["undated"] == 1
    assert [name for name, _ in chart["lanes"]] == ["DISAPPROVE", "MOBILIZE"]
    assert [m.open_questions for m in chart["marks"] if m.href.endswith("d")] == [1]
    assert [label for _, label in chart["ticks"]][:2] == ["Feb 2022", "Mar 2022"]


def test_timeline_without_dates_is_empty():
    assert timeline([_event("a", None)])["marks"] == []


def test_map_zooms_to_the_points_and_skips_unplaced_events():
    seoul = {"name": "Seoul", "latitude": 37.57, "longitude": 126.98}
    tokyo = {"name": "Tokyo", "latitude": 35.68, "longitude": 139.69}
    view = map_view([_event("a", "2022-01-01", place=seoul), _event("b", "2022-01-02", place=tokyo), _event("c", None)])
    assert [(p.x, p.y) for p in view["points"]] == [(126.98, -37.57), (139.69, -35.68)]
    x, y, width, height = map(float, view["view_box"].split())
    assert x < 126.98 and x + width > 139.69 and y < -37.57 and y + height > -35.68
    assert width == 2 * height and width < 100 and view["unplaced"] == 1


def test_map_outlines_cover_the_world():
    names = {name for name, _ in world_paths()}
    assert len(names) > 170 and {"Japan", "North Korea", "Ukraine", "Brazil"} <= names


