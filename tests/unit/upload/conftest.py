from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from packaging.version import Version

from stilton.distributions import Distribution, inspect
from stilton.projects.names import confusable_key
from stilton.publishing import IncomingFile, ProjectFacts
from stilton.upload import Upload, UploadRules
from stilton.upload.form import UploadForm
from tests.builders import build_sdist, build_wheel

FormFactory = Callable[..., UploadForm]
UploadFactory = Callable[..., Upload]
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ADDRESS = "192.0.2.7"


@pytest.fixture(scope="package")
def wheel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"), "Demo.Pkg", "1.0")


@pytest.fixture(scope="package")
def sdist_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sdist(tmp_path_factory.mktemp("sdist"), "Demo.Pkg", "1.0")


@pytest.fixture(scope="package")
def wheel(wheel_path: Path) -> Distribution:
    return inspect(wheel_path, wheel_path.name)


@pytest.fixture(scope="package")
def sdist(sdist_path: Path) -> Distribution:
    return inspect(sdist_path, sdist_path.name)


def incoming(path: Path, filename: str | None = None) -> IncomingFile:
    data = path.read_bytes()
    return IncomingFile(
        path=path,
        filename=filename or path.name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
        blake2_256=hashlib.blake2b(data, digest_size=32).hexdigest(),
    )


def form_fields(fields: dict[str, str | list[str]]) -> dict[str, list[str]]:
    """Keyword arguments as form fields: `__action` is `:action`, lists repeat a field."""
    return {
        name.replace("__", ":"): value if isinstance(value, list) else [value]
        for name, value in fields.items()
    }


@pytest.fixture
def make_form(wheel_path: Path) -> FormFactory:
    """An UploadForm holding the wheel; keyword arguments are its fields (lists repeat)."""

    def make(path: Path = wheel_path, **fields: str | list[str]) -> UploadForm:
        return UploadForm(form_fields(fields), incoming(path))

    return make


@dataclass
class MemoryLedger:
    """A `ProjectLedger` held in memory: what a test stores is what the checks read."""

    projects: dict[str, ProjectFacts] = field(default_factory=dict)
    prohibited: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    sdists: dict[tuple[str, Version], str] = field(default_factory=dict)
    releases: dict[tuple[str, Version], datetime] = field(default_factory=dict)
    creations: list[tuple[datetime, str, str | None]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def add_project(
        self,
        name: str,
        *,
        total_size: int = 0,
        max_file_size: int | None = None,
        max_total_size: int | None = None,
    ) -> None:
        normalized = canonicalize_name(name)
        self.projects[normalized] = ProjectFacts(
            name, normalized, total_size, max_file_size, max_total_size
        )

    def project(self, normalized_name: str) -> ProjectFacts | None:
        self.asked.append("project")
        return self.projects.get(normalized_name)

    def confusable_owner(self, key: str) -> str | None:
        self.asked.append("confusable_owner")
        owners = [p.name for p in self.projects.values() if confusable_key(p.name) == key]
        return owners[0] if owners else None

    def prohibited_reason(self, normalized_name: str) -> str | None:
        self.asked.append("prohibited_reason")
        return self.prohibited.get(normalized_name)

    def file_sha256(self, filename: str) -> str | None:
        self.asked.append("file_sha256")
        return self.files.get(filename)

    def was_deleted(self, filename: str) -> bool:
        self.asked.append("was_deleted")
        return filename in self.deleted

    def filename_with_contents(self, sha256: str) -> str | None:
        self.asked.append("filename_with_contents")
        return next((name for name, digest in self.files.items() if digest == sha256), None)

    def sdist_of(self, normalized_name: str, version: Version) -> str | None:
        self.asked.append("sdist_of")
        return self.sdists.get((normalized_name, version))

    def release_created(self, normalized_name: str, version: Version) -> datetime | None:
        self.asked.append("release_created")
        return self.releases.get((normalized_name, version))

    def creations_since(self, since: datetime, user: str, address: str | None) -> tuple[int, int]:
        self.asked.append("creations_since")
        recent = [(who, where) for when, who, where in self.creations if when >= since]
        by_user = sum(1 for who, _ in recent if who == user)
        by_address = sum(1 for _, where in recent if address is not None and where == address)
        return by_user, by_address

    def largest_file_limit(self) -> int | None:
        limits = [p.max_file_size for p in self.projects.values() if p.max_file_size is not None]
        return max(limits, default=None)


@pytest.fixture
def ledger() -> MemoryLedger:
    return MemoryLedger()


@pytest.fixture
def make_upload(wheel_path: Path, ledger: MemoryLedger) -> UploadFactory:
    """An `Upload` of the file at `path` (the default wheel), inspected; keyword arguments
    are form fields, except the few named below."""

    def make(
        path: Path = wheel_path,
        *,
        rules: UploadRules | None = None,
        uploader: str = "alice",
        address: str | None = ADDRESS,
        now: datetime = NOW,
        **fields: str | list[str],
    ) -> Upload:
        dist = inspect(path, path.name)
        form = UploadForm(form_fields(fields), incoming(path))
        return Upload(form, dist, uploader, address, ledger, rules or UploadRules(), now)

    return make
