from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from stilton.accounts import AccountError, AccountService, TokenInfo, parse_expiry
from stilton.cli.options import data_option, load_settings, open_database, services
from stilton.cli.output import iso, print_json, print_table, when
from stilton.db import utcnow


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
@click.option(
    "--expires",
    default=None,
    help="When the token stops working: 30d, 12h, 2w, a date (2030-01-31) or an ISO time.",
)
@data_option
def create_token(
    username: str,
    projects: tuple[str, ...],
    description: str,
    expires: str | None,
    data: Path | None,
) -> None:
    """Create an API token and print it (it is shown only this once)."""
    with services(data) as run:
        until = parse_expiry(expires, utcnow()) if expires else None
        new = run.accounts.create_token(
            username,
            projects=list(projects) or None,
            expires=until,
            description=description,
            actor=run.actor,
        )
    click.echo(new.value)


@token.command("list")
@click.option("--user", "username", required=True, help="Whose tokens to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@data_option
def list_tokens(username: str, as_json: bool, data: Path | None) -> None:
    """List a user's tokens, newest first, with scope, expiry and last use."""
    with services(data) as run:
        tokens = run.accounts.list_tokens(username, run.actor)
    now = utcnow()
    if as_json:
        print_json([_token_document(t, now) for t in tokens])
        return
    print_table(
        f"API tokens of {username}",
        ["identifier", "description", "scope", "created", "expires", "last used", "status"],
        (
            [
                t.identifier,
                t.description,
                ", ".join(t.projects) if t.projects else "all projects",
                when(t.created),
                when(t.expires) or "never",
                when(t.last_used) or "never",
                t.status(now),
            ]
            for t in tokens
        ),
    )


@token.command("revoke")
@click.argument("identifier")
@data_option
def revoke_token(identifier: str, data: Path | None) -> None:
    """Revoke a token for good (IDENTIFIER as `token list` shows it)."""
    with services(data) as run:
        run.accounts.revoke_token(identifier, run.actor)
    click.echo(f"Revoked token {identifier}", err=True)


def _token_document(token: TokenInfo, now: datetime) -> dict[str, object]:
    return {
        "identifier": token.identifier,
        "user": token.username,
        "description": token.description,
        "projects": list(token.projects) if token.projects is not None else None,
        "created": iso(token.created),
        "expires": iso(token.expires),
        "last_used": iso(token.last_used),
        "status": token.status(now),
    }
