"""Watch fetching against a local server: rate and connection limits per host, retries,
conditional GET, size cap, robots.txt, address refusal; and failing sources in a round."""
from __future__ import annotations

import asyncio
import socket
import time
from datetime import datetime, timedelta

import pytest

from dateline.errors import FetchError
from dateline.store import Store
from dateline.watch import Source, WatchPlan, due_sources, run_round
from dateline.watch import fetch
from dateline.watch.fetch import Fetcher
from watch_server import FeedServer, rss


@pytest.fixture
def site():
    server = FeedServer()
    yield server
    server.close()


def _get_all(urls: list[str], *, allow_private: bool = True, **validators) -> list:
    async def run():
        async with Fetcher(allow_private=allow_private) as fetcher:
            return await asyncio.gather(*(fetcher.get(u, **validators) for u in urls), return_exceptions=True)
    return asyncio.run(run())


def test_watch_fetch_rate_limit_per_host(site, monkeypatch):
    monkeypatch.setenv("DATELINE_WATCH_HOST_RATE", "10")
    monkeypatch.setenv("DATELINE_WATCH_HOST_CONNECTIONS", "20")
    urls = [site.publish(f"/a{n}.html", "<html><body>x</body></html>") for n in range(20)]
    start = time.perf_counter()
    pages = _get_all(urls)
    # 21 requests (robots.txt too) at 10 per second, the first 10 at once: at least 1.1 s
    assert time.perf_counter() - start >= 1.0
    assert [p.status for p in pages] == [200] * 20


def test_watch_fetch_connections_per_host(site, monkeypatch):
    monkeypatch.setenv("DATELINE_WATCH_HOST_RATE", "100")
    monkeypatch.setenv("DATELINE_WATCH_HOST_CONNECTIONS", "2")
    urls = [site.publish(f"/slow{n}.html", "<html><body>x</body></html>", delay=0.2) for n in range(6)]
    _get_all(urls)
    assert site.most_in_flight == 2


def test_watch_fetch_retries_transient_failures(site, monkeypatch):
    monkeypatch.setenv("DATELINE_WATCH_ATTEMPTS", "3")
    monkeypatch.setattr(fetch, "_BACKOFF", {"multiplier": 0.01, "max": 0.05, "jitter": 0.01})
    ok = site.publish("/flaky.xml", "<rss/>", "application/rss+xml", fail_first=2)
    down = site.publish("/down.xml", "<rss/>", "application/rss+xml", fail_first=99)
    gone = site.publish("/gone.xml", "no", "text/plain", status=404)
    page, error, missing = _get_all([ok, down, gone])
    assert page.status == 200 and site.hits["/flaky.xml"] == 3
    assert str(error) == f"{down}: HTTP 503 after 3 tries" and site.hits["/down.xml"] == 3
    assert str(missing) == f"{gone}: HTTP 404" and site.hits["/gone.xml"] == 1  # not worth asking again


def test_watch_fetch_conditional_get(site):
    url = site.publish("/feed.xml", rss("Wire", []), "application/rss+xml")
    (first,) = _get_all([url])
    (second,) = _get_all([url], etag=first.etag)
    assert (first.status, second.status, second.data) == (200, 304, b"")


def test_watch_fetch_size_cap(site, monkeypatch):
    monkeypatch.setenv("DATELINE_MAX_FETCH_BYTES", "1000")
    url = site.publish("/big.html", "<html><body>" + "x" * 5000 + "</body></html>")
    (error,) = _get_all([url])
    assert str(error) == f"{url}: response is 5,026 bytes, over the 1,000-byte limit"


