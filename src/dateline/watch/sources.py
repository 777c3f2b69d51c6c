"""What to watch (a SOURCES.toml file or URLs) and what a polled listing lists.

A listing is an RSS/Atom feed (read by ``ingest.feeds``, feedparser), a sitemap, a news
sitemap (``news:publication_date`` and ``news:title``) or a sitemap index (its sitemaps are
polled in the same round). What it does not read: HTML index pages, JSON feeds.

SOURCES.toml::

    interval_minutes = 15                 # default for every source (optional)

    [[source]]
    url = "https://www.example.org/world/rss.xml"
    name = "Example News"                 # optional: the source name reports are stored under
    interval_minutes = 5                  # optional

    [webhooks]                            # optional: POST each new alert of a tracker as JSON
    dprk-launches = "https://hooks.example.net/dateline"
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from .. import settings
from ..errors import InputError
from ..ingest.feeds import read_feed

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
_SOURCE_KEYS = {"url", "name", "interval_minutes"}
_FILE_KEYS = {"source", "webhooks", "interval_minutes"}


@dataclass(frozen=True, slots=True)
class Source:
    """One feed or sitemap to poll every ``interval_minutes``."""

    url: str
    name: str | None = None
    interval_minutes: float = settings.get("watch_interval_minutes")


@dataclass(frozen=True, slots=True)
class WatchPlan:
    """The sources to poll and the webhook (if any) of each tracker."""

    sources: tuple[Source, ...]
    webhooks: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ListedItem:
    """An article URL a listing gives, with what the listing says about it."""

    url: str
    title: str | None = None
    published: date | None = None
    published_time: datetime | None = None
    site: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    items: tuple[ListedItem, ...]
    sitemaps: tuple[str, ...] = ()  # a sitemap index's sitemaps


def watch_plan(arguments: list[str]) -> WatchPlan:
    """A plan from the command line: a .toml file, or URLs polled at the default interval."""
    if len(arguments) == 1 and arguments[0].endswith(".toml"):
        return load_plan(Path(arguments[0]))
    for argument in arguments:
        if not argument.startswith(("http://", "https://")):
            raise InputError(argument, "not a SOURCES.toml file or an http(s) URL")
    return WatchPlan(tuple(Source(url) for url in dict.fromkeys(arguments)))


def load_plan(path: Path) -> WatchPlan:
    """Read SOURCES.toml; an InputError names the file and what is wrong in it."""
    origin = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(origin, f"cannot read file ({e.strerror or e})") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(origin, f"not valid TOML ({e})") from e
    _only_keys(origin, data, _FILE_KEYS)
    default = _interval(origin, data.get("interval_minutes", settings.get("watch_interval_minutes")))
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise InputError(origin, "no [[source]] entries (each needs a url)")
    sources = tuple(_source(f"{origin} source {n}", entry, default) for n, entry in enumerate(entries, start=1))
    webhooks = data.get("webhooks", {})
    if not isinstance(webhooks, dict) or not all(isinstance(v, str) for v in webhooks.values()):
        raise InputError(origin, "[webhooks] maps tracker names to URLs")
    return WatchPlan(sources, dict(webhooks))


def _source(where: str, entry: object, default: float) -> Source:
    if not isinstance(entry, dict):
        raise InputError(where, "a [[source]] entry is a table with a url")
    _only_keys(where, entry, _SOURCE_KEYS)
    url = entry.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise InputError(where, f"url must be an http(s) URL, not {url!r}")
    name = entry.get("name")
    if name is not None and not isinstance(name, str):
        raise InputError(where, "name must be a string")
    return Source(url, name, _interval(where, entry.get("interval_minutes", default)))


def _only_keys(where: str, table: dict, allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise InputError(where, f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")


def _interval(where: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise InputError(where, f"interval_minutes must be a number of minutes >= 0, not {value!r}")
    return float(value)


def read_listing(origin: str, data: bytes) -> Listing:
    """The article URLs a feed or sitemap lists; an InputError when it is neither or is malformed."""
    head = data.lstrip()[:2048]
    if b"<urlset" in head or b"<sitemapindex" in head:
        return _sitemap(origin, data)
    items = []
    for entry in read_feed(origin, data):
        if isinstance(entry, InputError):
            if entry.origin == origin:  # the feed as a whole is unreadable
                raise entry
            continue  # an entry with neither content nor summary (read_feed says why): skipped
        if entry.get("url", "").startswith(("http://", "https://")):
            items.append(ListedItem(entry["url"], entry.get("title"), entry.get("published"),
                                    entry.get("published_time"), entry.get("source")))
    problem = _feed_problem(data) if not items else None
    if problem:
        raise InputError(origin, problem)
    return Listing(tuple(items))


def _feed_problem(data: bytes) -> str | None:
    """Why a listing with no article URLs is not a feed that is merely empty (feedparser reads
    broken XML leniently, so a cut-off feed parses with its entries lost)."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.version:
        return "not an RSS/Atom feed or a sitemap"
    if parsed.bozo:
        return f"malformed feed ({parsed.get('bozo_exception')})"
    return None


def _sitemap(origin: str, data: bytes) -> Listing:
    from lxml import etree

    # no entities, no network: a sitemap is untrusted XML
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise InputError(origin, f"not a readable sitemap ({e})") from e
    if root.tag == f"{_SITEMAP_NS}sitemapindex":
        return Listing((), tuple(_text(s, "loc") for s in root.iter(f"{_SITEMAP_NS}sitemap") if _text(s, "loc")))
    items = []
    for node in root.iter(f"{_SITEMAP_NS}url"):
        loc = _text(node, "loc")
        if not loc or not loc.startswith(("http://", "https://")):
            continue
        news = node.find(f"{_NEWS_NS}news")
        moment = _moment((news is not None and news.findtext(f"{_NEWS_NS}publication_date")) or _text(node, "lastmod"))
        title = news.findtext(f"{_NEWS_NS}title") if news is not None else None
        site = news.findtext(f"{_NEWS_NS}publication/{_NEWS_NS}name") if news is not None else None
        items.append(ListedItem(loc, title or None, moment.date() if moment else None,
                                moment if moment and moment.tzinfo else None, site or None))
    return Listing(tuple(items))


def _text(node, name: str) -> str | None:
    value = node.findtext(f"{_SITEMAP_NS}{name}")
    return value.strip() if value else None


def _moment(text: str | None) -> datetime | None:
    """A W3C datetime (2022-11-18, 2022-11-18T09:00:00+09:00) in UTC when zoned; None if unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment
