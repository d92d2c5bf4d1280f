"""RSS 2.0 feeds: newest releases and newest projects, site-wide and per project."""

from __future__ import annotations

from packaging.utils import canonicalize_name
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from stilton.web.listings import ReleaseItem
from stilton.web.pages import NORMALIZED_NAME, not_found, redirect, site_of

FEED_ITEMS = 40
RSS = "application/rss+xml; charset=utf-8"


async def updates(request: Request) -> Response:
    site = site_of(request)
    items = await run_in_threadpool(site.listings.latest_releases, FEED_ITEMS)
    return _feed(request, "Newest releases", "/", items, with_versions=True)


async def packages(request: Request) -> Response:
    site = site_of(request)
    items = await run_in_threadpool(site.listings.newest_projects, FEED_ITEMS)
    return _feed(request, "Newest projects", "/", items, with_versions=False)


async def project_releases(request: Request) -> Response:
    name: str = request.path_params["name"]
    normalized = canonicalize_name(name)
    if name != normalized:
        return redirect(request, f"/rss/project/{normalized}/releases.xml")
    if not NORMALIZED_NAME.fullmatch(normalized):
        return not_found(request, "project")
    site = site_of(request)
    items = await run_in_threadpool(site.listings.project_releases, normalized, FEED_ITEMS)
    if not items:
        return not_found(request, "project")
    title = f"Releases of {items[0].name}"
    return _feed(request, title, f"/project/{normalized}/", items, with_versions=True)


def _feed(
    request: Request, title: str, link: str, items: list[ReleaseItem], *, with_versions: bool
) -> Response:
    site = site_of(request)
    body = site.render(
        request, "feed.xml", title=title, link=link, items=items, with_versions=with_versions
    )
    return Response(body, media_type=RSS, headers={"Cache-Control": "max-age=300"})
