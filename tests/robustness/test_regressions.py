"""Issue 20: one regression test per crash, silent loss and quadratic step the probe found."""
from __future__ import annotations

import gzip
import io
import json
from datetime import date

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from dateline import Store, api, pipeline
from dateline.errors import DatelineError, InputError
from dateline.ingest import RawReport, ReadOptions, read_inputs
from dateline.ingest.jsonl import read_jsonl
from dateline.ingest.readers import _gunzip
from dateline.ingest.text import decode, storable
from dateline.ingest.warc import read_warc
from dateline.link import Mention, _windows
from dateline.records import EventDate

from .inputs import REPORTS, _warc, html_of

pytestmark = pytest.mark.issue(20)


@pytest.mark.parametrize("data, expected", [
    ("Zürich and Genève, then a stray \xff byte".encode("utf-8").replace(b"\xc3\xbf", b"\xff"),
     "Zürich and Genève, then a stray \ufffd byte"),
    ("Zürich".encode() + b"\x80\x81" + " says Genève".encode(), "Zürich\ufffd\ufffd says Genève"),
])
def test_decode_keeps_utf8_with_stray_bytes(data, expected):
    assert decode("f.txt", data) == expected


def test_decode_leaves_a_single_byte_code_page_to_detection():
    text = decode("f.txt", "Le président a visité Genève et Zürich la semaine dernière.".encode("cp1252"))
    assert "\ufffd" not in text and text.startswith("Le président a visité Gen")


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.7\n" + b"The minister met the envoy. " * 20, "application/pdf"),
    (b"\n  %PDF-1.4 junk first" + b" text" * 40, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n" + b"a" * 100, "image/png"),
    (b"PK\x03\x04" + b"a" * 100, "application/zip"),
])
def test_decode_refuses_binary_formats_by_content(data, kind):
    with pytest.raises(InputError, match=f"binary file \\({kind}\\)"):
        decode("report.txt", data)


@pytest.mark.parametrize("text, expected", [
    ("a\ud800b", "a\ufffdb"), ("red \x1b[31mtext\x1b[0m", "red  [31mtext [0m"), ("tab\tline\nfeed\r", "tab\tline\nfeed\r"),
    ("next\x85line", "next\nline"), ("nul\x00bell\x07", "nul bell "), ("\u2028kept\u2029", "\u2028kept\u2029"),
])
def test_storable_replaces_one_character_for_one(text, expected):
    assert storable(text) == expected and len(storable(text)) == len(text)


def test_raw_report_fields_are_storable():
    report = RawReport("a\x1b.txt", text="x\ud800y", title="t\x07", url="http://e.com/\x1b")
    assert (report.origin, report.text, report.title, report.url) == ("a .txt", "x\ufffdy", "t ", "http://e.com/ ")


def test_gunzip_reads_every_member_under_one_limit():
    data = gzip.compress(b"first member. ") + gzip.compress(b"second member.")
    assert _gunzip("a.gz", data, 1000) == b"first member. second member."
    with pytest.raises(InputError, match="over the 20-byte limit"):
        _gunzip("a.gz", data, 20)


def test_jsonl_splits_on_newline_only_and_survives_deep_nesting():
    lines = [json.dumps({"text": "one\u2028two\u0085three"}, ensure_ascii=False), "[" * 50_000 + "]" * 50_000,
             json.dumps({"text": "last"})]
    items = list(read_jsonl("f.jsonl", "\n".join(lines).encode()))
    assert items[0]["text"] == "one\u2028two\u0085three"
    assert isinstance(items[1], InputError) and str(items[1]) == "f.jsonl:2: JSON nested too deeply"
    assert items[2]["text"] == "last" and len(items) == 3


def test_warc_truncated_or_damaged_record_is_an_error_not_a_report():
    records = _warc([html_of(REPORTS[0]), html_of(REPORTS[1])])
    whole = b"".join(records)
    truncated = [i for i in read_warc("t.warc", whole[:-40])]
    assert isinstance(truncated[0], dict) and "truncated record" in str(truncated[1])
    assert str(truncated[1]).startswith("t.warc record 2: ")
    damaged = records[0].replace(b"Content-Length: ", b"Content-Length: 100\r\nX-Old: ", 1) + records[1]
    items = list(read_warc("d.warc", damaged))
    assert str(items[0]) == "d.warc record 1: damaged record: its Content-Length does not end where the next record starts"
    assert [i["url"] for i in items if isinstance(i, dict)] == ["https://news.example.com/1"]


def test_warc_payload_over_the_limit_is_refused():
    items = list(read_warc("big.warc", _warc([html_of(REPORTS[0]) + " " * 5000])[0], max_bytes=2000))
    assert len(items) == 1 and "over the 2,000-byte limit" in str(items[0])


