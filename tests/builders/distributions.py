"""Build real, installable wheels and sdists at test time.

`build_wheel` writes what pip and uv install: `{dist}-{version}.dist-info/` with METADATA, WHEEL
and a RECORD of sha256 hashes, next to one importable package `{dist}/__init__.py` holding
`__version__`. `build_sdist` writes a PEP 625 `{dist}-{version}.tar.gz` holding
`{dist}-{version}/PKG-INFO`, a `pyproject.toml` and the same package. `{dist}` is the normalized
name with `_` for `-`; versions are written as given, so pass normalized ones for real files.

`metadata_override` replaces the metadata file's bytes; `extra_members` (path from the archive's
root -> bytes) adds members anywhere, hostile names included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from tests.builders.archives import build_tar_gz, build_zip
from tests.builders.metadata import (
    DEFAULT_DESCRIPTION,
    DEFAULT_SUMMARY,
    default_modules,
    dist_name,
    fold_description,
    render_metadata,
    render_pyproject,
    render_record,
    render_wheel_file,
)

NO_MEMBERS: Mapping[str, bytes] = MappingProxyType({})


def wheel_filename(
    name: str,
    version: str,
    *,
    python_tag: str = "py3",
    abi_tag: str = "none",
    platform_tag: str = "any",
    build_tag: str | None = None,
) -> str:
    parts = [dist_name(name), version, *([build_tag] if build_tag else [])]
    return "-".join([*parts, python_tag, abi_tag, platform_tag]) + ".whl"


def build_wheel(
    dest: Path,
    name: str,
    version: str,
    *,
    requires_dist: Sequence[str] = (),
    requires_python: str | None = None,
    python_tag: str = "py3",
    abi_tag: str = "none",
    platform_tag: str = "any",
    build_tag: str | None = None,
    summary: str | None = DEFAULT_SUMMARY,
    description: str | None = DEFAULT_DESCRIPTION,
    description_content_type: str | None = "text/markdown",
    metadata_version: str = "2.1",
    extra_metadata: Sequence[tuple[str, str]] = (),
    modules: Mapping[str, str] | None = None,
    metadata_override: bytes | None = None,
    extra_members: Mapping[str, bytes] = NO_MEMBERS,
) -> Path:
    """Write an installable wheel into `dest` and return its path."""
    filename = wheel_filename(
        name,
        version,
        python_tag=python_tag,
        abi_tag=abi_tag,
        platform_tag=platform_tag,
        build_tag=build_tag,
    )
    dist_info = f"{dist_name(name)}-{version}.dist-info"
    if metadata_override is None:
        metadata = render_metadata(
            name,
            version,
            metadata_version=metadata_version,
            summary=summary,
            description=description,
            description_content_type=description_content_type,
            requires_dist=requires_dist,
            requires_python=requires_python,
            extra_metadata=extra_metadata,
        )
    else:
        metadata = metadata_override
    sources = default_modules(name, version) if modules is None else modules
    members = [(path, source.encode("utf-8")) for path, source in sources.items()]
    members.extend(extra_members.items())
    members.append((f"{dist_info}/METADATA", metadata))
    members.append((f"{dist_info}/WHEEL", render_wheel_file(python_tag, abi_tag, platform_tag)))
    record_path = f"{dist_info}/RECORD"
    members.append((record_path, render_record(members, record_path)))
    return build_zip(dest, filename, members)


def build_sdist(
    dest: Path,
    name: str,
    version: str,
    *,
    requires_dist: Sequence[str] = (),
    requires_python: str | None = None,
    summary: str | None = DEFAULT_SUMMARY,
    description: str | None = DEFAULT_DESCRIPTION,
    description_content_type: str | None = "text/markdown",
    metadata_version: str = "2.2",
    dynamic: Sequence[str] = (),
    extra_metadata: Sequence[tuple[str, str]] = (),
    modules: Mapping[str, str] | None = None,
    metadata_override: bytes | None = None,
    extra_members: Mapping[str, bytes] = NO_MEMBERS,
) -> Path:
    """Write a `.tar.gz` sdist into `dest` and return its path."""
    root = f"{dist_name(name)}-{version}"
    if metadata_override is None:
        metadata = render_metadata(
            name,
            version,
            metadata_version=metadata_version,
            summary=summary,
            description=description,
            description_content_type=description_content_type,
            requires_dist=requires_dist,
            requires_python=requires_python,
            dynamic=dynamic,
            extra_metadata=extra_metadata,
        )
    else:
        metadata = metadata_override
    pyproject = render_pyproject(
        name,
        version,
        summary=summary,
        requires_dist=requires_dist,
        requires_python=requires_python,
    )
    sources = default_modules(name, version) if modules is None else modules
    members = [(f"{root}/PKG-INFO", metadata), (f"{root}/pyproject.toml", pyproject)]
    members.extend((f"{root}/{path}", source.encode("utf-8")) for path, source in sources.items())
    members.extend(extra_members.items())
    directories = _parent_directories(path for path, _ in members if path.startswith(f"{root}/"))
    return build_tar_gz(dest, f"{root}.tar.gz", members, directories=directories)


def build_legacy_sdist(
    dest: Path, name: str, version: str, readme: str, indent: str = " " * 8
) -> Path:
    """An sdist as setuptools wrote them for years: Metadata-Version 1.2, no content type, the
    README folded into a Description header field (see `fold_description`)."""
    return build_sdist(
        dest,
        name,
        version,
        metadata_version="1.2",
        description=None,
        description_content_type=None,
        extra_metadata=[("Description", fold_description(readme, indent))],
    )


def _parent_directories(paths: Iterable[str]) -> list[str]:
    """Every directory above `paths`, parents first, as a real sdist lists them."""
    directories: dict[str, None] = {}
    for path in paths:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            directories.setdefault("/".join(parts[:depth]))
    return sorted(directories)
