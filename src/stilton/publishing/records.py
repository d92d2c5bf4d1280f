from __future__ import annotations

from sqlalchemy.orm import Session

from stilton.db import models, utcnow
from stilton.distributions import Distribution
from stilton.projects.journal import append_entry
from stilton.publishing.incoming import IncomingFile


def record(
    session: Session,
    project: models.Project,
    version: str | None,
    filename: str | None,
    action: str,
    actor: str | None,
    client_ip: str | None = None,
) -> int:
    """Append a journal entry and move the project's serial to it."""
    return append_entry(
        session,
        project,
        action,
        actor_name=actor,
        client_ip=client_ip,
        version=version,
        filename=filename,
    )


def new_release(project: models.Project, dist: Distribution) -> models.Release:
    meta = dist.metadata
    return models.Release(
        project=project,
        version=meta.version,
        canonical_version=str(dist.filename.version),
        created=utcnow(),
        yanked=False,
        metadata_version=meta.metadata_version,
        summary=meta.summary,
        description=meta.description,
        description_content_type=meta.description_content_type,
        keywords=list(meta.keywords),
        home_page=meta.home_page,
        download_url=meta.download_url,
        author=meta.author,
        author_email=meta.author_email,
        maintainer=meta.maintainer,
        maintainer_email=meta.maintainer_email,
        license=meta.license,
        license_expression=meta.license_expression,
        license_files=list(meta.license_files),
        classifiers=list(meta.classifiers),
        platforms=list(meta.platforms),
        requires_dist=list(meta.requires_dist),
        requires_python=meta.requires_python,
        requires_external=list(meta.requires_external),
        provides_extra=list(meta.provides_extra),
        provides_dist=list(meta.provides_dist),
        obsoletes_dist=list(meta.obsoletes_dist),
        project_urls=[list(pair) for pair in meta.project_urls],
        dynamic=list(meta.dynamic),
    )


def new_file(
    release: models.Release,
    dist: Distribution,
    incoming: IncomingFile,
    uploader_id: int,
    metadata_sha256: str | None,
    state: str = "published",
) -> models.File:
    return models.File(
        release=release,
        filename=incoming.filename,
        packagetype=dist.filename.filetype,
        python_version=dist.filename.python_version,
        requires_python=dist.metadata.requires_python,
        size=incoming.size,
        sha256=incoming.sha256,
        blake2_256=incoming.blake2_256,
        md5=incoming.md5,
        metadata_sha256=metadata_sha256,
        upload_time=utcnow(),
        uploader_id=uploader_id,
        state=state,
    )
