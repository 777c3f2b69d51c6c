"""Alerts over hand-coded launch reports (no model): each kind raised once, with its reports;
`dateline alerts` output; the Atom feed as a feed reader reads it."""
from __future__ import annotations

import dataclasses

import feedparser
from click.testing import CliRunner

from dateline import api
from dateline.alerts import atom_feed, evaluate_trackers
from dateline.cli import main
from dateline.records import Alert, AlertReport, Tracker
from dateline.store import Store

from test_link import analysis_of, load_reports

C = {r["source"]: r for r in load_reports() if r["launch"] == "C"}
D = {"launch": "D", "source": "NHK", "published": "2022-11-21", "date": "2022-11-21", "trigger": "fired",
     "text": "North Korea appears to have fired a ballistic missile into the sea on Monday, officials said."}
D_ASSERTED = {**D, "source": "Yonhap", "text": "North Korea fired a short-range ballistic missile into the sea on Monday."}


def _add(store: Store, *reports: dict, status: str = "asserted") -> None:
    analyses = [analysis_of(r) for r in reports]
    for a in analyses:
        a.events[:] = [dataclasses.replace(e, status=status) for e in a.events]
    store.write(analyses)
    api.link_analyses(store, analyses)


def _seen(alerts: list[Alert]) -> list[tuple[str, str, list[str]]]:
    return [(a.kind, a.summary, [r.source for r in a.reports]) for a in alerts]


def test_watch_alerts_each_change_once(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        api.add_tracker(store, Tracker("dprk", "PRK", "MOBILIZE", "weapons"))
        api.add_tracker(store, Tracker("usa", "USA"))
        _add(store, C["Yonhap"])
        assert _seen(evaluate_trackers(store)) == [
            ("new-event", "2022-11-18 MOBILIZE weapons PRK: new event, 1 mention(s) from 1 source(s)", ["Yonhap"])]
        assert evaluate_trackers(store) == []  # nothing changed: nothing raised again

        _add(store, C["NK News"])
        assert _seen(evaluate_trackers(store)) == [
            ("answered", "2022-11-18 MOBILIZE weapons PRK: answered: missile or weapon type = Hwasong-17 "
                         "(NK News, 2022-11-19)", ["NK News", "Yonhap"])]

        _add(store, C["Kyodo"])
        assert _seen(evaluate_trackers(store)) == [
            ("disagreement", "2022-11-18 MOBILIZE weapons PRK: disagreement on landing_place: Japan's exclusive "
                             "economic zone (1 source); waters west of Hokkaido (1 source)", ["Yonhap", "Kyodo"])]

        _add(store, D, status="hedged")  # a hedged report alone is a new event, said to be hedged
        assert _seen(evaluate_trackers(store)) == [
            ("new-event", "2022-11-21 MOBILIZE weapons PRK: new event (hedged only), 1 mention(s) from 1 source(s)",
             ["NHK"])]
        _add(store, D_ASSERTED)
        assert _seen(evaluate_trackers(store)) == [
            ("confirmed", "2022-11-21 MOBILIZE weapons PRK: confirmed: hedged in NHK (2022-11-21), asserted by Yonhap",
             ["NHK", "Yonhap"]),
        ]
        assert evaluate_trackers(store) == [] and store.alerts(tracker="usa") == []


def test_watch_alerts_cli_lists_newest_first(tmp_path):
    db = str(tmp_path / "a.duckdb")
    with Store(db) as store:
        api.add_tracker(store, Tracker("dprk", "PRK", "MOBILIZE"))
        _add(store, C["Yonhap"])
        evaluate_trackers(store)
        _add(store, C["NK News"])
        evaluate_trackers(store)
        answered, new = store.alerts()
        docs = {d.source: d.id for d in store.documents()}
    result = CliRunner().invoke(main, ["alerts", "--tracker", "dprk", "--db", db])
    assert result.output == (
        f"{answered.created_at:%Y-%m-%d %H:%M}  [dprk] answered: 2022-11-18 MOBILIZE weapons PRK: answered: "
        "missile or weapon type = Hwasong-17 (NK News, 2022-11-19)\n"
        f"    2022-11-19  NK News  doc {docs['NK News']}\n"
        f"    2022-11-18  Yonhap  doc {docs['Yonhap']}\n"
        f"{new.created_at:%Y-%m-%d %H:%M}  [dprk] new-event: 2022-11-18 MOBILIZE weapons PRK: new event, "
        "1 mention(s) from 1 source(s)\n"
        f"    2022-11-18  Yonhap  doc {docs['Yonhap']}\n"
    )
    later = CliRunner().invoke(main, ["alerts", "--since", "2999-01-01", "--db", db])
    assert (later.exit_code, later.output) == (0, "")
    unknown = CliRunner().invoke(main, ["alerts", "--tracker", "nope", "--db", db])
    assert unknown.exit_code == 1 and unknown.output == "Error: nope: no tracker with this name (see: dateline track list)\n"


def test_watch_alerts_atom_feed_reads_back(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        api.add_tracker(store, Tracker("dprk", "PRK"))
        hostile = AlertReport("abc", "<b>Site</b>", "javascript:alert(1)", "</title><script>x</script>")
        plain = AlertReport("def", "Yonhap", "https://yna.example/1", "Launch")
        store.save_alerts("dprk", [Alert("a1", "dprk", "new-event", "c1", "new <event> & more", (hostile, plain))], [])
        alerts = store.alerts(tracker="dprk")
    feed = feedparser.parse(atom_feed("dprk", alerts, self_url="http://localhost:8000/trackers/dprk/alerts.atom"))
    assert not feed.bozo and feed.feed.title == "Dateline alerts: dprk"
    (entry,) = feed.entries
    assert (entry.id, entry.title, entry.tags[0].term) == ("urn:dateline:alert:a1", "new <event> & more", "new-event")
    assert [link.href for link in entry.links] == ["https://yna.example/1"]  # no javascript: link
    assert "</title><script>x</script>" in entry.content[0].value and entry.content[0].type == "text/plain"
