"""The command line: a thin layer over the Python API (``dateline.api`` and ``Store``)."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
import time
from datetime import date
from typing import Any

import click

from . import api, settings
from .errors import DatelineError
from .events.actor_mention import resolve_mention
from .events.dates import parse_published
from .events import relevance
from .pipeline import explain as explain_text
from .records import CanonicalEvent, Event, Tracker, to_dict
from .store import FILTERS, EventFilter, Store, open_waiting

FORMATS = click.Choice(["table", "json", "csv"])
db_option = click.option(
    "--db", default=settings.get("db_path"), show_default=True, envvar="DATELINE_DB",
    help=settings.SETTINGS["db_path"].help,
)
format_option = click.option("--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format.")
limit_option = click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many rows.")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    parsed = parse_published(value)
    if parsed is None:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)")
    return parsed


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A date, or an ISO date and time with zone, checked and passed on as written."""
    _date(ctx, param, value)
    return value


def _open(db: str, *, read_only: bool = False) -> Store:
    """The store; while another process holds it in a conflicting mode (a write beside readers,
    a read beside a writer), wait ``settings lock_wait`` seconds with a message, then fail
    naming the holder."""
    try:
        return open_waiting(db, read_only=read_only, wait=settings.get("lock_wait"),
                            on_wait=lambda message: click.echo(message, err=True))
    except DatelineError as e:
        raise click.ClickException(str(e)) from e


@click.group()
@click.version_option(package_name="dateline")
def main() -> None:
    """Dateline: news reports in, verifiable event data out."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_date, help="Publication date for every report of this run (overrides).")
@click.option("--source", help="Source name recorded on every report of this run.")
@click.option("--text-col", help="CSV/TSV/JSONL column holding the report text (default 'text'; a number if no header).")
@click.option("--html-col", help="CSV/TSV/JSONL column holding HTML (default 'html').")
@click.option("--date-col", help="CSV/TSV/JSONL column holding the publication date (default 'published').")
@click.option("--url-col", help="CSV/TSV/JSONL column holding the URL (default 'url'); URL-only rows are fetched.")
@click.option("--title-col", help="CSV/TSV/JSONL column holding the title (default 'title').")
@click.option("--source-col", help="CSV/TSV/JSONL column holding the source name (default 'source').")
@click.option("--max-bytes", type=click.IntRange(min=1), default=settings.get("max_input_bytes"), show_default=True,
              help=settings.SETTINGS["max_input_bytes"].help)
@click.option("--allow-private", is_flag=True, help="Allow fetching loopback/private/link-local addresses.")
@click.option("--duplicate-threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help=settings.SETTINGS["near_duplicate_threshold"].help)
@click.option("--include", multiple=True, metavar="GLOB",
              help="Read only files whose name or path in the folder matches (repeatable), e.g. '*.json'.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Leave out files whose name or path in the folder matches (repeatable), e.g. 'SOURCE.md'.")
@click.option("--quiet", is_flag=True, help="No progress bar and no per-input errors; summary only.")
@db_option
def ingest(paths: tuple[str, ...], published: date | None, source: str | None, text_col, html_col, date_col,
           url_col, title_col, source_col, max_bytes: int, allow_private: bool, duplicate_threshold,
           include: tuple[str, ...], exclude: tuple[str, ...], quiet: bool, db: str) -> None:
    """Ingest files, folders, URLs or '-' (stdin): text, HTML, .gz, WARC/ARC, RSS/Atom, JSONL, CSV/TSV,
    crawler JSON (news-please, Zyte, trafilatura, newspaper, Fundus, Diffbot; .json/.json.gz). Ctrl-C stops it
    (exit 130); the same command again finishes the run.

    Example: dateline ingest examples/ exports/gdelt.csv --url-col SOURCEURL --db dateline.duckdb
    """
    from .ingest import ReadOptions

    read_options = ReadOptions(text_col=text_col, html_col=html_col, date_col=date_col, url_col=url_col,
                               title_col=title_col, source_col=source_col, max_bytes=max_bytes,
                               allow_private=allow_private)
    store = _open(db)
    progress = _ingest_progress(disable=quiet or not sys.stderr.isatty())
    try:
        with progress:
            task = progress.add_task("ingest", total=None, reports=0)
            summary = api.ingest_paths(
                store, paths, read_options=read_options, include=include, exclude=exclude, published=published,
                source=source, duplicate_threshold=duplicate_threshold,
                on_inputs=lambda n: progress.update(task, total=n),
                on_input_done=lambda name: progress.advance(task),
                on_batch=lambda n: progress.update(task, reports=progress.tasks[0].fields["reports"] + n),
                on_error=None if quiet else (lambda e: click.echo(_terminal(f"error: {e}"), err=True)),
            )
    except KeyboardInterrupt:  # Ctrl-C: the open batch rolls back, committed batches stay
        store.close()
        click.echo("interrupted: the batches committed so far stay; run the same command again to finish "
                   "(linking included)", err=True)
        sys.exit(130)  # 128 + SIGINT, as a shell reports an interrupted command
    except DatelineError as e:  # the run itself failed (a report's failure is counted, not raised)
        store.close()
        raise click.ClickException(str(e)) from e
    store.close()
    if not quiet:
        for reason, n in sorted(summary.skipped.items()):
            names = [origin for origin, why in summary.skipped_files if why == reason]
            click.echo(f"skipped {n}: {reason}: " + ", ".join(names[:5]) + (" ..." if len(names) > 5 else ""), err=True)
        if summary.undated:
            click.echo(f"no publication date found for {len(summary.undated)} new document(s) "
                       "(use --published): " + ", ".join(summary.undated[:5]) + (" ..." if len(summary.undated) > 5 else ""),
                       err=True)
        if summary.non_english:
            click.echo(f"{summary.non_english} new document(s) not in English: stored, not coded", err=True)
    formats = ", ".join(f"{k} {v}" for k, v in sorted(summary.formats.items()))
    click.echo(summary.line() + (f" ({formats})" if formats and not quiet else ""))
    if summary.failed:
        sys.exit(1)


def _ingest_progress(*, disable: bool):
    """Inputs done of the total, reports, the rate and the time left (from the average rate so
    far: inputs finish a batch at a time, so rich's short-window speed jumps)."""
    from datetime import timedelta

    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn,
                               TimeElapsedColumn)

    class RateAndEta(ProgressColumn):
        def render(self, task):
            if not task.completed or not task.elapsed:
                return ""
            rate = task.completed / task.elapsed
            left = f", {timedelta(seconds=round((task.total - task.completed) / rate))} left" if task.total else ""
            return f"{rate:.1f} inputs/s{left}"

    return Progress(
        SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("inputs,"),
        TextColumn("{task.fields[reports]} reports"), TimeElapsedColumn(), RateAndEta(),
        disable=disable, transient=True,
    )


