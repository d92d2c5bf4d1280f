"""The upload gate with real clients: twine's upload of an (inert) malicious wheel is refused
with the quarantine message, pip cannot install it, and `stilton review approve` on the same
data directory and database makes it installable once the server notices (its journal poll).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.builders.flagged import MALICIOUS_RULES, build_malicious_wheel
from tests.e2e.clients import PYTHON, Outcome, run, twine_upload
from tests.e2e.server import LiveServer

pytestmark = pytest.mark.e2e

PROJECT = "gate-e2e"
NOTICE_WITHIN = 1.5  # seconds: the server polls the journal once a second


def pip_install(server: LiveServer, venv: Path, env: dict[str, str], req: str) -> Outcome:
    if not venv.exists():
        assert run([PYTHON, "-m", "venv", "--without-pip", venv], env).returncode == 0
    install = ["install", "--no-cache-dir", "--index-url", server.index_url, req]
    return run([PYTHON, "-m", "pip", "--python", venv / "bin" / "python", *install], env)


def test_a_quarantined_upload_installs_only_after_an_admin_approves_it(
    live_server: LiveServer, tmp_path: Path, client_env: dict[str, str]
) -> None:
    wheel = build_malicious_wheel(tmp_path, PROJECT, "1.0")
    refused = twine_upload(live_server.upload_url, live_server.token, [wheel], client_env)
    assert refused.returncode != 0, refused
    assert "HTTPError: 422" in refused.said, refused
    assert "Quarantined, not published (malicious" in refused.said, refused
    for rule in MALICIOUS_RULES:
        assert rule in refused.said, refused
    assert f"an admin must approve '{wheel.name}'" in refused.said

    venv = tmp_path / "venv"
    blocked = pip_install(live_server, venv, client_env, f"{PROJECT}==1.0")
    assert blocked.returncode != 0, blocked
    assert "No matching distribution" in blocked.said, blocked
    assert not live_server.served(PROJECT)

    queue = json.loads(live_server.deployment.cli("review", "list", "--json"))
    assert [(i["filename"], i["state"]) for i in queue] == [(wheel.name, "quarantined")]
    live_server.deployment.cli("review", "approve", wheel.name, "--reason", "inert fixture")

    start = time.monotonic()
    while wheel.name not in (live_server.served(PROJECT) or {}):
        assert time.monotonic() - start < NOTICE_WITHIN, "the server did not notice the approval"
        time.sleep(0.05)
    installed = pip_install(live_server, venv, client_env, f"{PROJECT}==1.0")
    assert installed.returncode == 0, installed
    assert f"Successfully installed {PROJECT}-1.0" in installed.said
