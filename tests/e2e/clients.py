"""Run the real clients (pip, uv, twine) as subprocesses, isolated from this machine's config."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
TWINE = BIN / "twine"
UV = BIN / "uv"
PYTHON = Path(sys.executable)
CLIENT_TIMEOUT = 120

_PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_DROPPED_VARIABLES = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "NETRC"}


def client_env(scratch: Path) -> dict[str, str]:
    """os.environ without any pip, uv, twine or proxy setting, with a fresh uv cache."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PIP_", "UV_", "TWINE_"))
        and key.lower() not in _PROXY_VARIABLES
        and key not in _DROPPED_VARIABLES
    }
    env.update(
        {
            "PIP_CONFIG_FILE": os.devnull,
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_NO_INPUT": "1",
            "UV_NO_CONFIG": "1",
            "UV_CACHE_DIR": str(scratch / "uv-cache"),
            "UV_PYTHON_DOWNLOADS": "never",
            "NO_PROXY": "*",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "NO_COLOR": "1",
        }
    )
    return env


@dataclass(frozen=True, repr=False)
class Outcome:
    """A finished client run."""

    command: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Everything the user saw, stdout then stderr."""
        return self.stdout + self.stderr

    @property
    def said(self) -> str:
        """The output on one line, without colours: rich and uv wrap long messages."""
        return " ".join(_ANSI.sub("", self.output).split())

    def __repr__(self) -> str:
        return f"$ {' '.join(self.command)}\n(exit {self.returncode})\n{self.output}"


def run(command: Sequence[str | Path], env: dict[str, str], cwd: Path | None = None) -> Outcome:
    args = [str(part) for part in command]
    result = subprocess.run(
        args,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=CLIENT_TIMEOUT,
        check=False,
    )
    return Outcome(args, result.returncode, result.stdout, result.stderr)


def twine_upload(
    url: str, token: str, files: list[Path], env: dict[str, str], *extra: str
) -> Outcome:
    return run(
        [
            TWINE, "--no-color", "upload", "--repository-url", url, "--username", "__token__",
            "--password", token, "--non-interactive", "--disable-progress-bar",
            *extra, *files,
        ],
        env,
    )  # fmt: skip
