"""Changing what is published: yank, un-yank, remove, roles, and reading the audit log.

Every change is checked against the actor's rights inside its transaction, writes a journal
entry (which moves the project's serial, so every page and cache notices), and returns that
entry's serial for the caller to hand to its `SerialWatcher`. Removed files' blobs are deleted
only after the transaction commits: a crash in between leaves an orphan blob, never a row
pointing at a missing file. Removed filenames stay reserved for good.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from stilton.accounts import OWNER, ROLES, Action, Actor, UnknownUser, find_user
from stilton.db import Database, models, utcnow
from stilton.projects.errors import (
    AlreadyYanked,
    InvalidRole,
    LastOwnerRefused,
    NotYanked,
    ReasonTooLong,
    RoleExists,
    RoleNotHeld,
    UnknownFile,
    UnknownProject,
    UnknownRelease,
)
from stilton.projects.journal import (
    REMOVE_PROJECT,
    AuditEntry,
    project_entries,
    record,
    user_entries,
)
from stilton.storage import BlobStore, StorageError

logger = logging.getLogger(__name__)

_NORMALIZED_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
MAX_REASON = 1000
DEFAULT_AUDIT_ENTRIES = 100


@dataclass(frozen=True)
class RoleView:
    username: str
    role: str


class ProjectService:
    def __init__(self, database: Database, store: BlobStore) -> None:
        self.database = database
        self.store = store

    # Yanking (PEP 592): the files stay, installers skip them unless pinned exactly.

    def yank(self, actor: Actor, name: str, version: str, reason: str = "") -> int:
        reason = " ".join(reason.split())
        if len(reason) > MAX_REASON:
            raise ReasonTooLong(f"The reason is longer than {MAX_REASON} characters")
        with self.database.session() as session:
            project = _authorized(session, actor, name, Action.YANK)
            release = _release(session, project, version)
            if release.yanked:
                raise AlreadyYanked(
                    f"{project.name} {release.version} is yanked already; "
                    "un-yank it first to change the reason"
                )
            release.yanked = True
            release.yanked_reason = reason or None
            return record(session, project, "yank release", actor, version=release.version)

    def unyank(self, actor: Actor, name: str, version: str) -> int:
        with self.database.session() as session:
            project = _authorized(session, actor, name, Action.YANK)
            release = _release(session, project, version)
            if not release.yanked:
                raise NotYanked(f"{project.name} {release.version} is not yanked")
            release.yanked = False
            release.yanked_reason = None
            return record(session, project, "unyank release", actor, version=release.version)

    # Removing: rows go, filenames stay reserved, blobs go after the commit.

    def remove_file(self, actor: Actor, name: str, version: str, filename: str) -> int:
        with self.database.session() as session:
            project = _authorized(session, actor, name, Action.REMOVE)
            release = _release(session, project, version)
            file = next((f for f in release.files if f.filename == filename), None)
            if file is None:
                raise UnknownFile(f"{project.name} {release.version} has no file '{filename}'")
            keys = _forget(session, project, [file])
            release.files.remove(file)
            serial = record(
                session,
                project,
                f"remove file {filename}",
                actor,
                version=release.version,
                filename=filename,
            )
        self._delete_blobs(keys)
        return serial

    def remove_release(self, actor: Actor, name: str, version: str) -> int:
        with self.database.session() as session:
            project = _authorized(session, actor, name, Action.REMOVE)
            release = _release(session, project, version)
            keys = _forget(session, project, release.files)
            session.delete(release)
            serial = record(session, project, "remove release", actor, version=release.version)
        self._delete_blobs(keys)
        return serial

    def remove_project(self, actor: Actor, name: str) -> int:
        """Remove every release, file and role; the name may be registered again."""
        with self.database.session() as session:
            project = _authorized(session, actor, name, Action.REMOVE)
            keys = _forget(session, project, [f for r in project.releases for f in r.files])
            session.execute(delete(models.Role).where(models.Role.project_id == project.id))
            serial = record(session, project, REMOVE_PROJECT, actor)
            session.delete(project)
        self._delete_blobs(keys)
        return serial

    def _delete_blobs(self, keys: Iterable[str]) -> None:
        for key in keys:
            try:
                self.store.delete(key)
            except (StorageError, OSError):
                logger.exception("could not delete the blob %s; it is unreferenced now", key)

    # Roles.

    def roles(self, actor: Actor, name: str) -> list[RoleView]:
        with self.database.session() as session:
            project = _authorized(session, actor, name, Action.VIEW_ROLES, lock=False)
            rows = session.execute(
                select(models.User.username, models.Role.role)
                .join(models.Role, models.Role.user_id == models.User.id)
                .where(models.Role.project_id == project.id)
            )
            views = [RoleView(username, role) for username, role in rows]
        return sorted(views, key=lambda v: (v.role != OWNER, v.role, v.username))

    def add_role(self, actor: Actor, name: str, username: str, role: str) -> int:
        """Give `username` a role, or change the one they have."""
        role = _role_name(role)
        with self.database.session() as session:
            project = _authorized(session, actor, name, Action.MANAGE_ROLES)
            user = _user(session, username)
            held = _held_role(session, project, user)
            if held is None:
                session.add(models.Role(user_id=user.id, project_id=project.id, role=role))
                action = f"add {role} {user.username}"
            elif held.role == role:
                raise RoleExists(f"{user.username} is {role} of {project.name} already")
            else:
                if held.role == OWNER:
                    _keep_an_owner(session, project)
                action = f"change {held.role} {user.username} to {role}"
                held.role = role
            return record(session, project, action, actor, subject=user.username)

    def remove_role(self, actor: Actor, name: str, username: str) -> int:
        with self.database.session() as session:
            project = _authorized(session, actor, name, Action.MANAGE_ROLES)
            user = _user(session, username)
            held = _held_role(session, project, user)
            if held is None:
                raise RoleNotHeld(f"{user.username} has no role in {project.name}")
            if held.role == OWNER:
                _keep_an_owner(session, project)
            session.delete(held)
            action = f"remove {held.role} {user.username}"
            return record(session, project, action, actor, subject=user.username)

    # Audit logs.

    def project_audit(
        self, actor: Actor, name: str, limit: int = DEFAULT_AUDIT_ENTRIES
    ) -> list[AuditEntry]:
        """A project's journal, newest first.

        Owners see the entries since the project was last registered; admins see every entry
        under the name, also once the project is removed.
        """
        normalized = canonicalize_name(name)
        with self.database.session() as session:
            project = _find_project(session, normalized, lock=False)
            if project is not None:
                role = _role_of(session, actor, project)
                actor.authorize(Action.VIEW_AUDIT, normalized, role)
            elif actor.identity is not None:
                actor.identity.check_scope(normalized)
            if project is None and not actor.is_admin:
                raise UnknownProject(f"No project named '{name}'")
            entries = project_entries(session, normalized, limit, since_removal=not actor.is_admin)
        if project is None and not entries:
            raise UnknownProject(f"No project named '{name}'")
        return entries

    def user_audit(
        self, actor: Actor, username: str, limit: int = DEFAULT_AUDIT_ENTRIES
    ) -> list[AuditEntry]:
        """What a user did and what was done to their account, newest first.

        The command line may ask about any actor name (`cli:root` too); users about
        themselves, admins about anyone.
        """
        actor.check_account(username)
        with self.database.session() as session:
            if actor.identity is not None and find_user(session, username) is None:
                raise UnknownUser(f"No user named '{username}'")
            return user_entries(session, username, limit)


def _find_project(session: Session, normalized_name: str, *, lock: bool) -> models.Project | None:
    if not _NORMALIZED_NAME.fullmatch(normalized_name):
        return None  # names no project can have; PostgreSQL refuses some (NUL) outright
    query = select(models.Project).where(models.Project.normalized_name == normalized_name)
    # Changes to one project take turns on PostgreSQL (SQLite serializes every write anyway).
    return session.scalar(query.with_for_update() if lock else query)


def _authorized(
    session: Session, actor: Actor, name: str, action: Action, *, lock: bool = True
) -> models.Project:
    normalized = canonicalize_name(name)
    project = _find_project(session, normalized, lock=lock)
    if project is None:
        raise UnknownProject(f"No project named '{name}'")
    actor.authorize(action, normalized, _role_of(session, actor, project))
    return project


def _role_of(session: Session, actor: Actor, project: models.Project) -> str | None:
    if actor.identity is None:
        return None
    return session.scalar(
        select(models.Role.role).where(
            models.Role.user_id == actor.identity.user_id, models.Role.project_id == project.id
        )
    )


def _release(session: Session, project: models.Project, version: str) -> models.Release:
    """The release whose version equals `version` (`1.0` is `1.0.0`, as uploads treat it)."""
    try:
        wanted = Version(version)
    except InvalidVersion:
        wanted = None
    release = None
    if wanted is not None:
        release = session.scalar(
            select(models.Release).where(
                models.Release.project_id == project.id,
                models.Release.canonical_version == str(wanted),
            )
        ) or next((r for r in project.releases if _equals(r.canonical_version, wanted)), None)
    if release is None:
        raise UnknownRelease(f"{project.name} has no release '{version}'")
    return release


def _equals(stored: str, wanted: Version) -> bool:
    try:
        return Version(stored) == wanted
    except InvalidVersion:
        return False


def _forget(session: Session, project: models.Project, files: list[models.File]) -> list[str]:
    """Reserve the filenames for good and take the sizes off the project; returns blob keys."""
    names = [f.filename for f in files]
    reserved = set(
        session.scalars(
            select(models.DeletedFilename.filename).where(
                models.DeletedFilename.filename.in_(names)
            )
        )
    )
    now = utcnow()
    for filename in sorted(set(names) - reserved):
        session.add(models.DeletedFilename(filename=filename, deleted=now))
    project.total_size = max(0, project.total_size - sum(f.size for f in files))
    return [key for f in files for key in (f.path, f"{f.path}.metadata")]


def _role_name(role: str) -> str:
    for known in ROLES:
        if role.strip().lower() == known.lower():
            return known
    raise InvalidRole(f"Unknown role '{role}': use one of {', '.join(ROLES)}")


def _user(session: Session, username: str) -> models.User:
    user = find_user(session, username)
    if user is None:
        raise UnknownUser(f"No user named '{username}'")
    return user


def _held_role(session: Session, project: models.Project, user: models.User) -> models.Role | None:
    return session.scalar(
        select(models.Role).where(
            models.Role.project_id == project.id, models.Role.user_id == user.id
        )
    )


def _keep_an_owner(session: Session, project: models.Project) -> None:
    owners = session.scalar(
        select(func.count())
        .select_from(models.Role)
        .where(models.Role.project_id == project.id, models.Role.role == OWNER)
    )
    if (owners or 0) <= 1:
        raise LastOwnerRefused(
            f"{project.name} would have no owner left: make someone else an owner first"
        )
