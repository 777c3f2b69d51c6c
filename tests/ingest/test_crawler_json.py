"""Crawler JSON (news-please, Zyte, trafilatura, schema.org) read natively; publication moments keep their zone."""
import gzip
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from dateline import api
from dateline.errors import InputError
from dateline.ingest import RawReport, read_inputs
from dateline.ingest.crawler_json import crawler_record
from dateline.store import EventFilter, Store

NEW_YORK_EDT = timezone(timedelta(hours=-4))
BODY = ("North Korea fired a short-range ballistic missile into the sea off its east coast on Tuesday morning, "
        "South Korea's Joint Chiefs of Staff said.\n"
        "Japan's Defense Ministry said the missile fell outside the country's exclusive economic zone.")


@pytest.mark.issue(18)
def test_crawler_json_news_please_folder_ingests_with_titles_and_datetimes(fixtures):
    with Store(":memory:") as store:
        summary = api.ingest_paths(store, [str(fixtures / "news-please")])
        assert (summary.new, summary.failed) == (2, 0)
        by_title = {d.title: d for d in store.documents()}
    herald = by_title["Yoon, Kishida agree to resume security talks"]
    assert (herald.published_at, herald.date_source, herald.published_time) == (date(2023, 5, 8), "metadata", None)
    assert (herald.source, herald.author, herald.language) == ("www.koreaherald-example.com", "Choi Si-young", "en")
    assert herald.url == "https://www.koreaherald-example.com/view.php?ud=20230508000712"
    assert herald.summary.startswith("South Korea and Japan agreed")
    assert herald.clean_text.startswith("South Korean President Yoon Suk Yeol") and '"date_publish"' not in herald.clean_text
    missile = by_title["North Korea fires ballistic missile toward sea, Seoul says"]
    assert missile.published_time == datetime(2023, 5, 8, 19, 30, tzinfo=NEW_YORK_EDT)
    assert missile.author == "Kim Tong-hyung, Hyung-jin Kim" and missile.captured_at == date(2023, 5, 9)


@pytest.mark.parametrize("record, title, url, published", [
    ({"article": {"headline": "Missile launch", "articleBody": BODY, "datePublished": "2023-05-08T23:30:00Z",
                  "url": "https://example.com/a", "inLanguage": "en", "authors": [{"name": "Kim Tong-hyung"}]}},
     "Missile launch", "https://example.com/a", date(2023, 5, 8)),
    ({"title": "Missile launch", "text": BODY, "date": "2023-05-08", "source": "https://example.com/b",
      "hostname": "example.com", "author": "Kim Tong-hyung"},
     "Missile launch", "https://example.com/b", date(2023, 5, 8)),
    ({"source": {"id": None, "name": "AP"}, "author": "Kim Tong-hyung", "title": "Missile launch", "description": "x",
      "url": "https://example.com/c", "publishedAt": "2023-05-08T23:30:00Z", "content": BODY},
     "Missile launch", "https://example.com/c", date(2023, 5, 8)),
    ({"@type": "NewsArticle", "headline": "Missile launch", "articleBody": BODY, "datePublished": "May 8, 2023",
      "author": {"@type": "Person", "name": "Kim Tong-hyung"}, "publisher": {"name": "AP"}},
     "Missile launch", None, date(2023, 5, 8)),
])
def test_crawler_json_other_crawlers_fields(record, title, url, published):
    item = crawler_record("a.json", record)
    assert (item["title"], item.get("url"), item["published"], item["author"]) == (title, url, published, "Kim Tong-hyung")
    assert item["text"] == BODY


@pytest.mark.parametrize("content, reason", [
    (b'{"headline": "no body here", "url": "https://example.com"}', "without a report text field"),
    (b'{"maintext": "A body.", "date_publish": "not a date at all"}', "unreadable publication date"),
    (b'{"maintext": "A body.",', "malformed JSON"),
    (b'["a"]', "a JSON object (one crawled report) is expected"),
])
def test_crawler_json_bad_records_name_the_file_and_reason(tmp_path, content, reason):
    path = tmp_path / "record.json"
    path.write_bytes(content)
    [error] = read_inputs([str(path)])
    assert isinstance(error, InputError) and str(path) in str(error) and reason in str(error)


def test_crawler_json_lines_with_news_please_fields(tmp_path):
    path = tmp_path / "crawl.jsonl.gz"
    rows = [{"maintext": BODY, "title": "Missile launch", "date_publish": "2023-05-08 21:05:00", "text": None}]
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    [report] = read_inputs([str(path)])
    assert isinstance(report, RawReport) and (report.title, report.published) == ("Missile launch", date(2023, 5, 8))


NEW_YORK_PAGE = """<!doctype html><html lang="en"><head>
<title>North Korea fires ballistic missile toward sea, Seoul says</title>
<meta property="article:published_time" content="2023-05-08T19:30:00-04:00">
</head><body><article><h1>North Korea fires ballistic missile toward sea, Seoul says</h1>
<p>North Korea fired a short-range ballistic missile into the sea off its east coast on Tuesday,
South Korea's Joint Chiefs of Staff said in Seoul.</p>
<p>Japan's Defense Ministry said the missile fell outside the country's exclusive economic zone, and
that there were no reports of damage to ships or aircraft in the area.</p>
<p>The launch came hours after the United States and South Korea ended joint air drills near the border,
which North Korea has called rehearsals for an invasion.</p>
</article></body></html>"""