def test_watch_fetch_robots_txt(site):
    site.publish("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    open_url = site.publish("/news/a.html", "<html><body>a</body></html>")
    closed = site.publish("/private/b.html", "<html><body>b</body></html>")
    page, error = _get_all([open_url, closed])
    assert page.status == 200
    assert str(error) == f"{closed}: disallowed by the site's robots.txt"
    assert site.hits["/private/b.html"] == 0 and site.hits["/robots.txt"] == 1


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_watch_fetch_refuses_internal_addresses(site, host):
    url = site.publish("/feed.xml", rss("Wire", [])).replace("127.0.0.1", host)
    (error,) = _get_all([url], allow_private=False)
    assert isinstance(error, FetchError) and "resolves to internal address" in error.reason
    assert site.hits["/feed.xml"] == 0 and site.hits["/robots.txt"] == 0


def test_watch_fetch_checks_every_redirect(site, monkeypatch):
    """A redirect to an internal address is refused although the first address was allowed."""
    from dateline.ingest.url import check_address

    def allow_first_host(url: str, *, allow_private: bool) -> None:
        check_address(url, allow_private="//127.0.0.1:" in url)

    monkeypatch.setattr(fetch, "check_address", allow_first_host)
    target = site.publish("/inside.html", "<html><body>secret</body></html>").replace("127.0.0.1", "localhost")
    start = site.publish("/moved.html", "", status=302, location=target)
    (error,) = _get_all([start], allow_private=False)
    assert error.origin == target and "resolves to internal address" in error.reason
    assert site.hits["/moved.html"] == 1 and site.hits["/inside.html"] == 0


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_watch_round_failing_sources_do_not_stop_others(site, tmp_path, monkeypatch):
    monkeypatch.setenv("DATELINE_WATCH_ATTEMPTS", "1")
    good = site.publish("/feed.xml", rss("Wire", []), "application/rss+xml")
    html = site.publish("/page.html", "<html><body><p>not a feed</p></body></html>")
    down = f"http://127.0.0.1:{_closed_port()}/rss.xml"
    plan = WatchPlan((Source(down, "Down"), Source(html), Source(good, "Wire"), Source("http://no-such-host.invalid/rss")))
    with Store(tmp_path / "w.duckdb") as store:
        summary = run_round(store, plan, allow_private=True)
        states = store.watch_sources()
        errors = {e.origin: e.reason for e in summary.source_errors}
        assert errors[html] == "not an RSS/Atom feed or a sitemap"
        # the connection and name errors' wording is the system's
        assert errors[down].startswith("cannot fetch (ConnectError: ")
        assert errors["http://no-such-host.invalid/rss"].startswith("cannot fetch (ConnectError: ")
        assert len(errors) == 3
        assert {u: s["failures"] for u, s in states.items()} == {
            down: 1, html: 1, good: 0, "http://no-such-host.invalid/rss": 1}
        assert states[good]["last_ok"] is not None and states[down]["last_ok"] is None
        # a failing source is polled again later than a healthy one (twice the interval per failure)
        later = datetime.utcnow() + timedelta(minutes=20)
        assert [s.url for s in due_sources(store, plan.sources, now=later)] == [good]
        assert len(due_sources(store, plan.sources, now=later + timedelta(minutes=15))) == 4


def test_watch_runs_until_stopped_polling_due_sources(site, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dateline import cli, watch

    feed = site.publish("/feed.xml", rss("Wire", []), "application/rss+xml")
    waits, seconds_to_next_poll = [], watch.seconds_to_next_poll

    def wait(store, plan) -> float:  # the second wait ends in a Ctrl-C
        waits.append(seconds_to_next_poll(store, plan))
        if len(waits) == 2:
            raise KeyboardInterrupt
        return 0.0

    monkeypatch.setattr(watch, "seconds_to_next_poll", wait)
    result = CliRunner().invoke(cli.main, ["watch", feed, "--allow-private", "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 0 and result.output.endswith("stopped\n")
    # the first round polls the feed; the second finds it not due (15 minutes) and polls nothing
    assert [line.split(" ", 2)[2][:18] for line in result.output.splitlines()[:2]] == ["polled 1 source(s)", "polled 0 source(s)"]
    assert waits == [60.0, 60.0] and site.hits["/feed.xml"] == 1
