"""Everything the pages need, built once per app and kept on `app.state.web`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse

from stilton.db import Database
from stilton.search import SearchIndex
from stilton.web.assets import Assets
from stilton.web.listings import Listings
from stilton.web.project_data import ProjectPages
from stilton.web.readme import ReadmeCache
from stilton.web.templating import make_environment


@dataclass
class WebSite:
    templates: Environment
    assets: Assets
    search: SearchIndex
    projects: ProjectPages
    listings: Listings
    base_url: str
    """The configured public URL, or "" to use the one each request came in on."""

    @classmethod
    def create(
        cls,
        database: Database,
        search: SearchIndex,
        current_serial: Callable[[], int],
        base_url: str = "",
    ) -> WebSite:
        assets = Assets()
        return cls(
            templates=make_environment(assets),
            assets=assets,
            search=search,
            projects=ProjectPages(database, search, ReadmeCache()),
            listings=Listings(database, search, current_serial),
            base_url=base_url.rstrip("/"),
        )

    def base_for(self, request: Request) -> str:
        return self.base_url or str(request.base_url).rstrip("/")

    def render(self, request: Request, template: str, **context: Any) -> str:
        """The page as text (blocking: templates with long lists take milliseconds)."""
        context.setdefault("query_text", "")
        context.setdefault("visitor", getattr(request.state, "visitor", None))
        return self.templates.get_template(template).render(
            base_url=self.base_for(request), path=request.url.path, **context
        )

    def page(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        return self.html(self.render(request, template, **context), status)

    @staticmethod
    def html(text: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(text, status_code=status)
