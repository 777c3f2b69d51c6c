"""The issue-10 scenario end to end: reports -> real pipeline -> linker -> tracker."""
from __future__ import annotations

from datetime import date

import pytest

from dateline import api
from dateline.ingest import RawReport
from dateline.records import Document, Tracker
from dateline.store import Store

from test_link import launch_of_doc, load_reports


@pytest.mark.model
def test_link_pipeline_tracker_shows_three_launches():
    reports = load_reports()
    with Store(":memory:") as store:
        raws = [RawReport(f"{r['source']}-{i}", text=r["text"], published=date.fromisoformat(r["published"]),
                          source=r["source"]) for i, r in enumerate(reports)]
        api.ingest(store, raws)
        api.add_tracker(store, Tracker("dprk-launches", actor="PRK", type="MOBILIZE", mode="weapons"))
        events = api.tracked_events(store, "dprk-launches")
        gold = launch_of_doc(reports)
        assert [e.date.start for e in events] == [date(2022, 10, 4), date(2022, 10, 18), date(2022, 11, 18)]
        assert all(len({gold[m.doc_id] for m in e.mentions}) == 1 for e in events)
        assert [e.value("weapon") for e in events] == ["Hwasong-12", "Hwasong-12", "Hwasong-17"]
        assert sum(len(e.mentions) for e in events) == sum(1 for r in reports if r["launch"])
        assert {Document.make_id(r["text"]) for r in reports} == {m.doc_id for e in events for m in e.mentions}
