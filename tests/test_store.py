from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

import dateline
from dateline import api, pipeline, settings
from dateline.ingest import RawReport
from dateline.records import Analysis, Document, Sentence
from dateline.store import Store


def _reports(n: int) -> list[RawReport]:
    cities = ["Lagos", "Nairobi", "Accra", "Dakar", "Kampala", "Lusaka", "Harare", "Maputo"]
    return [
        RawReport(
            f"report-{i}",
            text=f"Officials in {cities[i % len(cities)]} announced measure number {i} on Monday, "
            f"the ministry of finance said in a statement.",
        )
        for i in range(n)
    ]


def test_store_ingest_twice_changes_nothing(store):
    first = api.ingest(store, _reports(5), published=date(2022, 5, 2))
    counts = store.stats()
    second = api.ingest(store, _reports(5), published=date(2022, 5, 2))
    assert (first.new, first.unchanged) == (5, 0)
    assert (second.new, second.unchanged) == (0, 5)
    assert store.stats() == counts


def test_store_same_report_twice_in_one_batch_is_one_row(store):
    summary = api.ingest(store, _reports(1) + _reports(1))
    assert (summary.new, summary.unchanged) == (1, 1)
    assert store.stats()["documents"] == 1


def test_store_interrupted_batch_then_rerun_completes_without_duplicates(store, monkeypatch):
    monkeypatch.setitem(settings.SETTINGS, "batch_size", settings.Setting("batch_size", 2, ""))
    real_write = Store.write
    calls = {"n": 0}

    def failing_write(self, analyses):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the user pressed Ctrl-C during the second batch
        return real_write(self, analyses)

    monkeypatch.setattr(Store, "write", failing_write)
    with pytest.raises(KeyboardInterrupt):
        api.ingest(store, _reports(6))
    assert store.stats()["documents"] == 2  # the first batch was committed
    monkeypatch.setattr(Store, "write", real_write)
    summary = api.ingest(store, _reports(6))
    assert (summary.new, summary.unchanged) == (4, 2)
    assert store.stats()["documents"] == 6
    assert store.con.execute("SELECT count(DISTINCT (doc_id, idx)) = count(*) FROM sentences").fetchone()[0]


def test_store_failed_write_rolls_back_whole_batch(store, monkeypatch):
    analysis = dateline.process("The army said on Monday that it had retaken the bridge near Kherson.")
    real_insert = Store._insert_new

    def failing_insert(self, name, table):
        if name == "sentences":  # documents are already inserted in this transaction
            raise OSError("disk full")
        return real_insert(self, name, table)

    monkeypatch.setattr(Store, "_insert_new", failing_insert)
    with pytest.raises(OSError):
        store.write([analysis])
    assert store.stats()["documents"] == 0
    monkeypatch.setattr(Store, "_insert_new", real_insert)
    assert store.write([analysis]) == 1


def test_store_schema_is_versioned_and_reopens(tmp_path):
    path = tmp_path / "v.duckdb"
    with Store(path) as s:
        version = s.schema_version
    with Store(path) as s:
        assert s.schema_version == version
        assert s.con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == version


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=200
)


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_text, start=st.integers(0, 50), length=st.integers(0, 50))
def test_store_round_trips_any_text_and_offsets(tmp_path_factory, body, start, length):
    path = tmp_path_factory.mktemp("rt") / "rt.duckdb"
    doc_id = Document.make_id(body)
    document = Document(id=doc_id, clean_text=body, raw_text=body, published_at=date(2020, 2, 29))
    sentence = Sentence(doc_id, 0, start, start + length, body[start : start + length])
    with Store(path) as s:
        s.write([Analysis(document, sentences=[sentence])])
        s.write([Analysis(document, sentences=[sentence])])
        assert s.document(doc_id) == document
        assert s.sentences(doc_id) == [sentence]


def test_store_exports_every_format(store, tmp_path):
    api.ingest(store, _reports(3))
    for fmt in ("csv", "parquet", "jsonl"):
        out = tmp_path / f"docs.{fmt}"
        assert store.export(out, fmt=fmt, table="documents") == 3
        assert out.stat().st_size > 0
    assert len(store.pandas("documents")) == 3
    assert store.arrow("sentences").num_rows >= 3


def test_store_rejects_unknown_table(store):
    with pytest.raises(ValueError, match="unknown table"):
        store.arrow("documents; DROP TABLE documents")


@pytest.mark.issue(3)
def test_store_same_record_twice_in_one_analysis_is_stored_once(store):
    analysis = dateline.process("Officials in Quito said on Monday that the border crossing had reopened.")
    twice = Analysis(analysis.document, sentences=analysis.sentences,
                     places=analysis.places + analysis.places, quotes=analysis.quotes + analysis.quotes)
    assert store.write([twice]) == 1
    assert store.stats()["places"] == len({p.id for p in analysis.places})
