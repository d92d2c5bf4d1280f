"""`/api/v1/projects/…`: yank, un-yank, remove, roles and the audit log of one project."""

from __future__ import annotations

from typing import Any

from packaging.utils import canonicalize_name
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from stilton.accounts import ROLES, Actor
from stilton.manage.context import ManageContext
from stilton.manage.http import (
    endpoint,
    json_response,
    limit_parameter,
    read_json,
    text_field,
    timestamp,
)
from stilton.projects import AuditEntry
from stilton.projects.journal import MAX_ENTRIES

DEFAULT_ENTRIES = 100


def _changed(context: ManageContext, serial: int, status: int = 200, **facts: Any) -> Response:
    """Tell this process's caches at once (others notice within a second), then answer."""
    context.serial_changed(serial)
    return json_response({**facts, "serial": serial}, status)


def _project(request: Request) -> str:
    return canonicalize_name(request.path_params["name"])


@endpoint
async def yank(request: Request, context: ManageContext, actor: Actor) -> Response:
    reason = text_field(await read_json(request), "reason")
    version: str = request.path_params["version"]
    serial = await run_in_threadpool(
        context.projects.yank, actor, _project(request), version, reason
    )
    return _changed(
        context,
        serial,
        project=_project(request),
        version=version,
        yanked=True,
        yanked_reason=" ".join(reason.split()) or None,
    )


@endpoint
async def unyank(request: Request, context: ManageContext, actor: Actor) -> Response:
    version: str = request.path_params["version"]
    serial = await run_in_threadpool(context.projects.unyank, actor, _project(request), version)
    return _changed(context, serial, project=_project(request), version=version, yanked=False)


@endpoint
async def remove_file(request: Request, context: ManageContext, actor: Actor) -> Response:
    version: str = request.path_params["version"]
    filename: str = request.path_params["filename"]
    serial = await run_in_threadpool(
        context.projects.remove_file, actor, _project(request), version, filename
    )
    return _changed(context, serial, project=_project(request), version=version, removed=filename)


@endpoint
async def remove_release(request: Request, context: ManageContext, actor: Actor) -> Response:
    version: str = request.path_params["version"]
    serial = await run_in_threadpool(
        context.projects.remove_release, actor, _project(request), version
    )
    return _changed(context, serial, project=_project(request), removed=version)


@endpoint
async def remove_project(request: Request, context: ManageContext, actor: Actor) -> Response:
    serial = await run_in_threadpool(context.projects.remove_project, actor, _project(request))
    return _changed(context, serial, removed=_project(request))


@endpoint
async def list_roles(request: Request, context: ManageContext, actor: Actor) -> Response:
    roles = await run_in_threadpool(context.projects.roles, actor, _project(request))
    return json_response(
        {
            "project": _project(request),
            "roles": [{"user": view.username, "role": view.role} for view in roles],
        }
    )


@endpoint
async def add_role(request: Request, context: ManageContext, actor: Actor) -> Response:
    body = await read_json(request)
    username = text_field(body, "user", required=True)
    role = text_field(body, "role", required=True)
    serial = await run_in_threadpool(
        context.projects.add_role, actor, _project(request), username, role
    )
    given = next((known for known in ROLES if known.lower() == role.strip().lower()), role)
    return _changed(
        context, serial, status=201, project=_project(request), user=username, role=given
    )


@endpoint
async def remove_role(request: Request, context: ManageContext, actor: Actor) -> Response:
    username: str = request.path_params["user"]
    serial = await run_in_threadpool(
        context.projects.remove_role, actor, _project(request), username
    )
    return _changed(context, serial, project=_project(request), removed=username)


@endpoint
async def project_audit(request: Request, context: ManageContext, actor: Actor) -> Response:
    limit = limit_parameter(request, DEFAULT_ENTRIES, MAX_ENTRIES)
    entries = await run_in_threadpool(
        context.projects.project_audit, actor, _project(request), limit
    )
    return json_response(
        {"project": _project(request), "entries": [audit_entry(e) for e in entries]}
    )


def audit_entry(entry: AuditEntry) -> dict[str, Any]:
    """An entry as the API shows it; client addresses stay with the operator (CLI)."""
    return {
        "serial": entry.serial,
        "project": entry.project,
        "version": entry.version,
        "filename": entry.filename,
        "action": entry.action,
        "submitted": timestamp(entry.submitted),
        "actor": entry.actor,
        "subject": entry.subject,
    }


_PROJECT = "/api/v1/projects/{name}"
_RELEASE = _PROJECT + "/releases/{version}"

routes = [
    Route(_RELEASE + "/yank", yank, methods=["POST"]),
    Route(_RELEASE + "/unyank", unyank, methods=["POST"]),
    Route(_RELEASE + "/files/{filename}", remove_file, methods=["DELETE"]),
    Route(_RELEASE, remove_release, methods=["DELETE"]),
    Route(_PROJECT, remove_project, methods=["DELETE"]),
    Route(_PROJECT + "/roles", list_roles, methods=["GET"]),
    Route(_PROJECT + "/roles", add_role, methods=["POST"]),
    Route(_PROJECT + "/roles/{user}", remove_role, methods=["DELETE"]),
    Route(_PROJECT + "/audit", project_audit, methods=["GET"]),
]
