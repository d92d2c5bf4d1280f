"""Your API tokens: create one (shown once), see them all, revoke one."""

from __future__ import annotations

from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from stilton.accounts import AccountError, Actor, Identity, parse_expiry
from stilton.db import utcnow
from stilton.web.account_pages import site_of
from stilton.web.guards import backoffice_of, field, form_of, problem, see_other, signed_in, user_of
from stilton.web.sessions import SignedIn
from stilton.web.visitors import Visitor

MAX_DESCRIPTION = 200


def actor_of(visitor: Visitor) -> Actor:
    user = user_of(visitor)
    return Actor.user(Identity(user.id, user.username, user.is_admin, None), visitor.address)


@signed_in
async def tokens(request: Request, visitor: Visitor) -> Response:
    if request.method == "GET":
        return await _tokens_page(request, visitor)
    form = await form_of(request)
    user = user_of(visitor)
    backoffice = backoffice_of(request)
    mine = await run_in_threadpool(_project_names, request, user)
    values = {
        "description": field(form, "description").strip(),
        "expires": field(form, "expires").strip(),
        "scope": "projects" if field(form, "scope") == "projects" else "all",
    }
    chosen = [name for name in form.getlist("projects") if isinstance(name, str)]
    error = ""
    if values["scope"] == "projects" and not chosen:
        error = "Choose at least one project, or make the token valid for all your projects."
    elif any(name not in mine for name in chosen):
        error = "A token can be limited only to projects you hold a role in."
    elif len(values["description"]) > MAX_DESCRIPTION:
        error = f"The description is longer than {MAX_DESCRIPTION} characters."
    expires: datetime | None = None
    if not error and values["expires"]:
        try:
            expires = parse_expiry(values["expires"], utcnow())
        except AccountError as refusal:
            error = f"{refusal}."
    if error:
        return await _tokens_page(request, visitor, error, values, chosen, 400)

    def create() -> tuple[str, str]:
        token = backoffice.accounts.create_token(
            user.username,
            projects=chosen if values["scope"] == "projects" else None,
            expires=expires,
            description=values["description"],
            actor=actor_of(visitor),
        )
        backoffice.serial_changed(token.serial)
        return token.identifier, token.value

    identifier, value = await run_in_threadpool(create)
    site = site_of(request)
    text = await run_in_threadpool(
        site.render,
        request,
        "account/token_created.html",
        identifier=identifier,
        token=value,
        description=values["description"],
        projects=sorted(chosen) if values["scope"] == "projects" else None,
        expires=expires,
    )
    return site.html(text, 201)


@signed_in
async def revoke(request: Request, visitor: Visitor) -> Response:
    identifier: str = request.path_params["identifier"]
    backoffice = backoffice_of(request)

    def run() -> AccountError | None:
        try:
            serial = backoffice.accounts.revoke_token(identifier, actor_of(visitor))
        except AccountError as error:
            return error
        backoffice.serial_changed(serial)
        visitor.flash(f"The token {identifier} is revoked: it works no more.")
        return None

    error = await run_in_threadpool(run)
    if error is not None:
        return problem(request, error.status, "Cannot revoke the token", str(error))
    return see_other("/account/tokens/")


def _project_names(request: Request, user: SignedIn) -> list[str]:
    page = site_of(request).listings.user(user.username)
    return [p.normalized_name for p in page.projects] if page is not None else []


async def _tokens_page(
    request: Request,
    visitor: Visitor,
    error: str = "",
    values: dict[str, str] | None = None,
    chosen: list[str] | None = None,
    status: int = 200,
) -> Response:
    site = site_of(request)
    user = user_of(visitor)
    backoffice = backoffice_of(request)

    def build() -> str:
        listed = backoffice.accounts.list_tokens(user.username, actor_of(visitor))
        return site.render(
            request,
            "account/tokens.html",
            tokens=listed,
            now=utcnow(),
            projects=_project_names(request, user),
            error=error,
            values={"description": "", "expires": "", "scope": "all", **(values or {})},
            chosen=set(chosen or ()),
        )

    return site.html(await run_in_threadpool(build), status)
