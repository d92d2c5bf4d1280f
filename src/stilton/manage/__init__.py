"""The authenticated HTTP surface: the management API under `/api/v1/` and private mode."""

from stilton.manage import accounts as _accounts
from stilton.manage import projects as _projects
from stilton.manage import review as _review
from stilton.manage.context import ManageContext
from stilton.manage.errors import BodyTooLarge, RequestError
from stilton.manage.private import BrowserLogin, PrivateIndex

routes = [*_projects.routes, *_accounts.routes, *_review.routes]

__all__ = [
    "BodyTooLarge",
    "BrowserLogin",
    "ManageContext",
    "PrivateIndex",
    "RequestError",
    "routes",
]
