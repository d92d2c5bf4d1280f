"""`/search/`: the results page, and the same results as JSON with `format=json`."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from stilton.search import MAX_RESULTS, SearchHit, SearchQuery, SearchResults
from stilton.web.pages import redirect, site_of
from stilton.web.templating import isotime, printable, project_url, search_url

MAX_CLASSIFIERS = 5
PER_PAGE = 20
MAX_PAGE = MAX_RESULTS // PER_PAGE


def read_query(request: Request) -> SearchQuery:
    params = request.query_params
    classifiers = [printable(c).strip()[:255] for c in params.getlist("c") if printable(c).strip()]
    try:
        page = int(params.get("page", "1"))
    except ValueError:
        page = 1
    per_page = PER_PAGE
    if params.get("per_page", "").isdigit():
        per_page = int(params["per_page"])
    return SearchQuery(
        text=printable(params.get("q", "")),
        classifiers=tuple(dict.fromkeys(classifiers))[:MAX_CLASSIFIERS],
        page=min(page, MAX_PAGE),
        per_page=per_page,
    )


async def search(request: Request) -> Response:
    if not request.url.path.endswith("/"):
        return redirect(request, "/search/")
    site = site_of(request)
    query = read_query(request)
    results = await run_in_threadpool(site.search.search, query)
    if request.query_params.get("format") == "json":
        return JSONResponse(
            results_document(results, site.base_for(request)),
            headers={"Cache-Control": "max-age=60"},
        )
    options = await run_in_threadpool(site.listings.classifier_options)

    def build() -> str:
        return site.render(
            request,
            "search.html",
            results=results,
            query=query,
            query_text=query.text,
            classifier_options=[c for c in options if c[0] not in query.classifiers],
            pages=page_numbers(results),
        )

    return site.html(await run_in_threadpool(build))


def results_document(results: SearchResults, base_url: str) -> dict[str, Any]:
    query = results.query
    document: dict[str, Any] = {
        "query": query.text,
        "classifiers": list(query.classifiers),
        "page": query.page,
        "per_page": query.per_page,
        "total": results.total,
        "more": results.more,
        "pages": results.pages,
        "results": [_hit(hit, base_url) for hit in results.hits],
        "next": None,
        "previous": None,
    }
    if results.has_next:
        document["next"] = base_url + _page_url(query, query.page + 1)
    if results.has_previous:
        document["previous"] = base_url + _page_url(query, query.page - 1)
    return document


def _hit(hit: SearchHit, base_url: str) -> dict[str, Any]:
    return {
        "name": hit.name,
        "normalized_name": hit.normalized_name,
        "version": hit.version,
        "summary": hit.summary,
        "updated": isotime(hit.updated),
        "match": hit.match.value,
        "url": base_url + project_url(hit.normalized_name),
        "json_url": f"{base_url}/pypi/{hit.normalized_name}/json",
    }


def _page_url(query: SearchQuery, page: int) -> str:
    url = search_url(query.text, query.classifiers, page)
    if query.per_page != PER_PAGE:
        url += ("&" if "?" in url else "?") + f"per_page={query.per_page}"
    return url + ("&" if "?" in url else "?") + "format=json"


def page_numbers(results: SearchResults) -> list[int | None]:
    """The pages to link: first, last, and two either side of this one; None is a gap."""
    current, last = results.query.page, results.pages
    wanted = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    shown: list[int | None] = []
    for number in wanted:
        if shown and shown[-1] is not None and number - shown[-1] > 1:
            shown.append(None)
        shown.append(number)
    return shown
