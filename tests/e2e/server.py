"""Start and stop real `stilton serve` processes, and run the `stilton` CLI against their data."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import httpx
from packaging.utils import canonicalize_name

from tests.e2e.samples import Samples, upload_form
from tests.support.databases import temporary_database

STILTON = Path(sys.executable).with_name("stilton")
CLI_TIMEOUT = 120
# A server that fails exits and is reported at once; the timeout only bounds a hang, and
# `--workers 2` starts three interpreters, slow on a busy two-core machine.
HEALTH_TIMEOUT = 90.0
HTTP_TIMEOUT = 30.0
STOP_TIMEOUT = 10
PORT_ATTEMPTS = 3
OWNER = "owner"
NO_SETTINGS: Mapping[str, str] = MappingProxyType({})


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stilton_env(database_url: str) -> dict[str, str]:
    """This environment without any STILTON_* setting but the database URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STILTON_")}
    env["STILTON_DATABASE_URL"] = database_url
    return env


@dataclass
class Deployment:
    """A data directory and a database, shared by every server and CLI run that uses them."""

    data_dir: Path
    database_url: str
    users: set[str] = field(default_factory=set)

    def cli(self, *args: str) -> str:
        """Run `stilton ARGS --data DIR`; returns stdout, raises with stderr on failure."""
        result = subprocess.run(
            [str(STILTON), *args, "--data", str(self.data_dir)],
            env=stilton_env(self.database_url),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"stilton {' '.join(args)} failed ({result.returncode}):\n{result.stderr}"
            )
        return result.stdout

    def add_user(self, name: str) -> None:
        if name not in self.users:
            self.cli("user", "add", name, "--email", f"{name}@example.invalid")
            self.users.add(name)

    def mint_token(self, user: str = OWNER, projects: Sequence[str] = ()) -> str:
        """A new API token for `user` (created first if needed), scoped to `projects` if any."""
        self.add_user(user)
        scope = [arg for project in projects for arg in ("--project", project)]
        return self.cli("token", "create", "--user", user, *scope).strip()


@dataclass
class LiveServer:
    url: str
    token: str
    deployment: Deployment
    process: subprocess.Popen[bytes]
    log_dir: Path
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=HTTP_TIMEOUT))

    @property
    def data_dir(self) -> Path:
        return self.deployment.data_dir

    @property
    def database_url(self) -> str:
        return self.deployment.database_url

    @property
    def upload_url(self) -> str:
        return f"{self.url}/legacy/"

    @property
    def index_url(self) -> str:
        return f"{self.url}/simple/"

    def mint_token(self, user: str = OWNER, projects: Sequence[str] = ()) -> str:
        return self.deployment.mint_token(user, projects)

    def upload(self, path: Path, token: str | None = None) -> httpx.Response:
        """POST one file as twine would, without twine: for setting up what tests look at."""
        return self.http.post(
            self.upload_url,
            data=upload_form(path),
            files={"content": (path.name, path.read_bytes(), "application/octet-stream")},
            auth=("__token__", self.token if token is None else token),
        )

    def publish(self, samples: Samples) -> None:
        for sample in samples.all:
            response = self.upload(sample.path)
            if response.status_code != 200:
                raise RuntimeError(
                    f"upload of {sample.filename} failed: {response.status_code} "
                    f"{response.reason_phrase}: {response.text}"
                )

    def served(self, project: str) -> dict[str, str] | None:
        """filename -> sha256 on the project's JSON page; None when there is no such page."""
        normalized = canonicalize_name(project)
        page = self.http.get(f"{self.index_url}{normalized}/", params={"format": "json"})
        if page.status_code == 404:
            return None
        page.raise_for_status()
        return {f["filename"]: f["hashes"]["sha256"] for f in page.json()["files"]}

    def stderr(self) -> str:
        return (self.log_dir / "stderr.log").read_text(errors="replace")


def forge_token(token: str) -> str:
    """The same token identifier with another secret: well formed, but wrong."""
    return token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")


@contextlib.contextmanager
def running_server(
    deployment: Deployment,
    log_dir: Path,
    *,
    token: str = "",
    extra_args: Sequence[str] = (),
    settings: Mapping[str, str] = NO_SETTINGS,
) -> Iterator[LiveServer]:
    """`stilton serve` on a free port, up and healthy; stopped (TERM, then KILL) afterwards.

    `settings` are extra `STILTON_*` variables for the server (not for the CLI runs)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    for attempt in range(PORT_ATTEMPTS):
        server = _start(deployment, log_dir, token, extra_args, settings)
        try:
            wait_until_healthy(server)
        except RuntimeError:
            server.http.close()
            stop(server.process)
            lost_race = "address already in use" in server.stderr().lower()
            if lost_race and attempt + 1 < PORT_ATTEMPTS:
                continue  # another process took the free port first: pick another
            raise
        break
    try:
        yield server
    finally:
        server.http.close()
        stop(server.process)


def _start(
    deployment: Deployment,
    log_dir: Path,
    token: str,
    extra_args: Sequence[str],
    settings: Mapping[str, str] = NO_SETTINGS,
) -> LiveServer:
    port = free_port()
    command = [
        str(STILTON), "serve", "--host", "127.0.0.1", "--port", str(port),
        "--data", str(deployment.data_dir), *extra_args,
    ]  # fmt: skip
    with (log_dir / "stdout.log").open("wb") as out, (log_dir / "stderr.log").open("wb") as err:
        process = subprocess.Popen(
            command,
            env={**stilton_env(deployment.database_url), **settings},
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
    return LiveServer(f"http://127.0.0.1:{port}", token, deployment, process, log_dir)


@contextlib.contextmanager
def fresh_server(backend: str, root: Path) -> Iterator[LiveServer]:
    """A new database and data directory with the `owner` user (made through the CLI), and
    `stilton serve` on them, with a token for `owner` minted while the server starts."""
    with temporary_database(backend, root) as database_url:
        deployment = Deployment(root / "data", database_url)
        deployment.add_user(OWNER)
        with ThreadPoolExecutor(max_workers=1) as pool:
            token = pool.submit(deployment.mint_token, OWNER)
            with running_server(deployment, root / "server") as server:
                server.token = token.result()
                yield server


class PublishedServers(dict[str, LiveServer]):
    """backend -> a server holding every sample, started on first use, stopped with `stack`."""

    def __init__(
        self, stack: contextlib.ExitStack, samples: Samples, make_dir: Callable[[str], Path]
    ) -> None:
        super().__init__()
        self._stack = stack
        self._samples = samples
        self._make_dir = make_dir

    def __missing__(self, backend: str) -> LiveServer:
        server = self._stack.enter_context(
            fresh_server(backend, self._make_dir(f"published-{backend}"))
        )
        server.publish(self._samples)
        self[backend] = server
        return server


def wait_until_healthy(server: LiveServer, timeout: float = HEALTH_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"stilton serve exited with {server.process.returncode}:\n{server.stderr()}"
            )
        try:
            if server.http.get(f"{server.url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"stilton serve not healthy after {timeout} s:\n{server.stderr()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group (workers included), then SIGKILL if it lingers.

    The group is the one `start_new_session` made for this server, so nothing else is touched.
    """
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)
