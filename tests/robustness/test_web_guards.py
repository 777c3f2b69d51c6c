"""Issue 20: the server answers only the names it serves, rate-limits failed logins, keeps the
token out of its cookie, and links only http(s) URLs."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'dateline[web]'")
from fastapi.testclient import TestClient  # noqa: E402

from dateline import Store, api  # noqa: E402
from dateline.cli import _served_names  # noqa: E402
from dateline.ingest import RawReport  # noqa: E402
from dateline.web import create_app  # noqa: E402
from dateline.web.app import LOGIN_FAILURES, TOKEN_COOKIE  # noqa: E402

from .inputs import REPORTS  # noqa: E402

pytestmark = pytest.mark.issue(20)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "g.duckdb"
    Store(path).close()
    return path


@pytest.mark.parametrize("host, header, allowed", [
    ("127.0.0.1", "127.0.0.1:8000", True), ("127.0.0.1", "localhost:8000", True), ("::1", "[::1]:8000", True),
    ("127.0.0.1", "attacker.example:8000", False), ("127.0.0.1", "127.0.0.1.nip.io", False),
    ("news.internal", "news.internal", True), ("news.internal", "localhost", False),
    ("0.0.0.0", "anything.example", True),
])
def test_web_host_header_checked_against_served_names(db, host, header, allowed):
    with TestClient(create_app(db, allowed_hosts=_served_names(host))) as client:
        response = client.get("/events", headers={"Host": header})
    assert response.status_code == (200 if allowed else 400)
    if not allowed:
        assert "is not a name this server serves" in response.json()["error"]


def test_web_login_cookie_is_a_session_not_the_token(db):
    app = create_app(db, token="s3cret-token")
    with TestClient(app) as client:
        login = client.post("/ui/login", data={"token": "s3cret-token"}, follow_redirects=False)
        cookie = login.cookies.get(TOKEN_COOKIE)
        assert login.status_code == 303 and cookie and "s3cret-token" not in cookie
        assert client.get("/ui/events").status_code == 200
    with TestClient(app, cookies={TOKEN_COOKIE: "s3cret-token"}) as client:  # the token itself is no session
        assert client.get("/ui/events").status_code == 401


def test_web_failed_logins_are_rate_limited(db):
    with TestClient(create_app(db, token="s3cret-token")) as client:
        codes = [client.post("/ui/login", data={"token": f"guess{i}"}).status_code for i in range(LOGIN_FAILURES + 2)]
        assert codes == [401] * LOGIN_FAILURES + [429, 429]
        assert client.post("/ui/login", data={"token": "s3cret-token"}, follow_redirects=False).status_code == 429


URLS = [("javascript:alert(document.cookie)", False), ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<b>x</b>", False), ("https://news.example.com/story", True), ("http://news.example.com/a", True)]


@pytest.fixture(scope="module")
def linked_pages(tmp_path_factory):
    """url -> the document page of a report stored with that URL."""
    path = tmp_path_factory.mktemp("urls") / "u.duckdb"
    with Store(path) as store:
        summary = api.ingest(store, [RawReport(f"u{i}.txt", text=REPORTS[i], url=url) for i, (url, _) in enumerate(URLS)])
        ids = {d.url: d.id for d in store.documents()}
    assert summary.new == len(URLS)
    with TestClient(create_app(path)) as client:
        return {url: client.get(f"/ui/documents/{ids[url]}").text for url, _ in URLS}


@pytest.mark.parametrize("url, linked", URLS)
def test_web_only_http_urls_become_links(linked_pages, url, linked):
    page = linked_pages[url]
    assert (f'href="{url}"' in page) is linked
    assert "href=\"javascript" not in page.lower() and "href=\"data:" not in page
