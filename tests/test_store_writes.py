"""Store write paths batched for ingest speed keep their meaning."""
from datetime import date

from dateline.records import Document
from dateline.store import Store


def _report(origin: str, text: str = "Officials in Lagos announced a new budget on Monday.") -> Document:
    return Document(id=Document.make_id(text), clean_text=text, origin=origin, url=f"https://example.org/{origin}",
                    source="example", title="Budget", published_at=date(2022, 5, 2), input_format="text")


def test_store_add_sources_records_each_origin_once(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        a, b = _report("site-a.txt"), _report("site-b.txt")
        assert store.add_sources([(a.id, a, 1.0), (a.id, b, 0.93), (a.id, b, 0.5)]) == 2
        assert store.add_sources([(a.id, b, 0.9), (a.id, _report("site-c.txt"), 0.8)]) == 1
        rows = store.document_sources(a.id)
    assert [(r["origin"], r["similarity"]) for r in rows] == [("site-a.txt", 1.0), ("site-b.txt", 0.93),
                                                              ("site-c.txt", 0.8)]
    assert rows[1]["published_at"] == date(2022, 5, 2) and rows[1]["url"] == "https://example.org/site-b.txt"


def test_store_add_sources_of_nothing_adds_nothing(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        assert store.add_sources([]) == 0
        assert store.stats()["document_sources"] == 0
