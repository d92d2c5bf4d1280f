"""`pip install` from one index into a fresh venv, isolated from the machine's pip settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from _http import BenchError


@dataclass(frozen=True)
class PipResult:
    seconds: float
    installed: int


def isolated_env() -> dict[str, str]:
    """The environment without any PIP_* setting and with no pip config file read."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    return env


def pip_install(index_url: str, projects: list[str], scratch: Path) -> PipResult:
    venv = scratch / "pip-venv"
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    target = venv / "bin" / "python"
    argv = [sys.executable, "-m", "pip", "--python", str(target), "install", "--quiet"]
    argv += ["--index-url", index_url, "--no-cache-dir", "--only-binary", ":all:"]
    argv += ["--disable-pip-version-check", "--no-input", *projects]
    started = time.perf_counter()
    done = subprocess.run(
        argv, env=isolated_env(), capture_output=True, text=True, timeout=600, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"pip exited {done.returncode}: {done.stderr.strip()[-400:]}")
    installed = len(list(venv.glob("lib/python*/site-packages/*.dist-info")))
    shutil.rmtree(venv, ignore_errors=True)
    return PipResult(seconds, installed)
