"""A decompressed stream that tarfile reads forward in chunks, each chunk checked as it comes."""

from __future__ import annotations

import io
from typing import Protocol

CHUNK = 64 * 1024


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


class CheckedStream:
    """Reads `source` at most `CHUNK` bytes at a time, counts what it gave in `expanded`, and
    calls `check` after every chunk, which raises to stop reading (a bomb, a budget spent)."""

    def __init__(self, source: Readable) -> None:
        self._source = source
        self.expanded = 0

    def check(self, chunk: bytes) -> None:
        raise NotImplementedError

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > CHUNK:
            size = CHUNK
        data = self._source.read(size)
        self.expanded += len(data)
        self.check(data)
        return data

    # The rest of the file protocol tarfile asks for; a read-only stream does not move back.
    def tell(self) -> int:
        return self.expanded

    def seek(self, pos: int, /) -> int:
        raise io.UnsupportedOperation("seek")

    def write(self, b: bytes, /) -> int:
        raise io.UnsupportedOperation("write")

    def close(self) -> None:
        return None
