from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from stilton.accounts import AccountError, AccountService, Actor
from stilton.config import Settings, SettingsError
from stilton.db import Database
from stilton.projects import ProjectError, ProjectService
from stilton.storage import LocalBlobStore

F = TypeVar("F", bound=Callable[..., Any])


def data_option(function: F) -> F:
    option = click.option(
        "--data",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Data directory (SQLite database and files); default ./var or $STILTON_DATA.",
    )
    return option(function)


def load_settings(**overrides: Any) -> Settings:
    data = overrides.pop("data", None)
    try:
        return Settings.from_env(data_dir=data, **overrides)
    except SettingsError as error:
        raise click.UsageError(str(error)) from error


def open_database(settings: Settings) -> Database:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.effective_database_url)
    database.migrate()
    return database


@dataclass(frozen=True)
class Services:
    """What the account and lifecycle commands work with, acting as the operator."""

    accounts: AccountService
    projects: ProjectService
    actor: Actor


def operator() -> Actor:
    """The journal names command-line changes `cli:<login>`; user names cannot clash."""
    try:
        login = getpass.getuser()
    except (OSError, KeyError):
        login = "unknown"
    return Actor.operator(login)


@contextmanager
def services(data: Path | None) -> Iterator[Services]:
    """Open the database (migrated) and turn domain refusals into clean CLI errors."""
    settings = load_settings(data=data)
    database = open_database(settings)
    store = LocalBlobStore(settings.files_dir)
    try:
        yield Services(AccountService(database), ProjectService(database, store), operator())
    except (AccountError, ProjectError) as error:
        raise click.ClickException(str(error)) from error
    finally:
        database.dispose()
