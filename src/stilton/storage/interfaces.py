from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Protocol


class BlobStore(Protocol):
    """Where distribution files live. Keys are relative POSIX paths without `..`."""

    def put(self, key: str, source: Path) -> None:
        """Store the complete file at `source` under `key`; readers never see a partial blob."""

    def put_bytes(self, key: str, data: bytes) -> None:
        """Store small contents (metadata files) under `key`, atomically."""

    def open(self, key: str) -> BinaryIO:
        """Open the blob for reading; raises BlobNotFound."""

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int:
        """The blob's length in bytes; raises BlobNotFound."""

    def delete(self, key: str) -> None:
        """Remove the blob; deleting a missing key is not an error."""

    def local_path(self, key: str) -> Path | None:
        """A path the server may send with sendfile, or None for remote stores."""
