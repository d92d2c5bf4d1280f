"""Builds the ASGI application from the settings; every long-lived object hangs off it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from stilton import jsonapi, simple, upload
from stilton.accounts import AccountService
from stilton.config import Settings
from stilton.db import Database
from stilton.projects import ProjectReader, SerialWatcher
from stilton.publishing import Publisher
from stilton.simple import CachedPageShortcut, FileGate, PageCache
from stilton.storage import LocalBlobStore


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
    app = Starlette(
        middleware=[Middleware(CachedPageShortcut, pages=pages)],
        routes=[
            Route("/", home),
            Route("/health", health),
            *simple.routes,
            *upload.routes,
            *jsonapi.routes,
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
        accounts=AccountService(database),
        publisher=Publisher(database, store),
        tmp_dir=tmp_dir,
        limits=upload.FormLimits(settings.max_file_size, settings.max_form_field_size),
        serial_changed=serials.advance,
    )
    return app


def create_app_from_environment() -> Starlette:
    """The factory `stilton serve --workers N` hands to each worker process."""
    return create_app(Settings.from_env())


async def home(request: Request) -> Response:
    base = str(request.base_url).rstrip("/")
    return PlainTextResponse(
        "Stilton package index\n\n"
        f"Install: pip install --index-url {base}/simple/ <name>\n"
        f"Upload:  twine upload --repository-url {base}/legacy/ -u __token__ -p <token> dist/*\n"
    )


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")
