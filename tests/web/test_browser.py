"""The web UI in real headless Chromium (Debian's package), served by uvicorn on 127.0.0.1.

Screenshots of the main pages go to $TMPDIR/dateline-web-screenshots/ for a person to look at.
"""
from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(tempfile.gettempdir()) / "dateline-web-screenshots"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install 'dateline[web-test]'")
uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install 'dateline[web]'")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run does it)", allow_module_level=True)

from dateline.web import create_app  # noqa: E402

from .corpus import XSS_IMG, XSS_SCRIPT, event_id  # noqa: E402


@pytest.fixture(scope="module")
def base_url(web_corpus):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(web_corpus[0]), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_browser_filter_the_list_and_see_the_evidence(page, base_url, web_corpus):
    corpus = web_corpus[1]
    page.goto(f"{base_url}/ui/events")
    asserted = [e for a in corpus.values() for e in a.events if e.status == "asserted"]
    assert page.locator("#events tbody tr").count() == len(asserted)
    _shot(page, "01-event-list")

    page.fill("input[name=actor]", "PRK")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**actor=PRK**")
    rows = page.locator("#events tbody tr")
    assert rows.count() == sum("PRK" in {x.country for x in e.actors} for e in asserted) == 2  # the launch, and an undated recall
    assert rows.first.locator("td").nth(2).inner_text() == "PRK"
    _shot(page, "02-event-list-filtered")

    rows.first.locator("td").nth(1).locator("a").click()
    page.wait_for_url(f"**/ui/events/{event_id(corpus, 'dprk', 'MOBILIZE')}")
    trigger_row = page.locator("#fields tr", has=page.locator("th", has_text="trigger"))
    highlight = trigger_row.locator("mark.evidence")
    assert highlight.inner_text() == "fired"
    assert "North Korea fired an intercontinental ballistic missile on Thursday" in trigger_row.inner_text()
    assert highlight.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    date_row = page.locator("#fields tr", has=page.locator("th", has_text="date"))
    assert date_row.locator("mark.evidence").inner_text() == "on Thursday"
    _shot(page, "03-event-evidence")


def test_browser_select_applies_the_type_filter(page, base_url):
    page.goto(f"{base_url}/ui/events")
    page.select_option("select[name=type]", "DISAPPROVE")  # app.js submits on change
    page.wait_for_url("**type=DISAPPROVE**")
    types = page.locator("#events tbody tr td:nth-child(2) a").all_inner_texts()
    assert types and set(types) == {"DISAPPROVE"}


def test_browser_xss_payload_renders_as_text(page, base_url, web_corpus):
    corpus = web_corpus[1]
    page.goto(f"{base_url}/ui/documents/{corpus['xss'].document.id}")
    text = page.locator("#doctext").inner_text()
    assert XSS_SCRIPT in text and XSS_IMG in text
    assert page.locator("#doctext script, #doctext img, img[src=x]").count() == 0
    assert XSS_SCRIPT in page.title()
    _shot(page, "04-document-xss")

    page.goto(f"{base_url}/ui/events/{event_id(corpus, 'xss', 'DEMAND')}")
    assert XSS_IMG in page.locator("#fields").inner_text()
    page.goto(f"{base_url}/ui/events?status=all")
    page.wait_for_load_state("load")
    assert page.dialogs == []


def test_browser_map_and_timeline_link_the_same_events(page, base_url, web_corpus):
    page.goto(f"{base_url}/ui/map?status=all")
    assert page.locator("#map .countries path").count() > 150
    placed = [e for a in web_corpus[1].values() for e in a.events if e.place]
    assert page.locator("#map circle.point").count() == len(placed)
    dated = [e for a in web_corpus[1].values() for e in a.events if e.date.start]
    assert page.locator("#timeline circle").count() == len(dated) < sum(len(a.events) for a in web_corpus[1].values())
    point = page.locator("#map a.mark").first
    point.hover()
    key = point.get_attribute("data-event")
    assert "hover" in page.locator(f"ol.timeline-list li[data-event='{key}']").get_attribute("class")
    _shot(page, "05-timeline-map")
    page.goto(f"{base_url}/ui/map?actor=PRK")
    _shot(page, "06-timeline-map-prk")


