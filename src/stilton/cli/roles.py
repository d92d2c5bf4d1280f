from __future__ import annotations

from pathlib import Path

import click

from stilton.accounts import ROLES
from stilton.cli.options import data_option, services
from stilton.cli.output import print_json, print_table


@click.group()
def role() -> None:
    """Manage who may upload to and manage a project."""


@role.command("add")
@click.argument("project")
@click.argument("username", metavar="USER")
@click.option(
    "--role",
    "role_name",
    required=True,
    type=click.Choice(ROLES, case_sensitive=False),
    help="Owners manage the project; maintainers upload to it.",
)
@data_option
def add_role(project: str, username: str, role_name: str, data: Path | None) -> None:
    """Give USER a role in PROJECT (or change the role they have)."""
    with services(data) as run:
        run.projects.add_role(run.actor, project, username, role_name)
    click.echo(f"{username} is {role_name} of {project}", err=True)


@role.command("remove")
@click.argument("project")
@click.argument("username", metavar="USER")
@data_option
def remove_role(project: str, username: str, data: Path | None) -> None:
    """Take USER's role in PROJECT away (a project keeps at least one owner)."""
    with services(data) as run:
        run.projects.remove_role(run.actor, project, username)
    click.echo(f"{username} has no role in {project} now", err=True)


@role.command("list")
@click.argument("project")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@data_option
def list_roles(project: str, as_json: bool, data: Path | None) -> None:
    """List the owners and maintainers of PROJECT."""
    with services(data) as run:
        roles = run.projects.roles(run.actor, project)
    if as_json:
        print_json([{"user": view.username, "role": view.role} for view in roles])
        return
    print_table(f"Roles in {project}", ["user", "role"], ([v.username, v.role] for v in roles))
