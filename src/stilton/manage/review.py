"""`/api/v1/review/…`: the admins' queue of held and quarantined files, and their decisions."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from stilton.accounts import Actor
from stilton.manage.context import ManageContext
from stilton.manage.http import endpoint, json_response, read_json, text_field


@endpoint
async def review_queue(request: Request, context: ManageContext, actor: Actor) -> Response:
    items = await run_in_threadpool(context.review.queue, actor)
    return json_response({"files": [item.as_dict() for item in items]})


@endpoint
async def review_file(request: Request, context: ManageContext, actor: Actor) -> Response:
    detail = await run_in_threadpool(context.review.show, actor, request.path_params["filename"])
    return json_response(detail.as_dict())


@endpoint
async def approve(request: Request, context: ManageContext, actor: Actor) -> Response:
    return await _decide(request, context, actor, "approve")


@endpoint
async def reject(request: Request, context: ManageContext, actor: Actor) -> Response:
    return await _decide(request, context, actor, "reject")


async def _decide(request: Request, context: ManageContext, actor: Actor, verb: str) -> Response:
    reason = text_field(await read_json(request), "reason")
    filename: str = request.path_params["filename"]
    decide = context.review.approve if verb == "approve" else context.review.reject
    serial = await run_in_threadpool(decide, actor, filename, reason)
    context.serial_changed(serial)
    detail = await run_in_threadpool(context.review.show, actor, filename)
    return json_response({"filename": filename, "state": detail.item.state, "serial": serial})


_REVIEW = "/api/v1/review"

routes = [
    Route(_REVIEW, review_queue, methods=["GET"]),
    Route(_REVIEW + "/{filename}", review_file, methods=["GET"]),
    Route(_REVIEW + "/{filename}/approve", approve, methods=["POST"]),
    Route(_REVIEW + "/{filename}/reject", reject, methods=["POST"]),
]