@main.command()
@db_option
@format_option
@limit_option
def docs(db: str, fmt: str, limit: int | None) -> None:
    """List stored documents.

    Example: dateline docs --format json
    """
    with _open(db, read_only=True) as store:
        rows = [
            {"id": d.id, "published": d.published_at, "source": d.source, "language": d.language,
             "title": d.title, "chars": len(d.clean_text)}
            for d in store.documents(limit=limit)
        ]
    _emit(rows, fmt)


@main.command()
@click.argument("item_id")
@db_option
def show(item_id: str, db: str) -> None:
    """Show a document's clean text, an event with its evidence, or a canonical event's mentions.

    Example: dateline show 3f2a91c0
    """
    with _open(db, read_only=True) as store:
        canonical = store.canonical_event(item_id)
        if canonical is not None:
            _show_canonical(canonical)
            return
        event = store.event(item_id)
        if event is not None:
            _show_event(store, event)
            return
        document = store.document(item_id)
        if document is None:
            raise click.ClickException(f"{item_id}: no document or event with this id")
        click.echo(_terminal(f"# {document.title or '(no title)'}"))
        moment = f" ({document.published_time.isoformat(timespec='minutes')})" if document.published_time else ""
        click.echo(_terminal(f"id {document.id}  published {document.published_at or 'unknown'}{moment}  "
                             f"source {document.source or '-'}"))
        if document.date_note:
            click.echo(_terminal(f"date note: {document.date_note}"))
        if document.summary:
            click.echo(_terminal(f"summary: {document.summary}"))
        click.echo()
        for s in store.sentences(document.id):
            click.echo(_terminal(f"[{s.index:>3}] {s.text.strip()}"))


def _actors_text(actors) -> str:
    return ", ".join(f"{a.code()}{f' ({a.name})' if a.name else ''}{f' [{a.span.text}]' if a.span else ''}" for a in actors)


