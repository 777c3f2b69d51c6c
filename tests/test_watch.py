"""`dateline watch --once` over a local news site that publishes launch reports over several
rounds: what the store, the alerts, the webhook and the Atom feed hold after each round."""
from __future__ import annotations

import json

import feedparser
import pytest
from click.testing import CliRunner

from dateline import api
from dateline.alerts import atom_feed
from dateline.cli import main
from dateline.records import Tracker
from dateline.store import Store
from watch_server import FeedServer, article_page, news_sitemap, rss

from test_link import load_reports

C = {r["source"]: r for r in load_reports() if r["launch"] == "C"}
# a launch first reported hedged, then asserted by another source
D_HEDGED = {"source": "NHK", "published": "2022-11-21",
            "text": "North Korea appears to have fired a ballistic missile into the sea on Monday, South Korea's military said."}
D_ASSERTED = {"source": "Yonhap", "published": "2022-11-21",
              "text": "North Korea fired a short-range ballistic missile into the sea on Monday, Japan's defence ministry said."}


@pytest.fixture
def site():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch):
    monkeypatch.setenv("DATELINE_WATCH_ATTEMPTS", "2")  # one retry: a 503 costs ~0.5 s, not ~2 s
    # one local "host" serves every feed here; the per-host rate has its own test (test_watch_fetch.py)
    monkeypatch.setenv("DATELINE_WATCH_HOST_RATE", "50")


def _article(site: FeedServer, slug: str, report: dict) -> tuple[str, str, str, str]:
    url = site.publish(f"/news/{slug}.html", article_page(f"{report['source']} report", report["text"], report["published"]))
    return url, f"{report['source']} report", report["published"], report["source"]


def _feed(site: FeedServer, name: str, articles: list[tuple]) -> None:
    site.publish(f"/{name.lower()}.xml", rss(name, [a[:3] for a in articles]), "application/rss+xml")


def _sitemap(site: FeedServer, articles: list[tuple]) -> None:
    site.publish("/news-sitemap.xml", news_sitemap(articles), "application/xml")


def _watch(sources: str, db: str) -> str:
    result = CliRunner().invoke(main, ["watch", sources, "--once", "--allow-private", "--db", db])
    assert result.exit_code == 0, result.output
    return result.output


def _state(db: str) -> dict:
    with Store(db) as store:
        return {
            "docs": {d.url: d for d in store.documents()},
            "sources": {url.rsplit("/", 1)[1]: s for url, s in store.watch_sources().items()},
            "alerts": store.alerts(tracker="dprk"),
            "events": api.tracked_events(store, "dprk"),
            "atom": feedparser.parse(atom_feed("dprk", store.alerts(tracker="dprk"), self_url="http://localhost/a.atom")),
        }


def _feed_matches_alerts(s: dict) -> bool:
    """The tracker's Atom feed holds every alert, newest first, each with its reports' links."""
    return [(e.id, e.title, [link.href for link in e.links]) for e in s["atom"].entries] == [
        (f"urn:dateline:alert:{a.id}", a.summary, [r.url for r in a.reports]) for a in s["alerts"]]


def _kinds(alerts) -> list[str]:
    return sorted(a.kind for a in alerts)


