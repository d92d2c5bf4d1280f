from __future__ import annotations

import re

from sqlalchemy import select

from stilton.db import Database, models
from stilton.projects import SerialWatcher

_KEY = re.compile(r"^([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{60})/([^/]+?)(\.metadata)?$")
_PUBLISHED = "published"


class FileGate:
    """Says whether a key under `/packages/` is a published file (or its metadata).

    A blob on disk is not enough: it may belong to a held file or to an upload that never
    committed. Answers are remembered until the journal's serial moves.
    """

    def __init__(self, database: Database, serials: SerialWatcher, capacity: int = 65536) -> None:
        self.database = database
        self.serials = serials
        self.capacity = capacity
        self._answers: dict[str, bool] = {}
        self._as_of = -1

    def fresh(self, key: str) -> bool | None:
        if self._as_of != self.serials.current:
            return None
        return self._answers.get(key)

    def check(self, key: str) -> bool:
        as_of = self.serials.current
        allowed = self._lookup(key)
        if as_of != self._as_of:
            self._answers = {}
            self._as_of = as_of
        if len(self._answers) < self.capacity:
            self._answers[key] = allowed
        return allowed

    def _lookup(self, key: str) -> bool:
        match = _KEY.match(key)
        if match is None:
            return False
        a, b, rest, filename, metadata = match.groups()
        with self.database.session() as session:
            row = session.execute(
                select(
                    models.File.blake2_256, models.File.state, models.File.metadata_sha256
                ).where(models.File.filename == filename)
            ).first()
        if row is None or row.blake2_256 != a + b + rest or row.state != _PUBLISHED:
            return False
        return metadata is None or row.metadata_sha256 is not None
