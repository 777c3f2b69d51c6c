"""HTTP API over the hand-coded corpus, through FastAPI's in-process client."""
from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

fastapi = pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'dateline[web]'")
from fastapi.testclient import TestClient  # noqa: E402

from dateline.web import create_app  # noqa: E402

from .corpus import XSS_SCRIPT, event_id  # noqa: E402


@pytest.fixture(scope="module")
def client(web_corpus):
    path, _ = web_corpus
    with TestClient(create_app(path)) as client:
        yield client


@pytest.fixture(scope="module")
def corpus(web_corpus):
    return web_corpus[1]


def _events(corpus, status=("asserted",)):
    return [e for a in corpus.values() for e in a.events if status is None or e.status in status]


def test_web_events_lists_asserted_events_by_date(client, corpus):
    body = client.get("/events").json()
    expected = _events(corpus)
    assert body["total"] == len(expected)
    assert {e["id"] for e in body["events"]} == {e.id for e in expected}
    dates = [e["date_start"] for e in body["events"]]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated) and dates == dated + [None] * (len(dates) - len(dated))  # undated last


@pytest.mark.parametrize("query, keep", [
    ("actor=PRK", lambda e: "PRK" in {a.country for a in e.actors}),
    ("actor=prk", lambda e: "PRK" in {a.country for a in e.actors}),
    ("recipient=UKR", lambda e: "UKR" in {a.country for a in e.recipients}),
    ("type=DISAPPROVE", lambda e: e.type == "DISAPPROVE"),
    ("since=2023-01-01&until=2024-02-28", lambda e: e.date.start and "2023-01-01" <= e.date.start.isoformat() <= "2024-02-28"),
    ("actor=KOR&type=PROTEST", lambda e: e.type == "PROTEST" and "KOR" in {a.country for a in e.actors}),
])
def test_web_events_filters_like_the_cli(client, corpus, query, keep):
    body = client.get(f"/events?{query}").json()
    expected = {e.id for e in _events(corpus) if keep(e)}
    assert expected, "the corpus must hold events for this filter"
    assert {e["id"] for e in body["events"]} == expected
    assert body["total"] == len(expected)


def test_web_events_status_all_includes_denied_and_hypothetical(client, corpus):
    statuses = {e["status"] for e in client.get("/events?status=all").json()["events"]}
    assert statuses == {e.status for e in _events(corpus, None)} == {"asserted", "denied", "hypothetical"}
    only = client.get("/events?status=denied&status=hypothetical").json()["events"]
    assert {e["status"] for e in only} == {"denied", "hypothetical"}


def test_web_events_pages_do_not_overlap(client, corpus):
    total = len(_events(corpus, None))
    seen = []
    for offset in range(0, total + 3, 3):
        seen += [e["id"] for e in client.get(f"/events?status=all&limit=3&offset={offset}").json()["events"]]
    assert sorted(seen) == sorted(e.id for e in _events(corpus, None))


def test_web_events_next_after_pages_through_the_selection(client, corpus):
    followed, query = [], "/events?status=all&sort=-confidence&limit=4"
    while True:
        body = client.get(query).json()
        followed += [e["id"] for e in body["events"]]
        if body["next_after"] is None:
            break
        query = f"/events?status=all&sort=-confidence&limit=4&after={body['next_after']}"
    assert followed == [e["id"] for e in client.get("/events?status=all&sort=-confidence").json()["events"]]
    assert len(followed) == len(_events(corpus, None))
    first_cursor = client.get("/events?status=all&sort=-confidence&limit=4").json()["next_after"]
    refused = client.get(f"/events?status=all&sort=date&after={first_cursor}")
    assert refused.status_code == 422 and "for sort '-confidence'" in refused.json()["error"]


@pytest.mark.parametrize("sort, key, reverse", [
    ("-date", "date_start", True), ("confidence", "confidence", False), ("-confidence", "confidence", True),
])
def test_web_events_sorts(client, sort, key, reverse):
    # an undated event sorts after every date (before them in -date)
    values = [e[key] or "9999" for e in client.get(f"/events?status=all&sort={sort}").json()["events"]]
    assert values == sorted(values, reverse=reverse) and len(set(values)) > 1


@pytest.mark.parametrize("query, status, words", [
    ("actor=PRK'%20OR%20'1'='1", 422, "actor"),
    ("actor=PRK;DROP%20TABLE%20events", 422, "actor"),
    ("type=MOBILIZE')%20UNION%20SELECT%20*%20FROM%20documents--", 422, "type"),
    ("status=asserted'%20OR%201=1", 422, "status"),
    ("doc=1%20OR%201=1", 422, "doc"),
    ("since=2021-02-30", 422, "since"),
    ("since=yesterday", 422, "since"),
    ("limit=100000", 422, "limit"),
    ("limit=0", 422, "limit"),
    ("offset=-1", 422, "offset"),
    ("sort=date;DELETE", 422, "sort"),
    ("actr=PRK", 422, "actr"),
    ("after=1'%20OR%201=1", 422, "after"),
    ("after=bm90IGEgY3Vyc29y", 422, "after"),
])
def test_web_events_bad_parameters_are_refused_with_a_message(client, query, status, words):
    response = client.get(f"/events?{query}")
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status and words in body["error"]


