from __future__ import annotations

import hashlib
import time
from collections.abc import Callable


class LoginCache:
    """Credentials that verified recently, remembered by a digest of the header.

    Verifying a password costs argon2's ~0.5 s and an installer makes dozens of requests,
    so a success is remembered for `ttl` seconds, and only while the journal's serial (the
    `generation`) stands still: revoking a token writes a journal entry, so the next
    request after it verifies again. Failures are never remembered.
    """

    def __init__(
        self, ttl: float, capacity: int = 4096, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._clock = clock
        self._until: dict[bytes, float] = {}
        self._generation = -1

    @staticmethod
    def key(header: str) -> bytes:
        return hashlib.sha256(header.encode("utf-8", "surrogateescape")).digest()

    def hit(self, key: bytes, generation: int) -> bool:
        if generation != self._generation:
            return False
        until = self._until.get(key)
        if until is None:
            return False
        if until <= self._clock():
            del self._until[key]
            return False
        return True

    def remember(self, key: bytes, generation: int) -> None:
        if generation < self._generation:
            return  # verified before a change that others have seen already
        if generation > self._generation:
            self._until.clear()
            self._generation = generation
        if len(self._until) >= self.capacity:
            self._until.clear()
        self._until[key] = self._clock() + self.ttl
