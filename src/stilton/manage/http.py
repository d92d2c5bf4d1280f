"""The API's plumbing: authentication per request, JSON bodies in, JSON answers and errors out."""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from stilton.accounts import AccountError, Actor, parse_authorization
from stilton.manage.context import ManageContext
from stilton.manage.errors import BodyTooLarge, RequestError
from stilton.projects import ProjectError
from stilton.review import ReviewError

MAX_BODY = 64 * 1024
CHALLENGE = {"WWW-Authenticate": 'Basic realm="Stilton"'}

Handler = Callable[[Request, ManageContext, Actor], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]


def endpoint(handler: Handler) -> Endpoint:
    """Authenticate the request (an API token, or a user's password), then run `handler`.

    Every refusal, from authentication to the domain's own errors, becomes a JSON error.
    """

    @functools.wraps(handler)
    async def run(request: Request) -> Response:
        context: ManageContext = request.app.state.manage
        try:
            credentials = parse_authorization(request.headers.get("authorization"))
            client = request.client.host if request.client else None
            identity = await run_in_threadpool(
                context.accounts.authenticate, credentials, allow_password=True, address=client
            )
            return await handler(request, context, Actor.user(identity, client))
        except (AccountError, ProjectError, RequestError, ReviewError) as error:
            return error_response(str(error), error.status, error.code)

    return run


def json_response(document: dict[str, Any], status: int = 200) -> Response:
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Response(
        body, status, media_type="application/json", headers={"Cache-Control": "no-store"}
    )


def error_response(message: str, status: int, code: str) -> Response:
    response = json_response({"error": message, "code": code}, status)
    if status == 401:
        response.headers.update(CHALLENGE)
    return response


def timestamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def read_json(request: Request) -> dict[str, Any]:
    """The body as a JSON object; an empty body is an empty object."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise BodyTooLarge(f"The body is larger than {MAX_BODY} bytes")
    if not body.strip():
        return {}
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise RequestError("The body is not valid JSON") from error
    if not isinstance(document, dict):
        raise RequestError("The body must be a JSON object")
    return document


def text_field(document: dict[str, Any], name: str, *, required: bool = False) -> str:
    value = document.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise RequestError(
            f"'{name}' must be a non-empty string" if required else f"'{name}' must be a string"
        )
    return value


def list_field(document: dict[str, Any], name: str) -> list[str]:
    value = document.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RequestError(f"'{name}' must be a list of strings")
    return value


def limit_parameter(request: Request, default: int, maximum: int) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise RequestError(f"'limit' must be a whole number from 1 to {maximum}")
    return int(raw)
