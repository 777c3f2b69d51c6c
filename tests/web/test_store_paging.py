"""The store's paging keys (migration 4): filled on every write path, same order as the columns."""
from __future__ import annotations

from dateline.store import TABLES, EventFilter, Store

from .corpus import event_id


def test_store_paging_keys_are_filled_on_every_write_path(web_corpus):
    with Store(":memory:") as written, Store(":memory:") as loaded:
        written.write(list(web_corpus[1].values()))
        loaded.write_tables({name: written.arrow(name) for name in TABLES})  # as Spark shards load
        for store in (written, loaded):
            assert store.count_events(EventFilter(status=None)) == sum(len(a.events) for a in web_corpus[1].values())
            assert [e.id for e in store.events(EventFilter(actor="PRK", status=None))] == \
                [event_id(web_corpus[1], "dprk", "MOBILIZE"), event_id(web_corpus[1], "dprk", "MOBILIZE", 1)]


def test_store_date_order_is_date_then_document_then_sentence(web_corpus):
    events = [e for a in web_corpus[1].values() for e in a.events]
    with Store(":memory:") as store:
        store.write(list(web_corpus[1].values()))
        listed = [e.id for e in store.events(EventFilter(status=None))]
        backwards = [e.id for e in store.events(EventFilter(status=None, sort="-date"))]
    # undated events last (issue 17 fixtures hold some)
    expected = sorted(events, key=lambda e: (e.date.start is None, e.date.start or 0, e.doc_id, e.sentence_index, e.id))
    assert listed == [e.id for e in expected]
    assert backwards == listed[::-1]


def test_store_exports_leave_out_the_paging_columns(web_corpus, tmp_path):
    with Store(":memory:") as store:
        store.write(list(web_corpus[1].values()))
        assert "page_key" not in store.arrow("events").column_names
