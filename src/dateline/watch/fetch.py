"""Polite, safe HTTP for watching: one async httpx client per round.

Per host (host:port): at most ``watch_host_connections`` requests in flight and
``watch_host_rate`` per second (aiolimiter). Timeouts, connection errors, 429 and 5xx are
retried by tenacity with exponential backoff and jitter; other 4xx are final. Conditional
GET (ETag / Last-Modified) for listings; robots.txt (the standard ``urllib.robotparser``) for
every URL; a size cap read from the stream; every request, redirects included, goes through
``ingest.url.check_address`` (the project's refusal of internal addresses) first.
"""
from __future__ import annotations

import asyncio
import urllib.robotparser
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from aiolimiter import AsyncLimiter
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

from .. import settings
from ..errors import FetchError
from ..ingest.url import check_address

# Statuses worth asking again later (RFC 9110: the server says so, or is failing).
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
# Backoff between tries of one request: 0.5 s, 1 s, 2 s ... up to 8 s, plus up to 0.5 s jitter
# so that many items of one failing host do not come back in step.
_BACKOFF = {"multiplier": 0.5, "max": 8.0, "jitter": 0.5}


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # after redirects
    status: int
    data: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


class _Transient(Exception):
    """A response worth retrying (429, 5xx); carries the status for the final error."""

    def __init__(self, status: int):
        super().__init__(f"HTTP {status}")
        self.status = status


class Fetcher:
    """An open client: ``async with Fetcher(...) as f: page = await f.get(url)``."""

    def __init__(self, *, allow_private: bool = False):
        self.allow_private = allow_private
        self.user_agent = settings.get("user_agent")
        self.max_bytes = settings.get("max_fetch_bytes")
        self._rate = settings.get("watch_host_rate")
        self._connections = settings.get("watch_host_connections")
        self._attempts = settings.get("watch_attempts")
        self._hosts: dict[str, tuple[asyncio.Semaphore, AsyncLimiter]] = {}
        self._robots: dict[str, asyncio.Task] = {}
        self.client = httpx.AsyncClient(
            timeout=settings.get("fetch_timeout"), follow_redirects=True,
            max_redirects=settings.get("max_redirects"), headers={"User-Agent": self.user_agent},
            event_hooks={"request": [self._check_address]},
        )

    async def __aenter__(self) -> "Fetcher":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page:
        """GET ``url`` (conditionally when validators are given: a 304 comes back as a Page
        with status 304 and no data); FetchError when refused or failed after retries."""
        if not await self._robots_allow(url):
            raise FetchError(url, "disallowed by the site's robots.txt")
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        page = await self._retrying(url, "GET", headers=headers)
        if page.status >= 400:
            raise FetchError(url, f"HTTP {page.status}")
        return page

    async def post_json(self, url: str, payload: object) -> None:
        """POST JSON (a webhook); FetchError unless the receiver answers 2xx."""
        page = await self._retrying(url, "POST", json=payload)
        if not 200 <= page.status < 300:
            raise FetchError(url, f"HTTP {page.status}")

    async def _retrying(self, url: str, method: str, **kwargs) -> Page:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._attempts), wait=wait_exponential_jitter(**_BACKOFF),
            retry=retry_if_exception_type((_Transient, httpx.TransportError)), reraise=True,
        )
        try:
            return await retrying(self._once, url, method, **kwargs)
        except _Transient as e:
            raise FetchError(url, f"HTTP {e.status} after {self._attempts} tries") from e
        except httpx.TimeoutException as e:
            raise FetchError(url, f"timed out after {self._attempts} tries") from e
        except httpx.TooManyRedirects as e:
            raise FetchError(url, f"more than {settings.get('max_redirects')} redirects") from e
        except httpx.HTTPError as e:
            raise FetchError(url, f"cannot fetch ({type(e).__name__}: {e or 'no detail'})") from e

    async def _once(self, url: str, method: str, **kwargs) -> Page:
        async with self._slot(urlsplit(url).netloc), self.client.stream(method, url, **kwargs) as response:
            if response.status_code in TRANSIENT_STATUSES:
                raise _Transient(response.status_code)
            data = await self._body(url, response)
            headers = response.headers
            return Page(str(response.url), response.status_code, data, headers.get("Content-Type", ""),
                        headers.get("ETag"), headers.get("Last-Modified"))

    async def _body(self, url: str, response: httpx.Response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, f"response is {int(declared):,} bytes, over the {self.max_bytes:,}-byte limit")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"response is over the {self.max_bytes:,}-byte limit")
            chunks.append(chunk)
        return b"".join(chunks)

    @asynccontextmanager
    async def _slot(self, host: str):
        if host not in self._hosts:
            self._hosts[host] = (asyncio.Semaphore(self._connections), AsyncLimiter(self._rate, 1.0))
        connections, rate = self._hosts[host]
        async with connections, rate:
            yield

    async def _check_address(self, request: httpx.Request) -> None:
        # the check resolves the host name: a blocking call, so off the event loop
        await asyncio.to_thread(check_address, str(request.url), allow_private=self.allow_private)

    async def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:  # one fetch per site, however many items wait on it
            self._robots[site] = asyncio.ensure_future(self._load_robots(site))
        return (await self._robots[site]).can_fetch(self.user_agent, url)

    async def _load_robots(self, site: str) -> urllib.robotparser.RobotFileParser:
        """As ingest.url reads robots.txt: 401/403 forbid all, other errors or none allow all."""
        parser = urllib.robotparser.RobotFileParser()
        try:
            page = await self._retrying(f"{site}/robots.txt", "GET")
        except FetchError:
            parser.allow_all = True
            return parser
        if page.status in (401, 403):
            parser.disallow_all = True
        elif page.status < 400:
            parser.parse(page.data.decode("utf-8", "replace").splitlines())
        else:
            parser.allow_all = True
        return parser
