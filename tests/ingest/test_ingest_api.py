"""Ingestion end to end through the Python API and the CLI: duplicates, dates, language, formats."""
from datetime import date

import pytest
from click.testing import CliRunner

from dateline import api
from dateline.cli import main
from dateline.ingest import RawReport
from dateline.store import Store

WIRE = (
    "Floods caused by a powerful storm have killed hundreds of people in eastern Libya after two dams "
    "burst above the coastal city of Derna, officials said on Tuesday.\n\n"
    "The head of the emergency service said entire districts of the city had been swept into the sea "
    "and that rescue teams had still not reached several neighbourhoods.\n\n"
    "The Red Crescent said its volunteers were searching collapsed buildings and that it had asked "
    "neighbouring countries for helicopters and heavy lifting equipment.\n\n"
    "Egypt and Tunisia said they would send rescue teams, and the United Nations said it was preparing "
    "an emergency appeal to cover shelter, clean water and medical care for the displaced."
)


def _report(origin: str, text: str, **fields) -> RawReport:
    return RawReport(origin, text=text, **fields)


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def test_ingest_near_duplicates_are_one_document_with_several_sources(store):
    site_a = _report("site-a.txt", "Libya floods: hundreds dead\n\n" + WIRE + "\n\nShare this article")
    edited = WIRE.replace("on Tuesday", "on Tuesday morning").replace("several", "some")
    site_b = _report("site-b.txt", "Hundreds killed in Libya floods\n\n" + edited + "\n\nRead more: storm season")
    summary = api.ingest(store, [site_a, site_b], published=date(2023, 9, 12))
    assert (summary.new, summary.duplicates) == (1, 1)
    [document] = store.documents()
    assert [s["origin"] for s in store.document_sources(document.id)] == ["site-a.txt", "site-b.txt"]


def test_ingest_near_duplicate_found_in_a_later_run_from_stored_signatures(tmp_path):
    site_a = _report("site-a.txt", "Libya floods: hundreds dead\n\n" + WIRE)
    site_b = _report("site-b.txt", "Hundreds killed in Libya floods\n\n" + WIRE.replace("several", "some"))
    with Store(tmp_path / "a.duckdb") as store:
        api.ingest(store, [site_a], published=date(2023, 9, 12))
        assert store.con.execute("SELECT count(*) FROM minhash_signatures").fetchone()[0] == 1
    with Store(tmp_path / "a.duckdb") as store:
        later = api.ingest(store, [site_b], published=date(2023, 9, 13))
        assert (later.new, later.duplicates) == (0, 1)
        assert len(store.document_sources(store.documents()[0].id)) == 2


def test_ingest_signs_documents_stored_without_a_signature(store):
    """A store from before signatures were kept (or signed under another threshold) is signed once."""
    site_a = _report("site-a.txt", "Libya floods: hundreds dead\n\n" + WIRE)
    api.ingest(store, [site_a], published=date(2023, 9, 12))
    store.con.execute("DELETE FROM minhash_signatures; DELETE FROM minhash_bands")
    site_b = _report("site-b.txt", "Hundreds killed in Libya floods\n\n" + WIRE.replace("several", "some"))
    assert api.ingest(store, [site_b], published=date(2023, 9, 13)).duplicates == 1
    assert api.ingest(store, [site_a], duplicate_threshold=0.9).unchanged == 1
    schemes = store.con.execute("SELECT DISTINCT scheme FROM minhash_signatures").fetchall()
    assert len(schemes) == 2  # the default threshold's bands and 0.9's


def test_ingest_exact_duplicate_again_changes_nothing(store):
    report = _report("a.txt", "Libya floods: hundreds dead\n\n" + WIRE)
    api.ingest(store, [report], published=date(2023, 9, 12))
    again = api.ingest(store, [report], published=date(2023, 9, 12))
    assert (again.new, again.unchanged) == (0, 1)
    assert store.stats()["documents"] == 1 and store.stats()["document_sources"] == 1


def test_ingest_duplicate_threshold_is_configurable(store):
    site_a = _report("a.txt", "Libya floods\n\n" + WIRE)
    half = "\n\n".join(WIRE.split("\n\n")[:2]) + ("\n\nLocal officials in Benghazi said schools would stay closed "
                                                  "for the rest of the week while roads were cleared of mud.")
    site_b = _report("b.txt", "Libya floods update\n\n" + half)
    assert api.ingest(store, [site_a, site_b], duplicate_threshold=0.95).new == 2


