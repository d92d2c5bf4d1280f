"""Streams a multipart upload to disk, hashing as it goes, within size limits."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from stilton.publishing import IncomingFile
from stilton.upload.errors import (
    FieldTooLarge,
    FileTooLarge,
    MalformedForm,
    MissingField,
    MultipleFiles,
)

FILE_FIELD = "content"
_MAX_FIELDS = 1000
_MAX_FILENAME = 255


@dataclass(frozen=True)
class FormLimits:
    max_file_size: int
    max_field_size: int


@dataclass(frozen=True)
class UploadForm:
    fields: dict[str, list[str]]
    file: IncomingFile

    def get(self, name: str) -> str | None:
        values = self.fields.get(name)
        return values[0] if values else None

    def discard(self) -> None:
        self.file.path.unlink(missing_ok=True)


class _FileSink:
    def __init__(self, directory: Path, filename: str, limit: int) -> None:
        self.filename = filename
        self.limit = limit
        self.size = 0
        handle, name = tempfile.mkstemp(dir=directory, prefix="upload-", suffix=".part")
        self.path = Path(name)
        self.stream: IO[bytes] = os.fdopen(handle, "wb")
        self.digests = (hashlib.sha256(), hashlib.md5(usedforsecurity=False))
        self.blake2 = hashlib.blake2b(digest_size=32)

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FileTooLarge(f"File too large: the limit is {self.limit} bytes")
        self.stream.write(data)
        for digest in self.digests:
            digest.update(data)
        self.blake2.update(data)

    def close(self) -> IncomingFile:
        self.stream.close()
        sha256, md5 = self.digests
        return IncomingFile(
            self.path, self.filename, self.size, sha256.hexdigest(), md5.hexdigest(),
            self.blake2.hexdigest(),
        )  # fmt: skip


class _FormCollector:
    """Receives the parser's callbacks and routes part data to a field or the file."""

    def __init__(self, directory: Path, limits: FormLimits) -> None:
        self.directory = directory
        self.limits = limits
        self.fields: dict[str, list[str]] = defaultdict(list)
        self.file: IncomingFile | None = None
        self.sink: _FileSink | None = None
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._field_name: str | None = None
        self._field_data = bytearray()
        self._fields_seen = 0
        self.complete = False

    def on_part_begin(self) -> None:
        self._headers = {}
        self._field_name = None
        self._field_data = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_name.lower()] = self._header_value
        self._header_name = self._header_value = b""

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        if b"name" not in params:
            raise MalformedForm("Malformed form: a part has no name")
        name = params[b"name"].decode("utf-8", "replace")
        self._fields_seen += 1
        if self._fields_seen > _MAX_FIELDS:
            raise FieldTooLarge(f"Too many form fields: at most {_MAX_FIELDS}")
        if b"filename" in params:
            self._begin_file(name, params[b"filename"].decode("utf-8", "replace"))
        else:
            self._field_name = name

    def _begin_file(self, name: str, filename: str) -> None:
        if name != FILE_FIELD:
            self._field_name = None  # extra files (signatures, attestations) are not kept
            return
        if self.sink is not None or self.file is not None:
            raise MultipleFiles("Upload exactly one file per request")
        filename = os.path.basename(filename.replace("\\", "/"))
        if not filename or len(filename) > _MAX_FILENAME:
            raise MalformedForm("Malformed form: the file part has no usable filename")
        self.sink = _FileSink(self.directory, filename, self.limits.max_file_size)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.sink is not None:
            self.sink.write(data[start:end])
        elif self._field_name is not None:
            self._field_data += data[start:end]
            if len(self._field_data) > self.limits.max_field_size:
                raise FieldTooLarge(
                    f"Form field '{self._field_name}' is too large: "
                    f"the limit is {self.limits.max_field_size} bytes"
                )

    def on_part_end(self) -> None:
        if self.sink is not None:
            self.file = self.sink.close()
            self.sink = None
        elif self._field_name is not None:
            value = self._field_data.decode("utf-8", "replace")
            self.fields[self._field_name].append(value)

    def on_end(self) -> None:
        self.complete = True

    def abandon(self) -> None:
        if self.sink is not None:
            self.sink.stream.close()
            self.sink.path.unlink(missing_ok=True)
        if self.file is not None:
            self.file.path.unlink(missing_ok=True)


async def read_upload_form(
    content_type: str | None, body: AsyncIterator[bytes], directory: Path, limits: FormLimits
) -> UploadForm:
    """Parse the request body; on any failure nothing is left on disk."""
    media_type, params = parse_options_header(content_type)
    if media_type != b"multipart/form-data" or not params.get(b"boundary"):
        raise MalformedForm("The upload must be multipart/form-data with a boundary")
    collector = _FormCollector(directory, limits)
    callbacks = {
        name: getattr(collector, name)
        for name in (
            "on_part_begin", "on_part_data", "on_part_end", "on_header_field",
            "on_header_value", "on_header_end", "on_headers_finished", "on_end",
        )
    }  # fmt: skip
    try:
        parser = MultipartParser(params[b"boundary"], callbacks)  # type: ignore[arg-type]
        async for chunk in body:
            parser.write(chunk)
        parser.finalize()
        if collector.sink is not None:
            raise MalformedForm("Malformed form: the body ended inside the file")
        if not collector.complete:
            # A body cut short after a part would otherwise lose its last fields unnoticed.
            raise MalformedForm("Malformed form: the body ended before the closing boundary")
    except FormParserError as error:
        collector.abandon()
        raise MalformedForm(f"Malformed multipart form: {error}") from error
    except BaseException:
        collector.abandon()
        raise
    if collector.file is None:
        raise MissingField(f"Missing the file: the form has no '{FILE_FIELD}' part")
    return UploadForm(dict(collector.fields), collector.file)
