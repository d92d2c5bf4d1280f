from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IncomingFile:
    """A received file on local disk with the digests computed while it streamed in."""

    path: Path
    filename: str
    size: int
    sha256: str
    md5: str
    blake2_256: str
