"""`read_upload_form`: the multipart body streamed to disk, hashed on the way, within limits."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Iterable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stilton.upload.errors import (
    FieldTooLarge,
    FileTooLarge,
    MalformedForm,
    MissingField,
    MultipleFiles,
    UploadError,
)
from stilton.upload.form import FormLimits, UploadForm, read_upload_form

BOUNDARY = "----stiltonBoundary7MA4YWxkTrZu0gW"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
LIMITS = FormLimits(max_file_size=64 * 1024, max_field_size=1024)
# File data that looks like the start of a boundary, to trip a parser that cuts corners.
TRICKY = b"PK\x03\x04" + b"\r\n--" + BOUNDARY[:10].encode() + b"\r\n\r\n" + bytes(range(256)) * 3
FIELDS = [
    (":action", "file_upload"),
    ("protocol_version", "1"),
    ("name", "demo"),
    ("classifiers", "Programming Language :: Python :: 3"),
    ("classifiers", "License :: OSI Approved :: MIT License"),
    ("summary", "Sch\u00f6ne Gr\u00fc\u00dfe \u2013 \U0001f9c0"),
    ("description", ""),
]

Part = tuple[str, str] | tuple[str, str, bytes]


def encode(parts: Iterable[Part], boundary: str = BOUNDARY) -> bytes:
    """A multipart/form-data body: (name, value) fields and (name, filename, data) files."""
    out = bytearray()
    for part in parts:
        out += f"--{boundary}\r\n".encode()
        if len(part) == 2:
            name, value = part
            out += f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            out += value.encode("utf-8")
        else:
            name, filename, data = part
            out += (
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            out += data
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out)


def upload_body(data: bytes = TRICKY, filename: str = "demo-1.0-py3-none-any.whl") -> bytes:
    return encode([*FIELDS, ("content", filename, data)])


async def _stream(chunks: Sequence[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def split(body: bytes, size: int | None) -> list[bytes]:
    if size is None:
        return [body]
    return [body[i : i + size] for i in range(0, len(body), size)]


def read(
    directory: Path,
    body: bytes | Sequence[bytes],
    *,
    content_type: str | None = CONTENT_TYPE,
    limits: FormLimits = LIMITS,
) -> UploadForm:
    chunks = [body] if isinstance(body, bytes) else body
    return asyncio.run(read_upload_form(content_type, _stream(chunks), directory, limits))


def left_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    directory = tmp_path / "tmp"
    directory.mkdir()
    return directory


# --- what a good form gives ----------------------------------------------------------------


def test_fields_are_collected_with_repeats_in_order(tmp: Path) -> None:
    form = read(tmp, upload_body())
    assert form.fields == {
        ":action": ["file_upload"],
        "protocol_version": ["1"],
        "name": ["demo"],
        "classifiers": [
            "Programming Language :: Python :: 3",
            "License :: OSI Approved :: MIT License",
        ],
        "summary": ["Sch\u00f6ne Gr\u00fc\u00dfe \u2013 \U0001f9c0"],
        "description": [""],
    }
    assert form.get("classifiers") == "Programming Language :: Python :: 3"
    assert form.get("missing") is None
    form.discard()


def test_the_file_lands_on_disk_with_its_digests(tmp: Path) -> None:
    form = read(tmp, upload_body())
    file = form.file
    assert file.filename == "demo-1.0-py3-none-any.whl"
    assert file.path.parent == tmp
    assert file.path.read_bytes() == TRICKY
    assert file.size == len(TRICKY)
    assert file.sha256 == hashlib.sha256(TRICKY).hexdigest()
    assert file.md5 == hashlib.md5(TRICKY, usedforsecurity=False).hexdigest()
    assert file.blake2_256 == hashlib.blake2b(TRICKY, digest_size=32).hexdigest()
    form.discard()
    assert left_in(tmp) == []


def test_discard_twice_is_harmless(tmp: Path) -> None:
    form = read(tmp, upload_body())
    form.discard()
    form.discard()
    assert left_in(tmp) == []


def test_an_empty_file_is_read(tmp: Path) -> None:
    form = read(tmp, upload_body(b""))
    assert form.file.size == 0
    assert form.file.sha256 == hashlib.sha256(b"").hexdigest()
    form.discard()


def test_fields_after_the_file_are_kept(tmp: Path) -> None:
    body = encode([("content", "demo-1.0.tar.gz", b"data"), ("name", "demo"), ("version", "1")])
    form = read(tmp, body)
    assert form.fields == {"name": ["demo"], "version": ["1"]}
    form.discard()


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/demo-1.0.tar.gz", "demo-1.0.tar.gz"),
        ("/abs/demo-1.0.tar.gz", "demo-1.0.tar.gz"),
        ("C:\\Users\\me\\dist\\demo-1.0.tar.gz", "demo-1.0.tar.gz"),
    ],
)
def test_only_the_filenames_last_segment_is_kept(tmp: Path, sent: str, kept: str) -> None:
    form = read(tmp, encode([("content", sent, b"data")]))
    assert form.file.filename == kept
    assert form.file.path.parent == tmp
    form.discard()


def test_other_file_parts_are_ignored(tmp: Path) -> None:
    body = encode(
        [
            ("gpg_signature", "demo.asc", b"-----BEGIN PGP SIGNATURE-----"),
            ("content", "demo-1.0.tar.gz", b"data"),
            ("attestations", "a.json", b"[]"),
            ("name", "demo"),
        ]
    )
    form = read(tmp, body)
    assert form.file.path.read_bytes() == b"data"
    assert form.fields == {"name": ["demo"]}
    form.discard()
    assert left_in(tmp) == []


@pytest.mark.parametrize(
    "content_type",
    [
        f'multipart/form-data; boundary="{BOUNDARY}"',
        f"multipart/form-data; charset=utf-8; boundary={BOUNDARY}",
        f"Multipart/Form-Data; boundary={BOUNDARY}",
    ],
)
def test_content_type_variants(tmp: Path, content_type: str) -> None:
    form = read(tmp, upload_body(), content_type=content_type)
    assert form.file.path.read_bytes() == TRICKY
    form.discard()


# --- chunk boundaries ----------------------------------------------------------------------


def test_every_single_split_point_gives_the_same_form(tmp: Path) -> None:
    data = TRICKY[:60]
    body = encode([("name", "demo"), ("content", "demo-1.0.tar.gz", data), ("version", "1.0")])
    expected = {"name": ["demo"], "version": ["1.0"]}

    async def read_all() -> None:
        for cut in range(1, len(body)):
            chunks = _stream([body[:cut], body[cut:]])
            form = await read_upload_form(CONTENT_TYPE, chunks, tmp, LIMITS)
            assert form.fields == expected, cut
            assert form.file.path.read_bytes() == data, cut
            assert form.file.sha256 == hashlib.sha256(data).hexdigest(), cut
            assert form.file.md5 == hashlib.md5(data, usedforsecurity=False).hexdigest(), cut
            assert form.file.blake2_256 == hashlib.blake2b(data, digest_size=32).hexdigest()
            form.discard()

    asyncio.run(read_all())
    assert left_in(tmp) == []


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 4096, None])
def test_any_chunk_size_gives_the_same_form(tmp: Path, size: int | None) -> None:
    body = upload_body()
    form = read(tmp, split(body, size))
    assert form.fields == dict(read(tmp, body).fields)
    assert form.file.path.read_bytes() == TRICKY
    assert form.file.sha256 == hashlib.sha256(TRICKY).hexdigest()


def test_empty_chunks_are_harmless(tmp: Path) -> None:
    body = upload_body()
    chunks = [b"", *(chunk for piece in split(body, 50) for chunk in (piece, b"")), b""]
    form = read(tmp, chunks)
    assert form.file.path.read_bytes() == TRICKY
    form.discard()


@pytest.mark.property
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000), cuts=st.lists(st.integers(min_value=0), max_size=12))
def test_digests_match_whatever_the_chunking(tmp: Path, data: bytes, cuts: list[int]) -> None:
    body = upload_body(data)
    points = sorted({cut % (len(body) + 1) for cut in cuts})
    chunks = [body[a:b] for a, b in zip([0, *points], [*points, len(body)], strict=True)]
    form = read(tmp, chunks)
    try:
        assert form.file.size == len(data)
        assert form.file.sha256 == hashlib.sha256(data).hexdigest()
        assert form.file.md5 == hashlib.md5(data, usedforsecurity=False).hexdigest()
        assert form.file.blake2_256 == hashlib.blake2b(data, digest_size=32).hexdigest()
    finally:
        form.discard()


# --- limits --------------------------------------------------------------------------------


def test_a_file_at_the_limit_is_read(tmp: Path) -> None:
    data = b"x" * LIMITS.max_file_size
    form = read(tmp, split(upload_body(data), 1000))
    assert form.file.size == LIMITS.max_file_size
    form.discard()


@pytest.mark.parametrize("size", [1000, None])
def test_a_file_over_the_limit_is_refused_and_removed(tmp: Path, size: int | None) -> None:
    data = b"x" * (LIMITS.max_file_size + 1)
    with pytest.raises(FileTooLarge, match=f"limit is {LIMITS.max_file_size} bytes"):
        read(tmp, split(upload_body(data), size))
    assert left_in(tmp) == []


def test_the_file_limit_stops_reading_the_body(tmp: Path) -> None:
    """The limit is enforced while the body streams: the rest is never pulled."""
    pulled = 0
    body = upload_body(b"x" * (10 * LIMITS.max_file_size))

    async def stream() -> AsyncIterator[bytes]:
        nonlocal pulled
        for chunk in split(body, 4096):
            pulled += len(chunk)
            yield chunk

    with pytest.raises(FileTooLarge):
        asyncio.run(read_upload_form(CONTENT_TYPE, stream(), tmp, LIMITS))
    assert pulled < 2 * LIMITS.max_file_size
    assert left_in(tmp) == []


def test_a_field_at_the_limit_is_read(tmp: Path) -> None:
    value = "v" * LIMITS.max_field_size
    form = read(tmp, encode([("description", value), ("content", "f.tar.gz", b"x")]))
    assert form.get("description") == value
    form.discard()


@pytest.mark.parametrize("size", [1, 100, None])
def test_a_field_over_the_limit_is_refused(tmp: Path, size: int | None) -> None:
    body = encode(
        [
            ("content", "demo-1.0.tar.gz", b"data"),
            ("description", "v" * (LIMITS.max_field_size + 1)),
        ]
    )
    with pytest.raises(FieldTooLarge, match="'description' is too large"):
        read(tmp, split(body, size))
    assert left_in(tmp) == []


def test_the_field_limit_counts_bytes_not_characters(tmp: Path) -> None:
    value = "\u00e9" * (LIMITS.max_field_size // 2 + 1)  # two bytes each in UTF-8
    with pytest.raises(FieldTooLarge):
        read(tmp, encode([("summary", value), ("content", "f.tar.gz", b"x")]))


def test_too_many_fields_are_refused(tmp: Path) -> None:
    parts: list[Part] = [("classifiers", "x")] * 1001
    with pytest.raises(FieldTooLarge, match="Too many form fields"):
        read(tmp, encode([("content", "demo-1.0.tar.gz", b"data"), *parts]))
    assert left_in(tmp) == []


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, None])
def test_two_files_are_refused_and_both_removed(tmp: Path, size: int | None) -> None:
    body = encode([("content", "a-1.0.tar.gz", b"first"), ("content", "b-1.0.tar.gz", b"second")])
    with pytest.raises(MultipleFiles):
        read(tmp, split(body, size))
    assert left_in(tmp) == []


def test_a_form_without_the_file_is_refused(tmp: Path) -> None:
    with pytest.raises(MissingField, match="no 'content' part"):
        read(tmp, encode(FIELDS))
    assert left_in(tmp) == []


def test_a_content_field_without_a_filename_is_not_a_file(tmp: Path) -> None:
    with pytest.raises(MissingField):
        read(tmp, encode([*FIELDS, ("content", "just text")]))


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "",
        "application/x-www-form-urlencoded",
        "application/json",
        "text/plain; boundary=x",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/mixed; boundary=abc",
    ],
)
def test_a_body_that_is_not_multipart_form_data_is_refused(
    tmp: Path, content_type: str | None
) -> None:
    with pytest.raises(MalformedForm, match="multipart/form-data"):
        read(tmp, upload_body(), content_type=content_type)
    assert left_in(tmp) == []


def _malformed_bodies() -> list[object]:
    good = upload_body()
    file_start = good.index(TRICKY)
    head = f"--{BOUNDARY}\r\n".encode()
    file_first = encode([("content", "demo-1.0.tar.gz", b"data"), *FIELDS])
    return [
        pytest.param(file_first[:-30], id="ends-inside-a-field-after-the-file"),
        pytest.param(
            file_first[: -len(f"--{BOUNDARY}--\r\n")], id="ends-after-a-field-after-the-file"
        ),
        pytest.param(b"not a multipart body at all", id="garbage"),
        pytest.param(b"--wrong-boundary\r\n" + good[len(head) :], id="wrong-boundary"),
        pytest.param(good[: file_start + 10], id="ends-inside-the-file"),
        pytest.param(good[:file_start], id="ends-after-the-file-headers"),
        pytest.param(good[: -len(f"--{BOUNDARY}--\r\n")], id="no-closing-boundary"),
        pytest.param(
            head + b"Content-Disposition: form-data\r\n\r\nvalue\r\n" + good, id="part-without-name"
        ),
        pytest.param(
            head + b"Content-Type: text/plain\r\n\r\nvalue\r\n" + good,
            id="part-without-disposition",
        ),
        pytest.param(head + b"this is no header line\r\n\r\nvalue\r\n" + good, id="bad-header"),
        pytest.param(encode([*FIELDS, ("content", "", b"data")]), id="file-without-a-filename"),
        pytest.param(encode([*FIELDS, ("content", "a/b/", b"data")]), id="filename-is-a-directory"),
        pytest.param(
            encode([*FIELDS, ("content", "x" * 256 + ".whl", b"data")]), id="filename-too-long"
        ),
    ]


@pytest.mark.parametrize("body", _malformed_bodies())
@pytest.mark.parametrize("size", [1, None])
def test_malformed_bodies_are_refused_and_leave_nothing(
    tmp: Path, body: bytes, size: int | None
) -> None:
    with pytest.raises(MalformedForm):
        read(tmp, split(body, size))
    assert left_in(tmp) == []


def test_every_refusal_is_an_upload_error_with_a_status_and_code(tmp: Path) -> None:
    with pytest.raises(UploadError) as caught:
        read(tmp, b"garbage")
    assert caught.value.status == 400
    assert caught.value.code == "malformed-form"
    assert caught.value.message.startswith("Malformed")


# --- failures from outside -----------------------------------------------------------------


class ClientGone(Exception):
    pass


@pytest.mark.parametrize("fail_after", [0, 1, 3, 10])
def test_a_body_stream_that_fails_leaves_nothing(tmp: Path, fail_after: int) -> None:
    chunks = split(upload_body(b"y" * 5000), 500)

    async def stream() -> AsyncIterator[bytes]:
        for chunk in chunks[:fail_after]:
            yield chunk
        raise ClientGone

    with pytest.raises(ClientGone):
        asyncio.run(read_upload_form(CONTENT_TYPE, stream(), tmp, LIMITS))
    assert left_in(tmp) == []


def test_a_cancelled_read_leaves_nothing(tmp: Path) -> None:
    started = asyncio.Event()

    async def stream() -> AsyncIterator[bytes]:
        body = upload_body(b"z" * 5000)
        yield body[: len(body) // 2]
        started.set()
        await asyncio.sleep(3600)
        yield body[len(body) // 2 :]

    async def main() -> None:
        task = asyncio.create_task(read_upload_form(CONTENT_TYPE, stream(), tmp, LIMITS))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert left_in(tmp) == []
