"""Resident memory of a process tree, read from /proc and sampled in a thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROC = Path("/proc")


def _parent_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: split after the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree_pids(root: int) -> list[int]:
    """The pid `root` and all its descendants."""
    children = _parent_map()
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, ()))
    return pids


def _vm_rss_kib(pid: int) -> int:
    try:
        lines = (PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return 0
    for line in lines:
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def tree_rss_mib(root: int) -> float:
    """Summed VmRSS of `root` and its descendants, in MiB."""
    return sum(_vm_rss_kib(pid) for pid in tree_pids(root)) / 1024


class RssSampler:
    """Samples the RSS of a process tree every `interval` seconds until stopped."""

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root = root
        self.interval = interval
        self.peak_mib = 0.0
        self._window_peak = 0.0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> float:
        value = tree_rss_mib(self.root)
        with self._lock:
            self.peak_mib = max(self.peak_mib, value)
            self._window_peak = max(self._window_peak, value)
        return value

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    @contextmanager
    def window(self) -> Iterator[list[float]]:
        """Yields a list that holds the peak RSS seen inside the block once it ends."""
        with self._lock:
            self._window_peak = 0.0
        peak: list[float] = []
        try:
            yield peak
        finally:
            self.sample()
            with self._lock:
                peak.append(self._window_peak)
