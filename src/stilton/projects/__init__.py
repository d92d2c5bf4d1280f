"""Reading what is published: projects, releases, files, and the journal's serials."""

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
    "FileView",
    "ProjectReader",
    "ProjectSnapshot",
    "ProjectSummary",
    "SerialWatcher",
    "published_files",
    "published_releases",
]
