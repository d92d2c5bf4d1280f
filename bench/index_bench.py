"""Compare Stilton with pypiserver, devpi-server and nginx (static files) in one run.

Run from the repository root: `make bench` or `.venv/bin/python bench/index_bench.py`.
Prints a Markdown table on stdout and progress on stderr; see bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from _corpus import BIG_MIB, HUGE_MIB, Corpus, load_or_build
from _http import BenchError, Uploader, get_ok, links
from _load import WRK_THREADS, run_load
from _pip import pip_install
from _report import (
    DOWNLOAD,
    PROJECT_1,
    PROJECT_32,
    ROOT_1,
    ROOT_32,
    ServerResult,
    render,
    render_notes,
)
from _rss import RssSampler
from _servers import Devpi, Nginx, PypiServer, Server, Stilton
from _setup import Tools, ensure_tools, log

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
ALL_SERVERS = ("stilton-2", "stilton-1", "pypiserver", "devpi", "nginx")
DOWNLOAD_CONNECTIONS = 4
STEP_ERRORS = (BenchError, OSError, subprocess.SubprocessError, ValueError)


class Bench:
    """One benchmark run: the settings, the tools and the corpus shared by every server."""

    def __init__(self, args: argparse.Namespace, tools: Tools, corpus: Corpus) -> None:
        self.duration: float = args.duration
        self.repeat: int = args.repeat
        self.tools = tools
        self.corpus = corpus
        self.run_dir = WORK / "run"
        self.static_root = self.run_dir / "static"
        self.static_source: str | None = None

    def scratch(self) -> Path:
        path = self.run_dir / "scratch"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def make_server(self, name: str) -> Server:
        run = self.run_dir / name
        if name.startswith("stilton-"):
            return Stilton(run, REPO / ".venv" / "bin" / "stilton", int(name.split("-")[1]))
        if name == "pypiserver":
            return PypiServer(run, self.tools.peers_bin)
        if name == "devpi":
            return Devpi(run, self.tools.peers_bin)
        if self.tools.nginx is None:
            raise BenchError("nginx is not installed")
        return Nginx(run, self.tools.nginx, self.static_root)

    def measure(self, name: str) -> ServerResult:
        try:
            server = self.make_server(name)
        except BenchError as error:
            return ServerResult(name, notes=[str(error)])
        result = ServerResult(server.label)
        if isinstance(server, Nginx) and self.static_source is None:
            result.notes.append("no index could be copied into static pages")
            return result
        log(f"{server.label}: starting")
        try:
            with server, RssSampler(server.pid) as rss:
                self._measure_running(server, rss, result)
                result.rss_peak_mib = rss.peak_mib
        except STEP_ERRORS as error:
            result.notes.append(f"did not run: {error} {server.log_tail(3)}".strip())
        if isinstance(server, Nginx):
            result.notes.append(f"serves the pages rendered by {self.static_source}")
        return result

    def _measure_running(self, server: Server, rss: RssSampler, result: ServerResult) -> None:
        def step(name: str, action: Callable[[], None]) -> bool:
            log(f"{server.label}: {name}")
            try:
                action()
            except STEP_ERRORS as error:
                result.notes.append(f"{name} failed: {error}")
                return False
            return True

        time.sleep(1)
        result.rss_empty_mib = rss.sample()
        if server.upload_path and not step("upload", lambda: self.upload(server, result)):
            return
        time.sleep(2)
        result.rss_idle_mib = rss.sample()
        if not step("read load", lambda: self.reads(server, result)):
            return
        if self.static_source is None and not isinstance(server, Nginx):
            step("copy pages for nginx", lambda: self.copy_static(server))
        step("pip install", lambda: self.pip(server, result))
        if server.upload_path:
            step("large upload", lambda: self.huge_upload(server, rss, result))

    def upload(self, server: Server, result: ServerResult) -> None:
        uploader = Uploader(server.base_url + (server.upload_path or "/"), server.auth)
        started = time.perf_counter()
        try:
            for upload in self.corpus.uploads:
                status, body = uploader.upload(upload)
                if status not in (200, 201):
                    result.upload_failures += 1
                    if result.upload_failures == 1:
                        snippet = body[:200].decode(errors="replace")
                        result.notes.append(f"upload of {upload.path.name}: {status} {snippet}")
        finally:
            uploader.close()
        result.upload_seconds = time.perf_counter() - started
        result.upload_files = len(self.corpus.uploads)
        if result.upload_failures == result.upload_files:
            raise BenchError("every upload was refused")

    def reads(self, server: Server, result: ServerResult) -> None:
        pages = [server.simple_url(name) for name in self.corpus.projects]
        for url in pages:  # also a warm-up: every page once
            get_ok(url)
        downloads = self.download_paths(server)
        project_paths = [urlsplit(url).path for url in pages]
        root_paths = [server.simple_path]
        scratch = self.scratch()
        run_load(server.base_url, project_paths, 8, 1, self.tools.wrk, scratch)  # warm-up
        plan = [
            (PROJECT_1, project_paths, 1),
            (PROJECT_32, project_paths, 32),
            (ROOT_1, root_paths, 1),
            (ROOT_32, root_paths, 32),
            (DOWNLOAD, downloads, DOWNLOAD_CONNECTIONS),
        ]
        for key, paths, connections in plan:
            runs = [
                run_load(
                    server.base_url, paths, connections, self.duration, self.tools.wrk, scratch
                )
                for _ in range(self.repeat)
            ]
            load = max(runs, key=lambda run: run.rps)
            result.loads[key] = load
            log(f"  {key}: {load.rps:,.0f} req/s, p50/p99 {load.p50_ms:.2f}/{load.p99_ms:.2f} ms")

    def download_paths(self, server: Server) -> list[str]:
        paths = []
        for name in self.corpus.big:
            page = server.simple_url(name)
            wheels = [url for url, _ in links(page, get_ok(page)) if url.endswith(".whl")]
            if not wheels:
                raise BenchError(f"{page} lists no wheel")
            paths.append(urlsplit(wheels[0]).path)
        return paths

    def copy_static(self, server: Server) -> None:
        """Writes the server's simple pages and files as static files for nginx."""
        shutil.rmtree(self.static_root, ignore_errors=True)
        root_url = server.simple_url()
        _write_static(self.static_root, root_url, get_ok(root_url), server.base_url)
        for name in self.corpus.projects:
            page_url = server.simple_url(name)
            html = get_ok(page_url)
            _write_static(self.static_root, page_url, html, server.base_url)
            for file_url, has_metadata in links(page_url, html):
                urls = [file_url, file_url + ".metadata"] if has_metadata else [file_url]
                for url in urls:
                    _write_static(self.static_root, url, get_ok(url), server.base_url)
        self.static_source = server.label

    def pip(self, server: Server, result: ServerResult) -> None:
        done = pip_install(server.simple_url(), self.corpus.install, self.scratch())
        result.pip_seconds, result.pip_installed = done.seconds, done.installed

    def huge_upload(self, server: Server, rss: RssSampler, result: ServerResult) -> None:
        time.sleep(1)
        result.huge_idle_mib = rss.sample()
        uploader = Uploader(server.base_url + (server.upload_path or "/"), server.auth)
        started = time.perf_counter()
        try:
            with rss.window() as peak:
                status, body = uploader.upload(self.corpus.huge)
        finally:
            uploader.close()
        result.huge_seconds = time.perf_counter() - started
        result.huge_peak_mib = peak[0]
        if status not in (200, 201):
            raise BenchError(f"answered {status}: {body[:200].decode(errors='replace')}")


