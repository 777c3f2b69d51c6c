"""Listing events fast (GET /events on a million rows) must not change what is listed.

Pages cut at a sort value, keyset cursors, counts kept per filter, status keys and the page
order that ``Store.optimize`` writes are each checked against the plain answer: the whole
selection, unpaged, or the order computed here from the records.
"""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from dateline.records import Actor, Analysis, Document, Event, EventDate, Sentence, TextSpan
from dateline.store import EVENT_SORTS, EventFilter, Store, check_cursor

COUNTRIES = [("USA", "Washington"), ("CHN", "Beijing"), ("RUS", "Moscow"), ("UKR", "Kyiv"), ("PRK", "Pyongyang")]
VERBS = [("ACCUSE", "accused"), ("CONSULT", "met"), ("PROTEST", "protested to"), ("THREATEN", "threatened")]
# "rumoured" is no status the coder sets: it has no byte key and is filtered on the text
STATUSES = ["asserted", "asserted", "asserted", "denied", "hypothetical", "rumoured"]


def _report(rng: random.Random, number: int) -> Analysis:
    """A wire report of four sentences, one event each; some undated, confidences often tied."""
    published = date(2021, 1, 1) + timedelta(days=rng.randrange(700))
    parts = []
    for _ in range(4):
        (a_code, actor), (r_code, recipient) = rng.sample(COUNTRIES, 2)
        type_, verb = rng.choice(VERBS)
        parts.append((a_code, actor, r_code, recipient, type_, verb, f"{actor} {verb} {recipient} on Monday."))
    text = " ".join(p[-1] for p in parts) + f" (report {number})"
    doc_id = Document.make_id(text)
    analysis = Analysis(Document(doc_id, text, source="wire", published_at=published, language="en"))
    offset = 0
    for index, (a_code, actor, r_code, recipient, type_, verb, sentence) in enumerate(parts):
        analysis.sentences.append(Sentence(doc_id, index, offset, offset + len(sentence), sentence))
        trigger_start = offset + len(actor) + 1
        day = None if rng.random() < 0.15 else published - timedelta(days=rng.randrange(3))
        analysis.events.append(Event(
            doc_id=doc_id, sentence_index=index, type=type_,
            trigger=TextSpan(doc_id, trigger_start, trigger_start + len(verb), verb),
            actors=(Actor(country=a_code, span=TextSpan(doc_id, offset, offset + len(actor), actor)),),
            recipients=(Actor(country=r_code),), status=rng.choice(STATUSES),
            date=EventDate("day", day, day, "on Monday") if day else EventDate(),
            confidence=rng.choice([0.5, 0.7, 0.7, 0.9]),
        ))
        offset += len(sentence) + 1
    return analysis


@pytest.fixture(scope="module")
def reports():
    rng = random.Random(11)
    return [_report(rng, n) for n in range(40)]


@pytest.fixture()
def store(reports):
    with Store(":memory:") as store:
        store.write(reports[:30])
        yield store


def _date_order(e: Event) -> tuple:
    return (e.date.start is None, e.date.start or date.min, e.doc_id, e.sentence_index, e.id)


def test_store_listing_pages_follow_the_whole_order(store, reports):
    events = {e.id: e for a in reports[:30] for e in a.events}
    for sort in EVENT_SORTS:
        whole = [e.id for e in store.events(EventFilter(status=None, sort=sort))]
        assert sorted(whole) == sorted(events)
        for limit in (4, 50):
            paged = []
            for offset in range(0, len(whole), limit):
                paged += [e.id for e in store.events(EventFilter(status=None, sort=sort, limit=limit, offset=offset))]
            assert paged == whole, (sort, limit)
    by_confidence = sorted(events.values(), key=lambda e: (-e.confidence, _date_order(e)))
    assert [e.id for e in store.events(EventFilter(status=None, sort="-confidence"))] == [e.id for e in by_confidence]


@pytest.mark.parametrize("sort", list(EVENT_SORTS))
def test_store_listing_cursor_pages_equal_offset_pages(store, sort):
    where = EventFilter(status=("asserted", "rumoured"), sort=sort, limit=6)
    whole = [e["id"] for e in store.event_page(replace(where, limit=None)).records]
    followed, after, pages = [], None, 0
    while True:
        page = store.event_page(replace(where, after=after))
        followed += [r["id"] for r in page.records]
        pages += 1
        if page.next_after is None:
            break
        after = page.next_after
    assert followed == whole and pages == len(whole) // 6 + 1


@pytest.mark.parametrize("cursor", ["", "bm90IGEgY3Vyc29y", "WyJkYXRlIiwieCJd", "!!!", "WyJkYXRlIiwiLTEiXQ"])
def test_store_listing_refuses_a_cursor_it_did_not_make(cursor):
    with pytest.raises(ValueError, match="after"):
        check_cursor("date", cursor or "W10")


def test_store_listing_refuses_a_cursor_of_another_sort(store):
    after = store.event_page(EventFilter(sort="confidence", limit=2)).next_after
    check_cursor("confidence", after)
    with pytest.raises(ValueError, match="sort 'confidence'"):
        check_cursor("-date", after)


