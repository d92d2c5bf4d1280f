from __future__ import annotations

import secrets
from pathlib import Path

import click
import uvicorn
from sqlalchemy import func, select

from stilton.accounts import AccountService
from stilton.cli.options import data_option, load_settings, open_database, operator
from stilton.config import Settings, export_to_environment
from stilton.db import Database, models
from stilton.server import PhrasedHttpToolsProtocol

ADMIN = "admin"


@click.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (default 8080).")
@click.option("--workers", type=int, default=None, help="Worker processes (default 1).")
@click.option(
    "--private",
    is_flag=True,
    default=None,
    help="Every page and file needs credentials (also STILTON_PRIVATE=1).",
)
@data_option
def serve(
    host: str | None, port: int | None, workers: int | None, private: bool | None, data: Path | None
) -> None:
    """Serve the index; the first start creates an admin account and a token."""
    settings = load_settings(data=data, host=host, port=port, workers=workers, private=private)
    database = open_database(settings)
    try:
        _bootstrap(settings, database)
    finally:
        database.dispose()
    _remove_abandoned_uploads(settings.data_dir.resolve() / "tmp")
    export_to_environment(settings)
    uvicorn.run(
        "stilton.app:create_app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        http=PhrasedHttpToolsProtocol,
        loop="uvloop",
        lifespan="on",
        access_log=settings.access_log,
        server_header=False,
        # Client addresses count for rate limits: X-Forwarded-For only when told to trust it.
        proxy_headers=settings.trust_proxy_headers,
        log_level="warning",
    )


def _bootstrap(settings: Settings, database: Database) -> None:
    base = f"http://{settings.host}:{settings.port}"
    with database.session() as session:
        has_users = (session.scalar(select(func.count()).select_from(models.User)) or 0) > 0
    token = "<token>"  # noqa: S105 - a placeholder shown to the user
    if not has_users:
        password = secrets.token_urlsafe(12)
        accounts = AccountService(database)
        accounts.create_user(ADMIN, "admin@localhost", password, is_admin=True)
        token = accounts.create_token(
            ADMIN, description="created by the first serve", actor=operator()
        ).value
        click.echo(
            f"Created the admin account '{ADMIN}' with the password (shown once): {password}"
            f" -- change it at {base}/account/"
        )
        click.echo(f"API token for '{ADMIN}' (shown once): {token}")
    else:
        click.echo(f"Make an API token with: stilton token create --user {ADMIN}")
    click.echo(f"\nStilton is serving {base} (data in {settings.data_dir.resolve()})")
    click.echo(f"Browse:  {base}/ (log in at {base}/account/login/)")
    click.echo(
        f"Upload:  twine upload --repository-url {base}/legacy/ -u __token__ -p {token} dist/*"
    )
    if settings.private:
        private_url = f"http://USER:PASSWORD@{settings.host}:{settings.port}/simple/"
        click.echo(f"Install: pip install --index-url {private_url} <name>")
        click.echo(
            "         (private: every page and file needs a password or __token__:<token>)\n"
        )
    else:
        click.echo(f"Install: pip install --index-url {base}/simple/ <name>\n")


def _remove_abandoned_uploads(tmp_dir: Path) -> None:
    """Bodies of uploads cut off by a crash; safe to delete before any worker starts."""
    for leftover in tmp_dir.glob("upload-*.part"):
        leftover.unlink(missing_ok=True)
