"""`/admin/review/`: held and quarantined files, what the scanner found, and the decision.

Admins only, like the rest of `/admin/`. Approving publishes the file; rejecting keeps it
from ever being served (its filename stays taken). `ReviewService` checks the rights again,
refuses a file that no longer awaits review, and journals the decision on the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from packaging.utils import canonicalize_name
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from stilton.accounts import AccountError
from stilton.review import ReviewError, ReviewItem, ReviewService
from stilton.web.admin_pages import HOME, printable, render
from stilton.web.guards import (
    Handler,
    admin_only,
    backoffice_of,
    field,
    form_of,
    problem,
    see_other,
)
from stilton.web.templating import path_part
from stilton.web.token_pages import actor_of
from stilton.web.visitors import Visitor

QUEUE = HOME + "review/"
MAX_FILENAME = 255


def review_of(request: Request) -> ReviewService:
    review: ReviewService = request.app.state.manage.review
    return review


def file_url(filename: str) -> str:
    return f"{QUEUE}{path_part(filename)}/"


@dataclass(frozen=True)
class QueueRow:
    item: ReviewItem
    url: str
    project_name: str
    """The project's normalized name, for its page's URL."""


@admin_only
async def queue(request: Request, visitor: Visitor) -> Response:
    review, actor = review_of(request), actor_of(visitor)

    def build() -> dict[str, Any]:
        rows = [
            QueueRow(item, file_url(item.filename), canonicalize_name(item.project))
            for item in review.queue(actor)
        ]
        return {"rows": rows}

    return await render(request, "admin/review.html", build)


@admin_only
async def file(request: Request, visitor: Visitor) -> Response:
    return await _file_page(request, visitor, request.path_params["filename"])


async def _file_page(
    request: Request, visitor: Visitor, filename: str, error: str = "", status: int = 200
) -> Response:
    if printable(filename, MAX_FILENAME) != filename:
        return problem(request, 404, "No such file", "No file has that name.")
    review, actor = review_of(request), actor_of(visitor)
    try:
        detail = await run_in_threadpool(review.show, actor, filename)
    except (ReviewError, AccountError) as refusal:
        return problem(request, refusal.status, "Refused", f"{refusal}.")
    context = {
        "detail": detail,
        "project_name": canonicalize_name(detail.item.project),
        "error": error,
        "action_url": file_url(filename),
    }
    return await render(request, "admin/review_file.html", lambda: context, status)


def _decision(verb: str) -> Handler:
    @admin_only
    async def run(request: Request, visitor: Visitor) -> Response:
        filename: str = request.path_params["filename"]
        reason = printable(field(await form_of(request), "reason"))
        if printable(filename, MAX_FILENAME) != filename:
            return problem(request, 404, "No such file", "No file has that name.")
        review, backoffice = review_of(request), backoffice_of(request)
        decide = review.approve if verb == "approve" else review.reject

        def apply() -> None:
            serial = decide(actor_of(visitor), filename, reason)
            backoffice.serial_changed(serial)
            outcome = "approved: it is served now" if verb == "approve" else "rejected"
            visitor.flash(f"{filename} is {outcome}.")

        try:
            await run_in_threadpool(apply)
        except (ReviewError, AccountError) as refusal:
            if refusal.status in (403, 404):
                return problem(request, refusal.status, "Refused", f"{refusal}.")
            return await _file_page(request, visitor, filename, f"{refusal}.", refusal.status)
        return see_other(QUEUE)

    return run


ROUTES: list[tuple[str, Handler, tuple[str, ...]]] = [
    (QUEUE, queue, ("GET",)),
    (QUEUE + "{filename}/", file, ("GET",)),
    (QUEUE + "{filename}/approve/", _decision("approve"), ("POST",)),
    (QUEUE + "{filename}/reject/", _decision("reject"), ("POST",)),
]
