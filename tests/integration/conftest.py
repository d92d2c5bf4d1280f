"""The whole app in-process on SQLite and PostgreSQL, driven through httpx's ASGI transport.

One app per backend and test session (`index`): creating a PostgreSQL database and migrating it
costs more than most tests, so tests share it and each works on a project of its own
(`project_name`). The app's lifespan runs in a blocking portal, so tests stay synchronous.
"""

from __future__ import annotations

import contextlib
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
from twine.package import PackageFile
from twine.repository import Repository

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

    def admin_token(self, name: str) -> str:
        """An API token of the admin `name`, who is created on first use."""
        if name not in self.tokens:
            self.accounts.create_user(name, f"{name}@example.invalid", None, is_admin=True)
            self.tokens[name] = self.accounts.create_token(name).value
        return self.tokens[name]

    def api(self, method: str, path: str, token: str | None, body: Any = None) -> httpx.Response:
        """A call to the management API under /api/v1, as the owner of `token`."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.request(method, f"/api/v1{path}", headers=headers, json=body)

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
    """The form twine sends for `path`, fields first and `content` last: the metadata fields as
    twine reads them from the file (only those the filename gives when twine cannot read it)."""
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
        "name": stem[0],
        "version": stem[1] if len(stem) > 1 else "",
        **twine_metadata_fields(path),
        "sha256_digest": hashlib.sha256(data).hexdigest(),
        "md5_digest": hashlib.md5(data, usedforsecurity=False).hexdigest(),
        "blake2_256_digest": hashlib.blake2b(data, digest_size=32).hexdigest(),
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


def twine_metadata_fields(path: Path) -> dict[str, list[str]]:
    """The metadata fields twine would send for the file at `path`, read by twine itself."""
    try:
        package = PackageFile.from_filename(str(path), comment=None)
    except Exception:  # noqa: BLE001 - twine refuses it; the test sends what the filename says
        return {}
    sent = Repository._convert_metadata_to_list_of_tuples(package.metadata_dictionary())
    fields: dict[str, list[str]] = {}
    for name, value in sent:
        if name in _TWINE_METADATA_FIELDS:
            fields.setdefault(name, []).append(value)
    return fields


_TWINE_METADATA_FIELDS = frozenset(
    {
        "metadata_version", "summary", "description", "description_content_type", "keywords",
        "home_page", "download_url", "author", "author_email", "maintainer", "maintainer_email",
        "license", "license_expression", "license_file", "classifiers", "platform",
        "requires_dist", "requires_python", "requires_external", "provides_extra",
        "provides_dist", "obsoletes_dist", "project_urls", "dynamic",
    }
)  # fmt: skip


@pytest.fixture(scope="session", params=BACKENDS)
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Index]:
    data_dir = tmp_path_factory.mktemp(f"index-{request.param}")
    # Every test creates projects as alice from one address; the limits have their own tests.
    with running_index(
        request.param,
        data_dir,
        project_creations_per_hour_per_user=0,
        project_creations_per_hour_per_address=0,
    ) as index:
        yield index


@contextlib.contextmanager
def running_index(backend: str, data_dir: Path, **settings: Any) -> Iterator[Index]:
    """A migrated database on `backend`, the app on it with these settings (beyond the test
    defaults), alice and bob with their tokens, and the app's lifespan running."""
    with temporary_database(backend, data_dir) as url:
        database = Database(url)
        database.migrate()
        accounts = AccountService(database)
        defaults: dict[str, Any] = {
            "max_file_size": MAX_FILE_SIZE,
            "max_form_field_size": MAX_FIELD_SIZE,
            "base_url": BASE_URL,
        }
        app = create_app(Settings(data_dir=data_dir, database_url=url, **{**defaults, **settings}))
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
