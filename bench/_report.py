"""What one server measured, and the Markdown table that compares them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from _load import LoadResult

PROJECT_1, PROJECT_32 = "project, 1 conn", "project, 32 conn"
ROOT_1, ROOT_32 = "root, 1 conn", "root, 32 conn"
DOWNLOAD = "download"
# (peer label prefix, factor Stilton must reach) for project-page requests/s.
TARGETS = (("pypiserver", 3.0), ("devpi-server", 10.0), ("nginx", 0.5))
FLAT_MIB = 16.0  # most RSS growth while uploading the large wheel that still counts as flat


@dataclass
class ServerResult:
    label: str
    loads: dict[str, LoadResult] = field(default_factory=dict)
    upload_files: int = 0
    upload_seconds: float | None = None
    upload_mib: float = 0.0
    upload_failures: int = 0
    rss_empty_mib: float | None = None
    rss_idle_mib: float | None = None
    rss_peak_mib: float | None = None
    pip_seconds: float | None = None
    pip_installed: int = 0
    huge_idle_mib: float | None = None
    huge_peak_mib: float | None = None
    huge_seconds: float | None = None
    notes: list[str] = field(default_factory=list)


Cell = Callable[[ServerResult], str]


def _rps(key: str) -> Cell:
    def cell(result: ServerResult) -> str:
        load = result.loads.get(key)
        if load is None:
            return "-"
        return f"{load.rps:,.0f}" + (f" ({load.errors} err)" if load.errors else "")

    return cell


def _latency(key: str) -> Cell:
    def cell(result: ServerResult) -> str:
        load = result.loads.get(key)
        return "-" if load is None else f"{_ms(load.p50_ms)} / {_ms(load.p99_ms)}"

    return cell


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def _download(result: ServerResult) -> str:
    load = result.loads.get(DOWNLOAD)
    if load is None:
        return "-"
    return f"{load.mib_per_s:,.0f}" + (f" ({load.errors} err)" if load.errors else "")


def _upload(result: ServerResult) -> str:
    if result.upload_seconds is None:
        return "-"
    text = f"{result.upload_files / result.upload_seconds:,.1f}"
    return text + (f" ({result.upload_failures} refused)" if result.upload_failures else "")


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _pip(result: ServerResult) -> str:
    if result.pip_seconds is None:
        return "-"
    return f"{result.pip_seconds:.1f} ({result.pip_installed} dists)"


def _huge(result: ServerResult) -> str:
    if result.huge_peak_mib is None or result.huge_idle_mib is None:
        return "-"
    grew = result.huge_peak_mib - result.huge_idle_mib
    return f"+{grew:,.0f} ({_mib(result.huge_idle_mib)} → {_mib(result.huge_peak_mib)})"


def _target_text(results: list[ServerResult], key: str) -> str:
    """How the first Stilton column compares with each peer for one project-page measurement."""
    stilton = _rps_of(results, "Stilton", key)
    if stilton is None:
        return "Stilton not measured"
    parts = []
    for prefix, factor in TARGETS:
        peer = _rps_of(results, prefix, key)
        if peer is None or peer == 0:
            parts.append(f"{prefix}: not measured")
            continue
        ratio = stilton / peer
        shown = f"{ratio:.0%}" if factor < 1 else f"{ratio:.1f}x"
        wanted = f"≥{factor:.0%}" if factor < 1 else f"≥{factor:g}x"
        parts.append(f"{shown} {prefix} ({wanted} {'✓' if ratio >= factor else '✗'})")
    return "; ".join(parts)


def _flat_text(results: list[ServerResult]) -> str:
    column = next((r for r in results if r.label.startswith("Stilton")), None)
    if column is None or column.huge_peak_mib is None or column.huge_idle_mib is None:
        return "Stilton not measured"
    grew = column.huge_peak_mib - column.huge_idle_mib
    return f"+{grew:.0f} MiB (flat: <{FLAT_MIB:g} MiB {'✓' if grew < FLAT_MIB else '✗'})"


def _rps_of(results: list[ServerResult], prefix: str, key: str) -> float | None:
    """Requests/s of the first column whose label starts with `prefix`."""
    column = next((r for r in results if r.label.startswith(prefix)), None)
    if column is None or key not in column.loads:
        return None
    return column.loads[key].rps


def render(results: list[ServerResult], details: dict[str, str]) -> str:
    rows: list[tuple[str, Cell, str]] = [
        ("`/simple/<name>/` req/s, 1 conn", _rps(PROJECT_1), _target_text(results, PROJECT_1)),
        ("`/simple/<name>/` p50 / p99 ms, 1 conn", _latency(PROJECT_1), ""),
        ("`/simple/<name>/` req/s, 32 conn", _rps(PROJECT_32), _target_text(results, PROJECT_32)),
        ("`/simple/<name>/` p50 / p99 ms, 32 conn", _latency(PROJECT_32), ""),
        ("`/simple/` req/s, 1 conn", _rps(ROOT_1), ""),
        ("`/simple/` p50 / p99 ms, 1 conn", _latency(ROOT_1), ""),
        ("`/simple/` req/s, 32 conn", _rps(ROOT_32), ""),
        ("`/simple/` p50 / p99 ms, 32 conn", _latency(ROOT_32), ""),
        (f"download MiB/s, {details['download']}", _download, ""),
        (f"upload files/s, {details['upload']}", _upload, ""),
        ("RSS idle, empty index, MiB", lambda r: _mib(r.rss_empty_mib), ""),
        ("RSS idle after upload, MiB", lambda r: _mib(r.rss_idle_mib), ""),
        ("RSS peak, whole run, MiB", lambda r: _mib(r.rss_peak_mib), ""),
        (f"`pip install` {details['pip']}, s", _pip, ""),
        (f"RSS while uploading {details['huge']}, MiB", _huge, _flat_text(results)),
    ]
    stilton = next((r.label for r in results if r.label.startswith("Stilton")), "Stilton")
    header = ["measure", *(r.label for r in results), f"{stilton} vs target"]
    lines = [_row(header), _row(["---"] * len(header))]
    for name, cell, target in rows:
        lines.append(_row([name, *(cell(r) for r in results), target]))
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def render_notes(results: list[ServerResult]) -> str:
    lines = [f"- {r.label}: {note}" for r in results for note in r.notes]
    return "\n".join(lines)
