"""Who is looking at a page: their session (if any), their user (if logged in), cookies.

`Visitors` wraps the page routes: it loads the session named by the cookie before the page
runs and sends the cookie a page asked for (a new session, or none after logging out).
"""

from __future__ import annotations

from datetime import datetime

import anyio.to_thread
from markupsafe import Markup
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stilton.db import utcnow
from stilton.web import csrf
from stilton.web.backoffice import Backoffice
from stilton.web.sessions import COOKIE_NAME, SessionRecord, SessionStore, SignedIn

PRIVATE = "private, no-store"


class Visitor:
    """One request's view of its session; the methods that touch the database block."""

    def __init__(
        self,
        store: SessionStore,
        record: SessionRecord | None,
        *,
        secure: bool,
        address: str,
        registration_open: bool,
    ) -> None:
        self.store = store
        self.record = record
        self.secure = secure
        self.address = address
        self.registration_open = registration_open
        self.cookie: tuple[str, datetime] | None = None
        self.cookie_cleared = False

    @property
    def user(self) -> SignedIn | None:
        return self.record.user if self.record is not None else None

    @property
    def session_id(self) -> str | None:
        return self.record.raw_id if self.record is not None else None

    def ensure_session(self) -> str:
        """The session id, making a session without a user first if there is none."""
        if self.record is None:
            return self._start(None).raw_id
        return self.record.raw_id

    def csrf_token(self) -> str:
        return csrf.token_for(self.ensure_session())

    def csrf_field(self) -> Markup:
        # The token is hex and the name a constant: nothing here comes from a visitor.
        template = Markup('<input type="hidden" name="{}" value="{}">')
        return template.format(csrf.FIELD_NAME, self.csrf_token())

    def log_in(self, user: SignedIn) -> None:
        """Start a new session for `user`; the old id (known before log-in) is dropped."""
        if self.record is not None:
            self.store.delete(self.record.raw_id)
        self._start(user)

    def log_out(self) -> None:
        if self.record is not None:
            self.store.delete(self.record.raw_id)
        self.record = None
        self.cookie = None
        self.cookie_cleared = True

    def flash(self, text: str, kind: str = "ok") -> None:
        """A message for the next page this visitor sees (after a redirect)."""
        self.store.add_flash(self.ensure_session(), kind, text)

    def take_flashes(self) -> tuple[tuple[str, str], ...]:
        if self.record is None or not self.record.flashes:
            return ()
        flashes = self.record.flashes
        self.store.take_flashes(self.record.raw_id)
        self.record = SessionRecord(self.record.raw_id, self.record.user, self.record.expires, ())
        return flashes

    def _start(self, user: SignedIn | None) -> SessionRecord:
        raw_id, expires = self.store.create(user.id if user is not None else None)
        self.record = SessionRecord(raw_id, user, expires, ())
        self.cookie = (raw_id, expires)
        self.cookie_cleared = False
        return self.record

    def set_cookie_header(self) -> str | None:
        """The Set-Cookie value this response must carry, if any."""
        flags = "Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if self.secure else "")
        if self.cookie is not None:
            raw_id, expires = self.cookie
            max_age = max(0, int((expires - utcnow()).total_seconds()))
            return f"{COOKIE_NAME}={raw_id}; Max-Age={max_age}; {flags}"
        if self.cookie_cleared:
            return f"{COOKIE_NAME}=; Max-Age=0; {flags}"
        return None


def visitor_of(request: Request) -> Visitor | None:
    visitor: Visitor | None = getattr(request.state, "visitor", None)
    return visitor


class Visitors:
    """Loads the visitor for each page request; sends its cookie, and keeps its pages private."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        backoffice: Backoffice = scope["app"].state.backoffice
        connection = HTTPConnection(scope)
        raw_id = connection.cookies.get(COOKIE_NAME)
        record = None
        if raw_id:
            record = await anyio.to_thread.run_sync(backoffice.sessions.load, raw_id)
        visitor = Visitor(
            backoffice.sessions,
            record,
            secure=backoffice.is_secure(connection),
            address=backoffice.client_address(connection),
            registration_open=backoffice.open_registration,
        )
        scope.setdefault("state", {})["visitor"] = visitor
        stale_cookie = bool(raw_id) and record is None

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if stale_cookie and visitor.cookie is None:
                    visitor.cookie_cleared = True
                cookie = visitor.set_cookie_header()
                if cookie is not None:
                    headers.append("Set-Cookie", cookie)
                if visitor.record is not None or cookie is not None:
                    headers.setdefault("Cache-Control", PRIVATE)
            await send(message)

        await self.app(scope, receive, send_with_cookie)
