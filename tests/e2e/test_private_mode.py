"""A private index (`stilton serve --private`): real pip and uv install with credentials.

Credentials travel in the index URL (`http://user:password@host/simple/`) or in a netrc file;
without them every page and file answers 401 with a Basic challenge (CLIENTS.md 3). The
reader's password is hashed at argon2's production cost, so these runs also show that the
server's login cache keeps an install fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from stilton.accounts import AccountService
from stilton.db import Database
from tests.e2e.clients import PYTHON, UV, Outcome, run
from tests.e2e.samples import CORE, Samples
from tests.e2e.server import OWNER, Deployment, LiveServer, running_server
from tests.support.databases import temporary_database

pytestmark = pytest.mark.e2e

READER = "reader"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def private(
    backend: str, samples: Samples, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A private server with cheddar-core published, and a reader who has a password.

    The accounts are made in-process (the CLI's own tests cover `user add`): each `stilton`
    start costs seconds on a busy machine.
    """
    root = tmp_path_factory.mktemp(f"private-{backend}")
    with temporary_database(backend, root) as database_url:
        database = Database(database_url)
        database.migrate()
        accounts = AccountService(database)
        accounts.create_user(READER, "r@example.invalid", PASSWORD)
        accounts.create_user(OWNER, "o@example.invalid", None)
        token = accounts.create_token(OWNER).value
        database.dispose()
        deployment = Deployment(root / "data", database_url, {OWNER, READER})
        with running_server(
            deployment, root / "server", token=token, extra_args=["--private"]
        ) as server:
            for sample in samples.of(CORE):
                if sample.is_wheel:
                    response = server.upload(sample.path)
                    assert response.status_code == 200, response.text
            yield server


def with_credentials(server: LiveServer, user: str, password: str) -> str:
    return server.index_url.replace("http://", f"http://{user}:{password}@")


def checked(outcome: Outcome) -> Outcome:
    assert outcome.returncode == 0, outcome
    return outcome


@pytest.fixture
def venv(tmp_path: Path, client_env: dict[str, str]) -> Path:
    checked(run([PYTHON, "-m", "venv", "--without-pip", tmp_path / "venv"], client_env))
    return tmp_path / "venv" / "bin" / "python"


def pip_install(python: Path, env: dict[str, str], index_url: str, *reqs: str) -> Outcome:
    return run(
        [PYTHON, "-m", "pip", "--python", python, "install", "--no-cache-dir",
         "--index-url", index_url, *reqs],
        env,
    )  # fmt: skip


def installed_core(python: Path, env: dict[str, str]) -> str:
    code = "import importlib.metadata as m; print(m.version('cheddar-core'))"
    return checked(run([python, "-c", code], env)).stdout.strip()


def test_every_page_and_file_needs_credentials(private: LiveServer) -> None:
    http = private.http
    page = http.get(f"{private.index_url}{CORE}/", auth=(READER, PASSWORD))
    assert page.status_code == 200
    file_url = httpx.URL(f"{private.index_url}{CORE}/").join(
        page.text.split('href="', 2)[1].split("#", 1)[0]
    )
    urls = [private.url + "/", private.index_url, f"{private.index_url}{CORE}/",
            f"{private.url}/pypi/{CORE}/json", str(file_url)]  # fmt: skip
    assert http.get(private.index_url, auth=(READER, "wrong")).status_code == 401
    for url in urls:
        refused = http.get(url)
        assert refused.status_code == 401, url
        assert refused.headers["www-authenticate"] == 'Basic realm="Stilton"'
        assert http.get(url, auth=(READER, PASSWORD)).status_code == 200, url
        assert http.get(url, auth=("__token__", private.token)).status_code == 200, url
    assert http.get(f"{private.url}/health").status_code == 200


def test_pip_installs_with_a_password_in_the_index_url(
    private: LiveServer, venv: Path, client_env: dict[str, str]
) -> None:
    index_url = with_credentials(private, READER, PASSWORD.replace(" ", "%20"))
    checked(pip_install(venv, client_env, index_url, CORE))
    assert installed_core(venv, client_env) == "2.0"


def test_pip_installs_with_credentials_from_netrc(
    private: LiveServer, venv: Path, client_env: dict[str, str], tmp_path: Path
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1\nlogin __token__\npassword {private.token}\n")
    netrc.chmod(0o600)
    env = {**client_env, "NETRC": str(netrc)}
    checked(pip_install(venv, env, private.index_url, f"{CORE}==1.0"))
    assert installed_core(venv, env) == "1.0"


def test_pip_without_credentials_is_refused(
    private: LiveServer, venv: Path, client_env: dict[str, str]
) -> None:
    outcome = pip_install(venv, client_env, private.index_url, CORE)
    assert outcome.returncode != 0
    assert "from versions: none" in outcome.said  # pip saw no page it could read


def test_uv_installs_with_a_token_in_the_index_url(
    private: LiveServer, tmp_path: Path, client_env: dict[str, str]
) -> None:
    checked(run([UV, "venv", "--python", PYTHON, tmp_path / "uv-venv"], client_env))
    python = tmp_path / "uv-venv" / "bin" / "python"
    index_url = with_credentials(private, "__token__", private.token)
    checked(
        run([UV, "pip", "install", "--python", python, "--index-url", index_url, CORE], client_env)
    )
    assert installed_core(python, client_env) == "2.0"


def test_uv_without_credentials_is_refused(
    private: LiveServer, tmp_path: Path, client_env: dict[str, str]
) -> None:
    checked(run([UV, "venv", "--python", PYTHON, tmp_path / "uv-venv"], client_env))
    python = tmp_path / "uv-venv" / "bin" / "python"
    outcome = run(
        [UV, "pip", "install", "--python", python, "--index-url", private.index_url, CORE],
        client_env,
    )
    assert outcome.returncode != 0
    assert "401" in outcome.said


def test_uv_installs_with_credentials_from_netrc(
    private: LiveServer, tmp_path: Path, client_env: dict[str, str]
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1\nlogin __token__\npassword {private.token}\n")
    netrc.chmod(0o600)
    env = {**client_env, "NETRC": str(netrc)}
    checked(run([UV, "venv", "--python", PYTHON, tmp_path / "uv-venv"], env))
    python = tmp_path / "uv-venv" / "bin" / "python"
    install = ["install", "--python", python, "--index-url", private.index_url, f"{CORE}==1.0"]
    checked(run([UV, "pip", *install], env))
    assert installed_core(python, env) == "1.0"
