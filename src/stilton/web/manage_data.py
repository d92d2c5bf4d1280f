"""What a project's management page shows: its releases and files, roles, your standing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from stilton.accounts import MAINTAINER, OWNER
from stilton.db import Database, models
from stilton.search import version_key
from stilton.web.sessions import SignedIn


@dataclass(frozen=True)
class ManagedFile:
    filename: str
    size: int
    state: str
    upload_time: datetime


@dataclass(frozen=True)
class ManagedRelease:
    version: str
    created: datetime
    yanked: bool
    yanked_reason: str | None
    files: tuple[ManagedFile, ...]


@dataclass(frozen=True)
class Collaborator:
    username: str
    role: str


@dataclass(frozen=True)
class ManagedProject:
    name: str
    normalized_name: str
    releases: tuple[ManagedRelease, ...]
    """Newest first."""
    collaborators: tuple[Collaborator, ...]
    your_role: str | None
    may_change: bool
    """Owners and admins change things; maintainers only look."""


def managed_project(
    database: Database, normalized_name: str, user: SignedIn
) -> ManagedProject | None:
    """The project as its management page shows it to `user`; None if there is no such project.

    A user with no role (and not an admin) gets the project with `your_role` None and
    `may_change` False: the caller refuses them.
    """
    with database.session() as session:
        project = session.scalar(
            select(models.Project)
            .where(models.Project.normalized_name == normalized_name)
            .options(selectinload(models.Project.releases).selectinload(models.Release.files))
        )
        if project is None:
            return None
        rows = session.execute(
            select(models.User.username, models.Role.role)
            .join(models.Role, models.Role.user_id == models.User.id)
            .where(models.Role.project_id == project.id)
        )
        collaborators = sorted(
            (Collaborator(username, role) for username, role in rows),
            key=lambda c: (c.role != OWNER, c.username.lower()),
        )
        yours = next((c.role for c in collaborators if c.username == user.username), None)
        releases = sorted(
            (
                ManagedRelease(
                    release.version,
                    release.created,
                    release.yanked,
                    release.yanked_reason,
                    tuple(
                        ManagedFile(f.filename, f.size, f.state, f.upload_time)
                        for f in sorted(release.files, key=lambda f: f.filename)
                    ),
                )
                for release in project.releases
            ),
            key=lambda r: version_key(r.version),
            reverse=True,
        )
        return ManagedProject(
            name=project.name,
            normalized_name=project.normalized_name,
            releases=tuple(releases),
            collaborators=tuple(collaborators),
            your_role=yours,
            may_change=yours == OWNER or user.is_admin,
        )


def may_look(project: ManagedProject) -> bool:
    return project.may_change or project.your_role == MAINTAINER
