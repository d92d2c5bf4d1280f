"""What the admin index counts, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from stilton.db import Database, models
from stilton.review import HELD, QUARANTINED, REJECTED


@dataclass(frozen=True)
class AdminCounts:
    users: int
    admins: int
    disabled: int
    projects: int
    releases: int
    files: int
    held: int
    quarantined: int
    rejected: int
    prohibited_names: int
    projects_with_limits: int

    @property
    def awaiting_review(self) -> int:
        return self.held + self.quarantined


def admin_counts(database: Database) -> AdminCounts:
    """Blocking: call from a worker thread."""
    user, project = models.User, models.Project
    with database.session() as session:
        by_state = select(models.File.state, func.count()).group_by(models.File.state)
        files_by_state = dict(session.execute(by_state).all())
        return AdminCounts(
            users=_count(session, user),
            admins=_count(session, user, user.is_admin.is_(True)),
            disabled=_count(session, user, user.is_active.is_(False)),
            projects=_count(session, project),
            releases=_count(session, models.Release),
            files=sum(files_by_state.values()),
            held=files_by_state.get(HELD, 0),
            quarantined=files_by_state.get(QUARANTINED, 0),
            rejected=files_by_state.get(REJECTED, 0),
            prohibited_names=_count(session, models.ProhibitedName),
            projects_with_limits=_count(
                session,
                project,
                project.max_file_size.is_not(None) | project.max_total_size.is_not(None),
            ),
        )


def _count(session: Session, model: type[models.Base], *where: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0