def _show_event(store: Store, event: Event) -> None:
    click.echo(f"event {event.id}: {event.type} {event.mode or ''} status={event.status} confidence={event.confidence:.2f}")
    click.echo(f"  cameo {event.cameo or '-'}  score {event.score}  date {event.date.precision} "
               f"{event.date.start or ''}..{event.date.end or ''}")
    click.echo(f"  actor {_actors_text(event.actors) or '-'}  recipient {_actors_text(event.recipients) or '-'}")
    sentences = {s.index: s for s in store.sentences(event.doc_id)}
    for name, ev in sorted(event.evidence.items()):
        s = sentences.get(ev.sentence_index)
        context = _marked(s.text, s.start_char, ev.start_char, ev.end_char) if s else ev.text
        click.echo(f"  {name:<10} {ev.text!r}\n             [{ev.sentence_index}] {_terminal(context)}")
    for name, reason in sorted(event.missing.items()):
        click.echo(f"  {name:<10} (empty: {reason})")


def _marked(sentence: str, offset: int, start: int, end: int) -> str:
    a, b = start - offset, end - offset
    return f"{sentence[:a]}[[{sentence[a:b]}]]{sentence[b:]}".strip()


@main.command()
@db_option
@format_option
def stats(db: str, fmt: str) -> None:
    """Counts of documents, sentences, events, quotes, places, canonical events and trackers.

    Example: dateline stats
    """
    with _open(db, read_only=True) as store:
        counts = store.stats()
    _emit([{"table": k, "rows": v} for k, v in counts.items()], fmt)


def _filter_options(command):
    """The event filters of ``store.FILTERS`` as options, named as the API's parameters."""
    for name, (_, help_text) in reversed(list(FILTERS.items())):
        flag = "--" + name.replace("_", "-")
        if name == "status":
            command = click.option(flag, "status", multiple=True, help=help_text)(command)
        elif name in ("since", "until"):
            command = click.option(flag, name, callback=_date, help=help_text)(command)
        elif name == "min_confidence":
            command = click.option(flag, name, type=click.FloatRange(0, 1), help=help_text)(command)
        else:
            command = click.option(flag, name, help=help_text)(command)
    return command


def event_filter(status: tuple[str, ...] = (), **values: Any) -> EventFilter:
    """An EventFilter from the CLI's filter options (names of ``store.FILTERS``)."""
    statuses = None if "all" in status else (tuple(status) or ("asserted",))
    fields = {FILTERS[name][0]: value for name, value in values.items() if value is not None}
    if fields.get("actor"):
        fields["actor"] = fields["actor"].upper()
    return EventFilter(status=statuses, **fields)


@main.command()
@_filter_options
@db_option
@format_option
@limit_option
def events(db, fmt, limit, **filters) -> None:
    """List coded events (asserted ones unless --status says otherwise), in the columns of
    docs/codebook.md (`dateline codebook`); json and csv give every column.

    Example: dateline events --actor PRK --type MOBILIZE --since 2021-10-01 --format csv
    """
    where = dataclasses.replace(event_filter(**filters), limit=limit)
    with _open(db, read_only=True) as store:
        rows = store.event_rows(where)
    if fmt == "table":
        rows = [{k: r[k] for k in TABLE_COLUMNS} for r in rows]
    _emit(rows, fmt)


# the columns of the schema the table format shows (json and csv show all)
TABLE_COLUMNS = ("id", "date_start", "date_precision", "type", "mode", "actor_country", "recipient_country",
                 "place_name", "status", "cameo", "confidence", "trigger")


@main.command()
@click.option("--speaker", help="Speaker name or country code.")
@click.option("--since", callback=_date, help="Quotes on or after this date (undated ones: by publication date).")
@db_option
@format_option
@limit_option
def quotes(speaker, since, db, fmt, limit) -> None:
    """List attributed statements (who said what).

    Example: dateline quotes --speaker USA --format json
    """
    with _open(db, read_only=True) as store:
        rows = [
            {"id": q.id, "date": q.date.start, "kind": q.kind,
             "speaker": q.speaker.text if q.speaker else None,
             "actor": q.speaker_actor.code() if q.speaker_actor else None,
             "cue": q.cue.text if q.cue else None, "content": q.content.text}
            for q in store.quotes(speaker=speaker, since=since, limit=limit)
        ]
    _emit(rows, fmt)


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), default=None,
              help="File format (required unless --shape).")
@click.option("--table", type=click.Choice(["events", "documents", "sentences", "quotes", "places", "abstentions"]),
              default="events", show_default=True, help="Table to export (events: the columns of docs/codebook.md).")
@click.option("--shape", type=click.Choice(["gdelt", "icews", "polecat"]), default=None,
              help="Events in the layout of GDELT 2.0, ICEWS or POLECAT files (tab-separated; see docs/codebook.md).")
