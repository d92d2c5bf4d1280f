"""Live servers for the browser tests and the screenshots: empty ones, and accounts with
passwords (the e2e helpers make accounts without one)."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path

from tests.e2e.server import (
    CLI_TIMEOUT,
    NO_SETTINGS,
    STILTON,
    Deployment,
    LiveServer,
    running_server,
    stilton_env,
)
from tests.support.databases import temporary_database


@contextlib.contextmanager
def empty_site(
    backend: str, root: Path, settings: Mapping[str, str] = NO_SETTINGS
) -> Iterator[LiveServer]:
    """`stilton serve` on a new database of `backend`, with only the account `admin` its
    first start makes (whose password nobody here knows)."""
    with temporary_database(backend, root) as database_url:
        deployment = Deployment(root / "data", database_url)
        with running_server(deployment, root / "server", settings=settings) as server:
            yield server


def add_account(deployment: Deployment, name: str, password: str, *, admin: bool = False) -> None:
    """`stilton user add NAME --password-stdin [--admin]` against the deployment's data."""
    command = [str(STILTON), "user", "add", name, "--email", f"{name}@example.invalid"]
    command += ["--password-stdin", *(["--admin"] if admin else [])]
    command += ["--data", str(deployment.data_dir)]
    result = subprocess.run(
        command,
        input=password + "\n",
        env=stilton_env(deployment.database_url),
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"stilton user add {name} failed:\n{result.stderr}")
    deployment.users.add(name)
