"""uv publish against a live server, with and without `--check-url`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.clients import UV, Outcome, run
from tests.e2e.samples import Samples, same_name_other_bytes, sha256_of, wheel_in
from tests.e2e.server import LiveServer, forge_token

pytestmark = pytest.mark.e2e


def uv_publish(
    server: LiveServer, files: list[Path], env: dict[str, str], *extra: str, token: str = ""
) -> Outcome:
    return run(
        [
            UV, "publish", "--publish-url", server.upload_url,
            "--token", token or server.token, "--no-progress", *extra, *files,
        ],
        env,
    )  # fmt: skip


def test_publishes_wheels_and_sdists_then_accepts_the_same_files_again(
    live_server: LiveServer, samples: Samples, client_env: dict[str, str]
) -> None:
    files = [sample.path for sample in samples.all]

    first = uv_publish(live_server, files, client_env)
    again = uv_publish(live_server, files, client_env)

    assert first.returncode == 0, first
    assert again.returncode == 0, again
    for project in samples.projects:
        assert live_server.served(project) == {s.filename: s.sha256 for s in samples.of(project)}


@pytest.fixture
def original_and_changed(tmp_path: Path, live_server: LiveServer) -> tuple[Path, Path]:
    """`uv-dup` 1.0 on the server, and a wheel with the same filename but other bytes."""
    original, changed = same_name_other_bytes(tmp_path, "uv-dup", "1.0")
    response = live_server.upload(original)
    assert response.status_code == 200, response.text
    return original, changed


def test_check_url_skips_a_file_the_index_has(
    live_server: LiveServer, original_and_changed: tuple[Path, Path], client_env: dict[str, str]
) -> None:
    original, _ = original_and_changed

    outcome = uv_publish(live_server, [original], client_env, "--check-url", live_server.index_url)

    assert outcome.returncode == 0, outcome
    assert f"File {original.name} already exists, skipping" in outcome.said, outcome
    assert "Uploading" not in outcome.output, outcome


def test_check_url_uploads_a_project_the_index_does_not_have_yet(
    live_server: LiveServer, tmp_path: Path, client_env: dict[str, str]
) -> None:
    wheel = wheel_in(tmp_path, "uv-brand-new", "1.0")

    outcome = uv_publish(live_server, [wheel], client_env, "--check-url", live_server.index_url)

    assert outcome.returncode == 0, outcome
    assert live_server.served("uv-brand-new") == {wheel.name: sha256_of(wheel)}


def test_check_url_refuses_a_changed_file_under_a_used_name(
    live_server: LiveServer, original_and_changed: tuple[Path, Path], client_env: dict[str, str]
) -> None:
    original, changed = original_and_changed

    outcome = uv_publish(live_server, [changed], client_env, "--check-url", live_server.index_url)

    assert outcome.returncode != 0, outcome
    assert "do not match" in outcome.said, outcome
    assert f"sha256={sha256_of(original)}" in outcome.said, outcome
    assert live_server.served("uv-dup") == {original.name: sha256_of(original)}


def test_a_changed_file_under_a_used_name_is_refused_and_uv_shows_why(
    live_server: LiveServer, original_and_changed: tuple[Path, Path], client_env: dict[str, str]
) -> None:
    original, changed = original_and_changed

    outcome = uv_publish(live_server, [changed], client_env)

    assert outcome.returncode != 0, outcome
    assert "400" in outcome.said, outcome
    assert "File already exists" in outcome.said, outcome
    assert live_server.served("uv-dup") == {original.name: sha256_of(original)}


def test_a_bad_token_gets_401_and_uv_shows_why(
    live_server: LiveServer, tmp_path: Path, client_env: dict[str, str]
) -> None:
    wheel = wheel_in(tmp_path, "uv-bad-token", "1.0")
    forged = forge_token(live_server.token)

    outcome = uv_publish(live_server, [wheel], client_env, token=forged)

    assert outcome.returncode != 0, outcome
    assert "401" in outcome.said, outcome
    assert "Invalid or revoked API token" in outcome.said, outcome
    assert live_server.served("uv-bad-token") is None
