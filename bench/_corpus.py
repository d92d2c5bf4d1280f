"""The benchmark corpus: ~120 projects with dependencies among them, built by tests/builders.

Built once into bench/.work/corpus and reused while the plan and the builders are unchanged.
"""

from __future__ import annotations

import email.parser
import hashlib
import json
import random
import shutil
import sys
import tarfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _http import BenchError, Upload

REPO = Path(__file__).resolve().parents[1]
CORPUS_VERSION = 1
PROJECTS = 120
MULTI_VERSION_EVERY = 6  # every 6th project has three releases
BIG_FILES = ("bench-big-a", "bench-big-b")
BIG_MIB = 12
HUGE_PROJECT = "bench-huge"
HUGE_MIB = 80
INSTALL_COUNT = 30
_RENAMES = {"classifier": "classifiers", "project_url": "project_urls"}


@dataclass(frozen=True)
class Release:
    name: str
    version: str
    requires: tuple[str, ...]
    payload_mib: int = 0


@dataclass(frozen=True)
class Corpus:
    uploads: list[Upload]  # every file of the corpus, in upload order
    projects: list[str]  # every project name, normalized
    big: list[str]  # projects whose single wheel is large: the download test
    install: list[str]  # what `pip install` asks for
    huge: Upload  # one very large wheel, for memory flatness while uploading

    @property
    def total_bytes(self) -> int:
        return sum(upload.path.stat().st_size for upload in self.uploads)


def project_name(index: int) -> str:
    return f"bench-proj-{index:03d}"


def plan() -> list[Release]:
    """Every release of the corpus, dependencies before dependents."""
    rng = random.Random(20240601)
    releases: list[Release] = []
    multi = {i for i in range(PROJECTS) if i % MULTI_VERSION_EVERY == 3}
    for index in range(PROJECTS):
        requires = []
        if index >= 10:
            for dep in sorted(rng.sample(range(index), rng.randint(0, 3))):
                bound = ">=1.0,<2" if dep in multi else ">=1.0"
                requires.append(f"{project_name(dep)}{bound}")
        versions = ("1.0.0", "1.1.0", "2.0.0") if index in multi else ("1.0.0",)
        releases.extend(Release(project_name(index), v, tuple(requires)) for v in versions)
    releases.extend(Release(name, "1.0.0", (), BIG_MIB) for name in BIG_FILES)
    return releases


def install_targets() -> list[str]:
    """The projects with the deepest dependency trees: the last ones of the plan."""
    return [project_name(i) for i in range(PROJECTS - INSTALL_COUNT, PROJECTS)]


def load_or_build(root: Path) -> Corpus:
    fingerprint = _fingerprint()
    manifest = root / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text())
        if data.get("fingerprint") == fingerprint and _files_exist(root, data):
            return _corpus_from(root, data)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    data = _build(root)
    data["fingerprint"] = fingerprint
    manifest.write_text(json.dumps(data, indent=1))
    return _corpus_from(root, data)


def _fingerprint() -> str:
    digest = hashlib.sha256(f"{CORPUS_VERSION}:{plan()}:{HUGE_MIB}".encode())
    for source in sorted((REPO / "tests" / "builders").rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _files_exist(root: Path, data: dict[str, Any]) -> bool:
    entries = [*data["uploads"], data["huge"]]
    return all((root / entry["file"]).is_file() for entry in entries)


def _corpus_from(root: Path, data: dict[str, Any]) -> Corpus:
    def upload(entry: dict[str, Any]) -> Upload:
        return Upload(root / entry["file"], [(str(k), str(v)) for k, v in entry["fields"]])

    return Corpus(
        uploads=[upload(entry) for entry in data["uploads"]],
        projects=list(data["projects"]),
        big=list(data["big"]),
        install=list(data["install"]),
        huge=upload(data["huge"]),
    )


def _build(root: Path) -> dict[str, Any]:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    try:
        from tests.builders import build_sdist, build_wheel
    except ImportError as error:
        raise BenchError(f"tests/builders is not importable yet: {error}") from error

    files = root / "files"
    files.mkdir()
    entries: list[dict[str, Any]] = []
    for release in plan():
        extra = _payload(release)
        wheel = build_wheel(
            files,
            release.name,
            release.version,
            requires_dist=release.requires,
            summary=f"Benchmark project {release.name}",
            extra_members=extra,
        )
        entries.append(_entry(root, wheel, "bdist_wheel", "py3"))
        if not extra:
            sdist = build_sdist(
                files,
                release.name,
                release.version,
                requires_dist=release.requires,
                summary=f"Benchmark project {release.name}",
            )
            entries.append(_entry(root, sdist, "sdist", "source"))
    huge = build_wheel(
        files,
        HUGE_PROJECT,
        "1.0.0",
        summary="Benchmark project with one very large wheel",
        extra_members=_payload(Release(HUGE_PROJECT, "1.0.0", (), HUGE_MIB)),
    )
    projects = sorted({r.name for r in plan()})
    return {
        "uploads": entries,
        "projects": projects,
        "big": list(BIG_FILES),
        "install": install_targets(),
        "huge": _entry(root, huge, "bdist_wheel", "py3"),
    }


def _payload(release: Release) -> dict[str, bytes]:
    if not release.payload_mib:
        return {}
    # Incompressible bytes, so the archive really is that large.
    data = random.Random(release.name).randbytes(release.payload_mib << 20)
    return {release.name.replace("-", "_") + "/payload.bin": data}


def _entry(root: Path, path: Path, filetype: str, pyversion: str) -> dict[str, Any]:
    fields = upload_fields(path, filetype, pyversion)
    return {"file": str(path.relative_to(root)), "fields": fields}


def upload_fields(path: Path, filetype: str, pyversion: str) -> list[tuple[str, str]]:
    """The form fields twine would send for `path`, taken from its own metadata."""
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    fields = [
        (":action", "file_upload"),
        ("protocol_version", "1"),
        ("filetype", filetype),
        ("pyversion", pyversion),
        ("sha256_digest", sha256),
    ]
    message = email.parser.BytesParser().parsebytes(_metadata(path))
    for key, value in message.items():
        name = key.lower().replace("-", "_")
        fields.append((_RENAMES.get(name, name), str(value)))
    body = message.get_payload()
    if isinstance(body, str) and body.strip():
        fields.append(("description", body))
    return fields


def _metadata(path: Path) -> bytes:
    if path.name.endswith(".whl"):
        with zipfile.ZipFile(path) as archive:
            name = _one(archive.namelist(), lambda n: n.endswith(".dist-info/METADATA"), path)
            return archive.read(name)
    with tarfile.open(path) as archive:
        member = _one(
            archive.getnames(), lambda n: n.count("/") == 1 and n.endswith("/PKG-INFO"), path
        )
        handle = archive.extractfile(member)
        if handle is None:
            raise BenchError(f"{path.name}: PKG-INFO is not a file")
        return handle.read()


def _one(names: Sequence[str], match: Callable[[str], bool], path: Path) -> str:
    found = [n for n in names if match(n)]
    if len(found) != 1:
        raise BenchError(f"{path.name}: expected one metadata file, found {found}")
    return found[0]
