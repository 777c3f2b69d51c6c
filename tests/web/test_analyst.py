"""Issue 17: one event schema everywhere, the codebook, shaped exports, filters, search, trackers."""
from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

fastapi = pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'dateline[web]'")
from fastapi.testclient import TestClient  # noqa: E402

from dateline import api  # noqa: E402
from dateline.cli import main  # noqa: E402
from dateline.schema import EVENT_COLUMN_NAMES, codebook_markdown  # noqa: E402
from dateline.shapes import codebook_markdown as shapes_markdown, shape_columns  # noqa: E402
from dateline.store import FILTERS, EventFilter, Store  # noqa: E402
from dateline.web import create_app  # noqa: E402

from .corpus import event_id  # noqa: E402

pytestmark = pytest.mark.issue(17)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(web_corpus, tmp_path):
    """A copy of the fixture store the test may change."""
    path = tmp_path / "analyst.duckdb"
    shutil.copy(web_corpus[0], path)
    return str(path)


@pytest.fixture(scope="module")
def client(web_corpus):
    with TestClient(create_app(web_corpus[0])) as client:
        yield client


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _events(corpus):
    return [e for a in corpus.values() for e in a.events]


# -- one schema -----------------------------------------------------------------------------------
def test_schema_is_the_same_in_cli_api_and_export(db, client, tmp_path):
    as_json = json.loads(_cli("events", "--status", "all", "--format", "json", "--db", db))
    as_csv = pd.read_csv(io.StringIO(_cli("events", "--status", "all", "--format", "csv", "--db", db)), dtype=str)
    from_api = client.get("/events?status=all&limit=500").json()["events"]
    _cli("export", str(tmp_path / "e.csv"), "--format", "csv", "--db", db)
    exported = pd.read_csv(tmp_path / "e.csv", dtype={"cameo": str})
    _cli("export", str(tmp_path / "e.parquet"), "--format", "parquet", "--db", db)
    parquet = pd.read_parquet(tmp_path / "e.parquet")
    for columns in (list(as_json[0]), list(as_csv.columns), list(from_api[0]), list(exported.columns), list(parquet.columns)):
        assert tuple(columns) == EVENT_COLUMN_NAMES
    assert as_json == from_api  # the same rows, the same values, in the same order


def test_schema_row_of_a_placed_event_and_of_an_actorless_undated_one(db, web_corpus):
    rows = {r["id"]: r for r in json.loads(_cli("events", "--status", "all", "--format", "json", "--db", db))}
    talks = rows[event_id(web_corpus[1], "ukraine", "CONSULT")]
    assert (talks["place_name"], talks["place_country"], talks["latitude"], talks["longitude"]) == ("Ankara", "TUR", 39.93, 32.86)
    assert talks["actor_country"] == "UKR" and talks["actor_name"] == "Dmytro Kuleba" and talks["recipient_name"] == "Hakan Fidan"
    assert talks["headline"] == "Ukraine and Turkey hold talks on grain corridor" and talks["published_at"] == "2023-06-15"
    assert talks["canonical_id"] and "Kuleba met Turkish" in talks["sentence_text"] and talks["trigger"] == "met"
    agree = rows[event_id(web_corpus[1], "ukraine", "AGREE")]
    assert agree["actor_country"] is agree["date_start"] is agree["place_name"] is agree["latitude"] is None
    assert agree["date_precision"] == "unknown"


def test_schema_keeps_cameo_as_text_in_csv(web_corpus, tmp_path):
    analyses = list(web_corpus[1].values())
    first = analyses[0]
    first.events[0] = dataclasses.replace(first.events[0], cameo="030")
    try:
        with Store(":memory:") as store:
            store.write(analyses)
            store.export(tmp_path / "e.csv", fmt="csv")
    finally:
        first.events[0] = dataclasses.replace(first.events[0], cameo=None)
    frame = pd.read_csv(tmp_path / "e.csv", dtype={"cameo": str})  # as docs/codebook.md says
    assert "030" in set(frame["cameo"])


def test_codebook_is_generated_from_the_schema():
    text = (ROOT / "docs" / "codebook.md").read_text()
    assert text == codebook_markdown() + shapes_markdown(), "run `dateline codebook --out docs/codebook.md`"
    assert _cli("codebook") == text
    assert all(f"| `{name}` |" in text for name in EVENT_COLUMN_NAMES)


