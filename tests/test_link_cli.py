"""CLI over linking: trackers, stories and canonical events (set up through the Python API)."""
from __future__ import annotations

from click.testing import CliRunner

from dateline import api
from dateline.cli import main
from dateline.store import Store

from test_link import analysis_of, load_reports


def _db(tmp_path, launches=("A", "B", "C")) -> str:
    path = str(tmp_path / "links.duckdb")
    with Store(path) as store:
        analyses = [analysis_of(r) for r in load_reports() if r["launch"] in launches]
        store.write(analyses)
        api.link_analyses(store, analyses)
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_link_cli_track_show_timeline(tmp_path):
    db = _db(tmp_path, launches=("C",))
    _run("track", "add", "dprk-launches", "--actor", "prk", "--type", "MOBILIZE", "--mode", "weapons", "--db", db)
    with Store(db) as store:
        (event,) = store.canonical_events()
    assert _run("track", "show", "dprk-launches", "--db", db) == (
        "dprk-launches: 1 event(s)\n"
        f"2022-11-18  MOBILIZE weapons  PRK  [{event.id}]\n"
        "    4 mention(s) from 4 source(s), reported 2022-11-18 .. 2022-11-19\n"
        "    apogee         6,100 km (1 source)\n"
        "    date           2022-11-18 (4 sources)\n"
        "    landing_place  Japan's exclusive economic zone (2 sources); waters west of Hokkaido (1 source)  DISAGREE\n"
        "    range          1,000 km (1 source)\n"
        "    weapon         Hwasong-17 (2 sources)\n"
        "    answered: missile or weapon type = Hwasong-17 (Reuters, 2022-11-19)\n"
    )


def test_link_cli_track_show_open_question(tmp_path):
    db = _db(tmp_path, launches=("C",))
    with Store(db) as store:  # only the first day's reports: the missile type is still unknown
        store.clear_links()
        analyses = [analysis_of(r) for r in load_reports() if r["launch"] == "C" and r["published"] == "2022-11-18"]
        api.link_analyses(store, analyses)
    _run("track", "add", "t", "--actor", "PRK", "--db", db)
    assert "    OPEN: missile or weapon type (unknown per Yonhap)\n" in _run("track", "show", "t", "--db", db)


def test_link_cli_track_diff_and_list(tmp_path):
    db = _db(tmp_path)
    _run("track", "add", "dprk-launches", "--actor", "PRK", "--type", "MOBILIZE", "--db", db)
    out = _run("track", "diff", "dprk-launches", "--since", "2022-11-01", "--db", db)
    assert out.startswith("dprk-launches since 2022-11-01: 1 event(s) new or changed\n2022-11-18  MOBILIZE weapons")
    assert out.endswith("    new event\n")
    assert "dprk-launches" in _run("track", "list", "--db", db)


def test_link_cli_show_canonical_lists_every_mention(tmp_path):
    db = _db(tmp_path, launches=("B",))
    with Store(db) as store:
        (event,) = store.canonical_events()
    out = _run("show", event.id[:10], "--db", db)
    for source in ("Yonhap", "NHK", "Reuters", "The Guardian", "AP"):
        assert f"  {source} " in out
    assert out.count(" doc ") == 5


def test_link_cli_stories_groups_by_launch(tmp_path):
    db = _db(tmp_path)
    out = _run("stories", "--db", db)
    assert [line.split(": ")[1] for line in out.splitlines() if line.startswith("story")] == [
        "5 document(s)", "4 document(s)", "7 document(s)"]


def test_link_cli_unknown_tracker_is_one_line_error(tmp_path):
    db = _db(tmp_path, launches=("C",))
    result = CliRunner().invoke(main, ["track", "show", "nope", "--db", db])
    assert result.exit_code == 1 and result.output == "Error: nope: no tracker with this name (see: dateline track list)\n"


def test_link_cli_relink_is_stable(tmp_path):
    db = _db(tmp_path)
    with Store(db) as store:
        before = [(e.id, e.fields) for e in store.canonical_events()]
    assert _run("link", "--rebuild", "--db", db) == "linked 16 mentions; 3 canonical events\n"
    with Store(db) as store:
        assert [(e.id, e.fields) for e in store.canonical_events()] == before
