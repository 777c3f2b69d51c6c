from dateline.errors import InputError
from dateline.ingest import RawReport, read_inputs


def test_feeds_rss_entries_carry_link_title_date_and_body(fixtures):
    first, second = list(read_inputs([str(fixtures / "feed.rss")]))
    assert first.url == "https://coastal-herald.example/world/2024/02/03/chile-wildfires"
    assert first.title == "Chile declares emergency as wildfires spread near Valparaiso"
    assert str(first.published) == "2024-02-03"
    assert first.source == "Coastal Herald - World"
    assert first.html is not None and "nineteen people had died" in first.html
    assert first.summary.startswith("The government sent troops")


def test_feeds_entry_without_body_uses_title_and_summary(fixtures):
    second = list(read_inputs([str(fixtures / "feed.rss")]))[1]
    assert second.html is None
    assert second.text.startswith("Kenya and Ethiopia sign agreement")
    assert "sell more hydropower to Kenya" in second.text


def test_feeds_atom_entry(fixtures):
    [entry] = list(read_inputs([str(fixtures / "feed.atom")]))
    assert isinstance(entry, RawReport)
    assert entry.url == "https://ledger.example/2024/03/11/finland-border"
    assert str(entry.published) == "2024-03-11"


def test_feeds_non_xml_feed_is_one_clear_error(fixtures):
    [error] = list(read_inputs([str(fixtures / "broken.rss")]))
    assert isinstance(error, InputError)
    assert str(error).startswith(str(fixtures / "broken.rss")) and "not a readable RSS/Atom feed" in str(error)


def test_feeds_from_url(local_server, fixtures):
    base, routes = local_server
    routes["/world.rss"] = (200, {"Content-Type": "application/rss+xml"}, (fixtures / "feed.rss").read_bytes())
    from dateline.ingest import ReadOptions

    items = list(read_inputs([f"{base}/world.rss"], ReadOptions(allow_private=True)))
    assert [i.title for i in items][1] == "Kenya and Ethiopia sign agreement on cross-border electricity trade"