@pytest.mark.parametrize("where", [
    EventFilter(), EventFilter(status=None), EventFilter(status=("denied", "hypothetical")),
    EventFilter(status=("rumoured",)), EventFilter(status=("asserted", "rumoured")), EventFilter(actor="prk"),
    EventFilter(recipient="USA", type="accuse"), EventFilter(since=date(2022, 1, 1), until=date(2022, 6, 30)),
])
def test_store_listing_filters_select_what_the_records_say(store, reports, where):
    def kept(e: Event) -> bool:
        start, last = e.date.start, e.date.end or e.date.start
        return ((where.status is None or e.status in where.status)
                and (not where.actor or any(a.country == where.actor.upper() for a in e.actors))
                and (not where.recipient or any(a.country == where.recipient.upper() for a in e.recipients))
                and (not where.type or e.type == where.type.upper())
                and (not where.since or (last is not None and last >= where.since))
                and (not where.until or (start is not None and start <= where.until)))

    expected = sorted(e.id for a in reports[:30] for e in a.events if kept(e))
    assert sorted(e.id for e in store.events(where)) == expected
    assert store.count_events(where) == store.count_events(replace(where, limit=3, sort="-confidence")) == len(expected)


def test_store_listing_counts_follow_new_writes(store, reports):
    where = EventFilter(actor="PRK", status=None)
    handle = store.cursor()  # as each API request gets one
    before = handle.count_events(where)
    store.write(reports[30:])
    added = sum(1 for a in reports[30:] for e in a.events if e.actors[0].country == "PRK")
    assert added and handle.count_events(where) == store.count_events(where) == before + added
    handle.close()


def test_store_listing_optimize_keeps_every_answer(store, reports):
    filters = [EventFilter(status=None, sort=sort, limit=5, offset=3) for sort in EVENT_SORTS]
    filters += [EventFilter(actor="RUS"), EventFilter(since=date(2022, 3, 1), status=("denied",))]
    before = [([e.id for e in store.events(w)], store.count_events(w)) for w in filters]
    assert store.unordered_events() == 120
    assert store.optimize() == 120
    assert store.unordered_events() == 0
    assert [([e.id for e in store.events(w)], store.count_events(w)) for w in filters] == before
    store.write(reports[30:])
    assert store.unordered_events() == 40
    assert store.count_events(EventFilter(status=None)) == 160


def test_store_listing_keys_are_filled_when_tables_are_loaded(store):
    from dateline.store import TABLES

    filters = [EventFilter(), EventFilter(status=("denied", "rumoured")), EventFilter(since=date(2022, 2, 1), sort="-date")]
    with Store(":memory:") as loaded:
        loaded.write_tables({name: store.arrow(name) for name in TABLES})  # as Spark shards load
        for where in filters:
            assert [e.id for e in loaded.events(where)] == [e.id for e in store.events(where)]
            assert loaded.count_events(where) == store.count_events(where) > 0


def test_store_listing_reads_a_long_selection_the_same_way(store, monkeypatch):
    import dateline.store

    pages = [EventFilter(status=None, sort=sort, limit=limit) for sort in EVENT_SORTS for limit in (None, 30)]
    as_parameter = [[e.id for e in store.events(w)] for w in pages]
    monkeypatch.setattr(dateline.store, "_ROWIDS_AS_PARAMETER", 5)  # rowids through a registered table
    assert [[e.id for e in store.events(w)] for w in pages] == as_parameter


def test_store_listing_rows_read_by_rowid_equal_rows_read_by_id(store, reports):
    """A page's headlines are read at the document rowids stored with its events and its
    sentences from the copies stored with them; the rows must be those a lookup by document
    id finds, after optimize, a Spark-style load and a fill that was cut short (read by id)."""
    from dateline.store import TABLES

    def both(s: Store, where: EventFilter) -> tuple[list, list]:
        page = s.event_page(where)
        assert page.located and all(d is not None and text for d, text in page.located)
        return s.flat_rows(page.records, page.located), s.flat_rows(page.records)

    filters = [EventFilter(status=None, sort=sort, limit=7, offset=5) for sort in EVENT_SORTS] + [EventFilter(actor="UKR")]
    store.write(reports[30:])
    store.optimize()
    with Store(":memory:") as loaded:
        loaded.write_tables({name: store.arrow(name) for name in TABLES})
        for s in (store, loaded):
            for where in filters:
                by_rowid, by_id = both(s, where)
                assert by_rowid == by_id and by_rowid
                assert all(r["sentence_text"] and r["sentence_text"].endswith("on Monday.") for r in by_rowid)
                assert {r["headline"] is None and r["published_at"] is not None for r in by_rowid} == {True}
    store.con.execute("UPDATE events SET sentence_text = NULL, document_rowid = NULL WHERE sentence_index = 1")
    page = store.event_page(EventFilter(status=None, limit=40))
    assert any(d is None for d, _ in page.located)
    assert store.flat_rows(page.records, page.located) == store.flat_rows(page.records)
