from __future__ import annotations

from packaging.utils import canonicalize_name
from starlette.types import ASGIApp, Receive, Scope, Send

from stilton.simple.cache import INDEX, PageCache
from stilton.simple.headers import page_head
from stilton.simple.negotiate import choose_format

_PREFIX = "/simple/"


class CachedPageShortcut:
    """Answers simple pages that are cached and current before routing begins.

    Installers ask for these pages far more than for anything else; a hit costs a dict
    lookup and two sends. Everything else (misses, redirects, queries) goes to the app.
    """

    def __init__(self, app: ASGIApp, pages: PageCache) -> None:
        self.app = app
        self.pages = pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not await self._answer(scope, send):
            await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, send: Send) -> bool:
        path: str = scope["path"]
        if (
            scope["method"] not in ("GET", "HEAD")
            or scope["query_string"]
            or not path.startswith(_PREFIX)
            or not path.endswith("/")
        ):
            return False
        name = path[len(_PREFIX) : -1]
        if name and ("/" in name or canonicalize_name(name) != name):
            return False
        accept = accept_encoding = ""
        if_none_match = None
        for key, value in scope["headers"]:
            if key == b"accept":
                accept = value.decode("latin-1")
            elif key == b"accept-encoding":
                accept_encoding = value.decode("latin-1")
            elif key == b"if-none-match":
                if_none_match = value.decode("latin-1")
        page_format = choose_format(accept)
        page = self.pages.fresh(name or INDEX, page_format)
        if page is None:
            return False
        status, headers, body = page_head(page, page_format, accept_encoding, if_none_match)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return True
