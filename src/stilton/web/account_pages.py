"""Register, log in and out, your account page and changing your password."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from stilton.accounts import (
    TOKEN_USERNAME,
    AccountError,
    AuthenticationFailed,
    Credentials,
    TooManyLogins,
    password_problem,
)
from stilton.web.guards import (
    backoffice_of,
    field,
    form_of,
    form_page,
    problem,
    see_other,
    signed_in,
    user_of,
)
from stilton.web.sessions import SignedIn
from stilton.web.site import WebSite
from stilton.web.visitors import Visitor

HOME = "/account/"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_MAX_EMAIL = 320
_MAX_NEXT = 2000


def site_of(request: Request) -> WebSite:
    site: WebSite = request.app.state.web
    return site


def local_path(target: str | None) -> str:
    """`target` when it is a path on this site, else the account page: never elsewhere."""
    if not target or len(target) > _MAX_NEXT or not target.startswith("/"):
        return HOME
    if target.startswith("//") or "\\" in target or any(ord(c) < 32 for c in target):
        return HOME
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else HOME


# Logging in and out.


@form_page
async def login(request: Request, visitor: Visitor) -> Response:
    if request.method == "GET":
        next_path = local_path(request.query_params.get("next"))
        if visitor.user is not None:
            return see_other(next_path)
        return await _login_page(request, visitor, next_path=next_path)
    form = await form_of(request)
    username, password = field(form, "username").strip(), field(form, "password")
    next_path = local_path(field(form, "next"))
    backoffice = backoffice_of(request)
    try:
        if username == TOKEN_USERNAME:  # API tokens are for tools, not for browser sessions
            raise AuthenticationFailed("a token is no password")
        identity = await run_in_threadpool(
            functools.partial(
                backoffice.accounts.authenticate,
                Credentials(username, password),
                allow_password=True,
                address=visitor.address,
            )
        )
    except TooManyLogins:
        error = (
            "Too many failed log-ins for this account or from your address. "
            f"Wait {backoffice.login_window_minutes} minutes, then try again."
        )
        return await _login_page(request, visitor, next_path, username, error, 429)
    except AccountError:
        error = "Wrong user name or password."
        return await _login_page(request, visitor, next_path, username, error, 400)

    def start() -> None:
        backoffice.sessions.purge_expired()
        visitor.log_in(SignedIn(identity.user_id, identity.username, identity.is_admin))

    await run_in_threadpool(start)
    return see_other(next_path)


async def _login_page(
    request: Request,
    visitor: Visitor,
    next_path: str,
    username: str = "",
    error: str = "",
    status: int = 200,
) -> Response:
    site = site_of(request)
    text = await run_in_threadpool(
        site.render,
        request,
        "account/login.html",
        next_path=next_path,
        username=username,
        error=error,
    )
    return site.html(text, status)


@signed_in
async def logout(request: Request, visitor: Visitor) -> Response:
    await run_in_threadpool(visitor.log_out)
    return see_other("/")


# Registering.


@form_page
async def register(request: Request, visitor: Visitor) -> Response:
    backoffice = backoffice_of(request)
    if not backoffice.open_registration:
        return problem(
            request,
            403,
            "Registration is closed",
            "This index does not take new accounts from its pages; ask its admins for one.",
        )
    if visitor.user is not None:
        return see_other(HOME)
    if request.method == "GET":
        return await _register_page(request, {}, {})
    form = await form_of(request)
    values = {"username": field(form, "username").strip(), "email": field(form, "email").strip()}
    errors = _registration_errors(values, field(form, "password"), field(form, "password2"))
    if errors:
        return await _register_page(request, values, errors, 400)

    def create() -> str | None:
        try:
            user_id = backoffice.accounts.create_user(
                values["username"], values["email"], field(form, "password")
            )
        except AccountError as error:
            return str(error)
        visitor.log_in(SignedIn(user_id, values["username"], False))
        visitor.flash(f"Welcome, {values['username']}: your account is ready.")
        return None

    refusal = await run_in_threadpool(create)
    if refusal is not None:
        return await _register_page(request, values, {"username": refusal}, 400)
    return see_other(HOME)


def _registration_errors(values: dict[str, str], password: str, again: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not values["username"]:
        errors["username"] = "Choose a user name."
    email = values["email"]
    if len(email) > _MAX_EMAIL or not _EMAIL.fullmatch(email):
        errors["email"] = "Give an email address like name@example.org."
    problem_text = password_problem(password, values["username"])
    if problem_text is not None:
        errors["password"] = problem_text + "."
    elif password != again:
        errors["password2"] = "The two passwords differ."
    return errors


async def _register_page(
    request: Request, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    site = site_of(request)
    text = await run_in_threadpool(
        site.render,
        request,
        "account/register.html",
        values={"username": "", "email": "", **values},
        errors=errors,
    )
    return site.html(text, status)


# Your account.


@signed_in
async def account(request: Request, visitor: Visitor) -> Response:
    return await _account_page(request, visitor)


async def _account_page(
    request: Request, visitor: Visitor, errors: dict[str, str] | None = None, status: int = 200
) -> Response:
    site = site_of(request)
    user = user_of(visitor)

    def build() -> str:
        page = site.listings.user(user.username)
        projects = page.projects if page is not None else ()
        return site.render(
            request, "account/home.html", user=user, projects=projects, errors=errors or {}
        )

    return site.html(await run_in_threadpool(build), status)


@signed_in
async def change_password(request: Request, visitor: Visitor) -> Response:
    form = await form_of(request)
    user = user_of(visitor)
    new = field(form, "new_password")
    if new != field(form, "new_password2"):
        return await _account_page(
            request, visitor, {"new_password2": "The two new passwords differ."}, 400
        )
    backoffice = backoffice_of(request)

    def change() -> AccountError | None:
        try:
            backoffice.logins.change_password(user.username, field(form, "old_password"), new)
        except AccountError as error:
            return error
        # Whoever held another session of this account (a stolen cookie?) is out now.
        backoffice.sessions.delete_for_user(user.id)
        visitor.log_in(user)
        visitor.flash("Password changed. Every other session of your account has ended.")
        return None

    error = await run_in_threadpool(change)
    if error is not None:
        where = "old_password" if error.status == 401 else "new_password"
        return await _account_page(request, visitor, {where: f"{error}."}, 400)
    return see_other(HOME)