@_filter_options
@db_option
def export(out: str, fmt: str | None, table: str, shape: str | None, db: str, **filters) -> None:
    """Export a table to CSV, Parquet or JSONL, or events shaped as another data set's files.

    Events are every status unless --status says otherwise; the event filters apply to events only.

    Example: dateline export events.tsv --shape icews --actor PRK
    """
    if shape is None and fmt is None:
        raise click.UsageError("give --format csv|parquet|jsonl, or --shape gdelt|icews|polecat")
    given = {k: v for k, v in filters.items() if v not in (None, ())}
    if table != "events" and (shape or given):
        raise click.UsageError("--shape and the event filters apply to --table events only")
    where = event_filter(**(filters | {"status": filters.get("status") or ("all",)}))
    with _open(db, read_only=True) as store:
        if shape:
            n = api.export_shape(store, out, shape=shape, where=where)
        else:
            n = store.export(out, fmt=fmt, table=table, where=where if table == "events" else None)
    click.echo(f"wrote {n} {table} rows to {out}" + (f" ({shape} layout)" if shape else ""))


@main.command()
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write to this file (default: print).")
def codebook(out: str | None) -> None:
    """Print the event codebook (every column: meaning, type, values, example), as docs/codebook.md.

    Example: dateline codebook --out docs/codebook.md
    """
    from .schema import codebook_markdown
    from .shapes import codebook_markdown as shapes_markdown

    text = codebook_markdown() + shapes_markdown()
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
        click.echo(f"wrote {out}")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("query", required=False)
@click.option("--engine", type=click.Choice(["auto", "fts", "sql"]), default=None,
              help="Search engine (default: settings search_engine, 'auto'; see the README's search section).")
@click.option("--reindex", is_flag=True, help="(Re)build DuckDB's fts index over every sentence first.")
@db_option
@format_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many sentences.")
def search(query: str | None, engine: str | None, reindex: bool, db: str, fmt: str, limit: int) -> None:
    """Full-text search over stored sentences: every word must appear; best match (BM25) first.

    Example: dateline search "ballistic missile" --limit 5
    """
    if reindex:
        with _open(db) as store:
            try:
                n = api.reindex_search(store)
            except DatelineError as e:
                raise click.ClickException(str(e)) from e
        click.echo(f"fts index built over {n} sentences", err=True)
    if query is None:
        if not reindex:
            raise click.UsageError("give a QUERY (or --reindex)")
        return
    with _open(db, read_only=True) as store:
        try:
            used, hits = api.search(store, query, limit=limit, engine=engine)
        except DatelineError as e:
            raise click.ClickException(str(e)) from e
    if fmt == "table":
        click.echo(f"{len(hits)} sentence(s) ({used} engine)", err=True)
    _emit([{"doc_id": h.doc_id, "sentence_index": h.sentence_index, "score": round(h.score, 3),
            "published_at": h.published_at, "headline": h.title, "sentence": h.text.strip()} for h in hits], fmt)


@main.command("spark-ingest")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder the Parquet shards are written to.")
@click.option("--master", default="local[2]", show_default=True, help="Spark master: local[N], spark://host:7077, yarn, k8s://...")
@click.option("--partitions", type=click.IntRange(min=1), default=None, help="Spark tasks (default: one per shard).")
@click.option("--quiet", is_flag=True, help="No per-input errors; summary only.")
@click.option("--db", default=None, help="Also load the shards into this store while the job runs "
              "(as `dateline load` after it would).")
def spark_ingest(inputs: tuple[str, ...], out: str, master: str, partitions: int | None, quiet: bool,
                 db: str | None) -> None:
    """Run the pipeline on Apache Spark and write Parquet shards; a rerun skips complete shards.

    Needs the spark extra (pip install 'dateline[spark]') and Java 17.

    Example: dateline spark-ingest corpus/ --out shards/ --master local[2] --db dateline.duckdb
    """
    from contextlib import nullcontext

    from . import spark

    try:
        with _open(db) if db else nullcontext() as store:
            summary = spark.ingest(inputs, out, master=master, partitions=partitions, store=store,
                                   on_error=None if quiet else (lambda line: click.echo(f"error: {line}", err=True)))
    except DatelineError as e:
        raise click.ClickException(str(e)) from e
    click.echo(summary.line())
    if summary.failed:
        sys.exit(1)


@main.command()
@click.argument("shards", type=click.Path(file_okay=False))
@db_option
def load(shards: str, db: str) -> None:
    """Load the Parquet shards written by spark-ingest into the store; loading twice adds nothing.

    Example: dateline load shards/ --db dateline.duckdb
    """
    from . import spark

    with _open(db) as store:
        try:
            summary = spark.load_shards(store, shards)
        except DatelineError as e:
            raise click.ClickException(str(e)) from e
    click.echo(summary.line())


