from __future__ import annotations

import re

from stilton.storage.errors import InvalidBlobKey

_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+~!-]*")
_MAX_KEY = 1024


def validate_key(key: str) -> str:
    """Every backend calls this first, so no implementation can be led outside its root."""
    if not key or len(key) > _MAX_KEY:
        raise InvalidBlobKey(f"blob key of length {len(key)} is not allowed")
    for segment in key.split("/"):
        if segment in {".", ".."} or not _SAFE_SEGMENT.fullmatch(segment):
            raise InvalidBlobKey(f"blob key {key!r} has an unsafe segment {segment!r}")
    return key
