import pytest

from dateline.errors import FetchError
from dateline.ingest.url import FetchOptions, check_address, fetch

PAGE = b"<html><body><p>The ministers met in Oslo on Monday.</p></body></html>"
ALLOW = FetchOptions(allow_private=True)


def test_url_fetch_from_local_server_with_allow_private(local_server):
    base, routes = local_server
    routes["/story"] = (200, {"Content-Type": "text/html"}, PAGE)
    page = fetch(f"{base}/story", ALLOW)
    assert page.data == PAGE and page.content_type == "text/html"


@pytest.mark.parametrize("address", [
    "http://127.0.0.1/", "http://10.1.2.3/", "http://192.168.0.10/", "http://169.254.169.254/latest/meta-data",
    "http://[::1]/", "http://224.0.0.1/", "http://localhost/", "http://0.0.0.0/",
])
def test_url_internal_addresses_are_refused(address):
    with pytest.raises(FetchError, match="internal address"):
        check_address(address, allow_private=False)


def test_url_non_http_scheme_is_refused():
    with pytest.raises(FetchError, match="only http and https"):
        check_address("file:///etc/passwd", allow_private=True)


def test_url_refused_without_allow_private(local_server):
    base, routes = local_server
    routes["/story"] = (200, {"Content-Type": "text/html"}, PAGE)
    with pytest.raises(FetchError, match="--allow-private"):
        fetch(f"{base}/story")


def test_url_redirects_followed_and_limited(local_server):
    base, routes = local_server
    routes["/old"] = (301, {"Location": "/story"}, b"")
    routes["/story"] = (200, {"Content-Type": "text/html"}, PAGE)
    routes["/loop"] = (302, {"Location": "/loop"}, b"")
    assert fetch(f"{base}/old", ALLOW).url == f"{base}/story"
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(f"{base}/loop", ALLOW)


def test_url_redirect_to_internal_address_is_refused(local_server, monkeypatch):
    from dateline.ingest import url as url_module

    base, routes = local_server
    routes["/go"] = (302, {"Location": "http://10.0.0.7/admin"}, b"")
    checked = []
    real = url_module.check_address

    def check_first_hop_as_public(address, *, allow_private):
        checked.append(address)
        return real(address, allow_private=len(checked) == 1)

    monkeypatch.setattr(url_module, "check_address", check_first_hop_as_public)
    with pytest.raises(FetchError, match="10.0.0.7"):
        fetch(f"{base}/go", FetchOptions(respect_robots=False))


def test_url_robots_txt_is_respected(local_server):
    base, routes = local_server
    routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    routes["/private/story"] = (200, {"Content-Type": "text/html"}, PAGE)
    with pytest.raises(FetchError, match="robots.txt"):
        fetch(f"{base}/private/story", ALLOW)


def test_url_size_cap(local_server):
    base, routes = local_server
    routes["/big"] = (200, {"Content-Type": "text/html"}, b"x" * 5000)
    with pytest.raises(FetchError, match="over the 1,000-byte limit"):
        fetch(f"{base}/big", FetchOptions(allow_private=True, max_bytes=1000))
