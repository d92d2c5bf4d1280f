"""Yank, delete, roles and tokens through the real `stilton` CLI and the HTTP API, with a
live server in another process noticing each change within about a second, and pip and uv
honouring yanks (PEP 592: a yanked release installs only when pinned exactly).

The tests of this module build on each other, in order, on the module's own server.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.clients import PYTHON, UV, Outcome, run
from tests.e2e.samples import CORE, Samples, wheel_in
from tests.e2e.server import LiveServer

pytestmark = pytest.mark.e2e

NOTICE_WITHIN = 1.5  # seconds: the server polls the journal once a second
MAINTAINER = "maint"


def cli(server: LiveServer, *args: str) -> str:
    return server.deployment.cli(*args)


def cli_json(server: LiveServer, *args: str) -> Any:
    return json.loads(cli(server, *args, "--json"))


def noticed(check: Callable[[], bool]) -> float:
    """Seconds until `check` holds (polled); fails after NOTICE_WITHIN."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > NOTICE_WITHIN:
            pytest.fail(f"the server did not notice the change within {NOTICE_WITHIN} s")
        time.sleep(0.05)
    return time.monotonic() - start


def yanked(server: LiveServer, filename: str) -> object:
    page = server.http.get(f"{server.index_url}{CORE}/", params={"format": "json"}).json()
    return {f["filename"]: f["yanked"] for f in page["files"]}.get(filename)


def checked(outcome: Outcome) -> Outcome:
    assert outcome.returncode == 0, outcome
    return outcome


def pip_install(server: LiveServer, tmp_path: Path, env: dict[str, str], req: str) -> Outcome:
    checked(run([PYTHON, "-m", "venv", "--without-pip", tmp_path / "venv"], env))
    python = tmp_path / "venv" / "bin" / "python"
    install = ["install", "--no-cache-dir", "--index-url", server.index_url, req]
    return checked(run([PYTHON, "-m", "pip", "--python", python, *install], env))


@pytest.fixture(scope="module")
def server(live_server: LiveServer, samples: Samples) -> LiveServer:
    for sample in samples.of(CORE):
        if sample.is_wheel:
            assert live_server.upload(sample.path).status_code == 200
    return live_server


@pytest.fixture(scope="module")
def core_2(samples: Samples) -> str:
    (wheel,) = [s.filename for s in samples.of(CORE) if s.is_wheel and s.version == "2.0"]
    return wheel


def test_a_yank_from_the_cli_reaches_the_server_and_pip(
    server: LiveServer, core_2: str, tmp_path: Path, client_env: dict[str, str]
) -> None:
    server.http.get(f"{server.index_url}{CORE}/")  # cache the page first
    cli(server, "yank", CORE, "2.0", "--reason", "breaks on Tuesdays")
    noticed(lambda: yanked(server, core_2) == "breaks on Tuesdays")

    latest = pip_install(server, tmp_path / "latest", client_env, CORE)
    assert "Successfully installed cheddar-core-1.0" in latest.said
    pinned = pip_install(server, tmp_path / "pinned", client_env, f"{CORE}==2.0")
    assert "Successfully installed cheddar-core-2.0" in pinned.said
    assert "breaks on Tuesdays" in pinned.said  # pip shows the reason when it takes a yanked file


def test_uv_skips_the_yanked_release(
    server: LiveServer, tmp_path: Path, client_env: dict[str, str]
) -> None:
    checked(run([UV, "venv", "--python", PYTHON, tmp_path / "uv-venv"], client_env))
    python = tmp_path / "uv-venv" / "bin" / "python"
    outcome = checked(
        run([UV, "pip", "install", "--python", python, "--index-url", server.index_url, CORE],
            client_env)
    )  # fmt: skip
    assert "cheddar-core==1.0" in outcome.said


def test_an_unyank_over_the_http_api_reaches_pip(
    server: LiveServer, core_2: str, tmp_path: Path, client_env: dict[str, str]
) -> None:
    response = server.http.post(
        f"{server.url}/api/v1/projects/{CORE}/releases/2.0/unyank",
        headers={"Authorization": f"Bearer {server.token}"},
    )
    assert response.status_code == 200, response.text
    assert yanked(server, core_2) is False  # the acting process knows at once
    latest = pip_install(server, tmp_path, client_env, CORE)
    assert "Successfully installed cheddar-core-2.0" in latest.said


def test_a_deleted_file_is_gone_and_its_name_stays_taken(
    server: LiveServer, samples: Samples
) -> None:
    (core_1,) = [s for s in samples.of(CORE) if s.is_wheel and s.version == "1.0"]
    page = server.http.get(f"{server.index_url}{CORE}/").text
    relative = page.split('href="', 2)[1].split("#", 1)[0]
    file_url = f"{server.index_url}{CORE}/{relative}"
    assert core_1.filename in file_url
    assert server.http.get(file_url).status_code == 200

    cli(server, "delete", CORE, "1.0", core_1.filename, "--yes")
    noticed(lambda: server.http.get(file_url).status_code == 404)
    # the page follows once the server's journal poll sees the deletion
    noticed(lambda: core_1.filename not in server.http.get(f"{server.index_url}{CORE}/").text)
    again = server.upload(core_1.path)
    assert again.status_code == 400
    assert "File already exists" in again.text


def test_roles_and_tokens_from_the_cli(server: LiveServer, tmp_path: Path) -> None:
    token = server.mint_token(MAINTAINER)
    wheel = wheel_in(tmp_path, CORE, "3.0")
    assert server.upload(wheel, token).status_code == 403

    cli(server, "role", "add", CORE, MAINTAINER, "--role", "Maintainer")
    assert server.upload(wheel, token).status_code == 200

    (listed,) = cli_json(server, "token", "list", "--user", MAINTAINER)
    assert listed["last_used"] is not None
    cli(server, "token", "revoke", listed["identifier"])
    refused = server.upload(wheel_in(tmp_path / "next", CORE, "3.1"), token)
    assert refused.status_code == 401
    assert "revoked" in refused.text

    entries = cli_json(server, "audit", "--project", CORE)
    actions = [e["action"] for e in entries]
    assert actions[0] == f"add py3 file {wheel.name}"
    for action in (f"add Maintainer {MAINTAINER}", "yank release", "unyank release"):
        assert action in actions
    assert {e["actor"] for e in entries if e["action"] == f"add py3 file {wheel.name}"} == {
        MAINTAINER
    }
    by_cli = [e for e in entries if e["action"] == "yank release"]
    assert by_cli[0]["actor"].startswith("cli:")
