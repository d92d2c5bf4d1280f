"""What the upload checks read of stored state, as narrow as they need it.

`stilton.publishing.DatabaseLedger` implements it over the database; the unit tests use one
held in memory.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from packaging.version import Version

from stilton.publishing import ProjectFacts


class ProjectLedger(Protocol):
    def project(self, normalized_name: str) -> ProjectFacts | None: ...

    def confusable_owner(self, key: str) -> str | None:
        """The name of a project whose confusable key (`projects.names`) is `key`."""
        ...

    def prohibited_reason(self, normalized_name: str) -> str | None:
        """Why an admin prohibited the name (perhaps ""), or None when it is not prohibited."""
        ...

    def file_sha256(self, filename: str) -> str | None: ...

    def was_deleted(self, filename: str) -> bool: ...

    def filename_with_contents(self, sha256: str) -> str | None: ...

    def sdist_of(self, normalized_name: str, version: Version) -> str | None:
        """The filename of the release's sdist, if it has one."""
        ...

    def release_created(self, normalized_name: str, version: Version) -> datetime | None: ...

    def creations_since(self, since: datetime, user: str, address: str | None) -> tuple[int, int]:
        """How many projects `user`, and how many `address`, created since `since`."""
        ...

    def largest_file_limit(self) -> int | None:
        """The largest file size limit an admin set on any project."""
        ...
