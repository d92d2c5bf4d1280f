from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from stilton.storage.errors import BlobNotFound
from stilton.storage.keys import validate_key


class MemoryBlobStore:
    """Blobs in a dict: for tests and throwaway indexes."""

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}

    def put(self, key: str, source: Path) -> None:
        self._blobs[validate_key(key)] = source.read_bytes()

    def put_bytes(self, key: str, data: bytes) -> None:
        self._blobs[validate_key(key)] = bytes(data)

    def open(self, key: str) -> BinaryIO:
        try:
            return io.BytesIO(self._blobs[validate_key(key)])
        except KeyError as error:
            raise BlobNotFound(key) from error

    def exists(self, key: str) -> bool:
        return validate_key(key) in self._blobs

    def size(self, key: str) -> int:
        try:
            return len(self._blobs[validate_key(key)])
        except KeyError as error:
            raise BlobNotFound(key) from error

    def delete(self, key: str) -> None:
        self._blobs.pop(validate_key(key), None)

    def local_path(self, key: str) -> Path | None:
        validate_key(key)
        return None
