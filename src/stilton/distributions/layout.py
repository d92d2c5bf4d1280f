"""Where the core metadata lives in each kind of distribution, and the layout rules around it.

- A wheel holds exactly one top-level `{name}-{version}.dist-info/` directory, with `METADATA`,
  `WHEEL` and `RECORD` directly inside.
- An sdist (gzipped tar or legacy zip) holds exactly one top-level `{name}-{version}/` directory,
  and nothing beside it, with `PKG-INFO` directly inside.

Directory names are compared with the filename's after normalization: the name as a normalized
project name, the version as a `Version`, so `Foo_Bar-1.0.0` matches `foo-bar-1.0`.
"""

from __future__ import annotations

from collections.abc import Sequence

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stilton.distributions.errors import InvalidLayout, MetadataMissing, quote
from stilton.distributions.models import ArchiveMember, ParsedFilename

DIST_INFO_SUFFIX = ".dist-info"
_SHOWN = 5


def is_wheel_metadata(path: str) -> bool:
    """A `*.dist-info/METADATA` file at the top level (a `Pick`)."""
    parts = path.split("/")
    return len(parts) == 2 and _is_dist_info(parts[0]) and parts[1] == "METADATA"


def is_sdist_metadata(path: str) -> bool:
    """A `*/PKG-INFO` file at the top level (a `Pick`)."""
    parts = path.split("/")
    return len(parts) == 2 and parts[1] == "PKG-INFO"


def wheel_metadata_path(members: Sequence[ArchiveMember], parsed: ParsedFilename) -> str:
    """The path of the wheel's METADATA file; raise if the layout around it is wrong."""
    dist_infos = sorted({_top(member) for member in members if _is_dist_info_dir(member)})
    if not dist_infos:
        raise MetadataMissing("Wheel has no .dist-info directory")
    if len(dist_infos) > 1:
        raise InvalidLayout(
            f"Wheel has {len(dist_infos)} .dist-info directories ({_show(dist_infos)}); "
            "it must have exactly one"
        )
    dist_info = dist_infos[0]
    if not _matches(dist_info[: -len(DIST_INFO_SUFFIX)], parsed):
        raise InvalidLayout(
            f"Wheel's {quote(dist_info)} directory does not match the filename's "
            f"name and version {quote(_expected(parsed))}"
        )
    files = {member.path for member in members if not member.is_dir}
    for required in ("METADATA", "WHEEL", "RECORD"):
        if f"{dist_info}/{required}" not in files:
            raise MetadataMissing(f"Wheel has no {quote(f'{dist_info}/{required}')} file")
    return f"{dist_info}/METADATA"


def sdist_metadata_path(members: Sequence[ArchiveMember], parsed: ParsedFilename) -> str:
    """The path of the sdist's PKG-INFO file; raise if the layout around it is wrong."""
    tops = sorted({_top(member) for member in members})
    if not tops:
        raise MetadataMissing(f"The sdist is empty; it must hold {_expected(parsed)}/PKG-INFO")
    if len(tops) != 1:
        raise InvalidLayout(
            "An sdist must hold exactly one top-level directory; "
            f"this one has {len(tops)} top-level entries ({_show(tops)})"
        )
    top = tops[0]
    if not any("/" in member.path or member.is_dir for member in members):
        raise InvalidLayout(f"The sdist's only top-level entry {quote(top)} is not a directory")
    if not _matches(top, parsed):
        raise InvalidLayout(
            f"The sdist's top-level directory {quote(top)} does not match the filename's "
            f"name and version {quote(_expected(parsed))}"
        )
    path = f"{top}/PKG-INFO"
    if not any(member.path == path and not member.is_dir for member in members):
        raise MetadataMissing(f"The sdist has no {quote(path)} file")
    return path


def _top(member: ArchiveMember) -> str:
    return member.path.split("/", 1)[0]


def _is_dist_info(name: str) -> bool:
    return name.lower().endswith(DIST_INFO_SUFFIX) and len(name) > len(DIST_INFO_SUFFIX)


def _is_dist_info_dir(member: ArchiveMember) -> bool:
    return _is_dist_info(_top(member)) and ("/" in member.path or member.is_dir)


def _matches(stem: str, parsed: ParsedFilename) -> bool:
    """Whether `stem` reads as `{name}-{version}` for the filename's name and version."""
    for index, char in enumerate(stem):
        if char != "-":
            continue
        name, version = stem[:index], stem[index + 1 :]
        if canonicalize_name(name) != parsed.normalized_name:
            continue
        try:
            if Version(version) == parsed.version:
                return True
        except InvalidVersion:
            continue
    return False


def _expected(parsed: ParsedFilename) -> str:
    return f"{parsed.name}-{parsed.version}"


def _show(names: Sequence[str]) -> str:
    shown = ", ".join(quote(name) for name in names[:_SHOWN])
    return shown + (", ..." if len(names) > _SHOWN else "")
