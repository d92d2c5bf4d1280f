"""What the account and management pages need from the app, built once in `create_app`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from starlette.requests import HTTPConnection

from stilton.accounts import AccountService, PasswordLogins
from stilton.config import Settings
from stilton.db import Database
from stilton.projects import ProjectService
from stilton.web.sessions import SessionStore


@dataclass(frozen=True)
class Backoffice:
    accounts: AccountService
    projects: ProjectService
    logins: PasswordLogins
    sessions: SessionStore
    login_window_minutes: int
    serial_changed: Callable[[int], None]
    open_registration: bool
    trust_proxy_headers: bool

    @classmethod
    def create(
        cls,
        database: Database,
        accounts: AccountService,
        projects: ProjectService,
        serial_changed: Callable[[int], None],
        settings: Settings,
        sessions: SessionStore | None = None,
    ) -> Backoffice:
        return cls(
            accounts=accounts,
            projects=projects,
            logins=PasswordLogins(database),
            sessions=sessions or SessionStore(database, timedelta(hours=settings.session_hours)),
            login_window_minutes=settings.login_window_minutes,
            serial_changed=serial_changed,
            open_registration=settings.open_registration,
            trust_proxy_headers=settings.trust_proxy_headers,
        )

    def is_secure(self, connection: HTTPConnection) -> bool:
        if connection.url.scheme == "https":
            return True
        forwarded = connection.headers.get("x-forwarded-proto", "")
        return self.trust_proxy_headers and forwarded.split(",")[0].strip().lower() == "https"

    def client_address(self, connection: HTTPConnection) -> str:
        """The client's address; behind a trusted proxy, the one it appended last."""
        if self.trust_proxy_headers:
            hops = [h.strip() for h in connection.headers.get("x-forwarded-for", "").split(",")]
            if hops[-1]:
                return hops[-1][:64]
        return (connection.client.host if connection.client else "unknown")[:64]
