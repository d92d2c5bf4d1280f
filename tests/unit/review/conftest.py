"""A migrated SQLite index in the test's directory and a way to publish real files into it
through `Publisher`, scanned as the upload gate scans them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from stilton.accounts import AccountService, Actor, Identity
from stilton.db import Database
from stilton.distributions import inspect
from stilton.publishing import IncomingFile, Publisher, PublishOutcome
from stilton.review import ScanGate
from stilton.scanning import DEFAULT_POLICY
from stilton.storage import LocalBlobStore
from tests.support.sqlite import database, migrated

__all__ = ["database", "migrated"]

ADMIN = Actor.user(Identity(99, "root", True, None))
USER = Actor.user(Identity(98, "mallory", False, None))


class Shelf:
    """Publishes files as an upload would: inspected, scanned by the gate, recorded."""

    def __init__(self, database: Database, root: Path) -> None:
        self.database = database
        self.store = LocalBlobStore(root / "files")
        self.gate = ScanGate(database, DEFAULT_POLICY, lambda: database.max_serial())
        user_id = AccountService(database).create_user("alice", "alice@example.invalid", None)
        self.identity = Identity(user_id, "alice", False, None)

    def publish(self, path: Path, *, scan: bool = True) -> PublishOutcome:
        dist = inspect(path, path.name)
        data = path.read_bytes()
        incoming = IncomingFile(
            path,
            path.name,
            len(data),
            hashlib.sha256(data).hexdigest(),
            hashlib.md5(data, usedforsecurity=False).hexdigest(),
            hashlib.blake2b(data, digest_size=32).hexdigest(),
        )
        report = self.gate.screen(dist, path) if scan else None
        return Publisher(self.database, self.store).publish(
            dist, incoming, self.identity, report=report
        )


@pytest.fixture
def shelf(database: Database, tmp_path: Path) -> Shelf:
    return Shelf(database, tmp_path)
