"""A local news site for watch tests and bench/watch_round.py: feeds, sitemaps and article
pages served on 127.0.0.1, changed between rounds, with conditional GET and a webhook receiver."""
from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    stall: float = 0.0  # seconds to wait before answering the first request (a stalled site)
    delay: float = 0.0  # seconds to wait before answering each request (a slow site)
    fail_first: int = 0  # the first this many requests get a 503
    location: str | None = None  # a redirect's target (with status 301/302/...)


class FeedServer:
    """``publish(path, body)`` makes ``url(path)`` answer; everything else is a 404."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.posts: list[dict] = []
        self.in_flight = self.most_in_flight = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def publish(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **options) -> str:
        """Serve ``body`` at ``path``; ``options`` are Route's (status, stall, delay, fail_first)."""
        self.routes[path] = Route(body.encode("utf-8") if isinstance(body, str) else body, content_type, **options)
        return self.url(path)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(site: FeedServer):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            with site._lock:
                site.hits[self.path] += 1
                site.in_flight += 1
                site.most_in_flight = max(site.most_in_flight, site.in_flight)
            try:
                self._answer(site.routes.get(self.path), site.hits[self.path])
            finally:
                with site._lock:
                    site.in_flight -= 1

        def _answer(self, route: Route | None, hit: int) -> None:
            if route is None:
                return self._send(404, b"not found", "text/plain")
            time.sleep(route.delay + (route.stall if hit == 1 else 0.0))
            if hit <= route.fail_first:
                return self._send(503, b"try later", "text/plain")
            etag = '"' + hashlib.sha1(route.body).hexdigest() + '"'
            if route.status == 200 and self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", route.content_type)
            self._send(route.status, route.body, route.content_type,
                       {"ETag": etag} | ({"Location": route.location} if route.location else {}))

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            site.posts.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
            self._send(204, b"", "text/plain")

        def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if status not in (204, 304):
                self.wfile.write(body)

        def log_message(self, *args) -> None:  # quiet
            pass

    return Handler


def article_page(title: str, text: str, published: str) -> str:
    """A news article page as a CMS writes it: title, publication date, body in <article>."""
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title>"
            f'<meta property="article:published_time" content="{published}T09:00:00+00:00"></head>'
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{html.escape(title)}</h1>"
            + "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
            + "</article><footer>© The Site</footer></body></html>")


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (url, title, published YYYY-MM-DD) items."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(p).replace(hour=9, tzinfo=timezone.utc))}</pubDate>"
        f"<description>{html.escape(t)}</description></item>" for u, t, p in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{html.escape(title)}</title>'
            f"<link>http://127.0.0.1/</link><description>news</description>{entries}</channel></rss>")


def news_sitemap(items: list[tuple[str, str, str, str]]) -> str:
    """A news sitemap of (url, title, published YYYY-MM-DD, publication name) items."""
    urls = "".join(
        f"<url><loc>{html.escape(u)}</loc><news:news><news:publication><news:name>{html.escape(publication)}"
        f"</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{p}T09:00:00Z</news:publication_date><news:title>{html.escape(t)}</news:title>"
        f"</news:news></url>" for u, t, p, publication in items)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')
