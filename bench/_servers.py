"""The servers under test, each started as a subprocess on 127.0.0.1 and always stopped."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path
from types import TracebackType

from _http import BenchError, basic_auth, put_json, wait_until_up

BENCH_USER = "bench"
BENCH_PASSWORD = "bench-password-1"  # a throwaway account on a loopback-only server
BENCH_EMAIL = "bench@example.com"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_checked(argv: list[str], *, stdin: str | None = None, timeout: float = 120) -> str:
    done = subprocess.run(
        argv, input=stdin, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BenchError(f"{Path(argv[0]).name} {argv[1]} failed: {' | '.join(detail)}")
    return done.stdout


class Server:
    """One server process under test; a context manager that starts and stops it."""

    label = "server"
    simple_path = "/simple/"
    ready_path = "/simple/"
    upload_path: str | None = None
    startup_timeout = 60.0

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.port = 0
        self.auth: str | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    # Subclasses fill these in.
    def prepare(self) -> None:
        """Creates the server's data before it starts."""

    def argv(self) -> list[str]:
        raise NotImplementedError

    def after_start(self) -> None:
        """Configures the running server (users, indexes)."""

    def environment(self) -> dict[str, str] | None:
        """The server's environment; None inherits the benchmark's."""
        return None

    @property
    def pid(self) -> int:
        if self._proc is None:
            raise BenchError(f"{self.label} is not running")
        return self._proc.pid

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def simple_url(self, project: str | None = None) -> str:
        return self.base_url + self.simple_path + (f"{project}/" if project else "")

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        shutil.rmtree(self.run_dir, ignore_errors=True)
        self.run_dir.mkdir(parents=True)
        self.port = free_port()
        self.prepare()
        with (self.run_dir / "server.log").open("wb") as log:
            self._proc = subprocess.Popen(
                self.argv(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.environment(),
                start_new_session=True,  # its own process group, so stop() reaches its workers
            )
        try:
            wait_until_up(self.base_url + self.ready_path, self.startup_timeout, self.alive)
            self.after_start()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        _signal_group(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _signal_group(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
        _signal_group(proc.pid, signal.SIGKILL)  # workers left behind by the leader, if any

    def log_tail(self, lines: int = 5) -> str:
        try:
            text = (self.run_dir / "server.log").read_text(errors="replace")
        except OSError:
            return ""
        return " | ".join(text.strip().splitlines()[-lines:])

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


class Stilton(Server):
    upload_path = "/legacy/"

    def __init__(self, run_dir: Path, exe: Path, workers: int) -> None:
        super().__init__(run_dir)
        self.exe = exe
        self.workers = workers
        self.label = f"Stilton ({workers} worker{'s' if workers > 1 else ''})"

    @property
    def data(self) -> Path:
        return self.run_dir / "data"

    def prepare(self) -> None:
        exe, data = str(self.exe), ["--data", str(self.data)]
        add = ["user", "add", BENCH_USER, "--email", BENCH_EMAIL, "--password-stdin", "--admin"]
        run_checked([exe, *add, *data], stdin=BENCH_PASSWORD + "\n")
        token = run_checked([exe, "token", "create", "--user", BENCH_USER, *data])
        if not token.strip():
            raise BenchError("stilton token create printed no token")
        self.auth = basic_auth("__token__", token.strip())

    def environment(self) -> dict[str, str] | None:
        # The benchmark creates 122 projects in a minute: past the default creation rate limit.
        env = {k: v for k, v in os.environ.items() if not k.startswith("STILTON_")}
        env["STILTON_PROJECT_CREATIONS_PER_HOUR_PER_USER"] = "0"
        env["STILTON_PROJECT_CREATIONS_PER_HOUR_PER_ADDRESS"] = "0"
        return env

    def argv(self) -> list[str]:
        listen = ["--host", "127.0.0.1", "--port", str(self.port)]
        workers = ["--workers", str(self.workers)]
        return [str(self.exe), "serve", *listen, "--data", str(self.data), *workers]


class PypiServer(Server):
    label = "pypiserver"
    upload_path = "/"

    def __init__(self, run_dir: Path, peers_bin: Path) -> None:
        super().__init__(run_dir)
        self.exe = peers_bin / "pypi-server"

    def argv(self) -> list[str]:
        packages = self.run_dir / "packages"
        packages.mkdir(exist_ok=True)
        listen = ["-p", str(self.port), "-i", "127.0.0.1"]
        no_auth = ["-a", ".", "-P", "."]
        return [str(self.exe), "run", *listen, *no_auth, "--disable-fallback", str(packages)]


class Devpi(Server):
    label = "devpi-server"
    simple_path = f"/{BENCH_USER}/dev/+simple/"
    ready_path = "/+api"
    upload_path = f"/{BENCH_USER}/dev/"
    startup_timeout = 120.0

    def __init__(self, run_dir: Path, peers_bin: Path) -> None:
        super().__init__(run_dir)
        self.bin = peers_bin

    def prepare(self) -> None:
        data = ["--serverdir", str(self.run_dir / "data")]
        run_checked([str(self.bin / "devpi-init"), *data, "--no-root-pypi"])

    def argv(self) -> list[str]:
        data = ["--serverdir", str(self.run_dir / "data")]
        listen = ["--host", "127.0.0.1", "--port", str(self.port)]
        return [str(self.bin / "devpi-server"), *data, *listen]

    def after_start(self) -> None:
        user_url = f"{self.base_url}/{BENCH_USER}"
        status = put_json(user_url, {"password": BENCH_PASSWORD, "email": BENCH_EMAIL})
        if status != 201:
            raise BenchError(f"devpi user creation answered {status}")
        self.auth = basic_auth(BENCH_USER, BENCH_PASSWORD)
        # An index with no bases: no mirror of any public index behind it.
        status = put_json(f"{user_url}/dev", {"bases": [], "volatile": True}, self.auth)
        if status != 200:
            raise BenchError(f"devpi index creation answered {status}")


NGINX_CONF = """\
{user}worker_processes 2;
daemon off;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; application/octet-stream whl gz; }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {run}/tmp/body;
    proxy_temp_path {run}/tmp/proxy;
    fastcgi_temp_path {run}/tmp/fastcgi;
    uwsgi_temp_path {run}/tmp/uwsgi;
    scgi_temp_path {run}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
"""


class Nginx(Server):
    label = "nginx (static)"

    def __init__(self, run_dir: Path, exe: str, root: Path) -> None:
        super().__init__(run_dir)
        self.exe = exe
        self.root = root

    def prepare(self) -> None:
        (self.run_dir / "tmp").mkdir()
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf = NGINX_CONF.format(user=user, run=self.run_dir, port=self.port, root=self.root)
        (self.run_dir / "nginx.conf").write_text(conf)

    def argv(self) -> list[str]:
        run = str(self.run_dir)
        return [self.exe, "-p", run, "-e", f"{run}/error.log", "-c", f"{run}/nginx.conf"]