def _write_static(root: Path, url: str, body: bytes, base_url: str) -> None:
    path = urlsplit(url).path
    target = root / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
        body = body.replace(base_url.encode(), b"")  # absolute links now point at nginx
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per load test")
    parser.add_argument(
        "--servers",
        default=",".join(ALL_SERVERS),
        help=f"comma-separated subset of {','.join(ALL_SERVERS)}",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each load test N times, keep the best"
    )
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    args = parser.parse_args(argv)
    args.servers = [name.strip() for name in args.servers.split(",") if name.strip()]
    if args.repeat < 1 or args.duration <= 0:
        parser.error("--repeat and --duration must be positive")
    unknown = set(args.servers) - set(ALL_SERVERS)
    if unknown:
        parser.error(f"unknown servers: {', '.join(sorted(unknown))}")
    return args


def describe(bench: Bench) -> dict[str, str]:
    corpus = bench.corpus
    mib = corpus.total_bytes / (1 << 20)
    return {
        "download": f"{DOWNLOAD_CONNECTIONS} conn, {len(corpus.big)} x {BIG_MIB} MiB wheels",
        "upload": f"sequential, {len(corpus.uploads)} files, {mib:.0f} MiB",
        "pip": f"{len(corpus.install)} projects + deps",
        "huge": f"one {HUGE_MIB} MiB wheel: growth over idle (idle → peak)",
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return run(args)
    except KeyboardInterrupt:
        log("interrupted; every server started was stopped")
        return 130
    except BenchError as error:
        log(f"failed: {error}")
        return 1


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    tools = ensure_tools(WORK, want_wrk=args.loadgen != "python")
    if args.loadgen == "wrk" and tools.wrk is None:
        raise BenchError("wrk is not installed")
    log("building the corpus (cached in bench/.work/corpus)")
    corpus = load_or_build(WORK / "corpus")
    bench = Bench(args, tools, corpus)
    shutil.rmtree(bench.run_dir, ignore_errors=True)
    results = [bench.measure(name) for name in args.servers]
    loadgen = f"wrk -t {WRK_THREADS}" if tools.wrk else "Python asyncio client"
    best = f" (best of {args.repeat})" if args.repeat > 1 else ""
    elapsed = time.monotonic() - started
    footer = (
        f"Load: {loadgen}, {args.duration:g} s per measurement{best}, sharing the machine's "
        f"{os.cpu_count()} cores with the server; {len(corpus.projects)} projects, "
        f"{len(corpus.uploads)} files. Load average before/after: "
        f"{load_before:.1f}/{os.getloadavg()[0]:.1f}. Run took {elapsed / 60:.1f} min."
    )
    text = render(results, describe(bench)) + "\n\n" + footer + "\n"
    notes = render_notes(results)
    if notes:
        text += "\nNotes:\n" + notes + "\n"
    print(text, end="")
    (WORK / "last-run.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
