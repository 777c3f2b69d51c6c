"""The FastAPI app: one store, JSON API routes, HTML pages, and one place for errors.

Read-only unless ``allow_write``; with a ``token`` every request but static files needs it
(``Authorization: Bearer TOKEN``, or the session cookie set by the login page: a random value
the server keeps, never the token). Failed logins are rate-limited per client address. With
``allowed_hosts`` (``dateline serve`` passes the names it serves) a request naming another Host
is refused, so a page on another site cannot reach a localhost server through DNS rebinding.
"""
from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import settings
from ..errors import DatelineError, StoreError
from ..store import MIGRATIONS, Store

TOKEN_COOKIE = "dateline_session"
# Failed logins allowed per client address within the window before it must wait.
LOGIN_FAILURES, LOGIN_WINDOW_SECONDS = 5, 60.0
# No inline script or style anywhere: a payload that escaped escaping still could not run.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
log = logging.getLogger("dateline.web")
# below this many events a full scan is fast anyway (bench/api_speed.py)
UNORDERED_WARNING = 100_000


def create_app(
    store_path: str | Path | Store, *, allow_write: bool = False, token: str | None = None,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The HTTP API and web UI over one store file (or an open ``Store``).

    Example: uvicorn.run(create_app("dateline.duckdb"), host="127.0.0.1", port=8000)
    """
    from . import api_routes, pages, watch_routes

    store = store_path if isinstance(store_path, Store) else open_store(store_path, allow_write=allow_write)
    # a file is read-only between writes, so other processes can read it (see writable_store)
    path = None if isinstance(store_path, Store) else str(store_path)
    _warn_if_unordered(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if not isinstance(store_path, Store):
            store.close()

    app = FastAPI(
        title="Dateline", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Events coded from news reports, each field with its evidence sentence. "
                    "Errors are JSON: {\"error\": message, \"status\": code}.",
    )
    app.state.store = store
    app.state.allow_write = allow_write
    app.state.token = token
    app.state.sessions = Sessions()
    app.state.write_lock = threading.Lock()
    app.state.store_path = path
    app.state.gate = ReadWriteGate()
    app.state.templates = _templates()
    app.include_router(api_routes.router)
    app.include_router(pages.router)
    app.include_router(watch_routes.router)
    app.include_router(watch_routes.pages)
    app.mount("/static", StaticFiles(packages=[("dateline.web", "static")]), name="static")
    app.state.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None
    _add_guards(app)
    _add_error_handlers(app)
    return app


class Sessions:
    """Login sessions (random values, kept in memory) and the failed-login count per client."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def new(self) -> str:
        value = secrets.token_urlsafe(32)
        with self._lock:
            self._values.add(value)
        return value

    def valid(self, value: str) -> bool:
        return any(hmac.compare_digest(value.encode(), v.encode()) for v in list(self._values))

    def wait_seconds(self, client: str) -> float:
        """Seconds ``client`` must wait before trying again (0 when it may try now)."""
        with self._lock:
            recent = self._recent(client)
            return LOGIN_WINDOW_SECONDS - (time.monotonic() - recent[0]) if len(recent) >= LOGIN_FAILURES else 0.0

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(time.monotonic())

    def _recent(self, client: str) -> deque[float]:
        times = self._failures.setdefault(client, deque())
        while times and time.monotonic() - times[0] > LOGIN_WINDOW_SECONDS:
            times.popleft()
        return times


def open_store(path: str | Path, *, allow_write: bool) -> Store:
    """Open read-write when writing; else read-only, after upgrading an old schema once."""
    if not allow_write and not Path(path).exists():
        raise StoreError(str(path), "no such database file (ingest something first, or serve with --allow-write)")
    if allow_write:  # create and upgrade it once; served read-only between writes (writable_store)
        Store(path).close()
        return Store(path, read_only=True)
    with Store(path, read_only=True) as probe:
        outdated = probe.schema_version < len(MIGRATIONS)
    if outdated:
        Store(path).close()  # applies the missing migrations
    return Store(path, read_only=True)


def _warn_if_unordered(store: Store) -> None:
    """Event pages read every row of events not in listing order: say how to fix it."""
    unordered = store.unordered_events()
    if unordered >= UNORDERED_WARNING:
        log.warning("%s: %s events are not in listing order, so event pages are slower; "
                    "run `dateline optimize --db %s`", store.path, f"{unordered:,}", store.path)


async def store_handle(request: Request) -> AsyncIterator[Store]:
    """A per-request handle on the app's store (FastAPI runs sync routes in threads); opening
    a DuckDB cursor does not block, so this runs on the event loop, not in a thread. While a
    write holds the store (writable_store) the request waits for it in a thread."""
    gate = request.app.state.gate
    if not gate.enter_read(blocking=False):
        import anyio

        await anyio.to_thread.run_sync(gate.enter_read)
    try:
        handle = request.app.state.store.cursor()
        try:
            yield handle
        finally:
            handle.close()
    finally:
        gate.leave_read()


class ReadWriteGate:
    """Many requests read at once; a write waits for them to finish and holds the others off."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    def enter_read(self, blocking: bool = True) -> bool:
        with self._cond:
            if self._writing and not blocking:
                return False
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1
            return True

    def leave_read(self) -> None:
        with self._cond:
            self._readers -= 1
            self._cond.notify_all()

    @contextmanager
    def writing(self):
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._writing = True
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


@contextmanager
def writable_store(request: Request) -> Iterator[Store]:
    """The store opened for writing, for one write (``--allow-write``).

    A served file stays read-only between writes, so that `dateline events`, `search` and
    other readers in other processes work beside the server. A write waits for this server's
    requests to finish, reopens the file read-write (waiting ``settings lock_wait`` seconds
    for other processes' readers), writes, and reopens it read-only; meanwhile requests wait.
    """
    from ..store import open_waiting

    app = request.app
    with app.state.write_lock:
        if app.state.store_path is None:  # an open Store was handed in: write on it
            yield app.state.store
            return
        with app.state.gate.writing():
            app.state.store.close()
            try:
                store = open_waiting(app.state.store_path, wait=settings.get("lock_wait"))
                try:
                    yield store
                finally:
                    store.close()
            finally:
                app.state.store = open_waiting(app.state.store_path, read_only=True, wait=settings.get("lock_wait"))


def _templates() -> Environment:
    # autoescape everywhere: article text, titles and URLs are untrusted
    env = Environment(loader=PackageLoader("dateline.web", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    # a stored URL becomes a link only when it is http(s): "javascript:" and "data:" stay text
    env.tests["web_url"] = lambda value: isinstance(value, str) and value.lower().startswith(("http://", "https://"))
    return env


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    template = request.app.state.templates.get_template(name)
    html = template.render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def _add_guards(app: FastAPI) -> None:
    app.add_middleware(_Guards, limit=settings.get("web_max_body_bytes"))


class _Guards:
    """Body-size and token checks before a request reaches a route, and the security headers
    on every response. Plain ASGI: Starlette's ``@app.middleware("http")`` wrapper cost about
    a millisecond per request, a tenth of an event page."""

    def __init__(self, app: ASGIApp, *, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self._refusal(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refusal(self, request: Request) -> Response | None:
        allowed, host = request.app.state.allowed_hosts, _host_name(request.headers.get("host", ""))
        if allowed is not None and host not in allowed:
            return error_response(request, 400, f"Host {host!r} is not a name this server serves")
        size = request.headers.get("content-length")
        if request.method in ("POST", "PUT", "PATCH"):
            if size is None:
                return error_response(request, 411, "a Content-Length header is required")
            if not size.isdigit() or int(size) > self.limit:
                return error_response(request, 413, f"request body of {size} bytes is over the {self.limit:,}-byte limit")
        token = request.app.state.token
        if token and not _authorised(request, token):
            return error_response(request, 401, "a token is required: 'Authorization: Bearer TOKEN' or /ui/login")
        return None


def _host_name(header: str) -> str:
    """The Host header without its port ("[::1]:8000" -> "[::1]")."""
    header = header.strip().lower()
    return header[: header.index("]") + 1] if header.startswith("[") and "]" in header else header.split(":")[0]


def _authorised(request: Request, token: str) -> bool:
    path = request.url.path
    if path.startswith("/static/") or path == "/ui/login":
        return True
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return hmac.compare_digest(header[7:].encode(), token.encode())
    return request.app.state.sessions.valid(request.cookies.get(TOKEN_COOKIE, ""))


def error_response(request: Request, status: int, message: str) -> Response:
    """The one error shape: JSON for the API, an HTML page for the UI."""
    if request.url.path.startswith("/ui"):
        response = render(request, "error.html", status=status, status_code=status, message=message)
    else:
        response = JSONResponse({"error": message, "status": status}, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    return response


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        return error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return error_response(request, 422, "; ".join(_validation_message(e) for e in exc.errors()))

    @app.exception_handler(DatelineError)
    async def dateline_error(request: Request, exc: DatelineError):
        return error_response(request, 503 if isinstance(exc, StoreError) else 422, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, f"internal error ({type(exc).__name__}); see the server log")


def _validation_message(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ())[1:]) or "body"
    got = error.get("input")
    shown = "" if got is None or isinstance(got, dict) else f" (got {str(got)[:40]!r})"
    return f"{where}: {error.get('msg', 'invalid')}{shown}"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dateline")
    except PackageNotFoundError:
        return "0"
