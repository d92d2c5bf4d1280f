"""pip and uv pip install projects and their dependencies from a live server's /simple/.

pip is this virtualenv's pip (the version CLIENTS.md was checked with) driving a fresh, pip-less
virtualenv through `--python`; uv installs into a `uv venv`, found either through VIRTUAL_ENV or
through `--python`. Each install starts from an empty environment and an empty cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tests.e2e.clients import PYTHON, UV, Outcome, run
from tests.e2e.samples import APP, CORE, LIB, NATIVE, SPEEDUPS
from tests.e2e.server import LiveServer

pytestmark = pytest.mark.e2e

APP_2 = {APP: "2.0", LIB: "1.1", CORE: "2.0", SPEEDUPS: "1.0"}
APP_1 = {APP: "1.0", LIB: "1.0", CORE: "1.0"}


def checked(outcome: Outcome) -> Outcome:
    assert outcome.returncode == 0, outcome
    return outcome


@pytest.fixture
def venv(tmp_path: Path, client_env: dict[str, str]) -> Path:
    """An empty virtualenv without pip; returns its interpreter."""
    checked(run([PYTHON, "-m", "venv", "--without-pip", tmp_path / "venv"], client_env))
    return tmp_path / "venv" / "bin" / "python"


@pytest.fixture
def uv_venv(tmp_path: Path, client_env: dict[str, str]) -> Path:
    """An empty `uv venv`; returns its directory."""
    checked(run([UV, "venv", "--python", PYTHON, tmp_path / "uv-venv"], client_env))
    return tmp_path / "uv-venv"


def pip(python: Path, env: dict[str, str], *args: str) -> Outcome:
    return run([PYTHON, "-m", "pip", "--python", python, *args], env)


def pip_install(server: LiveServer, python: Path, env: dict[str, str], *reqs: str) -> Outcome:
    return checked(
        pip(python, env, "install", "-v", "--no-cache-dir", "--index-url", server.index_url, *reqs)
    )


def pip_list(python: Path, env: dict[str, str]) -> dict[str, str]:
    """Installed distributions by normalized name."""
    listing = json.loads(checked(pip(python, env, "list", "--format", "json")).stdout)
    return {canonicalize_name(entry["name"]): entry["version"] for entry in listing}


def imported_version(python: Path, module: str, env: dict[str, str]) -> str:
    code = f"import {module}; print({module}.__version__)"
    return checked(run([python, "-c", code], env)).stdout.strip()


_INSTALLED = (
    "import importlib.metadata as m, json; "
    "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
)


def installed(python: Path, env: dict[str, str]) -> dict[str, str]:
    """What `python` finds installed: the same answer as `pip list`, without pip's start-up."""
    listing = json.loads(checked(run([python, "-c", _INSTALLED], env)).stdout)
    return {canonicalize_name(name): version for name, version in listing.items()}


def test_pip_installs_the_newest_app_with_its_dependencies_and_extras(
    published: LiveServer, venv: Path, client_env: dict[str, str]
) -> None:
    outcome = pip_install(published, venv, client_env, APP)

    assert pip_list(venv, client_env) == APP_2
    shown = checked(pip(venv, client_env, "show", APP)).stdout
    assert "Version: 2.0" in shown
    assert f"Requires: {LIB}" in shown
    assert imported_version(venv, "cheddar_app", client_env) == "2.0"
    # pip resolved from the PEP 658 metadata files, not by downloading every candidate
    assert "cheddar_lib-1.1-py3-none-any.whl.metadata" in outcome.output


def test_pip_installs_an_older_version_with_its_own_pins(
    published: LiveServer, venv: Path, client_env: dict[str, str]
) -> None:
    pip_install(published, venv, client_env, f"{APP}==1.0")

    assert installed(venv, client_env) == APP_1
    assert imported_version(venv, "cheddar_lib", client_env) == "1.0"


def test_pip_installs_an_extra(
    published: LiveServer, venv: Path, client_env: dict[str, str]
) -> None:
    pip_install(published, venv, client_env, f"{LIB}[fast]==1.0")

    assert installed(venv, client_env) == {LIB: "1.0", CORE: "1.0", SPEEDUPS: "1.0"}


def test_pip_installs_a_platform_wheel_asked_for_by_an_unnormalized_name(
    published: LiveServer, venv: Path, client_env: dict[str, str]
) -> None:
    pip_install(published, venv, client_env, NATIVE)

    assert installed(venv, client_env) == {"cheddar-native": "1.0"}
    assert imported_version(venv, "cheddar_native", client_env) == "1.0"


def uv_pip(env: dict[str, str], *args: str | Path) -> Outcome:
    return checked(run([UV, "pip", *args], env))


def uv_pip_list(env: dict[str, str], *args: str | Path) -> dict[str, str]:
    listing = json.loads(uv_pip(env, "list", "--format", "json", *args).stdout)
    return {canonicalize_name(entry["name"]): entry["version"] for entry in listing}


def test_uv_pip_installs_into_the_active_venv(
    published: LiveServer, uv_venv: Path, client_env: dict[str, str]
) -> None:
    active = {**client_env, "VIRTUAL_ENV": str(uv_venv)}

    uv_pip(active, "install", "--index-url", published.index_url, APP)

    assert uv_pip_list(active) == APP_2
    assert imported_version(uv_venv / "bin" / "python", "cheddar_app", client_env) == "2.0"


def test_uv_pip_installs_an_older_version_into_the_venv_named_by_python(
    published: LiveServer, uv_venv: Path, client_env: dict[str, str]
) -> None:
    python = uv_venv / "bin" / "python"

    uv_pip(
        client_env, "install", "--python", python, "--index-url", published.index_url,
        f"{APP}==1.0", NATIVE,
    )  # fmt: skip

    assert uv_pip_list(client_env, "--python", python) == {**APP_1, "cheddar-native": "1.0"}
