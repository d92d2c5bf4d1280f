"""The whole app in-process on SQLite and PostgreSQL, driven through httpx's ASGI transport.

One app per backend and test session (`index`): creating a PostgreSQL database and migrating it
costs more than most tests, so tests share it and each works on a project of its own
(`project_name`). The app's lifespan runs in a blocking portal, so tests stay synchronous.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.from_thread
import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from starlette.applications import Starlette

from stilton.accounts import AccountService, passwords
from stilton.app import create_app
from stilton.config import Settings
from stilton.db import Database, models
from tests.support.databases import temporary_database

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]
MAX_FILE_SIZE = 256 * 1024
MAX_FIELD_SIZE = 16 * 1024
BASE_URL = "http://testserver"

Part = tuple[str, str] | tuple[str, str, bytes]
"""A form part: (name, value) or, for a file, (name, filename, data)."""


@dataclass(frozen=True)
class Stored:
    """Everything an upload can leave behind."""

    projects: int
    releases: int
    files: int
    journal: int
    roles: int
    blobs: frozenset[str]
    tmp: frozenset[str]


@dataclass
class Index:
    app: Starlette
    portal: anyio.from_thread.BlockingPortal
    client: httpx.AsyncClient
    database: Database
    data_dir: Path
    accounts: AccountService
    tokens: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        call = functools.partial(self.client.request, method, url, **kwargs)
        return self.portal.call(call)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post_form(
        self,
        parts: Sequence[Part],
        *,
        account: str | None = "alice",
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST the form, authenticated with the API token of `account` (None: no token)."""
        body, content_type = multipart(parts)
        sent = {"Content-Type": content_type, **(headers or {})}
        auth = ("__token__", self.tokens[account]) if account else None
        return self.request("POST", "/legacy/", content=body, headers=sent, auth=auth)

    def upload(self, path: Path, *, account: str | None = "alice", **fields: Any) -> httpx.Response:
        """Upload as twine does; `fields` override the form (None leaves a field out)."""
        return self.post_form(twine_parts(path, **fields), account=account)

    def stored(self) -> Stored:
        with self.database.session() as session:

            def count(model: type[models.Base]) -> int:
                return session.scalar(select(func.count()).select_from(model)) or 0

            counts = [
                count(model)
                for model in (
                    models.Project,
                    models.Release,
                    models.File,
                    models.JournalEntry,
                    models.Role,
                )
            ]
        projects, releases, files, journal, roles = counts
        return Stored(projects, releases, files, journal, roles, self.blobs(), self.leftovers())

    def blobs(self) -> frozenset[str]:
        root = self.data_dir / "files"
        return frozenset(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

    def leftovers(self) -> frozenset[str]:
        return frozenset(p.name for p in (self.data_dir / "tmp").iterdir())

    def journal(self, normalized_name: str) -> list[models.JournalEntry]:
        with self.database.session() as session:
            return list(
                session.scalars(
                    select(models.JournalEntry)
                    .where(models.JournalEntry.normalized_name == normalized_name)
                    .order_by(models.JournalEntry.serial)
                )
            )

    def assert_refused(
        self, response: httpx.Response, status: int, *fragments: str, before: Stored
    ) -> None:
        """A clear 4xx with a useful message, nothing stored, and the app still serving."""
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("text/plain")
        for fragment in fragments:
            assert fragment in response.text, response.text
        after = self.stored()
        assert after == before
        assert after.tmp == frozenset()
        assert self.get("/health").status_code == 200
        assert self.get("/simple/").status_code == 200


def multipart(parts: Sequence[Part], boundary: str | None = None) -> tuple[bytes, str]:
    boundary = boundary or f"stilton-{uuid.uuid4().hex}"
    out = bytearray()
    for part in parts:
        out += f"--{boundary}\r\n".encode()
        if len(part) == 2:
            name, value = part
            out += f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            out += value.encode()
        else:
            name, filename, data = part
            out += (
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            out += data
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def twine_parts(path: Path, *, filename: str | None = None, **overrides: Any) -> list[Part]:
    """The form twine sends for `path`, fields first and `content` last."""
    data = path.read_bytes()
    filename = filename or path.name
    is_wheel = filename.endswith(".whl")
    basename = filename.rsplit("/", 1)[-1]
    stem = basename.removesuffix(".whl").removesuffix(".tar.gz").split("-")
    fields: dict[str, Any] = {
        ":action": "file_upload",
        "protocol_version": "1",
        "filetype": "bdist_wheel" if is_wheel else "sdist",
        "pyversion": stem[2] if is_wheel and len(stem) > 2 else "source",
        "metadata_version": "2.1",
        "name": stem[0],
        "version": stem[1] if len(stem) > 1 else "",
        "summary": "A distribution built at test time",
        "sha256_digest": hashlib.sha256(data).hexdigest(),
        "md5_digest": hashlib.md5(data, usedforsecurity=False).hexdigest(),
        "blake2_256_digest": hashlib.blake2b(data, digest_size=32).hexdigest(),
        "classifiers": [
            "Programming Language :: Python :: 3",
            "License :: OSI Approved :: MIT License",
        ],
        "requires_dist": ["httpx>=0.27", "packaging"],
    }
    fields.update(overrides)
    parts: list[Part] = []
    for name, value in fields.items():
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            parts.append((name, item))
    parts.append(("content", filename, data))
    return parts


@pytest.fixture(scope="session", params=BACKENDS)
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Index]:
    data_dir = tmp_path_factory.mktemp(f"index-{request.param}")
    with temporary_database(request.param, data_dir) as url:
        database = Database(url)
        database.migrate()
        accounts = AccountService(database)
        settings = Settings(
            data_dir=data_dir,
            database_url=url,
            max_file_size=MAX_FILE_SIZE,
            max_form_field_size=MAX_FIELD_SIZE,
            base_url=BASE_URL,
        )
        app = create_app(settings)
        with anyio.from_thread.start_blocking_portal() as portal:
            client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=BASE_URL)
            with portal.wrap_async_context_manager(app.router.lifespan_context(app)):
                index = Index(app, portal, client, database, data_dir, accounts)
                _create_accounts(index)
                yield index
                portal.call(client.aclose)
        database.dispose()


def _create_accounts(index: Index) -> None:
    with pytest.MonkeyPatch.context() as patch:
        # Argon2's production costs take most of a second per hash. Verifying reads the costs
        # from the stored hash, so only creating the users needs the cheap hasher.
        cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        patch.setattr(passwords, "_HASHER", cheap)
        accounts = index.accounts
        accounts.create_user("alice", "alice@example.invalid", "alice-password")
        accounts.create_user("bob", "bob@example.invalid", None)
    index.tokens["alice"] = accounts.create_token("alice").value
    index.tokens["alice-other"] = accounts.create_token("alice", projects=["other-project"]).value
    index.tokens["bob"] = accounts.create_token("bob").value


@pytest.fixture
def project_name(request: pytest.FixtureRequest) -> str:
    """A project no other test in the module touches."""
    return "p" + hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:10]
