from __future__ import annotations

import json

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from stilton.db import models
from stilton.jsonapi.document import project_document
from stilton.projects import ProjectReader


async def project_json(request: Request) -> Response:
    return await _answer(request, version=None)


async def release_json(request: Request) -> Response:
    return await _answer(request, version=request.path_params["version"])


async def _answer(request: Request, version: str | None) -> Response:
    name: str = request.path_params["name"]
    normalized = canonicalize_name(name)
    if name != normalized:
        path = request.url.path.replace(f"/pypi/{name}/", f"/pypi/{normalized}/", 1)
        return RedirectResponse(str(request.url.replace(path=path)), status_code=301)
    reader: ProjectReader = request.app.state.reader
    project = await run_in_threadpool(reader.project, normalized)
    if project is None:
        return _not_found()
    release = None
    if version is not None:
        release = _find_release(project, version)
        if release is None:
            return _not_found()
    document = project_document(project, release, _base_url(request))
    if document is None:
        return _not_found()
    return Response(
        json.dumps(document, ensure_ascii=False),
        media_type="application/json",
        headers={"X-PyPI-Last-Serial": str(project.last_serial), "Cache-Control": "max-age=60"},
    )


def _find_release(project: models.Project, version: str) -> models.Release | None:
    try:
        canonical = str(Version(version))
    except InvalidVersion:
        return None
    return next((r for r in project.releases if r.canonical_version == canonical), None)


def _base_url(request: Request) -> str:
    configured: str = request.app.state.settings.base_url
    return configured.rstrip("/") or str(request.base_url).rstrip("/")


def _not_found() -> Response:
    return PlainTextResponse("Not Found", 404)


routes = [
    Route("/pypi/{name}/json", project_json),
    Route("/pypi/{name}/{version}/json", release_json),
]
