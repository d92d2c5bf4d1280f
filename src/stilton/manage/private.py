"""Private mode: every page and file needs credentials (CLIENTS.md 3)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlencode

import anyio.to_thread
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from stilton.accounts import (
    AccountError,
    Credentials,
    LoginCache,
    TooManyLogins,
    parse_authorization,
)

# pdm asks the trusted-publishing audience before uploading; its 404 reveals nothing.
OPEN_PATHS = frozenset({"/health", "/_/oidc/audience"})
# These check credentials on every request themselves and answer in their clients' terms
# (twine reads the reason phrase of /legacy/, API clients read JSON errors).
SELF_AUTHENTICATING = ("/legacy/", "/api/v1/")
LOGIN_TTL = 60.0

Authenticate = Callable[[Credentials | None, str | None], object]
"""Checks credentials (and counts wrong passwords per client address); raises AccountError."""
# Paths pip, uv and other tools read: they always get the Basic challenge, never a redirect.
_TOOL_PATHS = ("/simple", "/packages/", "/pypi/")


@dataclass(frozen=True)
class BrowserLogin:
    """How people in a browser get in: a signed-in session cookie opens every page as
    credentials do, and a page asked for without either redirects to the log-in form."""

    cookie: str
    signed_in: Callable[[str], bool]
    """Whether the raw session id belongs to a live, signed-in session (blocking)."""
    login_path: str
    open_prefixes: tuple[str, ...]
    """Paths anyone may read: the log-in form and the files it is styled with."""

    def is_open(self, path: str) -> bool:
        return path.startswith(self.open_prefixes)

    def wants_page(self, scope: Scope) -> bool:
        if scope["method"] not in ("GET", "HEAD") or scope["path"].startswith(_TOOL_PATHS):
            return False
        accept = _header(scope, b"accept") or ""
        return "text/html" in accept

    def redirect(self, scope: Scope) -> Response:
        target = scope["path"]
        if scope.get("query_string"):
            target += "?" + scope["query_string"].decode("latin-1")
        return RedirectResponse(f"{self.login_path}?{urlencode({'next': target})}", 303)


class PrivateIndex:
    """Answers 401 with `WWW-Authenticate: Basic` unless the request has valid credentials.

    Installed outermost, before the cached-page shortcut, so no page or file leaves without
    a check. pip and uv retry with the credentials in the index URL or in netrc. Either a
    user's password or `__token__` and any of their API tokens will do (a token's project
    scope limits what it may change, not what it may read). Successes are remembered by
    `LoginCache`, so an install's many requests cost one argon2 verification, and concurrent
    requests with the same credentials wait for one verification instead of each running it.
    """

    def __init__(
        self,
        app: ASGIApp,
        authenticate: Authenticate,
        generation: Callable[[], int],
        ttl: float = LOGIN_TTL,
        browser_login: BrowserLogin | None = None,
    ) -> None:
        self.app = app
        self._authenticate = authenticate
        self.browser_login = browser_login
        self._generation = generation
        self.cache = LoginCache(ttl)
        self._inflight: dict[bytes, asyncio.Future[AccountError | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _exempt(scope["path"]):
            await self.app(scope, receive, send)
            return
        browser = self.browser_login
        if browser is not None and (
            browser.is_open(scope["path"]) or await self._session(browser, scope)
        ):
            await self.app(scope, receive, send)
            return
        header = _header(scope, b"authorization")
        if header is None and browser is not None and browser.wants_page(scope):
            await browser.redirect(scope)(scope, receive, send)
            return
        refusal = None
        if header is not None:
            client = scope.get("client")
            refusal = await self._refusal(header, client[0] if client else None)
            if refusal is None:
                await self.app(scope, receive, send)
                return
        challenge = {"WWW-Authenticate": 'Basic realm="Stilton"'}
        if isinstance(refusal, TooManyLogins):
            response = PlainTextResponse(f"{refusal}\n", 429, challenge)
        elif refusal is not None:
            response = PlainTextResponse("Invalid credentials\n", 401, challenge)
        else:
            message = (
                "This index is private: sign in with your user name and password, "
                "or with __token__ and an API token"
            )
            response = PlainTextResponse(f"{message}\n", 401, challenge)
        await response(scope, receive, send)

    @staticmethod
    async def _session(browser: BrowserLogin, scope: Scope) -> bool:
        raw_id = _cookie(scope, browser.cookie)
        if raw_id is None:
            return False
        return await anyio.to_thread.run_sync(browser.signed_in, raw_id)

    async def _refusal(self, header: str, address: str | None) -> AccountError | None:
        """None when the credentials are good (remembered for a while), else why not."""
        key = LoginCache.key(header)
        if self.cache.hit(key, self._generation()):
            return None
        pending = self._inflight.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._check(header, key, address))
            self._inflight[key] = pending
            pending.add_done_callback(lambda _: self._inflight.pop(key, None))
        return await asyncio.shield(pending)

    async def _check(self, header: str, key: bytes, address: str | None) -> AccountError | None:
        generation = self._generation()
        try:
            credentials = parse_authorization(header)
            await anyio.to_thread.run_sync(self._authenticate, credentials, address)
        except AccountError as error:
            return error
        self.cache.remember(key, generation)
        return None


def _exempt(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(SELF_AUTHENTICATING)


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope["headers"]:
        if name == wanted:
            text: str = value.decode("latin-1")
            return text
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    header = _header(scope, b"cookie")
    if header is None:
        return None
    cookies = SimpleCookie()
    try:
        cookies.load(header)
    except CookieError:
        return None
    morsel = cookies.get(name)
    return morsel.value if morsel is not None else None
