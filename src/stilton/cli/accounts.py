from __future__ import annotations

import sys
from pathlib import Path

import click

from stilton.accounts import AccountError, AccountService
from stilton.cli.options import data_option, load_settings, open_database


@click.group()
def user() -> None:
    """Manage user accounts."""


@user.command("add")
@click.argument("name")
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--admin", is_flag=True, help="Make the user an administrator.")
@data_option
def add_user(name: str, email: str, password_stdin: bool, admin: bool, data: Path | None) -> None:
    """Create a user account."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    database = open_database(load_settings(data=data))
    try:
        AccountService(database).create_user(name, email, password, is_admin=admin)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    finally:
        database.dispose()
    click.echo(f"Created user {name}" + (" (admin)" if admin else ""), err=True)


@click.group()
def token() -> None:
    """Manage API tokens."""


@token.command("create")
@click.option("--user", "username", required=True, help="The token's owner.")
@click.option("--project", "projects", multiple=True, help="Limit the token to this project.")
@click.option("--description", default="", help="A note to recognise the token by.")
@data_option
def create_token(
    username: str, projects: tuple[str, ...], description: str, data: Path | None
) -> None:
    """Create an API token and print it (it is shown only this once)."""
    from packaging.utils import canonicalize_name

    database = open_database(load_settings(data=data))
    try:
        new = AccountService(database).create_token(
            username,
            projects=[canonicalize_name(p) for p in projects] or None,
            description=description,
        )
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    finally:
        database.dispose()
    click.echo(new.value)
