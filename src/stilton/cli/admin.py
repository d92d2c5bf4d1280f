"""`stilton admin`: prohibited project names and per-project size limits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from stilton.cli.options import data_option, load_settings, open_database, operator
from stilton.cli.output import print_table, when
from stilton.publishing import PolicyError, ProjectLimits, PublishingPolicy, parse_size


class SizeType(click.ParamType):  # type: ignore[type-arg]
    """A size in bytes (`104857600`, `100M`, `100MiB`, `10G`), or `default` for None."""

    name = "size"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int | None:
        try:
            return parse_size(str(value))
        except PolicyError as error:
            self.fail(str(error), param, ctx)


@click.group()
def admin() -> None:
    """Rules for what may be published: prohibited names, per-project limits."""


@contextmanager
def _policy(data: Path | None) -> Iterator[PublishingPolicy]:
    database = open_database(load_settings(data=data))
    try:
        yield PublishingPolicy(database)
    except PolicyError as error:
        raise click.ClickException(str(error)) from error
    finally:
        database.dispose()


@admin.command()
@click.argument("name")
@click.option("--reason", default="", help="Shown to whoever tries to register the name.")
@data_option
def prohibit(name: str, reason: str, data: Path | None) -> None:
    """Refuse new projects named NAME (in any spelling); existing projects are kept."""
    with _policy(data) as policy:
        normalized = policy.prohibit(name, reason, operator().name)
    click.echo(f"Prohibited the project name '{normalized}'", err=True)


@admin.command()
@click.argument("name")
@data_option
def unprohibit(name: str, data: Path | None) -> None:
    """Allow the project name NAME again."""
    with _policy(data) as policy:
        normalized = policy.unprohibit(name)
    click.echo(f"The project name '{normalized}' is allowed again", err=True)


@admin.command()
@data_option
def prohibited(data: Path | None) -> None:
    """List the prohibited project names."""
    with _policy(data) as policy:
        rows = [
            (entry.normalized_name, entry.reason, when(entry.created), entry.created_by or "")
            for entry in policy.prohibited()
        ]
    print_table("Prohibited project names", ("name", "reason", "since", "by"), rows)


@admin.command()
@click.argument("project")
@click.option("--max-file-size", type=SizeType(), help="Per file; 'default' for the index's.")
@click.option("--max-total-size", type=SizeType(), help="All files; 'default' for the index's.")
@data_option
def limits(
    project: str,
    max_file_size: int | None,
    max_total_size: int | None,
    data: Path | None,
) -> None:
    """Show PROJECT's size limits, or set its own (higher or lower than the index's)."""
    ctx = click.get_current_context()
    given = {
        name
        for name in ("max_file_size", "max_total_size")
        if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    }
    with _policy(data) as policy:
        current = policy.limits(project)
        if given:
            current = policy.set_limits(
                project,
                max_file_size=max_file_size if "max_file_size" in given else current.max_file_size,
                max_total_size=(
                    max_total_size if "max_total_size" in given else current.max_total_size
                ),
                actor=operator().name,
            )
    _show(current)


def _show(limits: ProjectLimits) -> None:
    def shown(limit: int | None) -> str:
        return "index default" if limit is None else f"{limit} bytes"

    click.echo(f"{limits.name}: {limits.total_size} bytes stored")
    click.echo(f"max file size:  {shown(limits.max_file_size)}")
    click.echo(f"max total size: {shown(limits.max_total_size)}")
