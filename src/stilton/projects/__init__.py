"""What is published: reading it, changing it (yank, remove, roles), and the journal."""

from stilton.projects.errors import (
    AlreadyYanked,
    InvalidRole,
    LastOwnerRefused,
    NotYanked,
    ProjectError,
    ReasonTooLong,
    RoleExists,
    RoleNotHeld,
    UnknownFile,
    UnknownProject,
    UnknownRelease,
)
from stilton.projects.journal import AuditEntry, record
from stilton.projects.lifecycle import ProjectService, RoleView
from stilton.projects.reader import (
    FileView,
    ProjectReader,
    ProjectSnapshot,
    ProjectSummary,
    published_files,
    published_releases,
)
from stilton.projects.serials import SerialWatcher

__all__ = [
    "AlreadyYanked",
    "AuditEntry",
    "FileView",
    "InvalidRole",
    "LastOwnerRefused",
    "NotYanked",
    "ProjectError",
    "ProjectReader",
    "ProjectService",
    "ProjectSnapshot",
    "ProjectSummary",
    "ReasonTooLong",
    "RoleExists",
    "RoleNotHeld",
    "RoleView",
    "SerialWatcher",
    "UnknownFile",
    "UnknownProject",
    "UnknownRelease",
    "published_files",
    "published_releases",
    "record",
]