@main.command()
@click.argument("sentence")
@click.option("--published", callback=_moment,
              help="Publication date (or ISO time with zone, for weekdays in the event's local time).")
@format_option
def explain(sentence: str, published: str | None, fmt: str) -> None:
    """Code one sentence and print what was coded and what was abstained on, and why.

    Shows the learned model's report score and each sentence's top type scores with the
    thresholds they are held to, then every event with its evidence and every abstention.

    Example: dateline explain "North Korea fired a missile on Tuesday." --published 2021-10-19
    """
    try:
        analysis, scores = explain_text(sentence, published=published)
    except DatelineError as e:
        raise click.ClickException(str(e)) from e
    if fmt != "table":
        _emit([{"coded": to_dict(e)} for e in analysis.events]
              + [{"abstained": to_dict(a)} for a in analysis.abstentions]
              + ([{"model": _model_view(scores, analysis)}] if scores else []), fmt)
        return
    text = analysis.document.clean_text
    if scores is not None:
        _echo_scores(scores, analysis)
    for e in analysis.events:
        click.echo(f"coded  {e.type} {e.mode or ''} (CAMEO {e.cameo or '-'}, score {e.score}) "
                   f"status={e.status} confidence={e.confidence:.2f}  id {e.id}")
        click.echo(f"       actor      {_actors_text(e.actors)}")
        click.echo(f"       recipient  {_actors_text(e.recipients) or '-'}")
        if e.reported_by:
            click.echo(f"       reported   by {_actors_text(e.reported_by)}")
        click.echo(f"       date       {e.date.precision} {e.date.start or ''}..{e.date.end or ''}"
                   f"{f' from {e.date.text!r}' if e.date.text else ''}")
        if e.date.rule:
            click.echo(f"       date rule  {e.date.rule}")
        if e.place is not None:
            click.echo(f"       place      {_place_text(e.place)}")
        for name, ev in sorted(e.evidence.items()):
            click.echo(f"       evidence   {name:<11} {_marked(text, 0, ev.start_char, ev.end_char)[:160]}")
        for name, reason in sorted(e.missing.items()):
            click.echo(f"       empty      {name:<11} ({reason})")
    for a in analysis.abstentions:
        click.echo(f"abstained [{a.stage}] {a.reason}: {a.text!r}")
    if not analysis.events and not analysis.abstentions:
        click.echo("nothing coded, nothing abstained on")


# How an event's place was decided (events/places.py event_place), for ``dateline explain``.
PLACE_ORIGINS = {"sentence": "stated in the event's sentence", "context": "the dateline: the sentence says 'here'",
                 "report": "no place in its sentence: the country the report's places name most"}


def _place_text(place) -> str:
    name = place.name or place.span.text
    where = f" ({place.country})" if place.country else ""
    return f"{place.precision or 'unresolved'} {name}{where}: {PLACE_ORIGINS.get(place.origin, place.origin or '-')}"


def _model_view(scores, analysis) -> dict:
    return {"report_score": round(scores.report, 3), "thresholds": scores.thresholds,
            "sentences": [{"index": s.index, "types": {t: round(p, 3) for t, p in scores.top(s.index)}}
                          for s in analysis.sentences]}


def _echo_scores(scores, analysis) -> None:
    """The learned model's relevance decision and type scores (events/relevance.py)."""
    t = scores.thresholds
    verdict = "political acts" if scores.report >= t["report"] else "no political acts: nothing is coded"
    if len(analysis.sentences) < relevance.REPORT_MIN_SENTENCES:
        verdict = (f"not applied to a text of fewer than {relevance.REPORT_MIN_SENTENCES} sentences "
                   "(neither the report nor the sentence scores: the rules decide)")
    click.echo(f"model  report score {scores.report:.2f} (threshold {t['report']:.2f}): {verdict}")
    for s in analysis.sentences:
        top = ", ".join(f"{name} {p:.2f}" for name, p in scores.top(s.index))
        click.echo(f"model  sentence {s.index}: {top}  (keep a rule event from {t['keep']:.2f}, "
                   f"between two countries from {t['dyad']:.2f}; add one from {t['new']:.2f})")


