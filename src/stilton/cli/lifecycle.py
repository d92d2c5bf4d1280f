from __future__ import annotations

from pathlib import Path

import click

from stilton.cli.options import data_option, services
from stilton.cli.output import iso, print_json, print_table, when
from stilton.projects import AuditEntry


@click.command()
@click.argument("project")
@click.argument("version")
@click.option("--reason", default="", help="Why; pip shows it to whoever installs the release.")
@data_option
def yank(project: str, version: str, reason: str, data: Path | None) -> None:
    """Yank a release (PEP 592): installers skip it unless it is pinned exactly."""
    with services(data) as run:
        run.projects.yank(run.actor, project, version, reason)
    click.echo(f"Yanked {project} {version}", err=True)


@click.command()
@click.argument("project")
@click.argument("version")
@data_option
def unyank(project: str, version: str, data: Path | None) -> None:
    """Undo a yank."""
    with services(data) as run:
        run.projects.unyank(run.actor, project, version)
    click.echo(f"Un-yanked {project} {version}", err=True)


@click.command()
@click.argument("project")
@click.argument("version", required=False)
@click.argument("filename", required=False)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@data_option
def delete(
    project: str, version: str | None, filename: str | None, yes: bool, data: Path | None
) -> None:
    """Remove a project, one release of it, or one file of a release.

    Removed filenames stay reserved: the same filename can never be uploaded again.
    """
    what = (
        f"the file {filename} of {project} {version}"
        if filename
        else f"the release {project} {version} and its files"
        if version
        else f"the project {project} with every release, file and role"
    )
    if not yes:
        click.confirm(f"Remove {what}? Filenames stay reserved", abort=True)
    with services(data) as run:
        if version is None:
            run.projects.remove_project(run.actor, project)
        elif filename is None:
            run.projects.remove_release(run.actor, project, version)
        else:
            run.projects.remove_file(run.actor, project, version, filename)
    click.echo(f"Removed {what}", err=True)


@click.command()
@click.option("--project", default=None, help="The journal of this project.")
@click.option("--user", "username", default=None, help="What this user did or had done to them.")
@click.option("--limit", type=click.IntRange(1, 1000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@data_option
def audit(
    project: str | None, username: str | None, limit: int, as_json: bool, data: Path | None
) -> None:
    """Show the audit log of a project or of a user, newest first."""
    if (project is None) == (username is None):
        raise click.UsageError("Give exactly one of --project and --user")
    with services(data) as run:
        if project is not None:
            entries = run.projects.project_audit(run.actor, project, limit)
        else:
            entries = run.projects.user_audit(run.actor, username or "", limit)
    if as_json:
        print_json([_document(entry) for entry in entries])
        return
    print_table(
        f"Audit log of {project or username}",
        ["serial", "time (UTC)", "actor", "project", "version", "action", "client"],
        (
            [
                str(e.serial),
                when(e.submitted),
                e.actor or "",
                e.project or "",
                e.version or "",
                e.action,
                e.client_ip or "",
            ]
            for e in entries
        ),
        no_wrap=2,
    )


def _document(entry: AuditEntry) -> dict[str, object]:
    return {
        "serial": entry.serial,
        "submitted": iso(entry.submitted),
        "actor": entry.actor,
        "project": entry.project,
        "version": entry.version,
        "filename": entry.filename,
        "action": entry.action,
        "subject": entry.subject,
        "client_ip": entry.client_ip,
    }
