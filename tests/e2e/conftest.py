"""Fixtures: live servers on each database backend, and the sample distributions.

`live_server` is fresh for each test module, for modules that upload. `published` is a server
holding every sample, shared by all the read-only modules a pytest(-xdist) worker runs: tests
that take it must not upload.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.clients import client_env as make_client_env
from tests.e2e.samples import Samples, build_samples
from tests.e2e.server import LiveServer, PublishedServers, fresh_server
from tests.support.databases import BACKENDS


@pytest.fixture(
    scope="module",
    params=[
        pytest.param(name, id=name, marks=[pytest.mark.postgres] if name == "postgresql" else [])
        for name in BACKENDS
    ],
)
def backend(request: pytest.FixtureRequest) -> str:
    """The database behind this module's servers; PostgreSQL ones carry the `postgres` mark."""
    backend: str = request.param
    return backend


@pytest.fixture(scope="module")
def live_server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of this module's own, empty but for the `owner` account."""
    with fresh_server(backend, tmp_path_factory.mktemp(f"stilton-{backend}")) as server:
        yield server


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    return build_samples(tmp_path_factory.mktemp("samples"))


@pytest.fixture(scope="session")
def published_servers(
    samples: Samples, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, LiveServer]]:
    """Started on first use, one per backend, stopped at the end of the session."""
    with contextlib.ExitStack() as stack:
        yield PublishedServers(stack, samples, tmp_path_factory.mktemp)


@pytest.fixture(scope="module")
def published(backend: str, published_servers: dict[str, LiveServer]) -> LiveServer:
    """A server holding every sample (uploaded by a plain HTTP uploader, not a client); shared
    between modules, so read-only."""
    return published_servers[backend]


@pytest.fixture
def client_env(tmp_path: Path) -> dict[str, str]:
    """An environment for pip, uv and twine that ignores this machine's configuration."""
    return make_client_env(tmp_path)
