"""Builds the ASGI application from the settings; every long-lived object hangs off it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from stilton import jsonapi, manage, simple, upload, web
from stilton.accounts import AccountService, LoginLimits, LoginThrottle
from stilton.config import Settings
from stilton.db import Database
from stilton.projects import ProjectReader, ProjectService, SerialWatcher
from stilton.publishing import DatabaseLedger, Publisher
from stilton.review import ReviewService, ScanGate, policy_from_settings
from stilton.search import open_search_index
from stilton.simple import CachedPageShortcut, FileGate, PageCache
from stilton.storage import LocalBlobStore

LOGIN_PAGE = "/account/login/"
STATIC_FILES = "/static/"


def create_app(settings: Settings) -> Starlette:
    database = Database(settings.effective_database_url)
    store = LocalBlobStore(settings.files_dir)
    serials = SerialWatcher(database.max_serial, settings.serial_poll_seconds)
    reader = ProjectReader(database)
    tmp_dir = settings.data_dir.resolve() / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        serials.refresh()
        watcher = asyncio.create_task(serials.run())
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            database.dispose()

    pages = PageCache(reader, serials, settings.page_cache_entries)
    accounts = AccountService(database, LoginThrottle(database, login_limits(settings)))
    middleware = [Middleware(CachedPageShortcut, pages=pages)]
    sessions = web.SessionStore(database, timedelta(hours=settings.session_hours))
    if settings.private:
        # Outermost: no page, cached or not, and no file leaves without credentials.
        gate = Middleware(
            manage.PrivateIndex,
            authenticate=lambda credentials, address: accounts.authenticate(
                credentials, allow_password=True, address=address
            ),
            generation=lambda: serials.current,
            browser_login=manage.BrowserLogin(
                cookie=web.COOKIE_NAME,
                signed_in=lambda raw_id: _signed_in(sessions, raw_id),
                login_path=LOGIN_PAGE,
                open_prefixes=(LOGIN_PAGE, STATIC_FILES),
            ),
        )
        middleware.insert(0, gate)
    app = Starlette(
        middleware=middleware,
        routes=[
            Route("/health", health),
            *simple.routes,
            *upload.routes,
            *jsonapi.routes,
            *manage.routes,
            *web.routes,
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.store = store
    app.state.serials = serials
    app.state.reader = reader
    app.state.pages = pages
    app.state.file_gate = FileGate(database, serials)
    app.state.upload = upload.UploadContext(
        accounts=accounts,
        publisher=Publisher(database, store),
        tmp_dir=tmp_dir,
        limits=upload.FormLimits(settings.max_file_size, settings.max_form_field_size),
        serial_changed=serials.advance,
        ledger=DatabaseLedger(database),
        rules=upload.UploadRules.from_settings(settings),
        gate=ScanGate(
            database,
            policy_from_settings(settings),
            lambda: serials.current,
            enabled=settings.scan_uploads,
        ),
        scan_slots=upload.ScanSlots(settings.scan_concurrency),
    )
    app.state.search = open_search_index(database, lambda: serials.current)
    app.state.web = web.WebSite.create(
        database, app.state.search, lambda: serials.current, settings.base_url
    )
    app.state.manage = manage.ManageContext(
        accounts=accounts,
        projects=ProjectService(database, store),
        serial_changed=serials.advance,
        review=ReviewService(database),
    )
    app.state.backoffice = web.Backoffice.create(
        database, accounts, app.state.manage.projects, serials.advance, settings, sessions
    )
    return app


def _signed_in(sessions: web.SessionStore, raw_id: str) -> bool:
    record = sessions.load(raw_id)
    return record is not None and record.user is not None


def login_limits(settings: Settings) -> LoginLimits:
    return LoginLimits(
        settings.login_failures_per_user,
        settings.login_failures_per_address,
        timedelta(minutes=settings.login_window_minutes),
    )


def create_app_from_environment() -> Starlette:
    """The factory `stilton serve --workers N` hands to each worker process."""
    return create_app(Settings.from_env())


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")
