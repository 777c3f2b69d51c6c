"""URLs -> bytes, politely and safely: timeouts, a size cap, robots.txt, limited redirects.

Every address that is not global (loopback, private, CGNAT, link-local, multicast, reserved,
documentation, ...), and every IPv6 form that carries one (IPv4-mapped, IPv4-compatible, 6to4,
Teredo, NAT64), is refused unless ``allow_private``, at every hop and for robots.txt. The name
is resolved once: the connection goes to the address that was checked (a DNS answer that
changes in between, "rebinding", cannot redirect it), with the name kept for Host and TLS.
No proxy from the environment is used, since it would connect on our behalf unchecked.
"""
from __future__ import annotations

import http.client
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

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# The well-known NAT64 prefix (RFC 6052): the last 32 bits are an IPv4 address. The local-use
# prefix 64:ff9b:1::/48 is not global, so it is refused whatever it carries.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"),)
# Special-purpose blocks (IANA IPv4/IPv6 special-purpose address registries) that Python 3.11's
# ``is_global`` still counts as global: IETF protocol assignments (192.0.0.8 and the rest of the
# /24), the retired 6to4 relay anycast, and IPv6 documentation (RFC 9637).
_NOT_GLOBAL = tuple(ipaddress.ip_network(n) for n in ("192.0.0.0/24", "192.88.99.0/24", "3fff::/20"))


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


def _pinned(connection_class, address: str):
    """A connection class for urllib that connects to ``address`` whatever the URL's host."""
    def connection(host, **kwargs):
        conn = connection_class(host, **kwargs)
        conn._create_connection = lambda where, *args: socket.create_connection((address, where[1]), *args)
        return conn
    return connection


class _PinnedHTTP(urllib.request.HTTPHandler):
    def __init__(self, address: str):
        super().__init__()
        self.address = address

    def http_open(self, req):
        return self.do_open(_pinned(http.client.HTTPConnection, self.address), req)


class _PinnedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, address: str):
        super().__init__()
        self.address = address

    def https_open(self, req):  # the certificate is still checked against the URL's host name
        return self.do_open(_pinned(http.client.HTTPSConnection, self.address), req, context=self._context)


_UNPINNED = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def _opener(address: str) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect,
                                       _PinnedHTTP(address), _PinnedHTTPS(address))


def fetch(url: str, options: FetchOptions = FetchOptions()) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` redirects, each target checked."""
    current = url
    for _ in range(options.max_redirects + 1):
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


def check_address(url: str, *, allow_private: bool) -> list[str]:
    """The addresses ``url``'s host resolves to, all of them checked; FetchError if any is refused.
    With ``allow_private`` only the scheme is checked (and no address returned)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as e:  # "http://[::1", "http://a:99999"
        raise FetchError(url, f"malformed URL ({e})") from e
    if parts.scheme not in ("http", "https") or not host:
        raise FetchError(url, "only http and https URLs can be fetched")
    if allow_private:
        return []  # nothing to check: the connection resolves the name itself
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as e:
        raise FetchError(url, f"host name does not resolve ({e})") from e
    addresses = [info[4][0] for info in infos]
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        if refused_address(address):
            raise FetchError(url, f"refused: {host} resolves to internal address {address} "
                                  "(use --allow-private to permit)")
    return addresses


def refused_address(address: IPAddress) -> bool:
    """Whether an address, or an IPv4 address its IPv6 form carries, is not globally reachable.
    A NAT64 address is judged by the IPv4 address it translates to (on an IPv6-only network
    every IPv4 site has one)."""
    embedded = _embedded(address)
    if any(address in net for net in _NAT64):
        return any(_not_global(a) for a in embedded)
    return any(_not_global(a) for a in [address, *embedded])


def _not_global(address: IPAddress) -> bool:
    return (not address.is_global or address.is_multicast or address.is_reserved or address.is_unspecified
            or getattr(address, "is_site_local", False) or any(address in net for net in _NOT_GLOBAL))


def _embedded(address: IPAddress) -> list[ipaddress.IPv4Address]:
    if address.version == 4:
        return []
    found = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    if int(address) < 2**32:  # IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
        found.append(ipaddress.IPv4Address(int(address)))
    if any(address in net for net in _NAT64):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [a for a in found if a is not None]


def _get(url: str, options: FetchOptions) -> tuple[int, dict[str, str], bytes]:
    """One GET, to the address checked for ``url`` (resolved once)."""
    addresses = check_address(url, allow_private=options.allow_private)
    try:
        request = urllib.request.Request(url, headers={"User-Agent": options.user_agent, "Accept": "*/*"})
        opener = _opener(addresses[0]) if addresses else _UNPINNED
        response = opener.open(request, timeout=options.timeout)
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers or {}), b""
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, http.client.HTTPException) as e:
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
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed URL: the fetch itself names the reason
        return True
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
