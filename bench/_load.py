"""HTTP load: wrk with a Lua script when present, else a bounded asyncio keep-alive client."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from _http import BenchError

WRK_THREADS = 1  # the same for every server: the load generator shares the 2 cores
WRK_TIMEOUT = "10s"

WRK_SCRIPT = """\
local paths = {paths}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %.1f %.1f %d\\n", summary.requests,
    summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    bytes_read: int
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def mib_per_s(self) -> float:
        return self.bytes_read / self.seconds / (1 << 20) if self.seconds else 0.0


def run_load(
    base_url: str,
    paths: Sequence[str],
    connections: int,
    duration: float,
    wrk: str | None,
    scratch: Path,
) -> LoadResult:
    """GETs `paths` round-robin over `connections` keep-alive connections for `duration` s."""
    for path in paths:
        if not path.isascii() or any(c in path for c in "\"\\'\n ") or not path.startswith("/"):
            raise BenchError(f"unexpected path {path!r}")
    if wrk:
        return _run_wrk(wrk, base_url, paths, connections, duration, scratch)
    return asyncio.run(_run_python(base_url, paths, connections, duration))


def _run_wrk(
    wrk: str, base_url: str, paths: Sequence[str], connections: int, duration: float, scratch: Path
) -> LoadResult:
    script = scratch / "paths.lua"
    script.write_text(WRK_SCRIPT.format(paths="{" + ", ".join(map(json.dumps, paths)) + "}"))
    threads = min(WRK_THREADS, connections)
    argv = [wrk, "-t", str(threads), "-c", str(connections), "-d", f"{duration:g}s"]
    argv += ["--timeout", WRK_TIMEOUT, "-s", str(script), base_url]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            reqs, micros, nbytes, p50, p99, errors = line.split()[1:]
            return LoadResult(
                requests=int(reqs),
                seconds=int(micros) / 1e6,
                bytes_read=int(nbytes),
                p50_ms=float(p50) / 1000,
                p99_ms=float(p99) / 1000,
                errors=int(errors),
            )
    raise BenchError(f"wrk printed no result: {(done.stderr or done.stdout).strip()[-300:]}")


# --- fallback: a bounded asyncio load generator on raw keep-alive sockets ---------------


class _Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.bytes_read = 0
        self.errors = 0


async def _run_python(
    base_url: str, paths: Sequence[str], connections: int, duration: float
) -> LoadResult:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    tally = _Tally()
    started = time.monotonic()
    deadline = started + duration
    workers = [
        _connection_loop(host, port, paths, offset, deadline, tally)
        for offset in range(connections)
    ]
    await asyncio.gather(*workers)
    elapsed = time.monotonic() - started
    ordered = sorted(tally.latencies) or [0.0]
    return LoadResult(
        requests=len(tally.latencies),
        seconds=elapsed,
        bytes_read=tally.bytes_read,
        p50_ms=_percentile(ordered, 0.50) * 1000,
        p99_ms=_percentile(ordered, 0.99) * 1000,
        errors=tally.errors,
    )


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _connection_loop(
    host: str, port: int, paths: Sequence[str], offset: int, deadline: float, tally: _Tally
) -> None:
    index = offset
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while time.monotonic() < deadline:
        if writer is None or reader is None:
            reader, writer = await asyncio.open_connection(host, port)
        path = paths[index % len(paths)]
        index += 1
        request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
        sent = time.monotonic()
        try:
            writer.write(request)
            status, size, keep_alive = await asyncio.wait_for(
                _read_response(reader), timeout=max(0.1, deadline - sent + 10)
            )
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            tally.errors += 1
            writer.close()
            reader = writer = None
            continue
        tally.latencies.append(time.monotonic() - sent)
        tally.bytes_read += size
        if status >= 400:
            tally.errors += 1
        if not keep_alive:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """Reads one response; returns (status, bytes read, whether the connection stays open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    size = len(head)
    if headers.get("transfer-encoding") == "chunked":
        size += await _read_chunked(reader)
    else:
        length = int(headers.get("content-length", "0"))
        await reader.readexactly(length)
        size += length
    return status, size, headers.get("connection") != "close"


async def _read_chunked(reader: asyncio.StreamReader) -> int:
    size = 0
    while True:
        line = await reader.readuntil(b"\r\n")
        length = int(line.split(b";")[0], 16)
        await reader.readexactly(length + 2)
        size += len(line) + length + 2
        if length == 0:
            return size
