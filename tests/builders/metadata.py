"""Render the text files inside a distribution: core metadata, WHEEL, RECORD, pyproject.toml."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from collections.abc import Sequence

from packaging.utils import canonicalize_name

DEFAULT_SUMMARY = "A distribution built at test time"
DEFAULT_DESCRIPTION = "# Test distribution\n\nBuilt by `tests.builders`; never published.\n"


def dist_name(name: str) -> str:
    """The name as it appears in wheel, sdist and .dist-info names: `Foo.Bar` -> `foo_bar`."""
    return canonicalize_name(name).replace("-", "_")


def render_metadata(
    name: str,
    version: str,
    *,
    metadata_version: str = "2.1",
    summary: str | None = DEFAULT_SUMMARY,
    description: str | None = DEFAULT_DESCRIPTION,
    description_content_type: str | None = "text/markdown",
    requires_dist: Sequence[str] = (),
    requires_python: str | None = None,
    dynamic: Sequence[str] = (),
    extra_metadata: Sequence[tuple[str, str]] = (),
) -> bytes:
    """Core metadata as UTF-8 bytes, the description in the body."""
    fields: list[tuple[str, str]] = [
        ("Metadata-Version", metadata_version),
        ("Name", name),
        ("Version", version),
    ]
    if summary is not None:
        fields.append(("Summary", summary))
    if requires_python is not None:
        fields.append(("Requires-Python", requires_python))
    fields.extend(("Requires-Dist", requirement) for requirement in requires_dist)
    if description_content_type is not None:
        fields.append(("Description-Content-Type", description_content_type))
    fields.extend(("Dynamic", field) for field in dynamic)
    fields.extend(extra_metadata)
    text = "".join(f"{field}: {value}\n" for field, value in fields)
    if description is not None:
        text += "\n" + description
    return text.encode("utf-8")


def fold_description(text: str, indent: str = " " * 8) -> str:
    """`text` as the value of a Description header field: every line after the first indented
    by `indent` (8 spaces as setuptools and distutils write it, or the specification's
    `"       |"`), for `extra_metadata=[("Description", ...)]` with `description=None`."""
    return text.rstrip("\n").replace("\n", "\n" + indent)


def render_wheel_file(python_tag: str, abi_tag: str, platform_tag: str) -> bytes:
    """A `.dist-info/WHEEL` file, one Tag line per expanded compressed tag."""
    lines = [
        "Wheel-Version: 1.0",
        "Generator: stilton-tests (0)",
        "Root-Is-Purelib: true",
    ]
    lines.extend(
        f"Tag: {python}-{abi}-{platform}"
        for python in python_tag.split(".")
        for abi in abi_tag.split(".")
        for platform in platform_tag.split(".")
    )
    return ("\n".join(lines) + "\n").encode("ascii")


def render_record(members: Sequence[tuple[str, bytes]], record_path: str) -> bytes:
    """A `.dist-info/RECORD` for `members` plus its own line, which has no hash or size."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for path, data in members:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        writer.writerow((path, f"sha256={digest.decode('ascii')}", len(data)))
    writer.writerow((record_path, "", ""))
    return out.getvalue().encode("utf-8")


def render_pyproject(
    name: str,
    version: str,
    *,
    summary: str | None,
    requires_dist: Sequence[str],
    requires_python: str | None,
) -> bytes:
    """A setuptools `pyproject.toml` declaring the same project (JSON strings are TOML strings)."""
    lines = [
        "[build-system]",
        'requires = ["setuptools>=68"]',
        'build-backend = "setuptools.build_meta"',
        "",
        "[project]",
        f"name = {json.dumps(name)}",
        f"version = {json.dumps(version)}",
    ]
    if summary is not None:
        lines.append(f"description = {json.dumps(summary)}")
    if requires_python is not None:
        lines.append(f"requires-python = {json.dumps(requires_python)}")
    lines.append(f"dependencies = {json.dumps(list(requires_dist))}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def default_modules(name: str, version: str) -> dict[str, str]:
    """One importable package named after the project, carrying its version."""
    return {f"{dist_name(name)}/__init__.py": f'__version__ = "{version}"\n'}
