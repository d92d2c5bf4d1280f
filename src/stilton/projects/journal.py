"""The journal: one entry per change, read back as audit logs per project and per user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from stilton.accounts import Actor
from stilton.db import models, utcnow

REMOVE_PROJECT = "remove project"
MAX_ENTRIES = 1000


@dataclass(frozen=True)
class AuditEntry:
    serial: int
    project: str | None
    version: str | None
    filename: str | None
    action: str
    submitted: datetime
    actor: str | None
    subject: str | None
    client_ip: str | None


def record(
    session: Session,
    project: models.Project,
    action: str,
    actor: Actor,
    *,
    version: str | None = None,
    filename: str | None = None,
    subject: str | None = None,
) -> int:
    """Append a journal entry about `project` and move the project's serial to it."""
    return append_entry(
        session,
        project,
        action,
        actor_name=actor.name,
        client_ip=actor.client_ip,
        version=version,
        filename=filename,
        subject=subject,
    )


def append_entry(
    session: Session,
    project: models.Project,
    action: str,
    *,
    actor_name: str | None,
    client_ip: str | None,
    version: str | None = None,
    filename: str | None = None,
    subject: str | None = None,
) -> int:
    """`record` for writers that name the actor themselves (publishing: the uploader, or no
    one for what follows from an upload)."""
    entry = models.JournalEntry(
        name=project.name,
        normalized_name=project.normalized_name,
        version=version,
        filename=filename,
        action=action,
        submitted=utcnow(),
        actor=actor_name,
        client_ip=client_ip,
        subject=subject,
    )
    session.add(entry)
    session.flush()
    project.last_serial = entry.serial
    return entry.serial


def project_entries(
    session: Session, normalized_name: str, limit: int, *, since_removal: bool
) -> list[AuditEntry]:
    """A project's entries, newest first; `since_removal` hides an earlier, removed project's."""
    query = select(models.JournalEntry).where(
        models.JournalEntry.normalized_name == normalized_name
    )
    if since_removal:
        removed = session.scalar(
            select(func.max(models.JournalEntry.serial)).where(
                models.JournalEntry.normalized_name == normalized_name,
                models.JournalEntry.action == REMOVE_PROJECT,
            )
        )
        if removed is not None:
            query = query.where(models.JournalEntry.serial > removed)
    return _newest(session, query, limit)


def user_entries(session: Session, username: str, limit: int) -> list[AuditEntry]:
    """What `username` did, and what was done to their account (roles, tokens)."""
    query = select(models.JournalEntry).where(
        or_(models.JournalEntry.actor == username, models.JournalEntry.subject == username)
    )
    return _newest(session, query, limit)


def _newest(session: Session, query: Select[models.JournalEntry], limit: int) -> list[AuditEntry]:
    limit = max(1, min(limit, MAX_ENTRIES))
    rows = session.scalars(query.order_by(models.JournalEntry.serial.desc()).limit(limit))
    return [
        AuditEntry(
            serial=row.serial,
            project=row.name,
            version=row.version,
            filename=row.filename,
            action=row.action,
            submitted=row.submitted,
            actor=row.actor,
            subject=row.subject,
            client_ip=row.client_ip,
        )
        for row in rows
    ]
