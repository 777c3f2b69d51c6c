"""The store's paging keys (migration 2): same order as before, same values from SQL and Python."""
from __future__ import annotations

from dateline.store import MIGRATIONS, EventFilter, Store


def test_store_page_keys_from_python_equal_the_migration_formula(web_corpus):
    with Store(":memory:") as store:
        store.write(list(web_corpus[1].values()))
        query = "SELECT id, page_key, actor_key, recipient_key FROM events ORDER BY id"
        written = store.con.execute(query).fetchall()
        migration = next(m for m in MIGRATIONS if "page_key" in m)
        backfill = migration[migration.index("UPDATE events"):]
        store.con.execute(backfill)
        assert store.con.execute(query).fetchall() == written


def test_store_date_order_is_date_then_document_then_sentence(web_corpus):
    events = [e for a in web_corpus[1].values() for e in a.events]
    with Store(":memory:") as store:
        store.write(list(web_corpus[1].values()))
        listed = [e.id for e in store.events(EventFilter(status=None))]
        backwards = [e.id for e in store.events(EventFilter(status=None, sort="-date"))]
    expected = sorted(events, key=lambda e: (e.date.start, e.doc_id, e.sentence_index, e.id))
    assert listed == [e.id for e in expected]
    assert backwards == listed[::-1]


def test_store_exports_leave_out_the_paging_columns(web_corpus, tmp_path):
    with Store(":memory:") as store:
        store.write(list(web_corpus[1].values()))
        assert "page_key" not in store.arrow("events").column_names
