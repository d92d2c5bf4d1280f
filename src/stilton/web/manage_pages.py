"""`/manage/project/<name>/`: roles, yanking, removing, and the audit log of one project.

Owners (and admins) change things; maintainers see the page read-only; anyone else is
refused. Every change goes through `ProjectService`, which checks the rights again inside
its transaction. Removing anything needs the project's name typed into the form.
"""

from __future__ import annotations

from collections.abc import Callable

from packaging.utils import canonicalize_name
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from stilton.accounts import ROLES, AccountError, Actor
from stilton.projects import AuditEntry, ProjectError, ProjectService
from stilton.web.account_pages import site_of
from stilton.web.guards import (
    Handler,
    backoffice_of,
    field,
    form_of,
    problem,
    see_other,
    signed_in,
    user_of,
)
from stilton.web.manage_data import managed_project, may_look
from stilton.web.pages import NORMALIZED_NAME
from stilton.web.token_pages import actor_of
from stilton.web.visitors import Visitor

AUDIT_ENTRIES = 100

Change = Callable[[Actor, str], int]
"""One change to the project named by the second argument; returns the journal serial."""


def _normalized(request: Request) -> str:
    return canonicalize_name(request.path_params["name"])


def _base(normalized: str) -> str:
    return f"/manage/project/{normalized}/"


@signed_in
async def project(request: Request, visitor: Visitor) -> Response:
    name: str = request.path_params["name"]
    normalized = canonicalize_name(name)
    if name != normalized or not request.url.path.endswith("/"):
        return see_other(_base(normalized))
    return await _project_page(request, visitor, normalized)


async def _project_page(
    request: Request, visitor: Visitor, normalized: str, error: str = "", status: int = 200
) -> Response:
    site = site_of(request)
    backoffice = backoffice_of(request)
    user = user_of(visitor)

    def build() -> str | Response:
        managed = None
        if NORMALIZED_NAME.fullmatch(normalized):
            managed = managed_project(site.projects.database, normalized, user)
        if managed is None:
            return problem(request, 404, "No such project", f"No project named '{normalized}'.")
        if not may_look(managed):
            return problem(
                request,
                403,
                "Not your project",
                f"Only the owners and maintainers of {managed.name} may manage it.",
            )
        audit: list[AuditEntry] = []
        if managed.may_change:
            audit = backoffice.projects.project_audit(actor_of(visitor), normalized, AUDIT_ENTRIES)
        return site.render(
            request,
            "manage/project.html",
            project=managed,
            audit=audit,
            roles=ROLES,
            error=error,
        )

    built = await run_in_threadpool(build)
    if isinstance(built, Response):
        return built
    return site.html(built, status)


async def _change(
    request: Request,
    visitor: Visitor,
    change: Change,
    done: str,
    *,
    confirm: bool = False,
    after: str | None = None,
) -> Response:
    """Make `change` as the visitor, then show the page again with `done` (or the refusal)."""
    normalized = _normalized(request)
    backoffice = backoffice_of(request)
    form = await form_of(request)
    if confirm:
        typed = field(form, "confirm").strip()
        current = await run_in_threadpool(
            managed_project, site_of(request).projects.database, normalized, user_of(visitor)
        )
        if current is None or typed not in {current.name, current.normalized_name}:
            return await _refused(
                request,
                visitor,
                normalized,
                "Nothing was removed: type the project's name exactly to confirm.",
                400,
            )

    def run() -> int:
        serial = change(actor_of(visitor), normalized)
        backoffice.serial_changed(serial)
        visitor.flash(done)
        return serial

    try:
        await run_in_threadpool(run)
    except (ProjectError, AccountError) as error:
        return await _refused(request, visitor, normalized, str(error), error.status)
    return see_other(after or _base(normalized))


async def _refused(
    request: Request, visitor: Visitor, normalized: str, message: str, status: int
) -> Response:
    if status in (403, 404):
        return problem(request, status, "Refused", message)
    return await _project_page(request, visitor, normalized, message, status)


Plan = Callable[[ProjectService, FormData], tuple[Change, str]]
"""Reads a change out of a form: the change, and what to tell the visitor once it is made."""


def _changing(plan: Plan, *, confirm: bool = False, after: str | None = None) -> Handler:
    @signed_in
    async def run(request: Request, visitor: Visitor) -> Response:
        change, done = plan(backoffice_of(request).projects, await form_of(request))
        return await _change(request, visitor, change, done, confirm=confirm, after=after)

    return run


def _add_role(projects: ProjectService, form: FormData) -> tuple[Change, str]:
    username, role = field(form, "username").strip(), field(form, "role")
    return (
        lambda actor, name: projects.add_role(actor, name, username, role),
        f"{username} is now {role} of the project.",
    )


def _remove_role(projects: ProjectService, form: FormData) -> tuple[Change, str]:
    username = field(form, "username")
    return (
        lambda actor, name: projects.remove_role(actor, name, username),
        f"{username} has no role in the project any more.",
    )


def _yank(projects: ProjectService, form: FormData) -> tuple[Change, str]:
    version, reason = field(form, "version"), field(form, "reason")
    return (
        lambda actor, name: projects.yank(actor, name, version, reason),
        f"{version} is yanked: installers skip it unless it is pinned exactly.",
    )


def _unyank(projects: ProjectService, form: FormData) -> tuple[Change, str]:
    version = field(form, "version")
    return (
        lambda actor, name: projects.unyank(actor, name, version),
        f"{version} is no longer yanked.",
    )


def _remove_file(projects: ProjectService, form: FormData) -> tuple[Change, str]:
    version, filename = field(form, "version"), field(form, "filename")
    return (
        lambda actor, name: projects.remove_file(actor, name, version, filename),
        f"{filename} is removed; its file name can never be used again.",
    )


def _remove_release(projects: ProjectService, form: FormData) -> tuple[Change, str]:
    version = field(form, "version")
    return (
        lambda actor, name: projects.remove_release(actor, name, version),
        f"Release {version} and its files are removed.",
    )


def _remove_project(projects: ProjectService, form: FormData) -> tuple[Change, str]:
    return projects.remove_project, "The project is removed, with all its releases and files."


_BASE = "/manage/project/{name}/"
ROUTES: list[tuple[str, Handler, tuple[str, ...]]] = [
    (_BASE, project, ("GET",)),
    ("/manage/project/{name}", project, ("GET",)),
    (_BASE + "roles/", _changing(_add_role), ("POST",)),
    (_BASE + "roles/remove/", _changing(_remove_role), ("POST",)),
    (_BASE + "yank/", _changing(_yank), ("POST",)),
    (_BASE + "unyank/", _changing(_unyank), ("POST",)),
    (_BASE + "remove-file/", _changing(_remove_file, confirm=True), ("POST",)),
    (_BASE + "remove-release/", _changing(_remove_release, confirm=True), ("POST",)),
    (_BASE + "remove/", _changing(_remove_project, confirm=True, after="/account/"), ("POST",)),
]