@pytest.mark.parametrize("published, error", [
    ("0001-01-02", "f.jsonl:1: publication date 0001-01-02 is outside 1000-2999"),
    ("9999-12-31", "f.jsonl:1: publication date 9999-12-31 is outside 1000-2999"),
    ("yesterday", "f.jsonl:1: unreadable 'published' date 'yesterday'"), ("1e400", "f.jsonl:1: unreadable"),
])
def test_jsonl_publication_date_must_be_stated_and_plausible(published, error):
    item = next(read_jsonl("f.jsonl", json.dumps({"text": REPORTS[0], "published": published}).encode()))
    assert str(item).startswith(error)


def test_folder_pipe_is_named_and_skipped_without_blocking(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "story.txt").write_text(REPORTS[0])
    items = list(read_inputs([str(tmp_path)], ReadOptions()))
    assert str(items[0]) == f"{tmp_path / 'pipe.txt'}: not a regular file (named pipe) inside a folder: skipped"
    assert isinstance(items[1], RawReport)


@pytest.mark.parametrize("published", [date(1, 1, 2), date(9999, 12, 30)])
def test_link_windows_at_the_ends_of_the_calendar(published):
    mentions = [Mention(f"m{i}", "d", "ASSAULT", published_at=published, actors=("PRK",), date=EventDate("report"))
                for i in range(2)]
    mentions.append(Mention("m9", "d", "ASSAULT", actors=("PRK",),
                            date=EventDate("day", date(9999, 12, 31), date(9999, 12, 31))))
    assert mentions[0].window()[1] == published
    assert _windows(mentions)  # no OverflowError


def test_time_budget_fails_one_report_and_the_batch_goes_on(monkeypatch, store):
    import time

    def slow(doc, analysis):
        if "Santiago" in doc.text:
            time.sleep(3)
        return []

    pipeline.process(REPORTS[3])  # models and dictionaries load outside the budget
    monkeypatch.setitem(pipeline.STAGES, "slow", slow)
    monkeypatch.setenv("DATELINE_REPORT_TIME_BUDGET", "0.5")
    summary = api.ingest(store, [RawReport("slow.txt", text=REPORTS[1]), RawReport("fast.txt", text=REPORTS[2])])
    assert summary.new == 1 and summary.failed == 1
    assert str(summary.errors[0]).startswith("slow.txt: over the 0.5-second time budget per report in stage 'slow'")


def test_ingest_killed_between_commit_and_linking_is_finished_by_the_rerun(tmp_path, monkeypatch, reports_dir):
    paths = [str(reports_dir)]
    with Store(tmp_path / "clean.duckdb") as clean:
        api.ingest_paths(clean, paths)
        expected = clean.snapshot()
    with Store(tmp_path / "killed.duckdb") as killed:
        def interrupted(store, analyses):
            if list(analyses):
                raise KeyboardInterrupt  # SIGINT after the batch's commit, before its linking
            return 0
        with monkeypatch.context() as m:
            m.setattr(api, "link_analyses", interrupted)
            with pytest.raises(KeyboardInterrupt):
                api.ingest_paths(killed, paths)
        assert killed.linked_mention_ids([e.id for e in killed.events()]) == set() and killed.stats()["documents"]
        summary = api.ingest_paths(killed, paths)
        assert summary.new == 0 and summary.unchanged == len(expected["documents"])
        assert killed.snapshot() == expected
    assert expected["canonical_events"]


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=12),
       st.tuples(st.integers(0, 60), st.integers(0, 20)))
def test_quote_spans_hold_as_a_scan_would(spans, probe):
    from dateline.events.quotes import _Spans

    spans = [(s, s + n) for s, n in spans]
    cue = (probe[0], probe[0] + probe[1])
    assert _Spans(100, spans).hold(cue) == any(s <= cue[0] and cue[1] <= e for s, e in spans)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20), st.one_of(st.none(), st.integers(0, 70))),
                max_size=10))
def test_nested_attributions_dropped_as_a_pairwise_scan_would(rows):
    from dateline.events.quotes import _Attribution, _cue_word, _drop_nested, _inside

    found = [_Attribution(content=(s, s + n), cue=None if c is None else (c, c + 3), source=None, sentence=0)
             for s, n, c in rows]
    expected = [a for a in found if not any(b is not a and b.cue and _inside(_cue_word(a), b.content) for b in found)]
    assert _drop_nested(found) == expected


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=12), st.integers(0, 70), st.integers(1, 10))
def test_place_overlap_test_answers_as_a_scan_would(spans, start, length):
    from dateline.events.places import _overlap_test

    spans = [(s, s + n) for s, n in spans]
    end = start + length
    assert _overlap_test(spans)(start, end) == any(s < end and start < e for s, e in spans)
