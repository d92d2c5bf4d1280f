"""Checks on sizes and rates: a project's file and total size, and how fast projects appear.

The index-wide file size limit already stopped the body while it streamed; a project's own
limit, which an admin may set lower or higher, is known only once the file names its project,
so it is checked here, after the body was read (never past the largest limit in force).
"""

from __future__ import annotations

from datetime import timedelta

from stilton.upload.errors import FileTooLarge, ProjectTooLarge, TooManyProjectsCreated
from stilton.upload.subject import Upload

RATE_WINDOW = timedelta(hours=1)


def refuse_file_over_project_limit(upload: Upload) -> None:
    project, size = upload.project, upload.form.file.size
    own = project.max_file_size if project is not None else None
    limit = own if own is not None else upload.rules.max_file_size
    if size > limit:
        scope = f" for project '{project.name}'" if own is not None and project else ""
        raise FileTooLarge(f"File too large: the limit{scope} is {limit} bytes")


def refuse_project_over_total(upload: Upload) -> None:
    project, size = upload.project, upload.form.file.size
    own = project.max_total_size if project is not None else None
    limit = own if own is not None else upload.rules.max_project_size
    total = (project.total_size if project is not None else 0) + size
    if limit and total > limit:
        raise ProjectTooLarge(
            f"Project too large: '{upload.dist.name}' would hold {total} bytes; "
            f"the limit is {limit} bytes"
        )


def refuse_too_many_new_projects(upload: Upload) -> None:
    """Per user and per client address, over the last hour (0 turns a limit off)."""
    rules = upload.rules
    if not upload.creates_project or not (
        rules.creations_per_hour_per_user or rules.creations_per_hour_per_address
    ):
        return
    by_user, by_address = upload.ledger.creations_since(
        upload.now - RATE_WINDOW, upload.uploader, upload.address
    )
    for count, limit, who in (
        (by_user, rules.creations_per_hour_per_user, f"user '{upload.uploader}'"),
        (by_address, rules.creations_per_hour_per_address, f"address {upload.address}"),
    ):
        if limit and count >= limit:
            raise TooManyProjectsCreated(
                f"Too many new projects: {who} created {count} in the last hour, the limit is "
                f"{limit}; try again later"
            )
