from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from stilton.accounts import AuthenticationFailed, NotPermitted, parse_authorization
from stilton.distributions import DistributionError, inspect
from stilton.publishing import FileExists
from stilton.server import PhrasedResponse
from stilton.upload.context import UploadContext
from stilton.upload.errors import (
    FileAlreadyExists,
    Forbidden,
    InvalidDistribution,
    Unauthenticated,
    UploadError,
)
from stilton.upload.form import read_upload_form
from stilton.upload.pipeline import check_distribution, check_form


async def upload(request: Request) -> Response:
    context: UploadContext = request.app.state.upload
    try:
        identity = await run_in_threadpool(
            context.accounts.authenticate,
            parse_authorization(request.headers.get("authorization")),
        )
        form = await read_upload_form(
            request.headers.get("content-type"), request.stream(), context.tmp_dir, context.limits
        )
        try:
            check_form(form)
            dist = await run_in_threadpool(inspect, form.file.path, form.file.filename)
            check_distribution(form, dist)
            outcome = await run_in_threadpool(context.publisher.publish, dist, form.file, identity)
        finally:
            form.discard()
    except (
        UploadError,
        DistributionError,
        AuthenticationFailed,
        NotPermitted,
        FileExists,
    ) as error:
        return refusal(as_upload_error(error))
    context.serial_changed(outcome.serial)
    message = "OK: already uploaded" if outcome.already_present else "OK"
    return PlainTextResponse(f"{message}\n")


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
        case FileExists():
            return FileAlreadyExists(str(error))
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