@main.command()
@click.argument("mention")
@click.option("--context", help="The sentence or report the mention is read in (default: the mention alone).")
@click.option("--date", "on", callback=_date, help="Date whose roles count (\"former\" after a term ends); default today.")
@format_option
def actor(mention: str, context: str | None, on: date | None, fmt: str) -> None:
    """Resolve one actor mention: PLOVER country, sector, name and role on the date, with evidence.

    Example: dateline actor "Defense Minister Diego Molano" --date 2021-05-01
    """
    try:
        actors = resolve_mention(mention, context=context, on=on)
    except DatelineError as e:
        raise click.ClickException(str(e)) from e
    rows = [{"country": a.country, "sector": a.sector, "name": a.name, "role": a.role,
             "evidence": a.span.text if a.span else None,
             "span": f"{a.span.start_char}:{a.span.end_char}" if a.span else None, "source": a.source}
            for a in actors]
    if fmt == "table" and not rows:
        click.echo(f"no actor: {mention!r} names none the dictionary or the text identifies")
        return
    _emit(rows, fmt)


@main.command()
@click.option("--rebuild", is_flag=True, help="Forget all links and link every stored event again.")
@db_option
def link(rebuild: bool, db: str) -> None:
    """Link stored event mentions into canonical events (ingest does this for new reports).

    Example: dateline link --rebuild
    """
    with _open(db) as store:
        n = api.link_stored(store, rebuild=rebuild)
        total = len(store.canonical_events())
    click.echo(f"linked {n} mentions; {total} canonical events")


@main.command()
@db_option
def stories(db: str) -> None:
    """Group documents reporting the same real-world event (shared canonical events, else text).

    Example: dateline stories
    """
    with _open(db, read_only=True) as store:
        groups = api.stories(store)
        titles = {d.id: d for d in store.documents()}
    for i, group in enumerate(groups, start=1):
        click.echo(f"story {i}: {len(group)} document(s)")
        for doc_id in group:
            d = titles[doc_id]
            click.echo(f"  {doc_id}  {d.published_at or 'undated'}  {d.source or '-'}  {d.title or d.clean_text[:60]}")


@main.command()
@click.option("--state", type=click.Choice(api.QUESTION_STATES), default="all", show_default=True,
              help="Only open or only answered questions.")
@db_option
def questions(state: str, db: str) -> None:
    """Questions reports left open about canonical events, and the later reports that answered them.

    Example: dateline questions --state open
    """
    with _open(db, read_only=True) as store:
        found = api.questions(store, state=state)
    for event, q in found:
        when = event.date.start.isoformat() if event.date.start else "undated"
        asked = ", ".join(sorted({s.source or s.doc_id for s in q.asked_by}))
        head = f"{when}  {event.type} {event.mode or ''}  {','.join(event.actors) or '-'}  [{event.id}]"
        if q.answered:
            by = q.answered_by
            click.echo(f"ANSWERED  {head}\n    {q.label} = {q.answer} ({by.source or by.doc_id}, {by.published_at or '?'});"
                       f" asked by {asked}")
        else:
            click.echo(f"OPEN      {head}\n    {q.label}; asked by {asked}")


@main.group()
def track() -> None:
    """Trackers: saved queries over canonical events, shown as timelines.

    Example: dateline track show dprk-launches
    """


@track.command("add")
@click.argument("name")
@click.option("--actor", help="Actor country/IGO code, e.g. PRK.")
@click.option("--type", "type_", help="PLOVER event type, e.g. MOBILIZE.")
@click.option("--mode", help="PLOVER mode, e.g. weapons.")
@db_option
def track_add(name: str, actor: str | None, type_: str | None, mode: str | None, db: str) -> None:
    """Save a tracker.

    Example: dateline track add dprk-launches --actor PRK --type MOBILIZE --mode weapons
    """
    tracker = Tracker(name, actor.upper() if actor else None, type_.upper() if type_ else None, mode)
    with _open(db) as store:
        try:
            api.add_tracker(store, tracker)
        except DatelineError as e:
            raise click.ClickException(str(e)) from e
    click.echo(f"tracker {name} saved")


@track.command("remove")
@click.argument("name")
@db_option
def track_remove(name: str, db: str) -> None:
    """Delete a tracker (the events it watched stay).

    Example: dateline track remove dprk-launches
    """
    with _open(db) as store:
        if not store.remove_tracker(name):
            raise click.ClickException(f"{name}: no tracker with this name (see: dateline track list)")
    click.echo(f"tracker {name} removed")


@track.command("list")
@db_option
@format_option
def track_list(db: str, fmt: str) -> None:
    """List saved trackers.

    Example: dateline track list
    """
    with _open(db, read_only=True) as store:
        rows = [{"name": t.name, "actor": t.actor, "type": t.type, "mode": t.mode} for t in store.trackers()]
    _emit(rows, fmt)


