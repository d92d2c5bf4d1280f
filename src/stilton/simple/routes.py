from __future__ import annotations

from packaging.utils import canonicalize_name
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from stilton.simple.cache import PageCache, RenderedPage
from stilton.simple.headers import page_head
from stilton.simple.negotiate import PageFormat, choose_format


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
    status, headers, body = page_head(
        page,
        page_format,
        request.headers.get("accept-encoding", ""),
        request.headers.get("if-none-match"),
    )
    response = Response(body, status_code=status)
    response.raw_headers = headers
    return response


routes = [
    Route("/simple/", index_page),
    Route("/simple", lambda request: _redirect(request, "/simple/")),
    Route("/simple/{name}/", project_page),
    Route("/simple/{name}", project_page),
]
