"""Projects, releases, files and roles written straight into the database.

For tests of what happens to published things (yank, remove, roles, audit) that do not need
the upload path: building and uploading archives costs far more than a few inserts. The
blobs are not written; removing a file whose blob is missing is not an error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from packaging.utils import canonicalize_name
from sqlalchemy import select
from sqlalchemy.orm import Session

from stilton.db import models, utcnow
from stilton.projects.names import confusable_key


def digest(text: str, size: int = 32) -> str:
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def filenames(name: str, version: str) -> tuple[str, str]:
    """The wheel and the sdist `add_project` gives each release."""
    stem = f"{canonicalize_name(name).replace('-', '_')}-{version}"
    return f"{stem}-py3-none-any.whl", f"{stem}.tar.gz"


def add_project(
    session: Session,
    name: str,
    *,
    roles: Iterable[tuple[str, str]] = (),
    versions: Iterable[str] = ("1.0", "2.0"),
    yanked: Iterable[str] = (),
    size: int = 1000,
) -> models.Project:
    """A project whose releases each have a wheel and an sdist of `size` bytes.

    `roles` are (user name, role) pairs; the users must exist.
    """
    now = utcnow()
    versions = list(versions)
    project = models.Project(
        name=name,
        normalized_name=canonicalize_name(name),
        confusable_name=confusable_key(name),
        created=now,
        last_serial=0,
        total_size=2 * size * len(versions),
    )
    session.add(project)
    session.flush()
    for username, role in roles:
        user = session.scalar(select(models.User).where(models.User.username == username))
        assert user is not None, username
        session.add(models.Role(user_id=user.id, project_id=project.id, role=role))
    for version in versions:
        release = models.Release(
            project=project,
            version=version,
            canonical_version=version,
            created=now,
            yanked=version in set(yanked),
            yanked_reason=None,
            metadata_version="2.1",
        )
        session.add(release)
        for filename in filenames(name, version):
            session.add(
                models.File(
                    release=release,
                    filename=filename,
                    packagetype="bdist_wheel" if filename.endswith(".whl") else "sdist",
                    python_version="py3" if filename.endswith(".whl") else "source",
                    size=size,
                    sha256=digest(filename),
                    blake2_256=digest("b2" + filename),
                    md5=digest(filename, 16),
                    upload_time=now,
                    state="published",
                )
            )
    session.flush()
    return project
