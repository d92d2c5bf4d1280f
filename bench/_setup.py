"""Tools the benchmark needs, installed on first use and reused after: peers venv, wrk, nginx."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from _http import BenchError

PEERS = ("pypiserver", "passlib", "devpi-server")
PEER_COMMANDS = ("pypi-server", "devpi-init", "devpi-server")
DEBIAN_TOOLS = ("wrk", "nginx")
SBIN_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/local/sbin", "/usr/sbin", "/sbin"])


@dataclass(frozen=True)
class Tools:
    peers_bin: Path
    wrk: str | None
    nginx: str | None


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def ensure_tools(work: Path, *, want_wrk: bool) -> Tools:
    wanted = [tool for tool in DEBIAN_TOOLS if want_wrk or tool != "wrk"]
    _ensure_debian(wanted)
    return Tools(
        peers_bin=_ensure_peers(work / "peers"),
        wrk=shutil.which("wrk", path=SBIN_PATH) if want_wrk else None,
        nginx=shutil.which("nginx", path=SBIN_PATH),
    )


def _ensure_peers(venv: Path) -> Path:
    """A venv of the other indexes, installed with the machine's own pip and its settings."""
    bin_dir = venv / "bin"
    stamp = venv / ".bench-installed"
    if stamp.exists() and stamp.read_text() == " ".join(PEERS):
        return bin_dir
    python = shutil.which("python3") or sys.executable
    log(f"creating {venv} with {', '.join(PEERS)}")
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", *PEERS]
    done = subprocess.run(pip, capture_output=True, text=True, check=False)
    missing = [name for name in PEER_COMMANDS if not (bin_dir / name).exists()]
    if done.returncode != 0 or missing:
        raise BenchError(f"installing the peers failed: {done.stderr.strip()[-500:]}")
    stamp.write_text(" ".join(PEERS))
    return bin_dir


def _ensure_debian(names: list[str]) -> None:
    missing = [name for name in names if not shutil.which(name, path=SBIN_PATH)]
    if not missing:
        return
    if os.geteuid() != 0:
        log(f"not root: cannot apt-get install {' '.join(missing)}")
        return
    log(f"apt-get install {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", *missing]
    if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)
        subprocess.run(install, env=env, capture_output=True, check=False)
    still = [name for name in missing if not shutil.which(name, path=SBIN_PATH)]
    if still:
        log(f"could not install {' '.join(still)}")