def test_web_events_bad_parameters_leave_the_store_intact(client, web_corpus):
    client.get("/events?actor=PRK;DROP%20TABLE%20events")
    assert client.get("/events?status=all").json()["total"] == len(_events(web_corpus[1], None))


@pytest.mark.parametrize("url", ["/events/0000000000000000", "/events/'%20OR%201=1", "/documents/abcdef1234567890",
                                 "/trackers/no-such-tracker", "/no/such/path"])
def test_web_unknown_ids_are_404_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["error"]


def test_web_malformed_document_id_is_422(client):
    response = client.get("/documents/<script>")
    assert response.status_code == 422 and "doc_id" in response.json()["error"]


def test_web_event_detail_gives_each_field_its_evidence_sentence(client, corpus):
    event = next(e for e in corpus["dprk"].events if e.type == "MOBILIZE")
    body = client.get(f"/events/{event.id}").json()
    rows = {r["field"]: r for r in body["fields"]}
    assert set(rows) >= {"trigger", "actor", "date", "place"}
    text = corpus["dprk"].document.clean_text
    for row in rows.values():
        ev, sentence = row["evidence"], row["sentence"]
        assert text[ev["start_char"]:ev["end_char"]] == ev["text"]
        assert sentence["start_char"] <= ev["start_char"] < ev["end_char"] <= sentence["end_char"]
    assert rows["trigger"]["evidence"]["text"] == "fired"
    assert rows["date"]["evidence"]["text"] == "on Thursday"
    assert body["missing"] == [{"field": "recipient", "reason": "not stated"}]
    assert body["document"]["id"] == event.doc_id


def test_web_document_lists_every_coded_span(client, corpus):
    analysis = corpus["dprk"]
    body = client.get(f"/documents/{analysis.document.id[:8]}").json()
    assert body["text"] == analysis.document.clean_text
    kinds = {m["kind"] for m in body["marks"]}
    assert kinds == {"trigger", "actor", "recipient", "quote", "speaker", "cue", "place"}
    for mark in body["marks"]:
        assert 0 <= mark["start"] < mark["end"] <= len(body["text"])
    assert len(body["events"]) == len(analysis.events)
    assert [q["speaker"] for q in body["quotes"]] == ["Moon"]


def test_web_quotes_filter_by_speaker(client):
    quotes = client.get("/quotes?speaker=Kuleba").json()["quotes"]
    assert [q["content"] for q in quotes] == ["We will not let the world go hungry because of Moscow's blackmail"]
    assert client.get("/quotes?speaker=Nobody").json()["quotes"] == []


def test_web_actors_count_asserted_roles(client, corpus):
    actors = {a["code"]: a for a in client.get("/actors").json()["actors"]}
    asserted = _events(corpus)
    for code in ("PRK", "KOR", "UKR"):
        assert actors[code]["as_actor"] == sum(code in {a.country for a in e.actors} for e in asserted)
        assert actors[code]["as_recipient"] == sum(code in {a.country for a in e.recipients} for e in asserted)


def test_web_trackers_list_the_saved_queries(client):
    assert client.get("/trackers").json() == {
        "trackers": [{"name": "agreements", "actor": None, "type": "AGREE", "mode": None},
                     {"name": "dprk-launches", "actor": "PRK", "type": None, "mode": None}]}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_web_export_events_applies_the_filters(client, corpus, fmt):
    response = client.get(f"/export/events?actor=PRK&status=all&format={fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in response.text.splitlines()]
    else:
        rows = pq.read_table(io.BytesIO(response.content)).to_pylist()
    expected = {e.id for e in _events(corpus, None) if "PRK" in {a.country for a in e.actors}}
    assert {r["id"] for r in rows} == expected


def test_web_export_refuses_more_rows_than_the_limit(client, monkeypatch):
    from dateline import settings

    monkeypatch.setitem(settings.SETTINGS, "web_max_export_rows", settings.Setting("web_max_export_rows", 2, ""))
    response = client.get("/export/events?status=all&format=csv")
    assert response.status_code == 413 and "export limit" in response.json()["error"]


def test_web_openapi_schema_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/events", "/events/{event_id}", "/documents/{doc_id}", "/quotes", "/actors", "/trackers",
            "/trackers/{name}", "/export/events"} <= set(paths)
    assert not any(p.startswith("/ui") for p in paths)


