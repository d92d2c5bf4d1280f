"""Filenames, versions and metadata fields drawn by hypothesis: 200 or 4xx, never 5xx."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.integration.conftest import Index
from tests.property.conftest import assert_answered, wheel_bytes

pytestmark = pytest.mark.property

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
NAME_CHARS = string.ascii_letters + string.digits + "._-"
VERSION_CHARS = string.digits + ".+-_!abcdeilnoprstv*"
FIELDS = [
    "Summary", "Keywords", "Requires-Dist", "Requires-Python", "Classifier", "Project-URL",
    "License", "License-Expression", "License-File", "Description-Content-Type", "Dynamic",
    "Provides-Extra", "Author-email", "Home-page", "Platform", "X-Unknown", "Name", "Version",
]  # fmt: skip
GOOD_METADATA = b"Metadata-Version: 2.1\nName: prop-file\nVersion: 1.0\nSummary: fine\n"


def post(index: Index, filename: str, data: bytes, **fields: str) -> None:
    parts: list[tuple[str, str] | tuple[str, str, bytes]] = [
        (":action", "file_upload"),
        ("protocol_version", "1"),
        ("filetype", "sdist" if filename.endswith((".tar.gz", ".zip")) else "bdist_wheel"),
        *fields.items(),
        ("content", filename, data),
    ]
    response = index.post_form(parts)
    assert_answered(response.status_code, response.text)


@given(filename=TEXT)
def test_any_filename(index: Index, filename: str) -> None:
    data = wheel_bytes("prop_file-1.0.dist-info", GOOD_METADATA)
    post(index, filename, data)
    post(index, filename + ".whl", data)
    post(index, f"prop_file-{filename}-py3-none-any.whl", data)


@given(
    name=st.text(NAME_CHARS, min_size=1, max_size=20),
    version=st.text(VERSION_CHARS, min_size=1, max_size=20),
    tags=st.sampled_from(
        ["py3-none-any", "cp311-cp311-manylinux_2_17_x86_64", "py3-none-linux_x86_64", "x-y-z"]
    ),
)
def test_any_name_and_version(index: Index, name: str, version: str, tags: str) -> None:
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    data = wheel_bytes(f"{name}-{version}.dist-info", metadata)
    post(index, f"{name}-{version}-{tags}.whl", data, name=name, version=version)


@given(
    metadata_version=st.sampled_from(["1.0", "1.2", "2.1", "2.2", "2.4", "2.5", "3.0", "x"]),
    fields=st.lists(st.tuples(st.sampled_from(FIELDS), TEXT), max_size=6),
    description=st.one_of(st.none(), TEXT),
    form=st.dictionaries(
        st.sampled_from(
            ["summary", "keywords", "classifiers", "requires_dist", "metadata_version"]
        ),
        TEXT,
        max_size=2,
    ),
)
def test_any_metadata_fields(
    index: Index,
    metadata_version: str,
    fields: list[tuple[str, str]],
    description: str | None,
    form: dict[str, str],
) -> None:
    lines = [f"Metadata-Version: {metadata_version}", "Name: prop-meta", "Version: 1.0"]
    lines += [f"{field}: {value}" for field, value in fields]
    text = "\n".join(lines) + "\n"
    if description is not None:
        text += "\n" + description
    data = wheel_bytes("prop_meta-1.0.dist-info", text.encode("utf-8", "surrogateescape"))
    post(index, "prop_meta-1.0-py3-none-any.whl", data, **form)


@given(
    junk=st.binary(max_size=2048), name=st.sampled_from(["x-1.0.tar.gz", "x-1.0-py3-none-any.whl"])
)
def test_any_bytes(index: Index, junk: bytes, name: str) -> None:
    post(index, name, junk)
