"""Shapes a project as the JSON API answers it, with the field names tools know."""

from __future__ import annotations

from typing import Any

from packaging.version import InvalidVersion, Version

from stilton.db import models
from stilton.projects import published_files, published_releases


def latest_release(releases: list[models.Release]) -> models.Release:
    """The newest final release that is not yanked, else the newest of any kind."""
    for release in reversed(releases):
        if not release.yanked and not _is_prerelease(release.version):
            return release
    return releases[-1]


def _is_prerelease(version: str) -> bool:
    try:
        return Version(version).is_prerelease
    except InvalidVersion:
        return True


def project_document(
    project: models.Project, release: models.Release | None, base_url: str
) -> dict[str, Any] | None:
    """None when the project (or the asked-for release) has nothing published."""
    releases = published_releases(project)
    if not releases:
        return None
    whole_project = release is None
    shown = latest_release(releases) if release is None else release
    if shown not in releases:
        return None
    document: dict[str, Any] = {
        "info": _info(project, shown, base_url),
        "last_serial": project.last_serial,
        "urls": [_file(shown, f, base_url) for f in published_files(shown)],
        "vulnerabilities": [],
    }
    if whole_project:
        document["releases"] = {
            r.version: [_file(r, f, base_url) for f in published_files(r)] for r in releases
        }
    return document


def _info(project: models.Project, release: models.Release, base_url: str) -> dict[str, Any]:
    project_url = f"{base_url}/project/{project.normalized_name}/"
    return {
        "author": release.author or "",
        "author_email": release.author_email or "",
        "bugtrack_url": None,
        "classifiers": release.classifiers,
        "description": release.description or "",
        "description_content_type": release.description_content_type,
        "docs_url": None,
        "download_url": release.download_url or "",
        "downloads": {"last_day": -1, "last_month": -1, "last_week": -1},
        "dynamic": release.dynamic or None,
        "home_page": release.home_page or "",
        "keywords": ",".join(release.keywords),
        "license": release.license or "",
        "license_expression": release.license_expression,
        "license_files": release.license_files or None,
        "maintainer": release.maintainer or "",
        "maintainer_email": release.maintainer_email or "",
        "metadata_version": release.metadata_version,
        "name": project.name,
        "package_url": project_url,
        "platform": ", ".join(release.platforms) or None,
        "project_url": project_url,
        "project_urls": dict(release.project_urls) or None,
        "provides_extra": release.provides_extra or None,
        "release_url": f"{project_url}{release.version}/",
        "requires_dist": release.requires_dist or None,
        "requires_python": release.requires_python or "",
        "summary": release.summary or "",
        "version": release.version,
        "yanked": release.yanked,
        "yanked_reason": release.yanked_reason,
    }


def _file(release: models.Release, file: models.File, base_url: str) -> dict[str, Any]:
    uploaded = file.upload_time
    return {
        "comment_text": "",
        "digests": {"blake2b_256": file.blake2_256, "md5": file.md5, "sha256": file.sha256},
        "downloads": -1,
        "filename": file.filename,
        "has_sig": False,
        "md5_digest": file.md5,
        "packagetype": file.packagetype,
        "python_version": file.python_version,
        "requires_python": file.requires_python,
        "size": file.size,
        "upload_time": uploaded.strftime("%Y-%m-%dT%H:%M:%S"),
        "upload_time_iso_8601": uploaded.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "url": f"{base_url}/packages/{file.path}",
        "yanked": release.yanked,
        "yanked_reason": release.yanked_reason,
    }