@pytest.mark.issue(18)
@pytest.mark.model
@pytest.mark.parametrize("report", [
    RawReport("ny.html", html=NEW_YORK_PAGE),
    RawReport("ny.json", text=BODY.replace(" morning", ""), input_format="crawler-json", published=date(2023, 5, 8),
              published_time=datetime(2023, 5, 8, 19, 30, tzinfo=NEW_YORK_EDT)),
], ids=["html-meta", "crawler-json"])
def test_crawler_json_new_york_evening_report_of_seoul_tuesday_keeps_its_zone(tmp_path, report):
    """Published Monday 19:30 in New York = Tuesday 08:30 in Seoul: "on Tuesday" is that Tuesday."""
    with Store(tmp_path / "s.duckdb") as store:
        api.ingest(store, [report])
    with Store(tmp_path / "s.duckdb") as store:  # read back from the file: the offset survives
        [document] = store.documents()
        launches = [e for e in store.events(EventFilter(status=None)) if e.type == "MOBILIZE"]
    assert document.published_at == date(2023, 5, 8)
    assert document.published_time == datetime(2023, 5, 8, 19, 30, tzinfo=NEW_YORK_EDT)
    assert document.published_time.utcoffset() == timedelta(hours=-4)
    assert launches and {(e.date.start, e.date.precision) for e in launches} == {(date(2023, 5, 9), "day")}


def test_crawler_json_show_prints_the_moment_with_its_offset(fixtures, tmp_path):
    from click.testing import CliRunner

    from dateline.cli import main

    db = str(tmp_path / "t.duckdb")
    with Store(db) as store:
        api.ingest_paths(store, [str(fixtures / "news-please" / "2023" / "05" / "09")])
        [document] = store.documents()
    result = CliRunner().invoke(main, ["show", document.id, "--db", db])
    assert result.output.splitlines()[:2] == [
        "# North Korea fires ballistic missile toward sea, Seoul says",
        f"id {document.id}  published 2023-05-08 (2023-05-08T19:30-04:00)  source apnews-example.com",
    ]


FUNDUS = {  # Fundus Article.to_json() with its defaults (body as a structure, datetime as str())
    "title": "North Korea fires ballistic missile toward sea, Seoul says",
    "authors": ["Kim Tong-hyung", "Hyung-jin Kim"],
    "publishing_date": "2023-05-08 19:30:00-04:00",
    "topics": ["North Korea"], "free_access": True,
    "body": {"summary": ["North Korea fired a missile on Tuesday, Seoul said."],
             "sections": [{"headline": [], "paragraphs": BODY.split("\n")[:1]},
                          {"headline": ["Japan's view"], "paragraphs": BODY.split("\n")[1:]}]},
}


@pytest.mark.issue(18)
def test_crawler_json_fundus_structured_body_reads_in_order_with_its_zone(tmp_path):
    path = tmp_path / "fundus.json.gz"
    path.write_bytes(gzip.compress(json.dumps([FUNDUS, {**FUNDUS, "title": "Same, as plaintext", "body": None,
                                                        "plaintext": BODY}]).encode()))
    first, second = read_inputs([str(path)])
    assert first.text.split("\n\n") == ["North Korea fired a missile on Tuesday, Seoul said.", BODY.split("\n")[0],
                                        "Japan's view", BODY.split("\n")[1]]
    assert first.summary == "North Korea fired a missile on Tuesday, Seoul said."
    assert first.published_time == datetime(2023, 5, 8, 19, 30, tzinfo=NEW_YORK_EDT)
    assert first.author == "Kim Tong-hyung, Hyung-jin Kim" and first.input_format == "crawler-json"
    assert (second.title, second.text) == ("Same, as plaintext", BODY)
    lines = tmp_path / "fundus.jsonl"
    lines.write_text(json.dumps(FUNDUS) + "\n", encoding="utf-8")
    [line] = read_inputs([str(lines)])
    assert line.text == first.text and line.published_time == first.published_time


@pytest.mark.issue(18)
def test_crawler_json_diffbot_response_reads_its_objects_with_the_moment(tmp_path):
    path = tmp_path / "diffbot.json"
    path.write_text(json.dumps({
        "request": {"pageUrl": "https://apnews-example.com/a", "api": "article", "version": 3},
        "objects": [{"type": "article", "title": "Missile launch", "text": BODY, "date": "Mon, 08 May 2023 23:30:00 GMT",
                     "author": "Kim Tong-hyung", "pageUrl": "https://apnews-example.com/a", "siteName": "AP News",
                     "humanLanguage": "en"}]}), encoding="utf-8")
    [report] = read_inputs([str(path)])
    assert (report.title, report.text, report.url, report.source) == (
        "Missile launch", BODY, "https://apnews-example.com/a", "AP News")
    assert report.published_time == datetime(2023, 5, 8, 23, 30, tzinfo=timezone.utc)
    assert report.origin.endswith("diffbot.json[1]") and report.language == "en"
