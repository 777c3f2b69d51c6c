"""Watching sources: poll feeds and sitemaps, ingest what is new, alert on what changed.

``sources.py`` what to watch and what a listing lists; ``fetch.py`` polite and safe HTTP;
``rounds.py`` one round (poll, fetch, ingest, link, alerts). Alerts themselves are
``dateline.alerts``.
"""
from .rounds import RoundSummary, due_sources, run_round, seconds_to_next_poll
from .sources import Source, WatchPlan, load_plan, watch_plan

__all__ = ["RoundSummary", "Source", "WatchPlan", "due_sources", "load_plan", "run_round", "seconds_to_next_poll",
           "watch_plan"]