@pytest.mark.model
def test_watch_rounds_store_alerts_webhook_and_feed(site, tmp_path):
    db = str(tmp_path / "watch.duckdb")
    with Store(db) as store:
        api.add_tracker(store, Tracker("dprk", "PRK", "MOBILIZE", "weapons"))
    toml = tmp_path / "sources.toml"
    toml.write_text(
        "interval_minutes = 15\n"
        + "".join(f'[[source]]\nurl = "{site.url(p)}"\n' for p in ("/yonhap.xml", "/kyodo.xml", "/news-sitemap.xml"))
        + f'[[source]]\nurl = "{site.url("/reuters.xml")}"\nname = "Reuters"\n'
        + f'[webhooks]\ndprk = "{site.url("/hook")}"\n')

    # round 1: one report; the missile type is still an open question
    yonhap_c = _article(site, "yonhap-c", C["Yonhap"])
    _feed(site, "Yonhap", [yonhap_c])
    _feed(site, "Kyodo", [])
    _feed(site, "Reuters", [])
    _sitemap(site, [])
    _watch(str(toml), db)
    s = _state(db)
    assert _feed_matches_alerts(s)
    assert list(s["docs"]) == [yonhap_c[0]] and s["docs"][yonhap_c[0]].source == "Yonhap"
    assert [(a.kind, [r.url for r in a.reports]) for a in s["alerts"]] == [("new-event", [yonhap_c[0]])]
    (event,) = s["events"]
    assert [(q.key, q.answered) for q in event.questions] == [("weapon", False)]
    assert [e.link for e in s["atom"].entries] == [yonhap_c[0]]
    assert all(src["failures"] == 0 and src["last_ok"] for src in s["sources"].values())

    # round 2, malformed: a cut-off feed, a failing server; the sitemap still brings a hedged report
    site.publish("/yonhap.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Yonhap</title><item><title>Nor',
                 "application/rss+xml")
    site.publish("/kyodo.xml", "upstream down", "text/plain", status=503)
    nhk_d = _article(site, "nhk-d", D_HEDGED)
    _sitemap(site, [nhk_d])
    out = _watch(str(toml), db)
    assert "polled 4 source(s) (1 unchanged, 2 failed)" in out  # the Reuters feed: 304
    s = _state(db)
    assert _feed_matches_alerts(s)
    assert "malformed feed" in s["sources"]["yonhap.xml"]["last_error"]
    assert s["sources"]["kyodo.xml"]["last_error"] == "HTTP 503 after 2 tries"
    assert (s["sources"]["yonhap.xml"]["failures"], s["sources"]["kyodo.xml"]["failures"]) == (1, 1)
    assert s["sources"]["news-sitemap.xml"]["failures"] == 0
    assert set(s["docs"]) == {yonhap_c[0], nhk_d[0]}
    # a hedged report is a new event, said to be hedged (linking keeps hedged mentions, issue 16)
    hedged = s["alerts"][0]
    assert (hedged.kind, [r.url for r in hedged.reports]) == ("new-event", [nhk_d[0]])
    assert hedged.summary == "2022-11-21 MOBILIZE weapons PRK: new event (hedged only), 1 mention(s) from 1 source(s)"

    # round 3: the feeds recover; later reports answer the open question and assert launch D
    nk_c, reuters_c, yonhap_d = (_article(site, "nknews-c", C["NK News"]), _article(site, "reuters-c", C["Reuters"]),
                                 _article(site, "yonhap-d", D_ASSERTED))
    _feed(site, "Yonhap", [yonhap_d, yonhap_c])
    _feed(site, "Kyodo", [])
    _feed(site, "Reuters", [reuters_c])
    _sitemap(site, [nk_c, nhk_d])
    _watch(str(toml), db)
    s = _state(db)
    assert _feed_matches_alerts(s)
    assert len(s["docs"]) == 5 and s["docs"][reuters_c[0]].source == "Reuters"
    assert all(src["failures"] == 0 for src in s["sources"].values())
    new = s["alerts"][:-2]
    assert _kinds(new) == ["answered", "confirmed"]
    answered = next(a for a in new if a.kind == "answered")
    assert answered.summary.startswith("2022-11-18 MOBILIZE weapons PRK: answered: missile or weapon type = Hwasong-17 (")
    assert {r.url for r in answered.reports} >= {yonhap_c[0]} and {r.url for r in answered.reports} & {nk_c[0], reuters_c[0]}
    confirmed = next(a for a in new if a.kind == "confirmed")
    assert confirmed.summary == ("2022-11-21 MOBILIZE weapons PRK: confirmed: hedged in NHK (2022-11-21), asserted by Yonhap")
    assert [r.url for r in confirmed.reports] == [nhk_d[0], yonhap_d[0]]
    assert hedged.canonical_id == confirmed.canonical_id

    # round 4: a report that disagrees on where the missile fell
    kyodo_c = _article(site, "kyodo-c", C["Kyodo"])
    _feed(site, "Kyodo", [kyodo_c])
    _watch(str(toml), db)
    s = _state(db)
    assert _feed_matches_alerts(s)
    disagreements = [a for a in s["alerts"] if a.kind == "disagreement"]
    landing = next(a for a in disagreements if "on landing_place" in a.summary)
    assert "waters west of Hokkaido (1 source)" in landing.summary
    assert kyodo_c[0] in {r.url for r in landing.reports}
    assert all(a.created_at >= s["alerts"][-1].created_at for a in disagreements)

    # round 5: nothing new: conditional GETs, no article fetched again, no new alert
    article_hits = {p: n for p, n in site.hits.items() if p.startswith("/news/")}
    before = len(s["alerts"])
    out = _watch(str(toml), db)
    assert "polled 4 source(s) (4 unchanged, 0 failed), 0 new item(s)" in out
    assert {p: n for p, n in site.hits.items() if p.startswith("/news/")} == article_hits == dict.fromkeys(article_hits, 1)
    s = _state(db)
    assert _feed_matches_alerts(s)
    assert len(s["alerts"]) == before and len(s["docs"]) == 6

    # every alert reached the webhook exactly once, and the Atom feed lists each once
    posted = [a["id"] for p in site.posts for a in p["body"]["alerts"]]
    assert sorted(posted) == sorted(a.id for a in s["alerts"])
    assert all(p["path"] == "/hook" and p["body"]["tracker"] == "dprk" for p in site.posts)
    assert sorted(e.id for e in s["atom"].entries) == sorted(f"urn:dateline:alert:{a.id}" for a in s["alerts"])

    result = CliRunner().invoke(main, ["alerts", "--tracker", "dprk", "--format", "json", "--db", db])
    assert [a["id"] for a in json.loads(result.output)] == [a.id for a in s["alerts"]]
