"""What to watch (SOURCES.toml, URLs) and what feeds and sitemaps list."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner

from dateline.cli import main
from dateline.errors import InputError
from dateline.watch.sources import ListedItem, Source, load_plan, read_listing, watch_plan
from watch_server import news_sitemap, rss

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2022-11-19T00:00:00Z</updated>
<entry><title>Launch</title><id>urn:1</id><link href="https://wire.example/1"/><updated>2022-11-19T08:30:00+09:00</updated>
<summary>North Korea fired a missile.</summary></entry></feed>"""
INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://site.example/sitemap-1.xml</loc></sitemap><sitemap><loc>https://site.example/sitemap-2.xml</loc></sitemap>
</sitemapindex>"""
# an XML bomb: entities are never expanded
BOMB = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://site.example/&lol2;</loc></url></urlset>"""


@pytest.mark.parametrize("data, items", [
    (rss("Wire", [("https://wire.example/a", "A", "2022-11-18"), ("javascript:alert(1)", "B", "2022-11-18")]),
     [ListedItem("https://wire.example/a", "A", date(2022, 11, 18), datetime(2022, 11, 18, 9, tzinfo=timezone.utc), "Wire")]),
    (ATOM, [ListedItem("https://wire.example/1", "Launch", date(2022, 11, 18),
                       datetime(2022, 11, 18, 23, 30, tzinfo=timezone.utc), "Wire")]),
    (news_sitemap([("https://site.example/n", "N Korea fires", "2022-11-21", "NHK")]),
     [ListedItem("https://site.example/n", "N Korea fires", date(2022, 11, 21),
                 datetime(2022, 11, 21, 9, tzinfo=timezone.utc), "NHK")]),
    (rss("Empty", []), []),
])
def test_watch_sources_listing_items(data, items):
    assert list(read_listing("feed", data.encode()).items) == items


def test_watch_sources_sitemap_index_lists_sitemaps():
    listing = read_listing("index", INDEX.encode())
    assert listing.items == () and listing.sitemaps == ("https://site.example/sitemap-1.xml", "https://site.example/sitemap-2.xml")


@pytest.mark.parametrize("data, reason", [
    (b"<html><body><p>Our news</p></body></html>", "not an RSS/Atom feed or a sitemap"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>cut', "malformed feed ("),
    (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>x', "not a readable sitemap ("),
    (BOMB.encode(), None),
])
def test_watch_sources_unreadable_listing(data, reason):
    if reason is None:  # the bomb: read without expanding (the entity stays out of the URL)
        assert all("lollol" not in i.url for i in read_listing("bomb", data).items)
        return
    with pytest.raises(InputError) as caught:
        read_listing("feed", data)
    assert caught.value.origin == "feed" and caught.value.reason.startswith(reason)


def test_watch_sources_plan_from_toml(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('interval_minutes = 30\n[[source]]\nurl = "https://a.example/rss"\nname = "A"\n'
                    '[[source]]\nurl = "https://b.example/sitemap.xml"\ninterval_minutes = 5\n'
                    '[webhooks]\ndprk = "https://hooks.example/x"\n')
    plan = load_plan(path)
    assert plan.sources == (Source("https://a.example/rss", "A", 30.0), Source("https://b.example/sitemap.xml", None, 5.0))
    assert plan.webhooks == {"dprk": "https://hooks.example/x"}
    assert watch_plan(["https://a.example/rss", "https://a.example/rss"]).sources == (Source("https://a.example/rss"),)


@pytest.mark.parametrize("text, message", [
    ("[[source]\n", "not valid TOML"),
    ("", "no [[source]] entries (each needs a url)"),
    ('[[source]]\nurl = "ftp://a.example/rss"\n', "source 1: url must be an http(s) URL, not 'ftp://a.example/rss'"),
    ('[[source]]\nurl = "https://a.example/rss"\nevery = 5\n', "source 1: unknown key(s) every (allowed: interval_minutes, name, url)"),
    ('[[source]]\nurl = "https://a.example/rss"\ninterval_minutes = -1\n', "interval_minutes must be a number of minutes >= 0, not -1"),
])
def test_watch_sources_bad_plan_is_one_line_error(tmp_path, text, message):
    path = tmp_path / "sources.toml"
    path.write_text(text)
    result = CliRunner().invoke(main, ["watch", str(path), "--once", "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}") and message in result.output and "Traceback" not in result.output


def test_watch_sources_argument_neither_file_nor_url(tmp_path):
    result = CliRunner().invoke(main, ["watch", "feeds.txt", "--once", "--db", str(tmp_path / "w.duckdb")])
    assert result.output == "Error: feeds.txt: not a SOURCES.toml file or an http(s) URL\n" and result.exit_code == 1


def test_watch_sources_webhook_for_unknown_tracker(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nurl = "https://a.example/rss"\n[webhooks]\nnope = "https://hooks.example/x"\n')
    result = CliRunner().invoke(main, ["watch", str(path), "--once", "--db", str(tmp_path / "w.duckdb")])
    assert (result.exit_code, result.output) == (1, "Error: [webhooks]: no tracker named 'nope' (see: dateline track list)\n")
