from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from stilton.web import CONTENT_SECURITY_POLICY, SecurityHeaders


async def page(request: Request) -> Response:
    return PlainTextResponse("page")


async def framed(request: Request) -> Response:
    return PlainTextResponse("own policy", headers={"X-Frame-Options": "SAMEORIGIN"})


def test_wrapped_routes_get_the_headers_and_others_do_not() -> None:
    wrapped = [Middleware(SecurityHeaders)]
    app = Starlette(
        routes=[
            Route("/page", page, middleware=wrapped),
            Route("/framed", framed, middleware=wrapped),
            Route("/plain", page),
        ]
    )

    async def fetch(path: str) -> httpx.Headers:
        transport = httpx.ASGITransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return (await client.get(path)).headers

    headers = asyncio.run(fetch("/page"))
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert asyncio.run(fetch("/framed"))["x-frame-options"] == "SAMEORIGIN"
    assert "content-security-policy" not in asyncio.run(fetch("/plain"))


def test_the_policy_allows_no_inline_script_and_nothing_from_elsewhere() -> None:
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
