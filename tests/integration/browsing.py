"""A browser without JavaScript for the account and management pages: its own cookie jar,
its own client address (the test app trusts X-Forwarded-For), forms sent with their CSRF token."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from stilton.accounts import passwords
from stilton.web.sessions import COOKIE_NAME
from tests.integration.conftest import BACKENDS, BASE_URL, Index, running_index

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


class Browser:
    def __init__(self, index: Index, address: str = "192.0.2.1") -> None:
        self.index = index
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(index.app),
            base_url=BASE_URL,
            headers={"X-Forwarded-For": address},
        )

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        call = functools.partial(self.client.request, method, url, **kwargs)
        return self.index.portal.call(call)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, data: dict[str, Any], **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, data=data, **kwargs)

    def csrf(self, page: str = "/account/") -> str:
        response = self.get(page)
        assert response.status_code == 200, response.text
        match = CSRF.search(response.text)
        assert match is not None, response.text
        return match.group(1)

    def submit(self, page: str, action: str, **fields: Any) -> httpx.Response:
        """Open `page`, then send the form to `action` with the page's CSRF token."""
        return self.post(action, {"csrf_token": self.csrf(page), **fields})

    def login(self, username: str, password: str, next_path: str = "") -> httpx.Response:
        return self.submit(
            "/account/login/",
            "/account/login/",
            username=username,
            password=password,
            next=next_path,
        )

    @property
    def session_cookie(self) -> str | None:
        return self.client.cookies.get(COOKIE_NAME)

    def close(self) -> None:
        self.index.portal.call(self.client.aclose)


def set_cookies(response: httpx.Response) -> list[str]:
    return response.headers.get_list("set-cookie")


def create_user(index: Index, username: str, password: str, *, is_admin: bool = False) -> None:
    """A user made fast: verifying reads the costs from the hash, so log-ins still work."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        index.accounts.create_user(
            username, f"{username}@example.invalid", password, is_admin=is_admin
        )


def web_index(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Index]:
    with running_index(
        request.param,
        data_dir,
        trust_proxy_headers=True,
        project_creations_per_hour_per_user=0,
        project_creations_per_hour_per_address=0,
    ) as index:
        yield index


__all__ = ["BACKENDS", "Browser", "create_user", "set_cookies", "web_index"]
