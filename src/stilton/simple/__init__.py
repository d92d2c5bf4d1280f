"""The Simple Repository API: PEP 503 HTML and PEP 691 JSON pages, and the files."""

from stilton.simple import files
from stilton.simple.cache import PageCache
from stilton.simple.gate import FileGate
from stilton.simple.negotiate import PageFormat, choose_format
from stilton.simple.routes import routes as _page_routes
from stilton.simple.shortcut import CachedPageShortcut

routes = [*_page_routes, *files.routes]

__all__ = ["CachedPageShortcut", "FileGate", "PageCache", "PageFormat", "choose_format", "routes"]
