"""URLs -> RawReport: fetched with a timeout, a size cap and redirect limits, refusing
loopback, private, link-local, multicast and reserved addresses (checked after DNS resolution
and again at every redirect), so a server cannot be made to read its own network.

Not yet here: robots.txt (issue 5's URL ingestion will bring it).
"""
from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from .. import settings
from ..errors import FetchError
from .readers import RawReport
from .text import decode

USER_AGENT = "Dateline/0.1 (news event coder; +https://pypi.org/project/dateline/)"
TIMEOUT_S = 15
MAX_REDIRECTS = 5


def fetch_report(url: str, *, allow_private: bool = False) -> RawReport:
    """Fetch one page as an HTML RawReport; FetchError names the URL and the reason."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        if not allow_private:
            refuse_private(current)
        status, location, body, content_type = _get(current)
        if status in (301, 302, 303, 307, 308) and location:
            current = urljoin(current, location)
            continue
        if status != 200:
            raise FetchError(url, f"HTTP status {status}")
        text = decode(url, body)
        if "html" in content_type or text.lstrip()[:1] == "<":
            return RawReport(url, html=text, url=current, input_format="html")
        return RawReport(url, text=text, url=current, input_format="text")
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


def refuse_private(url: str) -> None:
    """Raise FetchError unless ``url`` is http(s) and every address its host resolves to is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "only http and https URLs with a host name can be fetched")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(url, f"cannot resolve host {parts.hostname!r} ({e})") from e
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FetchError(url, f"refused: {parts.hostname} resolves to non-public address {address}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # each hop is checked by fetch_report
        return None


def _get(url: str) -> tuple[int, str | None, bytes, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    limit = settings.get("max_input_bytes")
    try:
        with opener.open(request, timeout=TIMEOUT_S) as response:
            body = response.read(limit + 1)
            status, headers = response.status, response.headers
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location"), b"", e.headers.get("Content-Type", "")
    except (urllib.error.URLError, OSError) as e:
        raise FetchError(url, f"cannot fetch ({getattr(e, 'reason', e)})") from e
    if len(body) > limit:
        raise FetchError(url, f"page is over the {limit:,}-byte limit")
    return status, headers.get("Location"), body, headers.get("Content-Type", "")
