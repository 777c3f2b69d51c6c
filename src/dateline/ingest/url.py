"""URLs -> bytes, politely and safely: timeouts, a size cap, robots.txt, limited redirects.

Addresses that are loopback, private, link-local, multicast, reserved or unspecified are
refused (checked after DNS resolution and again at every redirect) unless ``allow_private``.
The check resolves the name just before connecting; a DNS answer that changes in between
(rebinding) is not caught.
"""
from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from .. import settings
from ..errors import DatelineError, FetchError


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    data: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class FetchOptions:
    allow_private: bool = False
    timeout: float = settings.get("fetch_timeout")
    max_bytes: int = settings.get("max_fetch_bytes")
    max_redirects: int = settings.get("max_redirects")
    user_agent: str = settings.get("user_agent")
    respect_robots: bool = True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, options: FetchOptions = FetchOptions()) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` redirects, each target checked."""
    current = url
    for _ in range(options.max_redirects + 1):
        check_address(current, allow_private=options.allow_private)
        if options.respect_robots and not _robots_allow(current, options):
            raise FetchError(current, "disallowed by the site's robots.txt")
        status, headers, data = _get(current, options)
        if status in (301, 302, 303, 307, 308) and headers.get("Location"):
            current = urljoin(current, headers["Location"])
            continue
        if status >= 400:
            raise FetchError(current, f"HTTP {status}")
        return Fetched(current, data, headers.get("Content-Type", ""))
    raise FetchError(url, f"more than {options.max_redirects} redirects")


def fetch_report(url: str, *, allow_private: bool = False):
    """One URL as one RawReport (HTML page, text, or a feed's first entry); FetchError otherwise."""
    from .readers import RawReport, ReadOptions, read_inputs

    for item in read_inputs([url], ReadOptions(allow_private=allow_private)):
        if isinstance(item, RawReport):
            return item
        if isinstance(item, DatelineError):
            raise item
        raise FetchError(url, item.reason)
    raise FetchError(url, "no report at this address")


def refuse_private(url: str) -> None:
    """Raise FetchError unless ``url`` is http(s) and its host resolves to public addresses only."""
    check_address(url, allow_private=False)


def check_address(url: str, *, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "only http and https URLs can be fetched")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(url, f"host name does not resolve ({e})") from e
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if _internal(address):
            raise FetchError(url, f"refused: {parts.hostname} resolves to internal address {address} "
                                  "(use --allow-private to permit)")


def _internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return (address.is_loopback or address.is_private or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified)


def _get(url: str, options: FetchOptions) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": options.user_agent, "Accept": "*/*"})
    try:
        response = _OPENER.open(request, timeout=options.timeout)
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers or {}), b""
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as e:
        raise FetchError(url, f"cannot fetch ({getattr(e, 'reason', e)})") from e
    with response:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > options.max_bytes:
            raise FetchError(url, f"response is {int(declared):,} bytes, over the {options.max_bytes:,}-byte limit")
        try:
            data = response.read(options.max_bytes + 1)
        except (TimeoutError, OSError) as e:
            raise FetchError(url, f"reading the response failed ({e})") from e
        if len(data) > options.max_bytes:
            raise FetchError(url, f"response is over the {options.max_bytes:,}-byte limit")
        return response.status, dict(response.headers), data


def _robots_allow(url: str, options: FetchOptions) -> bool:
    parts = urlsplit(url)
    return _robots(f"{parts.scheme}://{parts.netloc}", options).can_fetch(options.user_agent, url)


@lru_cache(maxsize=256)
def _robots(site: str, options: FetchOptions) -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    try:
        status, _, data = _get(f"{site}/robots.txt", options)
    except FetchError:
        status, data = 404, b""
    if status in (401, 403):
        parser.disallow_all = True
    elif status < 400:
        parser.parse(data.decode("utf-8", "replace").splitlines())
    else:
        parser.allow_all = True
    return parser
