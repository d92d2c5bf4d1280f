from __future__ import annotations

from packaging.utils import canonicalize_name
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from stilton.simple.cache import PageCache, RenderedPage
from stilton.simple.negotiate import PageFormat, choose_format

_PAGE_CACHE_CONTROL = "max-age=600, public"


def _cache(request: Request) -> PageCache:
    cache: PageCache = request.app.state.pages
    return cache


async def index_page(request: Request) -> Response:
    page_format = _format(request)
    page = await run_in_threadpool(_cache(request).index, page_format)
    return page_response(request, page, page_format)


async def project_page(request: Request) -> Response:
    name: str = request.path_params["name"]
    normalized = canonicalize_name(name)
    if name != normalized or not request.url.path.endswith("/"):
        return _redirect(request, f"/simple/{normalized}/")
    page_format = _format(request)
    cache = _cache(request)
    page = cache.fresh(normalized, page_format) or await run_in_threadpool(
        cache.project, normalized, page_format
    )
    if page is None:
        return PlainTextResponse("Not Found", 404)
    return page_response(request, page, page_format)


def _format(request: Request) -> PageFormat:
    return choose_format(request.headers.get("accept"), request.query_params.get("format"))


def _redirect(request: Request, path: str) -> Response:
    url = request.url.replace(path=path)
    return RedirectResponse(str(url), status_code=301)


def page_response(request: Request, page: RenderedPage, page_format: PageFormat) -> Response:
    gzipped = "gzip" in request.headers.get("accept-encoding", "")
    etag = f'"{page.etag}-gz"' if gzipped else f'"{page.etag}"'
    headers = {
        "ETag": etag,
        "Cache-Control": _PAGE_CACHE_CONTROL,
        "Vary": "Accept, Accept-Encoding",
        "X-PyPI-Last-Serial": str(page.serial),
    }
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    body = page.gzipped if gzipped else page.body
    return Response(body, headers=headers, media_type=page_format.value)


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


routes = [
    Route("/simple/", index_page),
    Route("/simple", lambda request: _redirect(request, "/simple/")),
    Route("/simple/{name}/", project_page),
    Route("/simple/{name}", project_page),
]