@track.command("show")
@click.argument("name")
@db_option
def track_show(name: str, db: str) -> None:
    """A tracker's canonical events as a timeline, with their open questions.

    Example: dateline track show dprk-launches
    """
    with _open(db, read_only=True) as store:
        events = _tracked(store, name)
    click.echo(f"{name}: {len(events)} event(s)")
    for event in events:
        click.echo("\n".join(_canonical_lines(event)))


@track.command("diff")
@click.argument("name")
@click.option("--since", callback=_date, required=True, help="Show what reports published on or after this date added.")
@db_option
def track_diff(name: str, since: date, db: str) -> None:
    """What is new or changed in a tracker since a date (by publication date of the reports).

    Example: dateline track diff dprk-launches --since 2022-10-19
    """
    with _open(db, read_only=True) as store:
        events = _tracked(store, name, since=since)
    click.echo(f"{name} since {since}: {len(events)} event(s) new or changed")
    for event in events:
        click.echo(f"{event.date.start or 'undated'}  {event.type} {event.mode or ''}  [{event.id}]")
        for change in api.changes_since(event, since):
            click.echo(f"    {change}")


def _tracked(store: Store, name: str, *, since: date | None = None) -> list[CanonicalEvent]:
    try:
        return api.tracked_events(store, name, since=since)
    except DatelineError as e:
        raise click.ClickException(str(e)) from e


def _canonical_lines(event: CanonicalEvent) -> list[str]:
    when = event.date.start.isoformat() if event.date.start else "undated"
    lines = [
        f"{when}  {event.type} {event.mode or ''}  {','.join(event.actors) or '-'}"
        f"{' -> ' + ','.join(event.recipients) if event.recipients else ''}  [{event.id}]",
        f"    {len(event.mentions)} mention(s) from {event.n_sources} source(s), reported "
        f"{event.first_reported or '?'} .. {event.last_reported or '?'}",
    ]
    if event.hedges:
        hedged = ", ".join(f"{h.source or h.doc_id} {h.published_at or '?'}" for h in event.hedges)
        lines.append(f"    status         {event.status}; reported or hedged by {hedged}")
    for name in sorted({f.field for f in event.fields}):
        values = [f for f in event.fields if f.field == name]
        shown = "; ".join(f"{f.value} ({f.n_sources} source{'s' if f.n_sources != 1 else ''})" for f in values)
        lines.append(f"    {name:<14} {shown}" + ("  DISAGREE" if len(values) > 1 else ""))
    for q in event.questions:
        if q.answered:
            by = q.answered_by
            lines.append(f"    answered: {q.label} = {q.answer} ({by.source or by.doc_id}, {by.published_at or '?'})")
        else:
            lines.append(f"    OPEN: {q.label} (unknown per {', '.join(sorted({s.source or s.doc_id for s in q.asked_by}))})")
    return lines


def _show_canonical(event: CanonicalEvent) -> None:
    click.echo(_terminal("\n".join(_canonical_lines(event))))
    click.echo("    mentions:")
    for m in event.mentions:
        text = m.evidence.text if m.evidence else ""
        click.echo(f"      {m.published_at or '?'}  {m.source or '-':<14} doc {m.doc_id}  event {m.event_id}  {text!r}")


@main.command()
@db_option
def optimize(db: str) -> None:
    """Rewrite the events in listing order, after a large ingest, so that the API's event pages
    stay fast (events added later are listed correctly, only slower, until the next run).

    Example: dateline optimize --db dateline.duckdb
    """
    start = time.perf_counter()
    with _open(db) as store:
        rewritten = store.optimize()
    click.echo(f"{db}: {rewritten:,} events in listing order ({time.perf_counter() - start:.1f} s)")


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; beyond localhost, set a token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-write", is_flag=True, help="Enable POST /documents (ingest through the API).")
@click.option("--token", envvar="DATELINE_TOKEN", help="Require this bearer token (or env DATELINE_TOKEN).")
def serve(db: str, host: str, port: int, allow_write: bool, token: str | None) -> None:
    """Serve the HTTP API and the web UI over a store (needs the 'web' extra).

    Example: dateline serve --db dateline.duckdb --port 8000
    """
    try:
        import uvicorn

        from .web import create_app
    except ImportError as e:
        raise click.ClickException(f"the web extra is not installed ({e.name}): pip install 'dateline[web]'") from e
    local = host in ("127.0.0.1", "localhost", "::1")
    if not local and not token:
        if allow_write:
            raise click.ClickException(f"{host}: refusing --allow-write beyond localhost without --token")
        click.echo(f"warning: serving {db} on {host} without a token: anyone who reaches it can read it", err=True)
    try:
        app = create_app(db, allow_write=allow_write, token=token, allowed_hosts=_served_names(host))
    except DatelineError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"serving {db} on http://{host}:{port}/ui/events ({'read-write' if allow_write else 'read-only'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--once", is_flag=True, help="Poll every source once, ingest, alert, and exit (for cron and tests).")
