"""Issue 20: no fetch reaches an address that is not global, in any spelling, and the
connection goes to the address that was checked. The socket layer is sealed: names resolve
from a table, numbers without DNS, and nothing but loopback can be connected to."""
from __future__ import annotations

import socket

import pytest

from dateline.errors import FetchError
from dateline.ingest import url as url_module
from dateline.ingest.url import FetchOptions, check_address, fetch

pytestmark = pytest.mark.issue(20)

_REAL_GETADDRINFO, _REAL_CONNECT = socket.getaddrinfo, socket.create_connection
NO_ROBOTS = FetchOptions(respect_robots=False, timeout=2)


@pytest.fixture
def network(monkeypatch):
    """(answers, lookups, connections): answers maps a host name to the successive address
    lists its lookups return (the last one repeats); lookups and connections record calls."""
    answers: dict[str, list[list[str]]] = {}
    lookups: list[str] = []
    connections: list[tuple[str, int]] = []

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        if host in answers:
            queue = answers[host]
            addresses = queue.pop(0) if len(queue) > 1 else queue[0]
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                    for a in addresses]
        return _REAL_GETADDRINFO(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)  # never DNS

    def create_connection(address, *args, **kwargs):
        connections.append(address[:2])
        if address[0] in ("127.0.0.1", "::1"):
            return _REAL_CONNECT(address, *args, **kwargs)
        raise ConnectionRefusedError(f"sealed test network: {address[0]}")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    url_module._robots.cache_clear()
    return answers, lookups, connections


NOT_GLOBAL = [
    # IPv4 special-purpose blocks
    "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.100.100.200", "100.127.255.254",
    "127.0.0.1", "127.255.255.254", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.1", "192.0.0.8",
    "192.0.0.170", "192.0.2.1", "192.88.99.1", "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.7",
    "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
    # IPv4 spelled otherwise (inet_aton forms)
    "127.1", "0x7f.1", "0177.0.0.1", "2130706433", "0x7f000001", "017700000001", "0xa9.0xfe.0xa9.0xfe", "10.1",
    # IPv6 special-purpose blocks
    "[::]", "[::1]", "[100::1]", "[2001::1]", "[2001:2::1]", "[2001:10::1]", "[2001:20::1]", "[2001:db8::1]",
    "[3fff::1]", "[5f00::1]", "[fc00::1]", "[fd12:3456::1]", "[fe80::1]", "[fec0::1]", "[ff02::1]", "[ff0e::1]",
    "[64:ff9b:1::a00:1]",
    # IPv6 forms carrying an internal IPv4 address: mapped, compatible, 6to4, NAT64, Teredo
    "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:10.0.0.1]", "[::ffff:169.254.169.254]", "[::127.0.0.1]",
    "[::10.0.0.1]", "[2002:7f00:1::1]", "[2002:a9fe:a9fe::]", "[2002:c0a8:101::1]", "[64:ff9b::7f00:1]",
    "[64:ff9b::a9fe:a9fe]", "[64:ff9b::a00:1]", "[2001:0:4136:e378:8000:63bf:80ff:fffe]",
]
GLOBAL = ["93.184.216.34", "8.8.8.8", "[2606:2800:220:1:248:1893:25c8:1946]", "[2002:808:808::1]",
          "[64:ff9b::808:808]"]


@pytest.mark.parametrize("host", NOT_GLOBAL)
def test_ssrf_address_that_is_not_global_is_refused_unconnected(network, host):
    _, _, connections = network
    with pytest.raises(FetchError, match="internal address"):
        fetch(f"http://{host}/latest/meta-data", NO_ROBOTS)
    assert connections == []


@pytest.mark.parametrize("host", GLOBAL)
def test_ssrf_global_address_is_connected_to(network, host):
    _, _, connections = network
    with pytest.raises(FetchError, match="sealed test network"):
        fetch(f"http://{host}/story", NO_ROBOTS)
    assert [c[0] for c in connections] == [host.strip("[]")]


@pytest.mark.parametrize("addresses", [["169.254.169.254"], ["100.100.100.200"], ["::ffff:192.168.0.1"],
                                       ["93.184.216.34", "10.0.0.1"], ["2606:2800:220:1::1", "fd00::1"]])
def test_ssrf_name_resolving_to_any_internal_address_is_refused(network, addresses):
    answers, _, connections = network
    answers["news.example"] = [addresses]
    with pytest.raises(FetchError, match="internal address"):
        check_address("http://news.example/", allow_private=False)
    with pytest.raises(FetchError, match="internal address"):
        fetch("http://news.example/story", NO_ROBOTS)
    assert connections == []


def test_ssrf_rebinding_name_connects_to_the_address_checked(network):
    answers, lookups, connections = network
    answers["rebind.example"] = [["93.184.216.34"], ["127.0.0.1"]]  # public when checked, loopback after
    with pytest.raises(FetchError, match="sealed test network"):
        fetch("http://rebind.example/admin", NO_ROBOTS)
    assert lookups == ["rebind.example"] and connections == [("93.184.216.34", 80)]


def test_ssrf_rebinding_at_robots_then_page_never_reaches_loopback(network):
    answers, _, connections = network
    answers["rebind.example"] = [["93.184.216.34"], ["127.0.0.1"]]  # robots.txt lookup, then the page's
    with pytest.raises(FetchError, match="internal address 127.0.0.1"):
        fetch("http://rebind.example/admin", FetchOptions(timeout=2))
    assert connections == [("93.184.216.34", 80)]
