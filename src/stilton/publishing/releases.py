"""Which stored release a version belongs to: the one whose version is equal, not just spelled
the same (`1.0` and `1.0.0` are one release, as on PyPI)."""

from __future__ import annotations

from packaging.version import InvalidVersion, Version
from sqlalchemy import select
from sqlalchemy.orm import Session

from stilton.db import models


def find_release_id(session: Session, project_id: int, version: Version) -> int | None:
    """The id of the project's release equal to `version`; one indexed query when it is spelled
    as stored, else one over the project's version strings."""
    exact = session.scalar(
        select(models.Release.id).where(
            models.Release.project_id == project_id,
            models.Release.canonical_version == str(version),
        )
    )
    if exact is not None:
        return exact
    rows = session.execute(
        select(models.Release.id, models.Release.canonical_version).where(
            models.Release.project_id == project_id
        )
    )
    for release_id, stored in rows:
        if _equal(stored, version):
            return int(release_id)
    return None


def _equal(stored: str, version: Version) -> bool:
    try:
        return Version(stored) == version
    except InvalidVersion:
        return False
