"""Checks on the name of a project the upload would create; existing projects keep theirs."""

from __future__ import annotations

from packaging.utils import canonicalize_name

from stilton.projects.names import confusable_key, is_stdlib_name
from stilton.upload.errors import (
    ConfusableNameRefused,
    ProhibitedNameRefused,
    StdlibNameRefused,
)
from stilton.upload.subject import Upload


def refuse_stdlib_name(upload: Upload) -> None:
    name = upload.dist.name
    if upload.creates_project and is_stdlib_name(name):
        raise StdlibNameRefused(
            f"Project name '{name}' is the name of a Python standard library module; choose another"
        )


def refuse_prohibited_name(upload: Upload) -> None:
    if not upload.creates_project:
        return
    reason = upload.ledger.prohibited_reason(upload.dist.normalized_name)
    if reason is not None:
        because = f": {reason}" if reason else ""
        raise ProhibitedNameRefused(
            f"Project name '{upload.dist.name}' is prohibited on this index{because}"
        )


def refuse_confusable_name(upload: Upload) -> None:
    """`-`, `_` and `.` alike, and `l`/`1`/`I`, `0`/`O` alike, as PyPI compares names."""
    if not upload.creates_project:
        return
    owner = upload.ledger.confusable_owner(confusable_key(upload.dist.name))
    # A project of this very name is the same project, created by a concurrent upload.
    if owner is not None and canonicalize_name(owner) != upload.dist.normalized_name:
        raise ConfusableNameRefused(
            f"Project name '{upload.dist.name}' is too similar to the existing project "
            f"'{owner}'; choose another"
        )
