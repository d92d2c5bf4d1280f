"""Wrong passwords sent to the management API, to uploads and (in private mode) to every page
count against the user name and the address, as on the log-in page; tokens are never limited."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.builders import build_wheel
from tests.integration.conftest import Index, running_index, twine_parts
from tests.support.databases import BACKENDS

WRONG = ("alice", "not-her-password")
RIGHT = ("alice", "alice-password")


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_api_refuses_passwords_after_too_many_wrong_ones(backend: str, tmp_path: Path) -> None:
    with running_index(backend, tmp_path, login_failures_per_user=3) as index:
        assert index.get("/api/v1/tokens", auth=RIGHT).status_code == 200
        answers = [index.get("/api/v1/tokens", auth=WRONG).status_code for _ in range(3)]
        assert answers == [401, 401, 401]
        refused = index.get("/api/v1/tokens", auth=RIGHT)
        assert refused.status_code == 429
        assert refused.json()["code"] == "too-many-logins"
        assert "wait 15 minutes" in refused.json()["error"]
        # Tokens stay usable: the limit is on guessing passwords.
        token = index.get("/api/v1/tokens", headers=bearer(index))
        assert token.status_code == 200
        wheel = build_wheel(tmp_path, "limited-upload", "1.0")
        basic = base64.b64encode(":".join(RIGHT).encode()).decode()
        upload = index.post_form(
            twine_parts(wheel), account=None, headers={"Authorization": f"Basic {basic}"}
        )
        assert upload.status_code == 429
        assert "Too many failed log-ins" in upload.text


@pytest.mark.parametrize("backend", BACKENDS)
def test_unknown_names_count_too_and_a_success_forgives(backend: str, tmp_path: Path) -> None:
    with running_index(backend, tmp_path, login_failures_per_user=2) as index:
        for _ in range(2):
            assert index.get("/api/v1/tokens", auth=("nobody", "x")).status_code == 401
        assert index.get("/api/v1/tokens", auth=("nobody", "x")).status_code == 429
        assert index.get("/api/v1/tokens", auth=WRONG).status_code == 401
        assert index.get("/api/v1/tokens", auth=RIGHT).status_code == 200
        assert index.get("/api/v1/tokens", auth=WRONG).status_code == 401  # counted afresh
        assert index.get("/api/v1/tokens", auth=RIGHT).status_code == 200


@pytest.mark.parametrize("backend", BACKENDS)
def test_private_pages_answer_429_after_too_many_wrong_passwords(
    backend: str, tmp_path: Path
) -> None:
    with running_index(backend, tmp_path, private=True, login_failures_per_user=2) as index:
        assert [index.get("/simple/", auth=WRONG).status_code for _ in range(2)] == [401, 401]
        refused = index.get("/simple/", auth=RIGHT)
        assert refused.status_code == 429
        assert "Too many failed log-ins" in refused.text
        assert index.get("/simple/", headers=bearer(index)).status_code == 200


def bearer(index: Index) -> dict[str, str]:
    return {"Authorization": f"Bearer {index.tokens['alice']}"}
