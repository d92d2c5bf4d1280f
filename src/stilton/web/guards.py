"""Decorators for pages that take forms or need a logged-in user (docs/web.md).

Every POST through them must carry the session's CSRF token, else it is refused with a 403
page before the handler runs, so nothing changes.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from stilton.web import csrf
from stilton.web.backoffice import Backoffice
from stilton.web.sessions import SignedIn
from stilton.web.site import WebSite
from stilton.web.visitors import Visitor, visitor_of

Handler = Callable[[Request, Visitor], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]
MAX_FORM_FIELDS = 200


def backoffice_of(request: Request) -> Backoffice:
    backoffice: Backoffice = request.app.state.backoffice
    return backoffice


def problem(request: Request, status: int, title: str, message: str) -> Response:
    """A page that says what went wrong, with `status`."""
    site: WebSite = request.app.state.web
    return site.page(request, "problem.html", status=status, title=title, message=message)


def form_page(handler: Handler) -> Handler:
    """Any visitor; a POST must carry the CSRF token of the visitor's session."""

    @functools.wraps(handler)
    async def run(request: Request, visitor: Visitor) -> Response:
        if request.method == "POST":
            try:
                form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0)
            except MultiPartException as error:
                return problem(request, 400, "Unreadable form", str(error))
            if not csrf.token_matches(visitor.session_id, form.get(csrf.FIELD_NAME)):
                return problem(
                    request,
                    403,
                    "Form expired or forged",
                    "The form was not sent from this site's current page (its security "
                    "token is missing, wrong or expired). Nothing was changed: go back, "
                    "reload the page and try again.",
                )
        return await handler(request, visitor)

    return run


def signed_in(handler: Handler) -> Handler:
    """A logged-in user only: others are sent to log in (or refused, for a POST)."""

    @form_page
    @functools.wraps(handler)
    async def run(request: Request, visitor: Visitor) -> Response:
        if visitor.user is None:
            if request.method == "POST":
                return problem(request, 403, "Log in first", "This needs a logged-in user.")
            query = urlencode({"next": request.url.path})
            return RedirectResponse(f"/account/login/?{query}", status_code=303)
        return await handler(request, visitor)

    return run


def admin_only(handler: Handler) -> Handler:
    """A logged-in admin only."""

    @signed_in
    @functools.wraps(handler)
    async def run(request: Request, visitor: Visitor) -> Response:
        if visitor.user is None or not visitor.user.is_admin:
            return problem(request, 403, "Admins only", "This page is for the index's admins.")
        return await handler(request, visitor)

    return run


def endpoint(handler: Handler) -> Endpoint:
    """The route endpoint for a guarded handler: hands it the request's visitor."""

    @functools.wraps(handler)
    async def run(request: Request) -> Response:
        visitor = visitor_of(request)
        if visitor is None:  # pragma: no cover - every page route has the Visitors middleware
            raise RuntimeError("the page route lacks the Visitors middleware")
        return await handler(request, visitor)

    return run


def user_of(visitor: Visitor) -> SignedIn:
    """The logged-in user of a `signed_in` handler."""
    if visitor.user is None:  # pragma: no cover - `signed_in` let nobody else through
        raise RuntimeError("user_of needs a handler wrapped in signed_in")
    return visitor.user


async def form_of(request: Request) -> FormData:
    """The form a guard has read already (Starlette keeps it on the request)."""
    return await request.form()


def field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def see_other(path: str) -> Response:
    return RedirectResponse(path, status_code=303)