@click.option("--allow-private", is_flag=True, help="Permit loopback/private addresses (a local test server).")
@db_option
def watch(sources: tuple[str, ...], once: bool, allow_private: bool, db: str) -> None:
    """Poll RSS/Atom feeds and sitemaps, ingest new articles, link them and raise tracker alerts;
    runs until stopped (Ctrl-C), each source on its own schedule. SOURCES is a SOURCES.toml file
    or feed/sitemap URLs.

    Example: dateline watch sources.toml --db dateline.duckdb
    """
    from . import watch as watching

    try:
        plan = watching.watch_plan(list(sources))
    except DatelineError as e:
        raise click.ClickException(str(e)) from e
    with _open(db) as store:
        try:
            while True:
                summary = _watch_round(store, plan, allow_private=allow_private, due_only=not once)
                click.echo(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {summary.line()}")
                for alert in reversed(summary.alerts):
                    click.echo(f"  [{alert.tracker}] {alert.kind}: {alert.summary}")
                if once:
                    return
                time.sleep(watching.seconds_to_next_poll(store, plan))
        except KeyboardInterrupt:  # what was committed stays; the next run resumes from it
            click.echo("stopped", err=True)


def _watch_round(store: Store, plan, **options):
    from . import watch as watching

    try:
        return watching.run_round(store, plan, on_error=lambda e: click.echo(f"error: {e}", err=True), **options)
    except DatelineError as e:
        raise click.ClickException(str(e)) from e


@main.command()
@click.option("--tracker", help="Only this tracker's alerts.")
@click.option("--since", callback=_date, help="Only alerts raised on or after this date (YYYY-MM-DD).")
@limit_option
@db_option
@format_option
def alerts(tracker: str | None, since: date | None, limit: int | None, db: str, fmt: str) -> None:
    """Tracker alerts, newest first: new events, answered questions, disagreements, confirmations,
    each with the reports behind it (raised by `dateline watch`).

    Example: dateline alerts --tracker dprk-launches --since 2022-11-01
    """
    from .alerts import alert_row

    with _open(db) as store:
        if tracker and store.tracker(tracker) is None:
            raise click.ClickException(f"{tracker}: no tracker with this name (see: dateline track list)")
        found = store.alerts(tracker=tracker, since=since, limit=limit)
    if fmt == "json":
        _emit([alert_row(a) for a in found], fmt)
        return
    if fmt == "csv":
        _emit([{"id": a.id, "tracker": a.tracker, "kind": a.kind, "created_at": a.created_at, "summary": a.summary,
                "reports": " ".join(r.doc_id for r in a.reports)} for a in found], fmt)
        return
    for a in found:
        click.echo(f"{a.created_at:%Y-%m-%d %H:%M}  [{a.tracker}] {a.kind}: {a.summary}")
        for r in a.reports:
            click.echo(f"    {r.published_at or 'undated'}  {r.source or '-'}  doc {r.doc_id}  {r.url or ''}".rstrip())


def _served_names(host: str) -> list[str] | None:
    """Host header values a server bound to ``host`` answers (None: any, for 0.0.0.0 and ::)."""
    if host in ("0.0.0.0", "::", ""):
        return None
    local = ["localhost", "127.0.0.1", "[::1]"]
    return local if host in ("127.0.0.1", "localhost", "::1") else [f"[{host}]" if ":" in host else host]


def _terminal(text: str) -> str:
    """Stored text as safe to print: no control sequences (a report could carry terminal escapes)."""
    from .ingest.text import storable

    return storable(text)


def _emit(rows: list[dict[str, Any]], fmt: str) -> None:
    rows = [{k: _terminal(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]
    if fmt == "json":
        click.echo(json.dumps(rows, default=str, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        _table(rows)


def _table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    if not rows:
        click.echo("(no rows)")
        return
    table = Table(show_lines=False)
    for name in rows[0]:
        table.add_column(name, overflow="fold")
    for r in rows:
        table.add_row(*("" if v is None else str(v) for v in r.values()))
    Console(width=160, markup=False).print(table)


if __name__ == "__main__":
    main()
