"""The distributions the e2e tests publish, built at test time, and the form twine sends.

Four projects depend on each other: cheddar-app -> cheddar-lib (extra `fast` -> cheddar-speedups)
-> cheddar-core; Cheddar_Native is a CPython 3.11 manylinux wheel. Old and new versions pin
different dependencies, so an install proves the resolver read the right metadata.
"""

from __future__ import annotations

import hashlib
import tarfile
import zipfile
from dataclasses import dataclass
from email.parser import BytesParser as Parser
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename
from packaging.version import Version

from tests.builders import build_sdist, build_wheel

APP = "cheddar-app"
LIB = "cheddar-lib"
CORE = "cheddar-core"
SPEEDUPS = "cheddar-speedups"
NATIVE = "Cheddar_Native"
NATIVE_TAGS = {"python_tag": "cp311", "abi_tag": "cp311", "platform_tag": "manylinux_2_17_x86_64"}

FAST_EXTRA = (("Provides-Extra", "fast"),)
APP_DETAILS = (
    ("Keywords", "cheese,blue"),
    ("Author-email", "Ada <ada@example.invalid>"),
    ("Classifier", "Programming Language :: Python :: 3"),
    ("Classifier", "Topic :: Software Development"),
    ("Project-URL", "Homepage, https://example.invalid/app"),
    ("Project-URL", "Issues, https://example.invalid/app/issues"),
)


@dataclass(frozen=True)
class Sample:
    path: Path
    project: str
    version: str
    requires_python: str | None = None

    @property
    def filename(self) -> str:
        return self.path.name

    @property
    def normalized_project(self) -> str:
        return canonicalize_name(self.project)

    @property
    def is_wheel(self) -> bool:
        return self.filename.endswith(".whl")

    @property
    def sha256(self) -> str:
        return sha256_of(self.path)

    def metadata(self) -> bytes:
        """The core metadata inside: a wheel's METADATA, an sdist's PKG-INFO."""
        if self.is_wheel:
            with zipfile.ZipFile(self.path) as archive:
                (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
                return archive.read(name)
        root = self.filename.removesuffix(".tar.gz")
        with tarfile.open(self.path) as archive:
            member = archive.extractfile(f"{root}/PKG-INFO")
            if member is None:
                raise ValueError(f"{self.filename} has no {root}/PKG-INFO")
            return member.read()

    @property
    def has_metadata_file(self) -> bool:
        """Whether the index should serve `<file>.metadata`: wheels always; sdists when their
        metadata is 2.2 or later and leaves no dependency field to the build (PEP 658, 643)."""
        if self.is_wheel:
            return True
        fields = Parser().parsebytes(self.metadata(), headersonly=True)
        dynamic = {value.lower() for value in fields.get_all("Dynamic", [])}
        static = Version(fields["Metadata-Version"]) >= Version("2.2")
        return static and dynamic.isdisjoint({"requires-dist", "requires-python", "provides-extra"})


@dataclass(frozen=True)
class Samples:
    directory: Path
    all: tuple[Sample, ...]

    def of(self, project: str) -> list[Sample]:
        return [s for s in self.all if s.normalized_project == canonicalize_name(project)]

    def named(self, filename: str) -> Sample:
        (sample,) = [s for s in self.all if s.filename == filename]
        return sample

    @property
    def projects(self) -> set[str]:
        return {s.normalized_project for s in self.all}

    @property
    def wheels(self) -> list[Sample]:
        return [s for s in self.all if s.is_wheel]


def build_samples(dest: Path) -> Samples:
    dest.mkdir(parents=True, exist_ok=True)
    lib_fast = f"{SPEEDUPS}>=1; extra == 'fast'"
    app_2: dict[str, Any] = {
        "requires_dist": [f"{LIB}[fast]>=1.1"],
        "requires_python": ">=3.10",
        "extra_metadata": APP_DETAILS,
    }

    def wheel(name: str, version: str, requires_python: str | None = None, **kw: Any) -> Sample:
        path = build_wheel(dest, name, version, requires_python=requires_python, **kw)
        return Sample(path, name, version, requires_python)

    def sdist(name: str, version: str, requires_python: str | None = None, **kw: Any) -> Sample:
        path = build_sdist(dest, name, version, requires_python=requires_python, **kw)
        return Sample(path, name, version, requires_python)

    samples = (
        wheel(CORE, "1.0", requires_python=">=3.8"),
        wheel(CORE, "2.0", requires_python=">=3.9"),
        wheel(SPEEDUPS, "1.0"),
        wheel(LIB, "1.0", requires_dist=[f"{CORE}>=1,<2", lib_fast], extra_metadata=FAST_EXTRA),
        wheel(
            LIB,
            "1.1",
            requires_dist=[f"{CORE}>=1", lib_fast],
            requires_python=">=3.9",
            extra_metadata=FAST_EXTRA,
        ),
        wheel(APP, "1.0", requires_dist=[f"{LIB}>=1,<1.1"]),
        # An old-style sdist: metadata 2.1, so no PEP 658 metadata file is served for it.
        sdist(APP, "1.0", metadata_version="2.1", requires_dist=[f"{LIB}>=1,<1.1"]),
        wheel(APP, "2.0", **app_2),
        sdist(APP, "2.0", **app_2),
        # A 2.2 sdist whose dependencies are left to the build: no metadata file either (PEP 643).
        sdist(CORE, "2.0", requires_python=">=3.9", dynamic=["Requires-Dist"]),
        wheel(NATIVE, "1.0", **NATIVE_TAGS),
    )
    return Samples(dest, samples)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wheel_in(directory: Path, name: str, version: str, **kwargs: Any) -> Path:
    """Build one wheel into `directory` (created if needed): for tests that need their own."""
    directory.mkdir(parents=True, exist_ok=True)
    return build_wheel(directory, name, version, **kwargs)


def same_name_other_bytes(directory: Path, name: str, version: str) -> tuple[Path, Path]:
    """Two wheels with one filename and different contents (in subdirectories of `directory`)."""
    original = wheel_in(directory / "original", name, version)
    changed = wheel_in(directory / "changed", name, version, summary="Changed after upload")
    assert original.name == changed.name
    assert sha256_of(original) != sha256_of(changed)
    return original, changed


def upload_form(path: Path) -> dict[str, str]:
    """The form fields twine sends with a file (the metadata ones the server cross-checks)."""
    if path.name.endswith(".whl"):
        name, version, _, _ = parse_wheel_filename(path.name)
        filetype, pyversion = "bdist_wheel", path.name.split("-")[-3]
    else:
        name, version = parse_sdist_filename(path.name)
        filetype, pyversion = "sdist", "source"
    data = path.read_bytes()
    return {
        ":action": "file_upload",
        "protocol_version": "1",
        "filetype": filetype,
        "pyversion": pyversion,
        "name": str(name),
        "version": str(version),
        "sha256_digest": hashlib.sha256(data).hexdigest(),
        "md5_digest": hashlib.md5(data, usedforsecurity=False).hexdigest(),
    }
