from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from stilton.distributions import Distribution, inspect
from stilton.publishing import IncomingFile
from stilton.upload.form import UploadForm
from tests.builders import build_sdist, build_wheel

FormFactory = Callable[..., UploadForm]


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


def incoming(path: Path) -> IncomingFile:
    data = path.read_bytes()
    return IncomingFile(
        path=path,
        filename=path.name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
        blake2_256=hashlib.blake2b(data, digest_size=32).hexdigest(),
    )


@pytest.fixture
def make_form(wheel_path: Path) -> FormFactory:
    """An UploadForm holding the wheel; keyword arguments are its fields (lists repeat)."""

    def make(path: Path = wheel_path, **fields: str | list[str]) -> UploadForm:
        values = {
            name.replace("__", ":"): value if isinstance(value, list) else [value]
            for name, value in fields.items()
        }
        return UploadForm(values, incoming(path))

    return make
