"""`/admin/`: counts, users, prohibited project names and per-project size limits.

Admins only: `admin_only` answers anyone else with a 403 page, and refuses a POST without
the session's CSRF token before the handler runs. Every change goes through the service that
owns it (`UserAdmin`, `PublishingPolicy`), which journals it as it does for the command
line. The review queue has its own module, `review_pages`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from packaging.utils import canonicalize_name
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from stilton.accounts import AccountChange, AccountError, Actor, UserAdmin
from stilton.db import Database
from stilton.publishing import PolicyError, ProjectLimits, PublishingPolicy, parse_size
from stilton.web.account_pages import site_of
from stilton.web.admin_data import admin_counts
from stilton.web.guards import (
    Handler,
    admin_only,
    backoffice_of,
    field,
    form_of,
    problem,
    see_other,
    user_of,
)
from stilton.web.token_pages import actor_of
from stilton.web.visitors import Visitor

HOME = "/admin/"
USERS = HOME + "users/"
NAMES = HOME + "prohibited/"
LIMITS = HOME + "limits/"
MAX_FIELD = 1000


def database_of(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def printable(text: str, limit: int = MAX_FIELD) -> str:
    """Form text without control characters (a NUL would not even reach PostgreSQL)."""
    return "".join(c for c in text[: limit + 1] if c.isprintable() or c == " ").strip()


async def render(
    request: Request, template: str, build: Callable[[], dict[str, Any]], status: int = 200
) -> Response:
    """The page from what `build` reads (blocking, so it runs in a worker thread)."""
    site = site_of(request)

    def page() -> str:
        return site.render(request, template, **build())

    return site.html(await run_in_threadpool(page), status)


@admin_only
async def home(request: Request, visitor: Visitor) -> Response:
    database = database_of(request)
    return await render(request, "admin/index.html", lambda: {"counts": admin_counts(database)})


# Users.


@admin_only
async def users(request: Request, visitor: Visitor) -> Response:
    return await _users_page(request, visitor, printable(request.query_params.get("q", "")))


async def _users_page(
    request: Request, visitor: Visitor, text: str, error: str = "", status: int = 200
) -> Response:
    accounts = UserAdmin(database_of(request))
    actor = actor_of(visitor)

    def build() -> dict[str, Any]:
        return {
            "listing": accounts.find(actor, text),
            "user_query": text,
            "me": user_of(visitor).username,
            "error": error,
        }

    return await render(request, "admin/users.html", build, status)


AccountChanger = Callable[[UserAdmin, Actor, str, bool], AccountChange]


def _account_change(
    change: AccountChanger, flag: str, said: tuple[str, str], *, log_out_when_off: bool = False
) -> Handler:
    """A POST that sets `flag` ("yes"/"no") on the user named in the path; `said` is the
    message for yes and for no."""

    @admin_only
    async def run(request: Request, visitor: Visitor) -> Response:
        form = await form_of(request)
        username: str = request.path_params["username"]
        value = field(form, flag) == "yes"
        text = printable(field(form, "q"))
        accounts = UserAdmin(database_of(request))
        backoffice = backoffice_of(request)

        def apply() -> None:
            outcome = change(accounts, actor_of(visitor), username, value)
            if outcome.serial is not None:
                backoffice.serial_changed(outcome.serial)
            if log_out_when_off and not value:
                backoffice.sessions.delete_for_user(outcome.user_id)
            visitor.flash(said[0 if value else 1].format(username=username))

        try:
            await run_in_threadpool(apply)
        except AccountError as error:
            if error.status == 404:
                return problem(request, 404, "No such user", str(error))
            return await _users_page(request, visitor, text, f"{error}.", error.status)
        return see_other(USERS + (f"?{urlencode({'q': text})}" if text else ""))

    return run


set_admin = _account_change(
    UserAdmin.set_admin,
    "admin",
    ("{username} is now an admin.", "{username} is no longer an admin."),
)
set_active = _account_change(
    UserAdmin.set_active,
    "active",
    ("{username} is enabled again.", "{username} is disabled and logged out everywhere."),
    log_out_when_off=True,
)


# Prohibited project names.


@admin_only
async def prohibited(request: Request, visitor: Visitor) -> Response:
    if request.method == "GET":
        return await _names_page(request)
    form = await form_of(request)
    name, reason = printable(field(form, "name"), 200), printable(field(form, "reason"))
    policy = PublishingPolicy(database_of(request))

    def apply() -> None:
        normalized = policy.prohibit(name, reason, user_of(visitor).username)
        visitor.flash(f"New projects can no longer be named '{normalized}'.")

    try:
        await run_in_threadpool(apply)
    except PolicyError as error:
        return await _names_page(request, f"{error}.", 400, name=name, reason=reason)
    return see_other(NAMES)


@admin_only
async def unprohibit(request: Request, visitor: Visitor) -> Response:
    name = printable(field(await form_of(request), "name"), 200)
    policy = PublishingPolicy(database_of(request))

    def apply() -> None:
        normalized = policy.unprohibit(name)
        visitor.flash(f"The project name '{normalized}' is allowed again.")

    try:
        await run_in_threadpool(apply)
    except PolicyError as error:
        return await _names_page(request, f"{error}.", 409)
    return see_other(NAMES)


async def _names_page(
    request: Request, error: str = "", status: int = 200, name: str = "", reason: str = ""
) -> Response:
    policy = PublishingPolicy(database_of(request))

    def build() -> dict[str, Any]:
        return {
            "names": policy.prohibited(),
            "error": error,
            "values": {"name": name, "reason": reason},
        }

    return await render(request, "admin/prohibited.html", build, status)


# Per-project size limits.


@admin_only
async def limits(request: Request, visitor: Visitor) -> Response:
    if request.method == "GET":
        return await _limits_page(request, printable(request.query_params.get("project", "")))
    form = await form_of(request)
    project = printable(field(form, "project"), 200)
    entered = {
        name: printable(field(form, name), 40) for name in ("max_file_size", "max_total_size")
    }
    policy = PublishingPolicy(database_of(request))

    def apply() -> ProjectLimits:
        sizes = {name: parse_size(text) for name, text in entered.items()}
        changed = policy.set_limits(project, **sizes, actor=user_of(visitor).username)
        visitor.flash(f"{changed.name} has new size limits.")
        return changed

    try:
        changed = await run_in_threadpool(apply)
    except PolicyError as error:
        return await _limits_page(request, project, f"{error}.", 400, entered)
    return see_other(LIMITS + "?" + urlencode({"project": changed.name}))


async def _limits_page(
    request: Request,
    project: str,
    error: str = "",
    status: int = 200,
    entered: dict[str, str] | None = None,
) -> Response:
    """The projects with limits of their own, and the form for `project` if one is named
    (an unknown one is a 404, shown on this page)."""
    site = site_of(request)
    policy = PublishingPolicy(database_of(request))
    settings = request.app.state.settings

    def page() -> tuple[str, int]:
        shown: ProjectLimits | None = None
        message, code = error, status
        if project:
            try:
                shown = policy.limits(project)
            except PolicyError as refusal:
                message, code = message or f"{refusal}.", code if error else 404
        text = site.render(
            request,
            "admin/limits.html",
            projects=policy.projects_with_limits(),
            project=project,
            shown=shown,
            shown_page=canonicalize_name(shown.name) if shown else "",
            entered=entered,
            error=message,
            default_file_size=settings.max_file_size,
            default_project_size=settings.max_project_size,
        )
        return text, code

    text, code = await run_in_threadpool(page)
    return site.html(text, code)


ROUTES: list[tuple[str, Handler, tuple[str, ...]]] = [
    (HOME, home, ("GET",)),
    (USERS, users, ("GET",)),
    (USERS + "{username}/admin/", set_admin, ("POST",)),
    (USERS + "{username}/active/", set_active, ("POST",)),
    (NAMES, prohibited, ("GET", "POST")),
    (NAMES + "remove/", unprohibit, ("POST",)),
    (LIMITS, limits, ("GET", "POST")),
]
