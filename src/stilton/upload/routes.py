from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from stilton.accounts import AuthenticationFailed, Identity, NotPermitted, parse_authorization
from stilton.db import utcnow
from stilton.distributions import DistributionError, inspect
from stilton.publishing import (
    FileExists,
    ProjectFull,
    PublishingError,
    PublishOutcome,
    PublishTerms,
    SdistExists,
)
from stilton.server import PhrasedResponse
from stilton.upload.context import UploadContext
from stilton.upload.errors import (
    FileAlreadyExists,
    Forbidden,
    InvalidDistribution,
    ProjectTooLarge,
    SdistAlreadyExists,
    Unauthenticated,
    UploadError,
)
from stilton.upload.form import UploadForm, read_upload_form
from stilton.upload.pipeline import check_form, check_upload
from stilton.upload.subject import Upload

_REFUSALS = (UploadError, DistributionError, AuthenticationFailed, NotPermitted, PublishingError)
_FROM_PUBLISHING: dict[type[PublishingError], type[UploadError]] = {
    FileExists: FileAlreadyExists,
    SdistExists: SdistAlreadyExists,
    ProjectFull: ProjectTooLarge,
}


async def upload(request: Request) -> Response:
    context: UploadContext = request.app.state.upload
    address = request.client.host if request.client else None
    try:
        identity = await run_in_threadpool(
            context.accounts.authenticate,
            parse_authorization(request.headers.get("authorization")),
        )
        limits = await run_in_threadpool(context.stream_limits)
        form = await read_upload_form(
            request.headers.get("content-type"), request.stream(), context.tmp_dir, limits
        )
        try:
            outcome = await run_in_threadpool(accept, context, form, identity, address)
        finally:
            form.discard()
    except _REFUSALS as error:
        return refusal(as_upload_error(error))
    context.serial_changed(outcome.serial)
    message = "OK: already uploaded" if outcome.already_present else "OK"
    return PlainTextResponse(f"{message}\n")


def accept(
    context: UploadContext, form: UploadForm, identity: Identity, address: str | None
) -> PublishOutcome:
    """Run every check on the received form and file, then publish it (in a worker thread)."""
    check_form(form)
    dist = inspect(form.file.path, form.file.filename)
    rules = context.rules
    check_upload(Upload(form, dist, identity.username, address, context.ledger, rules, utcnow()))
    terms = PublishTerms(client_ip=address, max_project_size=rules.max_project_size or None)
    return context.publisher.publish(dist, form.file, identity, terms)


def as_upload_error(error: Exception) -> UploadError:
    match error:
        case UploadError():
            return error
        case DistributionError():
            return InvalidDistribution(str(error), error.code)
        case AuthenticationFailed():
            return Unauthenticated(str(error))
        case NotPermitted():
            return Forbidden(str(error))
        case PublishingError():
            return _FROM_PUBLISHING[type(error)](str(error))
    raise TypeError(error)  # pragma: no cover


def refusal(error: UploadError) -> Response:
    headers = {"WWW-Authenticate": 'Basic realm="Stilton"'} if error.status == 401 else None
    return PhrasedResponse(error.message, error.status, headers)


async def legacy_get(request: Request) -> Response:
    return PhrasedResponse("Upload with POST multipart/form-data (twine, uv publish)", 405)


routes = [
    Route("/legacy/", upload, methods=["POST"]),
    Route("/legacy/", legacy_get, methods=["GET", "HEAD"]),
]
