from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from stilton.accounts import (
    AuthenticationFailed,
    Identity,
    NotPermitted,
    TooManyLogins,
    parse_authorization,
)
from stilton.db import utcnow
from stilton.distributions import Distribution, DistributionError, inspect
from stilton.publishing import (
    FileExists,
    ProjectFull,
    PublishingError,
    PublishOutcome,
    PublishTerms,
    SdistExists,
)
from stilton.review import PUBLISHED
from stilton.server import PhrasedResponse
from stilton.upload.context import UploadContext
from stilton.upload.errors import (
    FileAlreadyExists,
    Forbidden,
    InvalidDistribution,
    ProjectTooLarge,
    SdistAlreadyExists,
    TooManyFailedLogins,
    Unauthenticated,
    UploadError,
)
from stilton.upload.form import UploadForm, read_upload_form
from stilton.upload.pipeline import check_form, check_upload
from stilton.upload.screening import not_published
from stilton.upload.subject import Upload

_REFUSALS = (
    UploadError,
    DistributionError,
    AuthenticationFailed,
    TooManyLogins,
    NotPermitted,
    PublishingError,
)
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
            address=address,
        )
        limits = await run_in_threadpool(context.stream_limits)
        form = await read_upload_form(
            request.headers.get("content-type"), request.stream(), context.tmp_dir, limits
        )
        try:
            outcome = await accept(context, form, identity, address)
        finally:
            form.discard()
        context.serial_changed(outcome.serial)
        if outcome.state != PUBLISHED:
            filename = form.file.filename
            report = await run_in_threadpool(context.gate.report_of, filename)
            raise not_published(filename, outcome.state, report)
    except _REFUSALS as error:
        return refusal(as_upload_error(error))
    message = "OK: already uploaded" if outcome.already_present else "OK"
    return PlainTextResponse(f"{message}\n")


async def accept(
    context: UploadContext, form: UploadForm, identity: Identity, address: str | None
) -> PublishOutcome:
    """Check the received form and file, scan a file not stored yet, then record it:
    published, or held or quarantined by the scan's verdict."""
    dist, stored_already = await run_in_threadpool(check, context, form, identity, address)
    report = None
    if context.gate.enabled and not stored_already:
        report = await context.scan_slots.run(context.gate.screen, dist, form.file.path)
    rules = context.rules
    terms = PublishTerms(client_ip=address, max_project_size=rules.max_project_size or None)
    return await run_in_threadpool(
        context.publisher.publish, dist, form.file, identity, terms, report
    )


def check(
    context: UploadContext, form: UploadForm, identity: Identity, address: str | None
) -> tuple[Distribution, bool]:
    """Every check on the form and the file (in a worker thread); returns the distribution and
    whether the very same file is stored already."""
    check_form(form)
    dist = inspect(form.file.path, form.file.filename)
    rules = context.rules
    upload = Upload(form, dist, identity.username, address, context.ledger, rules, utcnow())
    check_upload(upload)
    return dist, upload.is_stored_already


def as_upload_error(error: Exception) -> UploadError:
    match error:
        case UploadError():
            return error
        case DistributionError():
            return InvalidDistribution(str(error), error.code)
        case AuthenticationFailed():
            return Unauthenticated(str(error))
        case TooManyLogins():
            return TooManyFailedLogins(str(error))
        case NotPermitted():
            return Forbidden(str(error))
        case PublishingError():
            return _FROM_PUBLISHING[type(error)](str(error))
    raise TypeError(error)  # pragma: no cover


def refusal(error: UploadError) -> Response:
    headers = {"WWW-Authenticate": 'Basic realm="Stilton"'} if error.status == 401 else None
    return PhrasedResponse(error.message, error.status, headers, error.detail)


async def legacy_get(request: Request) -> Response:
    return PhrasedResponse("Upload with POST multipart/form-data (twine, uv publish)", 405)


routes = [
    Route("/legacy/", upload, methods=["POST"]),
    Route("/legacy/", legacy_get, methods=["GET", "HEAD"]),
]
