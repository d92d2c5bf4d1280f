"""The whole app in private mode on SQLite: the gate sits before the cached-page shortcut."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from stilton.accounts import AccountService
from stilton.app import create_app
from stilton.config import Settings
from stilton.db import Database
from tests.support.records import add_project, filenames

pytestmark = pytest.mark.usefixtures("cheap_hashing")
T = TypeVar("T")


def run_app(settings: Settings, session: Callable[[httpx.AsyncClient], Awaitable[T]]) -> T:
    app = create_app(settings)

    async def main() -> T:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app)
            async with httpx.AsyncClient(transport=transport, base_url="http://index") as client:
                return await session(client)

    return asyncio.run(main())


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    accounts = AccountService(database)
    accounts.create_user("alice", "alice@example.invalid", "pw")
    with database.session() as session:
        add_project(session, "secret-sauce", roles=[("alice", "Owner")])
    return Settings(data_dir=tmp_path, database_url=database.url, private=True)


def test_a_cached_page_is_not_served_without_credentials(settings: Settings) -> None:
    async def session(client: httpx.AsyncClient) -> list[int]:
        statuses = []
        for auth in [("alice", "pw"), ("alice", "pw"), None, ("alice", "nope")]:
            response = await client.get("/simple/secret-sauce/", auth=auth)
            statuses.append(response.status_code)
        return statuses

    assert run_app(settings, session) == [200, 200, 401, 401]


def test_every_kind_of_url_is_closed(settings: Settings) -> None:
    wheel, _ = filenames("secret-sauce", "1.0")

    async def session(client: httpx.AsyncClient) -> dict[str, int]:
        paths = ["/", "/simple/", "/simple/secret-sauce/", "/pypi/secret-sauce/json"]
        paths.append(f"/packages/00/00/{'0' * 60}/{wheel}")
        return {path: (await client.get(path)).status_code for path in paths}

    assert set(run_app(settings, session).values()) == {401}


def test_health_upload_and_api_answer_for_themselves(settings: Settings) -> None:
    async def session(client: httpx.AsyncClient) -> list[httpx.Response]:
        return [
            await client.get("/health"),
            await client.post("/legacy/"),
            await client.get("/api/v1/tokens"),
        ]

    health, upload, api = run_app(settings, session)
    assert health.status_code == 200
    assert upload.status_code == 401
    assert "Credentials are required" in upload.text
    assert api.status_code == 401
    assert api.json()["code"] == "unauthenticated"


def test_a_public_index_needs_no_credentials(settings: Settings) -> None:
    public = Settings(data_dir=settings.data_dir, database_url=settings.database_url)

    async def session(client: httpx.AsyncClient) -> int:
        return (await client.get("/simple/secret-sauce/")).status_code

    assert run_app(public, session) == 200
