"""The command line: a thin layer over the Python API (``dateline.api`` and ``Store``)."""
from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from typing import Any

import click

from . import api, settings
from .errors import DatelineError
from .events.dates import parse_published
from .pipeline import process
from .records import Event, to_dict
from .store import EventFilter, Store

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


def _open(db: str, *, read_only: bool = False) -> Store:
    try:
        return Store(db, read_only=read_only)
    except DatelineError as e:
        raise click.ClickException(str(e)) from e


@click.group()
@click.version_option(package_name="dateline")
def main() -> None:
    """Dateline: news reports in, verifiable event data out."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_date, help="Publication date for reports that carry none (overrides).")
@click.option("--source", help="Source name recorded on every report of this run.")
@click.option("--quiet", is_flag=True, help="No progress bar and no per-input errors; summary only.")
@db_option
def ingest(paths: tuple[str, ...], published: date | None, source: str | None, quiet: bool, db: str) -> None:
    """Ingest text/HTML files, folders, .jsonl files or '-' (stdin).

    Example: dateline ingest examples/ --db dateline.duckdb
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    store = _open(db)
    err = click.get_text_stream("stderr")
    progress = Progress(
        SpinnerColumn(), TextColumn("ingesting"), BarColumn(), TextColumn("{task.completed} reports"),
        TimeElapsedColumn(), disable=quiet or not sys.stderr.isatty(), transient=True,
    )
    with progress:
        task = progress.add_task("ingest", total=None)
        summary = api.ingest_paths(
            store, paths, published=published, source=source,
            on_batch=lambda n: progress.advance(task, n),
            on_error=None if quiet else (lambda e: click.echo(f"error: {e}", err=True)),
        )
    store.close()
    formats = ", ".join(f"{k} {v}" for k, v in sorted(summary.formats.items()))
    click.echo(summary.line() + (f" ({formats})" if formats and not quiet else ""))
    if summary.failed:
        sys.exit(1)


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
    """Show a document's clean text with numbered sentences, or an event with its evidence.

    Example: dateline show 3f2a91c0
    """
    with _open(db, read_only=True) as store:
        event = store.event(item_id)
        if event is not None:
            _show_event(store, event)
            return
        document = store.document(item_id)
        if document is None:
            raise click.ClickException(f"{item_id}: no document or event with this id")
        click.echo(f"# {document.title or '(no title)'}")
        click.echo(f"id {document.id}  published {document.published_at or 'unknown'}  source {document.source or '-'}")
        if document.summary:
            click.echo(f"summary: {document.summary}")
        click.echo()
        for s in store.sentences(document.id):
            click.echo(f"[{s.index:>3}] {s.text.strip()}")


def _show_event(store: Store, event: Event) -> None:
    click.echo(f"event {event.id}: {event.type} {event.mode or ''} status={event.status} confidence={event.confidence:.2f}")
    click.echo(f"  cameo {event.cameo or '-'}  date {event.date.precision} {event.date.start or ''}..{event.date.end or ''}")
    sentences = {s.index: s for s in store.sentences(event.doc_id)}
    for name, ev in sorted(event.evidence.items()):
        s = sentences.get(ev.sentence_index)
        context = _marked(s.text, s.start_char, ev.start_char, ev.end_char) if s else ev.text
        click.echo(f"  {name:<10} {ev.text!r}\n             [{ev.sentence_index}] {context}")
    for name, reason in sorted(event.missing.items()):
        click.echo(f"  {name:<10} (empty: {reason})")


def _marked(sentence: str, offset: int, start: int, end: int) -> str:
    a, b = start - offset, end - offset
    return f"{sentence[:a]}[[{sentence[a:b]}]]{sentence[b:]}".strip()


@main.command()
@db_option
@format_option
def stats(db: str, fmt: str) -> None:
    """Counts of documents, sentences, events, quotes, places.

    Example: dateline stats
    """
    with _open(db, read_only=True) as store:
        counts = store.stats()
    _emit([{"table": k, "rows": v} for k, v in counts.items()], fmt)


@main.command()
@click.option("--actor", help="Actor country/IGO code, e.g. PRK.")
@click.option("--recipient", help="Recipient country/IGO code, e.g. USA.")
@click.option("--type", "type_", help="PLOVER event type, e.g. MOBILIZE.")
@click.option("--status", multiple=True, help="Status to list (repeatable); default: asserted only. 'all' for every status.")
@click.option("--since", callback=_date, help="Events on or after this date.")
@click.option("--until", callback=_date, help="Events on or before this date.")
@click.option("--doc", "doc_id", help="Only events of this document.")
@db_option
@format_option
@limit_option
def events(actor, recipient, type_, status, since, until, doc_id, db, fmt, limit) -> None:
    """List coded events (asserted ones unless --status says otherwise).

    Example: dateline events --actor PRK --type MOBILIZE --since 2021-10-01
    """
    statuses = None if "all" in status else (tuple(status) or ("asserted",))
    where = EventFilter(actor=actor, recipient=recipient, type=type_, status=statuses,
                        since=since, until=until, doc_id=doc_id, limit=limit)
    with _open(db, read_only=True) as store:
        rows = [_event_row(e) for e in store.events(where)]
    _emit(rows, fmt)


def _event_row(e: Event) -> dict[str, Any]:
    return {
        "id": e.id, "date": e.date.start, "precision": e.date.precision, "type": e.type,
        "mode": e.mode, "actor": ",".join(a.code() for a in e.actors),
        "recipient": ",".join(a.code() for a in e.recipients), "status": e.status,
        "cameo": e.cameo, "confidence": round(e.confidence, 2), "trigger": e.trigger.text,
    }


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
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), required=True, help="File format.")
@click.option("--table", type=click.Choice(["events", "documents", "sentences", "quotes", "places", "abstentions"]),
              default="events", show_default=True, help="Table to export.")
@db_option
def export(out: str, fmt: str, table: str, db: str) -> None:
    """Export a table to CSV, Parquet or JSONL.

    Example: dateline export events.parquet --format parquet
    """
    with _open(db, read_only=True) as store:
        n = store.export(out, fmt=fmt, table=table)
    click.echo(f"wrote {n} {table} rows to {out}")


@main.command()
@click.argument("sentence")
@click.option("--published", callback=_date, help="Publication date to resolve relative dates against.")
@format_option
def explain(sentence: str, published: date | None, fmt: str) -> None:
    """Code one sentence and print what was coded and what was abstained on, and why.

    Example: dateline explain "North Korea fired a missile on Tuesday." --published 2021-10-19
    """
    try:
        analysis = process(sentence, published=published)
    except DatelineError as e:
        raise click.ClickException(str(e)) from e
    if fmt != "table":
        _emit([{"coded": to_dict(e)} for e in analysis.events]
              + [{"abstained": to_dict(a)} for a in analysis.abstentions], fmt)
        return
    for e in analysis.events:
        click.echo(f"coded  {e.type:<10} {','.join(a.code() for a in e.actors) or '-'} -> "
                   f"{','.join(a.code() for a in e.recipients) or '-'}  status={e.status} "
                   f"date={e.date.start or '?'} ({e.date.precision})  trigger={e.trigger.text!r}")
        for name, reason in sorted(e.missing.items()):
            click.echo(f"       {name}: empty ({reason})")
    for a in analysis.abstentions:
        click.echo(f"abstained [{a.stage}] {a.reason}: {a.text!r}")
    if not analysis.events and not analysis.abstentions:
        click.echo("nothing coded, nothing abstained on")


def _emit(rows: list[dict[str, Any]], fmt: str) -> None:
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
