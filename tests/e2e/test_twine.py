"""twine upload against a live server: success, idempotent re-upload, and refusals that twine's
default (non-verbose) output explains because the message travels in the reason phrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.clients import PYTHON, Outcome, run, twine_upload
from tests.e2e.samples import Samples, same_name_other_bytes, sha256_of, wheel_in
from tests.e2e.server import LiveServer, forge_token

pytestmark = pytest.mark.e2e

# twine 7 accepts --skip-existing only for the public index's own upload URLs, so the flag is
# driven here through the function twine runs on each upload answer to decide whether to skip.
_SKIP_EXISTING_PROBE = """
import sys
from twine.commands.upload import skip_upload
from twine.package import PackageFile
from twine.repository import Repository

url, token, path = sys.argv[1:]
package = PackageFile.from_filename(path, None)
response = Repository(url, "__token__", token, disable_progress_bar=True).upload(package)
print("status", response.status_code)
print("reason", response.reason)
print("skip", skip_upload(response, True, package))
"""


def twine(server: LiveServer, token: str, files: list[Path], env: dict[str, str]) -> Outcome:
    return twine_upload(server.upload_url, token, files, env)


def test_uploads_wheels_and_sdists_then_accepts_the_same_files_again(
    live_server: LiveServer, samples: Samples, client_env: dict[str, str]
) -> None:
    files = [sample.path for sample in samples.all]

    first = twine(live_server, live_server.token, files, client_env)
    again = twine(live_server, live_server.token, files, client_env)

    assert first.returncode == 0, first
    assert again.returncode == 0, again
    for project in samples.projects:
        assert live_server.served(project) == {s.filename: s.sha256 for s in samples.of(project)}


@pytest.fixture
def original_and_changed(tmp_path: Path, live_server: LiveServer) -> tuple[Path, Path]:
    """`twine-dup` 1.0 on the server, and a wheel with the same filename but other bytes."""
    original, changed = same_name_other_bytes(tmp_path, "twine-dup", "1.0")
    response = live_server.upload(original)
    assert response.status_code == 200, response.text
    return original, changed


def test_a_changed_file_under_a_used_name_is_refused_and_twine_shows_why(
    live_server: LiveServer, original_and_changed: tuple[Path, Path], client_env: dict[str, str]
) -> None:
    original, changed = original_and_changed

    outcome = twine(live_server, live_server.token, [changed], client_env)

    assert outcome.returncode == 1, outcome
    assert "--verbose" in outcome.said, outcome  # the default, non-verbose output
    assert "HTTPError: 400" in outcome.said, outcome
    assert "File already exists" in outcome.said, outcome
    assert live_server.served("twine-dup") == {original.name: sha256_of(original)}


def test_skip_existing_skips_a_changed_file_under_a_used_name(
    live_server: LiveServer, original_and_changed: tuple[Path, Path], client_env: dict[str, str]
) -> None:
    original, changed = original_and_changed

    outcome = run(
        [PYTHON, "-c", _SKIP_EXISTING_PROBE, live_server.upload_url, live_server.token, changed],
        client_env,
    )

    assert outcome.returncode == 0, outcome
    assert "status 400" in outcome.output, outcome
    assert "skip True" in outcome.output, outcome
    assert live_server.served("twine-dup") == {original.name: sha256_of(original)}


def test_a_bad_token_gets_401_and_twine_shows_why(
    live_server: LiveServer, tmp_path: Path, client_env: dict[str, str]
) -> None:
    wheel = wheel_in(tmp_path, "twine-bad-token", "1.0")
    forged = forge_token(live_server.token)

    outcome = twine(live_server, forged, [wheel], client_env)

    assert outcome.returncode == 1, outcome
    assert "HTTPError: 401" in outcome.said, outcome
    assert "Invalid or revoked API token" in outcome.said, outcome
    assert live_server.served("twine-bad-token") is None


def test_a_token_scoped_to_another_project_gets_403_and_twine_shows_why(
    live_server: LiveServer, tmp_path: Path, client_env: dict[str, str]
) -> None:
    wheel = wheel_in(tmp_path, "twine-scoped", "1.0")
    token = live_server.mint_token(projects=["some-other-project"])

    outcome = twine(live_server, token, [wheel], client_env)

    assert outcome.returncode == 1, outcome
    assert "HTTPError: 403" in outcome.said, outcome
    assert "The API token is not valid for project 'twine-scoped'" in outcome.said, outcome
    assert live_server.served("twine-scoped") is None


def test_another_users_project_gets_403_and_twine_shows_why(
    live_server: LiveServer, tmp_path: Path, client_env: dict[str, str]
) -> None:
    first = wheel_in(tmp_path / "first", "twine-owned", "1.0")
    assert live_server.upload(first).status_code == 200
    second = wheel_in(tmp_path / "second", "twine-owned", "2.0")
    intruder = live_server.mint_token("mallory")

    outcome = twine(live_server, intruder, [second], client_env)

    assert outcome.returncode == 1, outcome
    assert "HTTPError: 403" in outcome.said, outcome
    assert "User 'mallory' isn't allowed to upload to project 'twine-owned'" in outcome.said
    assert live_server.served("twine-owned") == {first.name: sha256_of(first)}
