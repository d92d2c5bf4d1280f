"""PrivateIndex against a tiny app and a fake authenticator that counts its calls."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from stilton.accounts import AuthenticationFailed, Credentials, TooManyLogins
from stilton.manage import PrivateIndex

GOOD = ("alice", "pw")
TOKEN = "stilton-0123456789abcdef.secret"


class FakeAccounts:
    def __init__(self, delay: float = 0.0) -> None:
        self.calls = 0
        self.delay = delay
        self.addresses: list[str | None] = []

    def __call__(self, credentials: Credentials | None, address: str | None) -> object:
        self.calls += 1
        self.addresses.append(address)
        time.sleep(self.delay)
        valid = {GOOD, ("__token__", TOKEN)}
        if credentials is not None and credentials.username == "locked":
            raise TooManyLogins("Too many failed log-ins for 'locked' or from this address")
        if credentials is None or (credentials.username, credentials.password) not in valid:
            raise AuthenticationFailed("Invalid username or password")
        return object()


async def ok(request: Request) -> Response:
    return PlainTextResponse("ok")


INNER = Starlette(
    routes=[
        Route(path, ok, methods=["GET", "HEAD", "POST"])
        for path in ("/", "/health", "/simple/", "/packages/a/b", "/legacy/", "/api/v1/tokens")
    ]
)


class Harness:
    def __init__(self, delay: float = 0.0) -> None:
        self.accounts = FakeAccounts(delay)
        self.serial = 1
        self.app = PrivateIndex(INNER, authenticate=self.accounts, generation=lambda: self.serial)

    def get(self, *paths: str, method: str = "GET", **kwargs: object) -> list[httpx.Response]:
        """Send the requests concurrently; answers in the same order."""

        async def main() -> list[httpx.Response]:
            transport = httpx.ASGITransport(self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://index") as client:
                return list(
                    await asyncio.gather(*(client.request(method, p, **kwargs) for p in paths))
                )

        return asyncio.run(main())


@pytest.fixture
def harness() -> Harness:
    return Harness()


@pytest.mark.parametrize("path", ["/", "/simple/", "/packages/a/b"])
def test_no_credentials_get_a_basic_challenge(harness: Harness, path: str) -> None:
    (response,) = harness.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Basic realm="Stilton"'
    assert "private" in response.text
    assert harness.accounts.calls == 0


def test_head_requests_are_challenged_too(harness: Harness) -> None:
    (response,) = harness.get("/packages/a/b", method="HEAD")
    assert response.status_code == 401
    assert "www-authenticate" in response.headers


@pytest.mark.parametrize("path", ["/health", "/legacy/", "/api/v1/tokens"])
def test_health_and_self_authenticating_paths_pass(harness: Harness, path: str) -> None:
    (response,) = harness.get(path)
    assert response.status_code == 200


def test_too_many_wrong_passwords_answer_429_with_the_reason(harness: Harness) -> None:
    (response,) = harness.get("/simple/", auth=("locked", "pw"))
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.text
    assert harness.accounts.addresses == ["127.0.0.1"]  # counted per client address


def test_pdms_trusted_publishing_probe_is_not_challenged(harness: Harness) -> None:
    (response,) = harness.get("/_/oidc/audience")
    assert response.status_code == 404  # no route behind it: the answer pdm expects


def test_a_password_or_a_token_opens_every_page(harness: Harness) -> None:
    by_password = harness.get("/simple/", "/packages/a/b", auth=GOOD)
    by_token = harness.get("/simple/", headers={"Authorization": f"Bearer {TOKEN}"})
    assert [r.status_code for r in by_password + by_token] == [200, 200, 200]


@pytest.mark.parametrize(
    "authorization", ["Basic !!!", "Digest x", "Bearer nope", "Basic YWxpY2U6d3Jvbmc="]
)
def test_bad_credentials_are_challenged_and_never_remembered(
    harness: Harness, authorization: str
) -> None:
    for _ in range(2):
        (response,) = harness.get("/simple/", headers={"Authorization": authorization})
        assert response.status_code == 401
        assert response.text.startswith("Invalid credentials")
        assert "www-authenticate" in response.headers
    assert harness.accounts.calls in (0, 2)  # malformed headers never reach the accounts


def test_an_install_costs_one_verification(harness: Harness) -> None:
    for _ in range(5):
        responses = harness.get("/simple/", "/packages/a/b", auth=GOOD)
        assert {r.status_code for r in responses} == {200}
    assert harness.accounts.calls == 1


def test_a_journal_change_verifies_again(harness: Harness) -> None:
    harness.get("/simple/", auth=GOOD)
    harness.serial = 2
    harness.get("/simple/", auth=GOOD)
    harness.get("/simple/", auth=GOOD)
    assert harness.accounts.calls == 2


def test_concurrent_requests_share_one_verification() -> None:
    harness = Harness(delay=0.2)
    responses = harness.get(*["/simple/"] * 8, auth=GOOD)
    assert {r.status_code for r in responses} == {200}
    assert harness.accounts.calls == 1


def test_other_credentials_are_verified_on_their_own(harness: Harness) -> None:
    harness.get("/simple/", auth=GOOD)
    (response,) = harness.get("/simple/", auth=("alice", "guess"))
    assert response.status_code == 401
    assert harness.accounts.calls == 2
