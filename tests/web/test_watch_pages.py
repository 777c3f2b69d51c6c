"""Alerts and watched sources over HTTP: GET /alerts, a tracker's Atom feed, the watch page."""
from __future__ import annotations

import feedparser
import pytest

fastapi = pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'dateline[web]'")
from fastapi.testclient import TestClient  # noqa: E402

from dateline import api  # noqa: E402
from dateline.records import Alert, AlertReport, Tracker  # noqa: E402
from dateline.store import Store  # noqa: E402
from dateline.web import create_app  # noqa: E402

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("watch") / "watch.duckdb"
    with Store(path) as store:
        api.add_tracker(store, Tracker("dprk", "PRK"))
        api.add_tracker(store, Tracker("quiet", "USA"))
        report = AlertReport("d1", HOSTILE, "javascript:alert(1)", HOSTILE)
        store.save_alerts("dprk", [Alert("a1", "dprk", "new-event", "c1", f"new event {HOSTILE}", (report,)),
                                   Alert("a2", "dprk", "answered", "c1", "answered: weapon = Hwasong-17",
                                         (AlertReport("d2", "NK News", "https://nk.example/2", "Launch"),))], [])
        store.save_poll("https://feeds.example/rss", name="Wire", error=None, items=3)
        store.save_poll("https://down.example/rss", name=None, error=f"HTTP 503 after 3 tries {HOSTILE}")
    with TestClient(create_app(path)) as client:
        yield client


def test_watch_pages_alerts_json(client):
    body = client.get("/alerts", params={"tracker": "dprk"}).json()
    assert [(a["id"], a["kind"]) for a in body["alerts"]] == [("a2", "answered"), ("a1", "new-event")]
    assert body["alerts"][0]["reports"] == [{"doc_id": "d2", "source": "NK News", "url": "https://nk.example/2",
                                             "title": "Launch", "published_at": None}]
    assert client.get("/alerts", params={"tracker": "quiet"}).json() == {"alerts": []}
    assert [a["id"] for a in client.get("/alerts", params={"limit": 1}).json()["alerts"]] == ["a2"]


@pytest.mark.parametrize("params, status", [({"tracker": "nope"}, 404), ({"tracker": "a b'"}, 422),
                                            ({"since": "yesterday"}, 422), ({"limit": 0}, 422)])
def test_watch_pages_alerts_bad_parameters(client, params, status):
    response = client.get("/alerts", params=params)
    assert response.status_code == status and response.json()["status"] == status


def test_watch_pages_tracker_atom_feed(client):
    response = client.get("/trackers/dprk/alerts.atom")
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert [e.id for e in feed.entries] == ["urn:dateline:alert:a2", "urn:dateline:alert:a1"]
    assert feed.feed.links[0].href == "http://testserver/trackers/dprk/alerts.atom"
    assert client.get("/trackers/nope/alerts.atom").status_code == 404


def test_watch_pages_watch_page_escapes_and_lists(client):
    page = client.get("/ui/watch").text
    assert "Wire" in page and "https://down.example/rss" in page and "HTTP 503 after 3 tries" in page
    assert HOSTILE not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page
    assert 'href="/trackers/dprk/alerts.atom"' in page and "answered: weapon = Hwasong-17" in page
