"""`stilton review` and `stilton rescan`: the operator decides on held and quarantined files
and scans stored files again with the current rules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from stilton.accounts import AccountError, Actor
from stilton.cli.options import data_option, load_settings, open_database, operator
from stilton.cli.output import print_json, print_table, when
from stilton.config import Settings
from stilton.db import Database
from stilton.projects import ProjectError
from stilton.review import (
    Rescanner,
    RescanOutcome,
    ReviewError,
    ReviewService,
    ScanGate,
    policy_from_settings,
)
from stilton.storage import LocalBlobStore


@dataclass(frozen=True)
class _Run:
    settings: Settings
    database: Database
    review: ReviewService
    actor: Actor


@contextmanager
def _opened(data: Path | None) -> Iterator[_Run]:
    settings = load_settings(data=data)
    database = open_database(settings)
    try:
        yield _Run(settings, database, ReviewService(database), operator())
    except (ReviewError, AccountError, ProjectError) as error:
        raise click.ClickException(str(error)) from error
    finally:
        database.dispose()


@click.group()
def review() -> None:
    """List, read and decide on files a scan held or quarantined."""


@review.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@data_option
def list_files(as_json: bool, data: Path | None) -> None:
    """Held and quarantined files, oldest upload first."""
    with _opened(data) as run:
        items = run.review.queue(run.actor)
    if as_json:
        print_json([item.as_dict() for item in items])
        return
    print_table(
        "Files awaiting review",
        ["file", "project", "version", "state", "uploader", "uploaded (UTC)", "score", "findings"],
        (
            [
                i.filename,
                i.project,
                i.version,
                i.state,
                i.uploader or "",
                when(i.uploaded),
                "" if i.score is None else f"{i.score:.2f}",
                "\n".join(i.top_findings),
            ]
            for i in items
        ),
    )


@review.command()
@click.argument("filename")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@data_option
def show(filename: str, as_json: bool, data: Path | None) -> None:
    """A file's current scan report and the history of its scans."""
    with _opened(data) as run:
        detail = run.review.show(run.actor, filename)
    if as_json:
        print_json(detail.as_dict())
        return
    item = detail.item
    click.echo(f"{item.filename}: {item.project} {item.version}, {item.state}")
    click.echo(f"uploaded {when(item.uploaded)} UTC by {item.uploader or 'unknown'}")
    if detail.report is None:
        click.echo("never scanned")
        return
    report = detail.report
    click.echo(
        f"{report.verdict}, score {report.score:.2f} (rules {report.rules_version}, "
        f"{report.trigger} {when(report.scanned_at)} UTC)"
    )
    click.echo(f"capabilities: {', '.join(report.capabilities) or 'none'}")
    print_table(
        "Findings",
        ["rule", "severity", "where", "evidence", "why"],
        (
            [
                str(f.get("rule")),
                str(f.get("severity")),
                f"{f.get('path') or ''}{':' + str(f['line']) if f.get('line') else ''}",
                str(f.get("evidence") or ""),
                str(f.get("explanation") or ""),
            ]
            for f in report.findings
        ),
    )
    if len(detail.history) > 1:
        print_table(
            "Earlier scans",
            ["scanned (UTC)", "by", "rules", "verdict", "score"],
            (
                [when(r.scanned_at), r.trigger, r.rules_version, r.verdict, f"{r.score:.2f}"]
                for r in detail.history[1:]
            ),
        )


@review.command()
@click.argument("filename")
@click.option("--reason", default="", help="Why; kept in the audit log.")
@data_option
def approve(filename: str, reason: str, data: Path | None) -> None:
    """Publish a held or quarantined file: it is served and installable."""
    with _opened(data) as run:
        run.review.approve(run.actor, filename, reason)
    click.echo(f"Approved {filename}: it is published", err=True)


@review.command()
@click.argument("filename")
@click.option("--reason", default="", help="Why; kept in the audit log.")
@data_option
def reject(filename: str, reason: str, data: Path | None) -> None:
    """Never serve a held or quarantined file; its filename stays taken."""
    with _opened(data) as run:
        run.review.reject(run.actor, filename, reason)
    click.echo(f"Rejected {filename}: it is never served", err=True)


@click.command()
@click.argument("projects", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every stored file of every project.")
@data_option
def rescan(projects: tuple[str, ...], every: bool, data: Path | None) -> None:
    """Scan stored files again with the current rules and store a report for each.

    Only tightens: a published file may become held or quarantined, a held one quarantined.
    A file the rules now find cleaner keeps its state until an admin approves it.
    """
    if every == bool(projects):
        raise click.UsageError("Give --all or one or more project names")
    with _opened(data) as run:
        gate = ScanGate(run.database, policy_from_settings(run.settings), lambda: 0)
        store = LocalBlobStore(run.settings.files_dir)
        scanner = Rescanner(run.database, store, gate, run.actor)
        targets = scanner.targets(None if every else list(projects))
        outcomes = []
        console = Console(stderr=True)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("Rescanning", total=len(targets))
            for target in targets:
                progress.update(task, description=target.filename)
                outcomes.append(scanner.rescan(target))
                progress.advance(task)
    _print_outcomes(outcomes)


def _print_outcomes(outcomes: list[RescanOutcome]) -> None:
    changed = [o for o in outcomes if o.changed]
    click.echo(f"Rescanned {len(outcomes)} files; {len(changed)} changed state.")
    if changed:
        print_table(
            "Tightened",
            ["file", "was", "now", "verdict", "score", "findings"],
            (
                [
                    o.filename,
                    o.before,
                    o.after,
                    o.verdict,
                    f"{o.score:.2f}",
                    "\n".join(o.top_findings),
                ]
                for o in changed
            ),
        )
    for outcome in outcomes:
        if outcome.would_publish:
            click.echo(
                f"{outcome.filename} would now be clean but stays {outcome.after}: "
                f"an admin must approve it (stilton review approve {outcome.filename})"
            )
