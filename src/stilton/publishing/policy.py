"""What admins decide about publishing: prohibited project names and per-project size limits.

Both are read by the upload checks (through `DatabaseLedger`) and changed here, from the
`stilton admin` commands. A change to a project's limits is journaled on the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from packaging.utils import canonicalize_name
from sqlalchemy import select
from sqlalchemy.orm import Session

from stilton.db import Database, models, utcnow
from stilton.distributions import is_valid_project_name
from stilton.publishing.errors import PublishingError
from stilton.publishing.records import record

MAX_REASON = 1000
DEFAULT_LIMIT = "default"
_SIZE = re.compile(r"(?P<number>\d+)\s*(?P<unit>[kmgt]i?b?|b)?", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


class PolicyError(PublishingError):
    """An admin's change that cannot be made; the message says why."""

    code = "policy"


@dataclass(frozen=True)
class ProhibitedNameView:
    normalized_name: str
    reason: str
    created: datetime
    created_by: str | None


@dataclass(frozen=True)
class ProjectLimits:
    """A project's size and its own limits (None: the index's default applies)."""

    name: str
    total_size: int
    max_file_size: int | None
    max_total_size: int | None


class PublishingPolicy:
    def __init__(self, database: Database) -> None:
        self.database = database

    def prohibit(self, name: str, reason: str = "", actor: str | None = None) -> str:
        """Prohibit new projects named `name` (in any spelling); returns the normalized name.

        An existing project of that name keeps its files and uploads."""
        normalized = _normalized(name)
        if len(reason) > MAX_REASON:
            raise PolicyError(f"The reason is longer than {MAX_REASON} characters")
        with self.database.session() as session:
            entry = session.get(models.ProhibitedName, normalized)
            if entry is None:
                entry = models.ProhibitedName(
                    normalized_name=normalized, reason=reason, created=utcnow(), created_by=actor
                )
                session.add(entry)
            else:
                entry.reason = reason
        return normalized

    def unprohibit(self, name: str) -> str:
        normalized = _normalized(name)
        with self.database.session() as session:
            entry = session.get(models.ProhibitedName, normalized)
            if entry is None:
                raise PolicyError(f"'{normalized}' is not a prohibited name")
            session.delete(entry)
        return normalized

    def prohibited(self) -> list[ProhibitedNameView]:
        with self.database.session() as session:
            rows = session.scalars(
                select(models.ProhibitedName).order_by(models.ProhibitedName.normalized_name)
            )
            return [
                ProhibitedNameView(row.normalized_name, row.reason, row.created, row.created_by)
                for row in rows
            ]

    def limits(self, project_name: str) -> ProjectLimits:
        with self.database.session() as session:
            return _limits(_project(session, project_name))

    def projects_with_limits(self) -> list[ProjectLimits]:
        """The projects that have a limit of their own, by name."""
        project = models.Project
        with self.database.session() as session:
            rows = session.scalars(
                select(project)
                .where(project.max_file_size.is_not(None) | project.max_total_size.is_not(None))
                .order_by(project.normalized_name)
            )
            return [_limits(row) for row in rows]

    def set_limits(
        self,
        project_name: str,
        *,
        max_file_size: int | None,
        max_total_size: int | None,
        actor: str | None = None,
    ) -> ProjectLimits:
        """Give the project its own limits; None puts a limit back to the index's default."""
        for limit in (max_file_size, max_total_size):
            if limit is not None and limit < 1:
                raise PolicyError("A size limit must be at least 1 byte")
        with self.database.session() as session:
            project = _project(session, project_name)
            project.max_file_size = max_file_size
            project.max_total_size = max_total_size
            action = f"set limits file={_shown(max_file_size)} total={_shown(max_total_size)}"
            record(session, project, None, None, action, actor)
            return _limits(project)


def parse_size(text: str) -> int | None:
    """A size in bytes from `104857600`, `100M`, `100MiB` or `10G` (binary units); None for
    `default` or nothing, which puts the index's limit back."""
    text = text.strip()
    if not text or text.lower() == DEFAULT_LIMIT:
        return None
    match = _SIZE.fullmatch(text)
    if match is None:
        raise PolicyError(f"{text!r} is not a size such as 104857600, 100M or 10G")
    unit = (match.group("unit") or "").lower()[:1]
    return int(match.group("number")) * _UNITS[unit]


def _normalized(name: str) -> str:
    if not is_valid_project_name(name):
        raise PolicyError(f"'{name}' is not a valid project name")
    return canonicalize_name(name)


def _project(session: Session, project_name: str) -> models.Project:
    if not is_valid_project_name(project_name):
        raise PolicyError(f"No project named '{project_name}'")
    project = session.scalar(
        select(models.Project).where(
            models.Project.normalized_name == canonicalize_name(project_name)
        )
    )
    if project is None:
        raise PolicyError(f"No project named '{project_name}'")
    return project


def _limits(project: models.Project) -> ProjectLimits:
    return ProjectLimits(
        project.name, project.total_size, project.max_file_size, project.max_total_size
    )


def _shown(limit: int | None) -> str:
    return "default" if limit is None else str(limit)
