"""Every route of the web pages, each wrapped in the security headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from stilton.web import feeds, pages, search_page
from stilton.web.assets import static_file
from stilton.web.security import SecurityHeaders

Endpoint = Callable[[Request], Awaitable[Response]]


def _page(path: str, endpoint: Endpoint) -> Route:
    return Route(path, endpoint, middleware=[Middleware(SecurityHeaders)])


routes = [
    _page("/", pages.home),
    _page("/search/", search_page.search),
    _page("/search", search_page.search),
    _page("/project/{name}/", pages.project),
    _page("/project/{name}", pages.project),
    _page("/project/{name}/{version}/", pages.release),
    _page("/project/{name}/{version}", pages.release),
    _page("/user/{username}/", pages.user),
    _page("/user/{username}", pages.user),
    _page("/rss/updates.xml", feeds.updates),
    _page("/rss/packages.xml", feeds.packages),
    _page("/rss/project/{name}/releases.xml", feeds.project_releases),
    _page("/static/{digest}/{name}", static_file),
]
