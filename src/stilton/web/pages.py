"""The home, project, release and user pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.utils import canonicalize_name
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from stilton.web.presenting import project_view
from stilton.web.site import WebSite
from stilton.web.templating import project_url

LATEST_ON_HOME = 10
# What `canonicalize_name` makes of a valid name; anything else names no project, and some
# strings (NUL bytes) must not reach PostgreSQL at all.
NORMALIZED_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def site_of(request: Request) -> WebSite:
    site: WebSite = request.app.state.web
    return site


def redirect(request: Request, path: str) -> Response:
    return RedirectResponse(str(request.url.replace(path=path)), status_code=301)


def not_found(request: Request, what: str = "page") -> Response:
    return site_of(request).page(request, "not_found.html", status=404, what=what)


async def home(request: Request) -> Response:
    site = site_of(request)

    def build() -> str:
        return site.render(
            request,
            "home.html",
            counts=site.listings.counts(),
            latest=site.listings.latest_releases(LATEST_ON_HOME),
            newest=site.listings.newest_projects(LATEST_ON_HOME),
        )

    return site.html(await run_in_threadpool(build))


async def project(request: Request) -> Response:
    name: str = request.path_params["name"]
    normalized = canonicalize_name(name)
    if name != normalized or not request.url.path.endswith("/"):
        return redirect(request, f"/project/{normalized}/")
    return await _project_page(request, normalized, None)


async def release(request: Request) -> Response:
    name: str = request.path_params["name"]
    version: str = request.path_params["version"]
    normalized = canonicalize_name(name)
    if name != normalized:
        return redirect(request, project_url(normalized, version))
    return await _project_page(request, normalized, version)


@dataclass(frozen=True)
class _Moved:
    path: str


async def _project_page(request: Request, normalized: str, version: str | None) -> Response:
    if not NORMALIZED_NAME.fullmatch(normalized) or (version is not None and "\x00" in version):
        return not_found(request, "project")
    site = site_of(request)

    def build() -> str | _Moved | None:
        page = site.projects.page(normalized, version)
        if page is None:
            return None
        shown = page.release.version
        if version is not None and (version != shown or not request.url.path.endswith("/")):
            return _Moved(project_url(normalized, shown))
        return site.render(request, "project.html", **project_view(page, site.base_for(request)))

    built = await run_in_threadpool(build)
    if built is None:
        return not_found(request, "project" if version is None else "release")
    if isinstance(built, _Moved):
        return redirect(request, built.path)
    return site.html(built)


async def user(request: Request) -> Response:
    username: str = request.path_params["username"]
    if not _USERNAME.fullmatch(username):
        return not_found(request, "user")
    if not request.url.path.endswith("/"):
        return redirect(request, f"/user/{username}/")
    site = site_of(request)
    page = await run_in_threadpool(site.listings.user, username)
    if page is None:
        return not_found(request, "user")
    return site.page(request, "user.html", user=page)
