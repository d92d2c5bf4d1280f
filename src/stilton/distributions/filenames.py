"""Parse a distribution's filename: a wheel (`.whl`) or an sdist (`.tar.gz`, legacy `.zip`)."""

from __future__ import annotations

import re

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from stilton.distributions.errors import InvalidFilename, quote
from stilton.distributions.models import ParsedFilename

MAX_FILENAME_LENGTH = 255
WHEEL_SUFFIX = ".whl"
SDIST_SUFFIXES = (".tar.gz", ".zip")

_PROJECT_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


def is_valid_project_name(name: str) -> bool:
    """Whether `name` is a valid project name: ASCII letters, digits, `.`, `_`, `-`."""
    return _PROJECT_NAME.match(name) is not None


def parse_filename(filename: str) -> ParsedFilename:
    """Parse a wheel or sdist filename; raise `InvalidFilename` saying what is wrong with it."""
    _check_characters(filename)
    if filename.endswith(WHEEL_SUFFIX):
        return _parse_wheel(filename)
    if filename.endswith(SDIST_SUFFIXES):
        return _parse_sdist(filename)
    raise _invalid(filename, "not a wheel (.whl) or sdist (.tar.gz)")


def _invalid(filename: str, reason: str) -> InvalidFilename:
    return InvalidFilename(f"Invalid distribution filename {quote(filename)}: {reason}")


def _check_characters(filename: str) -> None:
    if not filename:
        raise InvalidFilename("Invalid distribution filename: the filename is empty")
    if len(filename) > MAX_FILENAME_LENGTH:
        raise _invalid(filename, f"longer than {MAX_FILENAME_LENGTH} characters")
    if "/" in filename or "\\" in filename:
        raise _invalid(filename, "contains a path separator")
    if not filename.isascii() or not filename.isprintable():
        raise _invalid(filename, "contains control or non-ASCII characters")


def _check_name(filename: str, name: str) -> None:
    if not is_valid_project_name(name):
        raise _invalid(filename, f"{quote(name)} is not a valid project name")


def _check_version(filename: str, version: str) -> Version:
    try:
        return Version(version)
    except InvalidVersion:
        raise _invalid(filename, f"{quote(version)} is not a valid version") from None


def _parse_wheel(filename: str) -> ParsedFilename:
    parts = filename[: -len(WHEEL_SUFFIX)].split("-")
    if len(parts) not in (5, 6):
        raise _invalid(filename, "a wheel filename is name-version[-build]-python-abi-platform.whl")
    name, version_text, python_tag = parts[0], parts[1], parts[-3]
    _check_name(filename, name)
    version = _check_version(filename, version_text)
    try:
        _, _, _, tags = parse_wheel_filename(filename)
    except InvalidWheelFilename as error:
        raise _invalid(filename, str(error)) from None
    return ParsedFilename(
        filename=filename,
        filetype="bdist_wheel",
        name=name,
        normalized_name=canonicalize_name(name),
        version=version,
        python_version=python_tag,
        tags=tags,
    )


def _parse_sdist(filename: str) -> ParsedFilename:
    suffix = next(suffix for suffix in SDIST_SUFFIXES if filename.endswith(suffix))
    name, dash, version_text = filename[: -len(suffix)].rpartition("-")
    if not dash:
        raise _invalid(filename, f"an sdist filename is name-version{suffix}")
    _check_name(filename, name)
    version = _check_version(filename, version_text)
    try:
        parse_sdist_filename(filename)
    except InvalidSdistFilename as error:
        raise _invalid(filename, str(error)) from None
    return ParsedFilename(
        filename=filename,
        filetype="sdist",
        name=name,
        normalized_name=canonicalize_name(name),
        version=version,
        python_version="source",
        tags=frozenset(),
    )
