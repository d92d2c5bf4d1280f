"""The configurable part of the upload rules, read once from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from stilton.config import Settings

_MB = 1024 * 1024


@dataclass(frozen=True)
class UploadRules:
    """Limits the checks enforce; 0 turns a rate limit or the release window off."""

    max_file_size: int = 100 * _MB
    """Per file, unless an admin set the project's own (`stilton admin limits`)."""
    max_project_size: int = 10 * 1024 * _MB
    """All of a project's files together, unless an admin set the project's own."""
    creations_per_hour_per_user: int = 20
    creations_per_hour_per_address: int = 20
    new_file_window: timedelta | None = None
    """How long after a release was created files may still be added to it; None: forever."""

    @classmethod
    def from_settings(cls, settings: Settings) -> UploadRules:
        days = settings.new_file_window_days
        return cls(
            max_file_size=settings.max_file_size,
            max_project_size=settings.max_project_size,
            creations_per_hour_per_user=settings.project_creations_per_hour_per_user,
            creations_per_hour_per_address=settings.project_creations_per_hour_per_address,
            new_file_window=timedelta(days=days) if days > 0 else None,
        )