def test_web_post_is_refused_on_a_read_only_server(client):
    response = client.post("/documents", json={"text": "North Korea fired a missile on Tuesday, officials said."})
    assert response.status_code == 403 and "--allow-write" in response.json()["error"]


def test_web_pages_escape_article_text(client, corpus):
    xss = corpus["xss"]
    html = client.get(f"/ui/documents/{xss.document.id}").text
    assert XSS_SCRIPT not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    denied = event_id(corpus, "xss", "DEMAND")
    assert XSS_SCRIPT not in client.get(f"/ui/events/{denied}").text


def test_web_pages_forbid_inline_scripts(client):
    policy = client.get("/ui/events").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_web_ui_errors_are_pages_with_the_message(client):
    response = client.get("/ui/events?limit=100000")
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"] and "limit" in response.text


@pytest.fixture
def writable(tmp_path):
    path = tmp_path / "w.duckdb"
    with TestClient(create_app(path, allow_write=True)) as client:
        yield client


REPORT = ("Iran fires missiles at Israel\n\nJERUSALEM, April 14 (Dateline Wire) - Iran launched more than 300 "
          "drones and missiles at Israel overnight, the Israeli military said on Sunday, most of which were "
          "intercepted.")


def test_web_post_ingests_a_text_report(writable):
    response = writable.post("/documents", json={"text": REPORT, "published": "2024-04-14", "source": "wire"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["new"] is True
    document = writable.get(f"/documents/{body['id']}").json()
    assert document["document"]["published_at"] == "2024-04-14"
    assert "300 drones" in document["text"]
    again = writable.post("/documents", json={"text": REPORT})
    assert again.status_code == 200 and again.json()["new"] is False


@pytest.mark.parametrize("body, words", [
    ({}, "exactly one"),
    ({"text": REPORT, "url": "https://example.org/a"}, "exactly one"),
    ({"text": "too short"}, "no report text"),
    ({"url": "http://127.0.0.1:9/secret"}, "internal address"),
    ({"url": "http://169.254.169.254/latest/meta-data"}, "internal address"),
    ({"url": "/etc/passwd"}, "only http"),
    ({"url": "file:///etc/passwd"}, "only http"),
    ({"text": REPORT, "colour": "red"}, "colour"),
])
def test_web_post_refuses_bad_reports(writable, body, words):
    response = writable.post("/documents", json=body)
    assert response.status_code == 422, response.text
    assert words in response.json()["error"]


def test_web_post_refuses_a_body_over_the_limit(writable):
    from dateline import settings

    huge = "x" * (settings.get("web_max_body_bytes") + 10)
    response = writable.post("/documents", content=json.dumps({"text": huge}), headers={"content-type": "application/json"})
    assert response.status_code == 413 and "limit" in response.json()["error"]


def test_web_token_is_required_when_set(web_corpus):
    with TestClient(create_app(web_corpus[0], token="s3cret")) as client:
        assert client.get("/events").status_code == 401
        assert client.get("/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/events", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert client.get("/static/style.css").status_code == 200
        login = client.post("/ui/login", data={"token": "s3cret"}, follow_redirects=False)
        assert login.status_code == 303
        assert client.get("/ui/events").status_code == 200  # the cookie now carries the token


def test_web_missing_store_file_is_a_one_line_error(tmp_path):
    from dateline.errors import StoreError

    with pytest.raises(StoreError, match="no such database file"):
        create_app(tmp_path / "absent.duckdb")


def test_web_tracker_gives_canonical_events_with_sources_and_questions(client, corpus):
    body = client.get("/trackers/dprk-launches").json()
    launch = event_id(corpus, "dprk", "MOBILIZE")
    assert [e["type"] for e in body["events"]] == ["MOBILIZE", "MOBILIZE"]
    recall = event_id(corpus, "dprk", "MOBILIZE", 1)  # undated background recall: its own happening (issue 16)
    event = next(e for e in body["events"] if e["href"] == f"/ui/events/{launch}")
    assert event["mentions"] == [launch]
    assert [e["mentions"] for e in body["events"] if e is not event] == [[recall]]
    assert event["date"] == "2022-03-24" and event["place"]["name"] == "Japan's exclusive economic zone"
    assert event["n_sources"] == 1


def test_web_tracker_page_draws_timeline_and_map_of_its_events(client, corpus):
    html = client.get("/ui/trackers/dprk-launches").text
    launch = event_id(corpus, "dprk", "MOBILIZE")
    assert html.count(f'href="/ui/events/{launch}"') == 3  # timeline, map, list
    assert html.count("<path d=") > 150  # country outlines
    assert client.get("/ui/trackers/nope").status_code == 404