# -- shaped exports ---------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", ["gdelt", "icews", "polecat"])
def test_shaped_export_loads_with_the_codebook_columns(db, tmp_path, web_corpus, shape):
    out = tmp_path / f"events.{shape}.tsv"
    _cli("export", str(out), "--shape", shape, "--db", db)
    columns = shape_columns()[shape]["columns"]
    if shape == "gdelt":  # GDELT files have no header row: readers name the columns from the codebook
        frame = pd.read_csv(out, sep="\t", header=None, names=columns, dtype=str)
        assert frame.shape[1] == 61
    else:
        frame = pd.read_csv(out, sep="\t", dtype=str)
    assert list(frame.columns) == columns
    assert len(frame) == len(_events(web_corpus[1]))
    launch = event_id(web_corpus[1], "ukraine", "CONSULT")
    if shape == "gdelt":
        row = frame[frame["GLOBALEVENTID"] == str(int(launch[:15], 16))].iloc[0]
        assert (row["SQLDATE"], row["Actor1CountryCode"], row["Actor2CountryCode"], row["ActionGeo_CountryCode"],
                row["ActionGeo_Lat"]) == ("20230615", "UKR", "TUR", "TU", "39.93")
    elif shape == "icews":
        row = frame[frame["Event ID"] == launch].iloc[0]
        assert (row["Event Date"], row["Source Name"], row["Target Country"], row["Country"], row["Sentence Number"]) == \
            ("2023-06-15", "Dmytro Kuleba", "Turkey", "Turkey", "3")  # sentence 2, 1-based
    else:
        row = frame[frame["Event ID"] == launch].iloc[0]
        assert (row["Event Type"], row["Actor Country"], row["Recipient Name"], row["Placename"]) == \
            ("consult", "UKR", "Hakan Fidan", "Ankara")


# -- filters ------------------------------------------------------------------------------------------
CASES = [
    ("mode", "weapons test", lambda e: e.mode == "weapons test"),
    ("country", "TUR", lambda e: e.place is not None and e.place.country == "TUR"),
    ("source", "Dateline Wire", lambda e: e.doc_id in SOURCED),
    ("min_confidence", "0.85", lambda e: e.confidence >= 0.85),
    ("text", "ballistic missile", lambda e: e.doc_id == DPRK and e.sentence_index == 3),
    ("type", "AGREE", lambda e: e.type == "AGREE"),
]
SOURCED: set[str] = set()
DPRK = ""


@pytest.mark.parametrize("name, value, keep", CASES, ids=[c[0] for c in CASES])
def test_filters_are_the_same_in_cli_api_and_ui(db, client, web_corpus, name, value, keep):
    global DPRK
    DPRK = web_corpus[1]["dprk"].document.id
    with Store(db, read_only=True) as store:
        SOURCED.update(d.id for d in store.documents() if d.source == "Dateline Wire")
    expected = {e.id for e in _events(web_corpus[1]) if keep(e)}
    assert expected, "the corpus must hold events for this filter"
    flag = "--" + name.replace("_", "-")
    cli = {r["id"] for r in json.loads(_cli("events", "--status", "all", flag, value, "--format", "json", "--db", db))}
    http = {r["id"] for r in client.get("/events", params={name: value, "status": "all"}).json()["events"]}
    page = client.get("/ui/events", params={name: value, "status": "all"}).text
    assert cli == http == expected
    assert all(f'href="/ui/events/{i}"' in page for i in expected)


def test_filters_are_one_table_for_cli_and_api():
    from dateline.web.params import EVENT_PARAMS

    options = {p.name for p in main.commands["events"].params}
    assert set(FILTERS) <= set(EVENT_PARAMS)
    assert {FILTERS[n][0] if n not in ("doc", "status") else n for n in FILTERS} - {"doc_id"} <= options | {
        f.name for f in dataclasses.fields(EventFilter)}


def test_canonical_filter_lists_every_mention(db, client, web_corpus):
    launch = event_id(web_corpus[1], "dprk", "MOBILIZE")
    canonical = client.get(f"/events/{launch}").json()["canonical_id"]
    rows = client.get("/events", params={"canonical": canonical, "status": "all"}).json()["events"]
    # the undated recall of an earlier test in the same report is another happening (issue 16):
    # it keeps a canonical event of its own
    recall = event_id(web_corpus[1], "dprk", "MOBILIZE", 1)
    assert {r["id"] for r in rows} == {launch}
    assert client.get(f"/events/{recall}").json()["canonical_id"] != canonical


