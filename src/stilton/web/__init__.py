"""The pages people read: home, search, projects and releases, users, feeds.

Server-rendered with Jinja2, styled and scripted only by files Stilton serves itself, and
sent with a strict Content-Security-Policy.
"""

from stilton.web.backoffice import Backoffice
from stilton.web.routes import routes
from stilton.web.security import CONTENT_SECURITY_POLICY, SecurityHeaders
from stilton.web.sessions import COOKIE_NAME, SessionStore
from stilton.web.site import WebSite

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "COOKIE_NAME",
    "Backoffice",
    "SecurityHeaders",
    "SessionStore",
    "WebSite",
    "routes",
]
