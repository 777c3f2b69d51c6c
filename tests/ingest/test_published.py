"""Publication dates: which evidence wins, which metadata is set aside, and the moment from HTML meta tags."""
from datetime import date, datetime, timedelta, timezone

import pytest

from dateline.ingest.published import choose_published, time_from_html

D = date


@pytest.mark.parametrize("candidates, captured, expected", [
    # the metadata agrees with the URL: taken, no note
    ([("metadata", D(2023, 5, 8)), ("url", D(2023, 5, 8))], None, (D(2023, 5, 8), "metadata", None)),
    # a template date years before the URL's date: the URL wins, the metadata date is named
    ([("metadata", D(2015, 1, 1)), ("url", D(2023, 5, 8))], None,
     (D(2023, 5, 8), "url", "metadata date 2015-01-01 not trusted: 3049 days before the date in the report's URL "
                            "or dateline (2023-05-08)")),
    # a date after the capture is not a publication date; nothing else: no date
    ([("metadata", D(2031, 1, 1)), ("url", None)], D(2023, 5, 9),
     (None, None, "metadata date 2031-01-01 not trusted: after the capture on 2023-05-09")),
    # the zone difference (published "tomorrow" in UTC+14 relative to the capture in UTC) is not an error
    ([("metadata", D(2023, 5, 10))], D(2023, 5, 9), (D(2023, 5, 10), "metadata", None)),
    # the user's date is never second-guessed
    ([("option", D(2015, 1, 1)), ("url", D(2023, 5, 8))], None, (D(2015, 1, 1), "option", None)),
])
def test_published_choice(candidates, captured, expected):
    chosen = choose_published(candidates, captured=captured)
    assert (chosen.day, chosen.source, chosen.note) == expected


@pytest.mark.parametrize("head, expected", [
    ('<meta property="article:published_time" content="2023-05-08T19:30:00-04:00">',
     datetime(2023, 5, 8, 19, 30, tzinfo=timezone(timedelta(hours=-4)))),
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2023-05-08T23:30:00Z"}]}'
     '</script>', datetime(2023, 5, 8, 23, 30, tzinfo=timezone.utc)),
    ('<meta itemprop="datePublished" content="2023-05-08">', None),  # a day alone: no moment
    ('<meta property="article:published_time" content="2023-05-08T19:30:00">', None),  # no zone: no moment
])
def test_published_time_from_html(head, expected):
    assert time_from_html(f"<html><head>{head}</head><body><p>Text.</p></body></html>") == expected


def test_published_metadata_date_after_the_ingest_day_is_not_trusted():
    chosen = choose_published([("metadata", D(2031, 1, 1)), ("url", D(2023, 5, 8))], captured=None, today=D(2026, 12, 7))
    assert (chosen.day, chosen.source, chosen.note) == (
        D(2023, 5, 8), "url", "metadata date 2031-01-01 not trusted: after the capture on 2026-12-07")


@pytest.mark.issue(18)
def test_published_date_note_is_stored(tmp_path):
    from dateline import api
    from dateline.ingest import RawReport
    from dateline.store import Store

    page = ("<html><head><meta property='article:published_time' content='2015-03-02T10:00:00+00:00'></head><body>"
            "<article><h1>Port workers strike over pay</h1>" + "<p>Port workers in Antwerp walked out on Tuesday over "
            "pay and pensions, halting container traffic at Europe's second-largest port, unions said.</p>" * 3
            + "</article></body></html>")
    report = RawReport("strike.html", html=page, url="https://news.example/2023/05/09/antwerp-strike")
    with Store(tmp_path / "s.duckdb") as store:
        api.ingest(store, [report], link=False)
    with Store(tmp_path / "s.duckdb") as store:
        [document] = store.documents()
    assert (document.published_at, document.date_source, document.published_time) == (D(2023, 5, 9), "url", None)
    assert document.date_note == ("metadata date 2015-03-02 not trusted: 2990 days before the date in the report's "
                                  "URL or dateline (2023-05-09)")