@pytest.mark.parametrize("path", ["/events?colour=red", "/ui/events?colour=red", "/ui/quotes?colour=red",
                                  "/export/events?colour=red", "/search?q=x&colour=red"])
def test_unknown_filter_is_a_clear_error(client, path):
    response = client.get(path)
    assert response.status_code == 422 and "unknown query parameter" in response.text and "colour" in response.text


def test_unknown_filter_in_the_cli_is_a_clear_error(db):
    result = CliRunner().invoke(main, ["events", "--colour", "red", "--db", db])
    assert result.exit_code == 2 and "No such option '--colour'" in result.output


def test_quotes_page_filters_by_speaker(client):
    html = client.get("/ui/quotes?speaker=Kuleba").text
    assert "We will not let the world go hungry" in html and "clear violation" not in html
    assert 'name="speaker" value="Kuleba"' in html


# -- search -------------------------------------------------------------------------------------------
def test_search_finds_sentences_in_cli_and_api(db, client, web_corpus):
    dprk = web_corpus[1]["dprk"].document.id
    body = client.get("/search", params={"q": "Ballistic MISSILE"}).json()
    assert body["engine"] in ("sql", "fts") and body["hits"]
    assert all("ballistic missile" in h["text"].lower() for h in body["hits"])
    assert (dprk, 3) in {(h["doc_id"], h["sentence_index"]) for h in body["hits"]}
    assert body["hits"][0]["href"].startswith(f"/ui/documents/{body['hits'][0]['doc_id']}#s")
    cli = json.loads(_cli("search", "ballistic missile", "--format", "json", "--db", db))
    assert [(h["doc_id"], h["sentence_index"]) for h in cli] == [(h["doc_id"], h["sentence_index"]) for h in body["hits"]]
    assert client.get("/search", params={"q": "grain corridor zzzz"}).json()["hits"] == []


