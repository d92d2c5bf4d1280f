"""`/project/<name>/<version>/files/<filename>/scan/`: what the scanner found in a published file.

Every scan of the file is listed, the current one first; the findings quote the file's own
text, so they are escaped like every other value. Files that are not published answer 404.
"""

from __future__ import annotations

from packaging.utils import canonicalize_name
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from stilton.web.pages import NORMALIZED_NAME, not_found, redirect, site_of
from stilton.web.scan_data import Moved, report_url
from stilton.web.templating import printable

MAX_FILENAME = 255


async def report(request: Request) -> Response:
    name: str = request.path_params["name"]
    version: str = request.path_params["version"]
    filename: str = request.path_params["filename"]
    if len(filename) > MAX_FILENAME or printable(filename) != filename or "\x00" in version:
        return not_found(request, "file")
    normalized = canonicalize_name(name)
    if not NORMALIZED_NAME.fullmatch(normalized):
        return not_found(request, "file")
    if name != normalized or not request.url.path.endswith("/"):
        return redirect(request, report_url(normalized, version, filename))
    site = site_of(request)

    def build() -> str | Moved | None:
        page = site.projects.scan_report(normalized, version, filename)
        if page is None or isinstance(page, Moved):
            return page
        return site.render(request, "scan_report.html", page=page)

    built = await run_in_threadpool(build)
    if built is None:
        return not_found(request, "file")
    if isinstance(built, Moved):
        return redirect(request, built.path)
    return site.html(built)
