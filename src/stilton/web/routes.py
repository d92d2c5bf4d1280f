"""Every route of the web pages, each wrapped in the security headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from stilton.web import (
    account_pages,
    admin_pages,
    feeds,
    manage_pages,
    pages,
    review_pages,
    scan_pages,
    search_page,
    token_pages,
)
from stilton.web.assets import static_file
from stilton.web.guards import Handler, endpoint
from stilton.web.security import SecurityHeaders
from stilton.web.visitors import Visitors

Endpoint = Callable[[Request], Awaitable[Response]]


def _page(path: str, endpoint: Endpoint) -> Route:
    """A page that knows its visitor (the navigation shows who is logged in)."""
    return Route(path, endpoint, middleware=[Middleware(SecurityHeaders), Middleware(Visitors)])


def _plain(path: str, endpoint: Endpoint) -> Route:
    """Feeds and assets: the same for everyone, cacheable, never a cookie."""
    return Route(path, endpoint, middleware=[Middleware(SecurityHeaders)])


def _form(path: str, handler: Handler, methods: tuple[str, ...] = ("GET", "POST")) -> Route:
    return Route(
        path,
        endpoint(handler),
        methods=list(methods),
        middleware=[Middleware(SecurityHeaders), Middleware(Visitors)],
    )


routes = [
    _page("/", pages.home),
    _page("/search/", search_page.search),
    _page("/search", search_page.search),
    _page("/project/{name}/", pages.project),
    _page("/project/{name}", pages.project),
    _page("/project/{name}/{version}/", pages.release),
    _page("/project/{name}/{version}", pages.release),
    _page("/project/{name}/{version}/files/{filename}/scan/", scan_pages.report),
    _page("/project/{name}/{version}/files/{filename}/scan", scan_pages.report),
    _page("/user/{username}/", pages.user),
    _page("/user/{username}", pages.user),
    _plain("/rss/updates.xml", feeds.updates),
    _plain("/rss/packages.xml", feeds.packages),
    _plain("/rss/project/{name}/releases.xml", feeds.project_releases),
    _plain("/static/{digest}/{name}", static_file),
    _form("/account/", account_pages.account, ("GET",)),
    _form("/account/register/", account_pages.register),
    _form("/account/login/", account_pages.login),
    _form("/account/logout/", account_pages.logout, ("POST",)),
    _form("/account/password/", account_pages.change_password, ("POST",)),
    _form("/account/tokens/", token_pages.tokens),
    _form("/account/tokens/{identifier}/revoke/", token_pages.revoke, ("POST",)),
    *(_form(path, handler, methods) for path, handler, methods in manage_pages.ROUTES),
    *(_form(path, handler, methods) for path, handler, methods in admin_pages.ROUTES),
    *(_form(path, handler, methods) for path, handler, methods in review_pages.ROUTES),
]