def test_search_ranks_the_rarer_word_higher(db):
    with Store(db, read_only=True) as store:
        _, hits = api.search(store, "missile", engine="sql")
    # BM25: a short sentence naming the missile ranks above a long one
    assert hits and [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_search_without_words_is_a_clear_error(client, db):
    response = client.get("/search", params={"q": "!!!"})
    assert response.status_code == 422 and "at least one word" in response.json()["error"]
    result = CliRunner().invoke(main, ["search", "--db", db, "--", "---"])
    assert result.exit_code == 1 and "at least one word" in result.output


def test_search_with_fts_forced_loads_it_or_says_why(db):
    with Store(db, read_only=True) as store:
        problem = store.fts_loaded()
        if problem is None:
            pytest.skip("DuckDB's fts extension loads here; the error path is not reachable")
    result = CliRunner().invoke(main, ["search", "missile", "--engine", "fts", "--db", db])
    assert result.exit_code == 1 and "full-text search extension cannot load" in result.output
    assert "DATELINE_SEARCH_ENGINE=sql" in result.output


def test_text_filter_and_search_see_new_reports(db):
    from dateline.ingest import RawReport

    with Store(db) as store:
        api.ingest(store, [RawReport("<new>", text="Pyongyang paraded a hypersonic glider through Kim Il Sung "
                                                   "Square on Saturday, state media said.")])
        _, hits = api.search(store, "hypersonic glider")
    assert len(hits) == 1 and "Pyongyang" in hits[0].text


# -- trackers ---------------------------------------------------------------------------------------------
def test_track_remove(db):
    assert _cli("track", "remove", "agreements", "--db", db) == "tracker agreements removed\n"
    assert "agreements" not in _cli("track", "list", "--db", db)
    result = CliRunner().invoke(main, ["track", "remove", "agreements", "--db", db])
    assert result.exit_code == 1 and "no tracker with this name" in result.output


def test_trackers_are_created_edited_and_removed_in_the_ui(db):
    with TestClient(create_app(db, allow_write=True)) as client:
        made = client.post("/ui/trackers", data={"name": "tur", "actor": "tur"}, follow_redirects=False)
        assert made.status_code == 303 and made.headers["location"] == "/ui/trackers/tur"
        assert client.get("/trackers/tur").json()["tracker"] == {"name": "tur", "actor": "TUR", "type": None, "mode": None}
        edited = client.post("/ui/trackers", data={"old_name": "tur", "name": "talks", "type": "consult"})
        assert edited.status_code == 200 and client.get("/trackers/tur").status_code == 404
        assert client.get("/trackers/talks").json()["tracker"]["type"] == "CONSULT"
        assert client.post("/ui/trackers/talks/delete").status_code == 200
        assert client.get("/trackers/talks").status_code == 404
        empty = client.post("/ui/trackers", data={"name": "nothing"})
        assert empty.status_code == 422 and "at least one of" in empty.text
        odd = client.post("/ui/trackers", data={"name": "x", "actor": "PRK", "colour": "red"})
        assert odd.status_code == 422 and "unknown form field" in odd.text and "colour" in odd.text


def test_read_only_server_refuses_tracker_changes(client):
    response = client.post("/ui/trackers", data={"name": "x", "actor": "PRK"})
    assert response.status_code == 403 and "read-only" in response.text
    assert "dateline serve --allow-write" in client.get("/ui/trackers").text


def test_canonical_page_shows_every_mention_and_questions(client, web_corpus):
    launch = event_id(web_corpus[1], "dprk", "MOBILIZE")
    canonical = client.get(f"/events/{launch}").json()["canonical_id"]
    html = client.get(f"/ui/canonical/{canonical}").text
    dprk = web_corpus[1]["dprk"].document.id
    assert f'href="/ui/events/{launch}"' in html and f"/ui/documents/{dprk}#s3" in html
    assert 'id="questions"' in html and 'id="fields"' in html
    assert f'/ui/canonical/{canonical}' in client.get(f"/ui/events/{launch}").text
    assert client.get("/ui/canonical/0000000000000000").status_code == 404


def test_documents_search_box_goes_to_the_search(client):
    response = client.get("/ui/documents?q=missile", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/ui/search?q=missile"


# -- reads while serving (requirement 7) -------------------------------------------------------------------
def _run_cli(*args: str, wait: str = "1"):
    import os
    import subprocess
    import sys

    env = os.environ | {"PYTHONPATH": str(ROOT / "src"), "DATELINE_LOCK_WAIT": wait}
    return subprocess.run([sys.executable, "-m", "dateline.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_cli_reads_beside_a_writable_server_and_its_writes_wait_with_a_message(db, web_corpus):
    with TestClient(create_app(db, allow_write=True)) as client:  # holds the file read-only between writes
        read = _run_cli("events", "--status", "all", "--format", "json", "--db", db)
        assert read.returncode == 0, read.stderr
        assert len(json.loads(read.stdout)) == len(_events(web_corpus[1]))
        write = _run_cli("track", "add", "tur", "--actor", "TUR", "--db", db)
        assert write.returncode == 1
        assert "waiting up to 1 s" in write.stderr and "start it with --allow-write" in write.stderr
        made = client.post("/ui/trackers", data={"name": "tur", "actor": "TUR"})  # the same write, through the server
        assert made.status_code == 200 and client.get("/trackers/tur").status_code == 200
    assert "tur" in _run_cli("track", "list", "--db", db).stdout  # written to the file


def test_server_write_waits_for_a_reader_in_another_process(db):
    import subprocess
    import sys
    import time

    with TestClient(create_app(db, allow_write=True)) as client:
        reader = subprocess.Popen(
            [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
                                   "print('open', flush=True); time.sleep(1.5)", db],
            stdout=subprocess.PIPE, text=True)
        assert reader.stdout.readline().strip() == "open"
        start = time.monotonic()
        made = client.post("/ui/trackers", data={"name": "tur", "actor": "TUR"})
        waited = time.monotonic() - start
        reader.wait(timeout=30)
        assert made.status_code == 200 and waited >= 0.5
        assert client.get("/ui/trackers").status_code == 200  # served again, read-only


def test_search_with_fts_finds_what_the_word_index_finds(web_corpus):
    """DuckDB's fts engine (where the extension loads: DuckDB 1.5.5 with the duckdb-extensions and
    duckdb-extension-fts packages did, 2.0.1 has none on PyPI yet) against the word index."""
    with Store(":memory:") as store:
        if store.fts_loaded() is not None:
            pytest.skip("DuckDB's fts extension does not load here")
        store.write(list(web_corpus[1].values()))
        assert api.reindex_search(store) == sum(len(a.sentences) for a in web_corpus[1].values())
        fts = api.search(store, "ballistic missile", engine="fts")
        sql = api.search(store, "ballistic missile", engine="sql")
        assert api.search(store, "ballistic missile")[0] == "fts"  # auto: the current fts index
    assert [(h.doc_id, h.sentence_index) for h in fts[1]] == [(h.doc_id, h.sentence_index) for h in sql[1]]