def test_browser_tracker_page_links_its_canonical_event_to_the_evidence(page, base_url, web_corpus):
    page.goto(f"{base_url}/ui/trackers/dprk-launches")
    assert page.locator("#map circle.point").count() == 1
    _shot(page, "07-tracker")
    page.locator("ol.timeline-list a").first.click()
    page.wait_for_url(f"**/ui/events/{event_id(web_corpus[1], 'dprk', 'MOBILIZE')}")
    assert page.locator("mark.evidence").first.inner_text() == "fired"


def _every_page(base_url: str, corpus, store_path) -> list[str]:
    """Every UI page over the fixture store: lists, each document, event, tracker, canonical event."""
    from dateline.store import Store

    with Store(store_path, read_only=True) as store:
        canonical = [e.id for e in store.canonical_events()]
        trackers = [t.name for t in store.trackers()]
    events = [e.id for a in corpus.values() for e in a.events]
    return ([f"{base_url}/ui/{p}" for p in (
                "events", "events?status=all", "events?status=all&sort=-date", "events?mode=weapons",
                "map", "map?status=all", "documents", "documents?q=missile", "quotes", "quotes?speaker=Moon",
                "actors", "trackers", "search?q=ballistic+missile", "search?q=zzzz")]
            + [f"{base_url}/ui/documents/{a.document.id}" for a in corpus.values()]
            + [f"{base_url}/ui/events/{e}" for e in events]
            + [f"{base_url}/ui/trackers/{t}" for t in trackers]
            + [f"{base_url}/ui/canonical/{c}" for c in canonical])


@pytest.mark.issue(17)
def test_browser_no_page_fails_on_missing_fields(page, base_url, web_corpus):
    """Dated, undated, placeless and actorless events: no page answers >= 500 or logs an error."""
    failures = []
    page.on("response", lambda r: failures.append(f"HTTP {r.status} {r.url}") if r.status >= 500 else None)
    page.on("console", lambda m: failures.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: failures.append(f"page error: {e}"))
    urls = _every_page(base_url, web_corpus[1], web_corpus[0])
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
    assert failures == [] and len(urls) > 30
    page.goto(f"{base_url}/ui/trackers/agreements")
    assert "undated AGREE" in page.locator("ol.timeline-list").inner_text()


@pytest.mark.issue(17)
def test_browser_evidence_link_lands_on_the_highlighted_sentence(page, base_url, web_corpus):
    corpus = web_corpus[1]
    page.goto(f"{base_url}/ui/events/{event_id(corpus, 'dprk', 'MOBILIZE')}")
    trigger_row = page.locator("#fields tr", has=page.locator("th", has_text="trigger"))
    trigger_row.locator("a.anchor").click()
    page.wait_for_url("**#s3")
    target = page.locator(".sentence:target")
    assert target.get_attribute("id") == "s3"
    assert target.locator("mark.m-evidence").inner_text() == "fired"
    assert target.evaluate("s => getComputedStyle(s).backgroundColor") != "rgba(0, 0, 0, 0)"


@pytest.mark.issue(17)
def test_browser_search_box_finds_the_sentence(page, base_url, web_corpus):
    page.goto(f"{base_url}/ui/events")
    page.fill("header form.search input[name=q]", "ballistic missile")
    page.click("header form.search button")
    page.wait_for_url("**/ui/search?q=ballistic+missile")
    hits = page.locator("#hits li")
    assert hits.count() >= 1
    assert all("ballistic missile" in t.lower() for t in hits.all_inner_texts())
    hits.first.locator("a").first.click()
    assert page.locator(".sentence:target").count() == 1