@pytest.mark.parametrize("fields, text, expected, source", [
    ({"url": "https://news.example/world/2021/10/19/launch"}, WIRE, date(2021, 10, 19), "url"),
    ({"published": date(2023, 9, 12)}, WIRE, date(2023, 9, 12), "metadata"),
    ({}, "DERNA, Libya, Sept. 12, 2023 (Dateline Wire) - " + WIRE, date(2023, 9, 12), "dateline"),
    ({}, "DERNA, Sept 12 (Dateline Wire) - " + WIRE, None, None),
    ({}, WIRE, None, None),
], ids=["url-path", "metadata", "dateline-with-year", "dateline-without-year", "none"])
def test_ingest_publication_date_sources(store, fields, text, expected, source):
    summary = api.ingest(store, [_report("r.txt", "Libya floods kill hundreds\n\n" + text, **fields)])
    [document] = store.documents()
    assert (document.published_at, document.date_source) == (expected, source)
    assert summary.undated == ([] if expected else ["r.txt"])


def test_ingest_published_option_overrides_metadata(store):
    api.ingest(store, [_report("r.txt", WIRE, published=date(2020, 1, 1))], published=date(2023, 9, 12))
    [document] = store.documents()
    assert (document.published_at, document.date_source) == (date(2023, 9, 12), "option")


def test_ingest_non_english_document_is_stored_and_flagged_not_coded(store):
    french = ("Des inondations provoquées par une violente tempête ont fait des centaines de morts dans l'est "
              "de la Libye après la rupture de deux barrages au-dessus de la ville côtière de Derna, ont indiqué "
              "mardi les autorités. Le Croissant-Rouge a déclaré que ses volontaires fouillaient les bâtiments.")
    summary = api.ingest(store, [_report("fr.txt", "Inondations en Libye\n\n" + french)])
    [document] = store.documents()
    assert document.language == "fr" and summary.non_english == 1
    assert store.stats()["sentences"] == 0
    assert "not coded" in store.abstentions(document.id)[0]["reason"]


def test_ingest_cli_mixed_folder_reports_per_format_counts(fixtures, tmp_path):
    import gzip
    import shutil

    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("port-strike.html", "flood-flattened.txt", "feed.rss", "reports.csv", "broken.rss"):
        shutil.copy(fixtures / name, folder / name)
    (folder / "port-strike-copy.html.gz").write_bytes(gzip.compress((fixtures / "port-strike.html").read_bytes()))
    result = CliRunner().invoke(main, [
        "ingest", str(folder), "--db", str(tmp_path / "t.duckdb"), "--text-col", "body", "--title-col", "headline",
        "--date-col", "date", "--url-col", "link", "--published", "2024-01-01",
    ])
    assert result.output.splitlines() == [
        f"error: {folder / 'broken.rss'}: not a readable RSS/Atom feed (syntax error)",
        "read 8, new 6, unchanged 1, near-duplicate 0, failed 1 (csv 2, feed 2, html 2, text 1)",
    ]
    assert result.exit_code == 1


def test_ingest_cli_url_needs_allow_private_for_a_local_server(local_server, fixtures, tmp_path):
    base, routes = local_server
    routes["/2023/05/09/antwerp-strike"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                                            (fixtures / "port-strike.html").read_bytes())
    address = f"{base}/2023/05/09/antwerp-strike"
    db = str(tmp_path / "u.duckdb")
    refused = CliRunner().invoke(main, ["ingest", address, "--db", db])
    assert refused.exit_code == 1
    assert f"error: {address}: refused: 127.0.0.1 resolves to internal address 127.0.0.1" in refused.output
    allowed = CliRunner().invoke(main, ["ingest", address, "--db", db, "--allow-private"])
    assert allowed.output.splitlines()[-1] == "read 1, new 1, unchanged 0, near-duplicate 0, failed 0 (url 1)"
    with Store(db, read_only=True) as store:
        [document] = store.documents()
    assert document.url == address and str(document.published_at) == "2023-05-09"


def test_ingest_site_furniture_is_off_by_default_and_drops_repeated_lines_when_on(store, monkeypatch):
    import dataclasses

    from dateline import settings

    paragraphs = WIRE.split("\n\n")
    pages = [_report(f"site/{n}.txt", f"Story {n} headline here\n\n{paragraphs[n]}\n\n"
                                      f"Our journalism is free to read\n\n{paragraphs[n + 1]}") for n in range(3)]
    api.ingest(store, pages, published=date(2023, 9, 12))
    assert all("free to read" in d.clean_text for d in store.documents())
    monkeypatch.setitem(settings.SETTINGS, "repeated_line_pages",
                        dataclasses.replace(settings.SETTINGS["repeated_line_pages"], default=3))
    with Store(":memory:") as other:
        api.ingest(other, pages, published=date(2023, 9, 12))
        assert not any("free to read" in d.clean_text for d in other.documents())
