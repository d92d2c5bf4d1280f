from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stilton.accounts import AccountService
from stilton.projects import ProjectService
from stilton.review import ReviewService


@dataclass(frozen=True)
class ManageContext:
    """What the management API needs from the app, built once in `create_app`."""

    accounts: AccountService
    projects: ProjectService
    serial_changed: Callable[[int], None]
    review: ReviewService
