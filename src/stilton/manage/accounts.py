"""`/api/v1/tokens` (your own API tokens) and `/api/v1/users/{user}/audit`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from stilton.accounts import Actor, TokenInfo, parse_expiry
from stilton.db import utcnow
from stilton.manage.context import ManageContext
from stilton.manage.http import (
    endpoint,
    json_response,
    limit_parameter,
    list_field,
    read_json,
    text_field,
    timestamp,
)
from stilton.manage.projects import DEFAULT_ENTRIES, audit_entry
from stilton.projects.journal import MAX_ENTRIES


def _username(actor: Actor) -> str:
    """The signed-in user: an API actor's journal name is their user name."""
    return actor.name


@endpoint
async def list_tokens(request: Request, context: ManageContext, actor: Actor) -> Response:
    username = _username(actor)
    tokens = await run_in_threadpool(context.accounts.list_tokens, username, actor)
    now = utcnow()
    return json_response({"user": username, "tokens": [token_entry(t, now) for t in tokens]})


@endpoint
async def create_token(request: Request, context: ManageContext, actor: Actor) -> Response:
    body = await read_json(request)
    description = text_field(body, "description")
    projects = list_field(body, "projects")
    expiry = text_field(body, "expires")
    expires = parse_expiry(expiry, utcnow()) if expiry.strip() else None
    username = _username(actor)
    token = await run_in_threadpool(
        lambda: context.accounts.create_token(
            username,
            projects=projects or None,
            expires=expires,
            description=description,
            actor=actor,
        )
    )
    context.serial_changed(token.serial)
    tokens = await run_in_threadpool(context.accounts.list_tokens, username, actor)
    info = next(t for t in tokens if t.identifier == token.identifier)
    document = {"token": token.value, **token_entry(info, utcnow()), "serial": token.serial}
    return json_response(document, 201)


@endpoint
async def revoke_token(request: Request, context: ManageContext, actor: Actor) -> Response:
    identifier: str = request.path_params["identifier"]
    serial = await run_in_threadpool(context.accounts.revoke_token, identifier, actor)
    context.serial_changed(serial)
    return json_response({"identifier": identifier, "revoked": True, "serial": serial})


@endpoint
async def user_audit(request: Request, context: ManageContext, actor: Actor) -> Response:
    username: str = request.path_params["user"]
    limit = limit_parameter(request, DEFAULT_ENTRIES, MAX_ENTRIES)
    entries = await run_in_threadpool(context.projects.user_audit, actor, username, limit)
    return json_response({"user": username, "entries": [audit_entry(e) for e in entries]})


def token_entry(token: TokenInfo, now: datetime) -> dict[str, Any]:
    return {
        "identifier": token.identifier,
        "description": token.description,
        "projects": list(token.projects) if token.projects is not None else None,
        "created": timestamp(token.created),
        "expires": timestamp(token.expires),
        "last_used": timestamp(token.last_used),
        "status": token.status(now),
    }


routes = [
    Route("/api/v1/tokens", list_tokens, methods=["GET"]),
    Route("/api/v1/tokens", create_token, methods=["POST"]),
    Route("/api/v1/tokens/{identifier}", revoke_token, methods=["DELETE"]),
    Route("/api/v1/users/{user}/audit", user_audit, methods=["GET"]),
]
