from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from stilton.config import Settings, SettingsError
from stilton.db import Database

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
