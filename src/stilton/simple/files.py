"""`/packages/…`: published files and their PEP 658 metadata siblings, never compressed."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from stilton.simple.gate import FileGate
from stilton.storage import BlobNotFound, BlobStore, InvalidBlobKey, validate_key

_FILE_HEADERS = {"Cache-Control": "max-age=31536000, immutable"}
_BINARY = "application/octet-stream"


class _LargeChunkFileResponse(FileResponse):
    chunk_size = 1024 * 1024


async def package_file(request: Request) -> Response:
    key: str = request.path_params["path"]
    gate: FileGate = request.app.state.file_gate
    store: BlobStore = request.app.state.store
    try:
        validate_key(key)  # before the gate's query: PostgreSQL refuses some strings (NUL)
        allowed = gate.fresh(key)
        if allowed is None:
            allowed = await run_in_threadpool(gate.check, key)
        if not allowed:
            return _not_found()
        local = store.local_path(key)
        if local is not None:
            # Another process may have just removed it; the gate learns within a second.
            if not local.is_file():
                return _not_found()
            return _LargeChunkFileResponse(local, headers=_FILE_HEADERS, media_type=_BINARY)
        stream = await run_in_threadpool(store.open, key)
    except (InvalidBlobKey, BlobNotFound, FileNotFoundError):
        return _not_found()
    return StreamingResponse(stream, headers=_FILE_HEADERS, media_type=_BINARY)


def _not_found() -> Response:
    return PlainTextResponse("Not Found", 404)


routes = [Route("/packages/{path:path}", package_file, methods=["GET", "HEAD"])]
