"""GuardDog, the peer scanner: installed into its own venv, run offline on local files.

`guarddog pypi scan FILE --output-format json` scans a local wheel or sdist without fetching
anything (its attempts to refresh its popular-name caches fail fast on a closed network and it
goes on). A file counts as flagged when GuardDog's own risk label is `suspicious` or
`high_risk` (the counterpart of Stilton's non-clean verdicts); `any_threat` records whether any
`threat-*` rule matched at all, the stricter reading. Results are cached per file content and
GuardDog version under bench/.work/guarddog-results, so reruns do not scan again.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

FLAGGED_LABELS = frozenset({"suspicious", "high_risk"})
TIMEOUT = 300


@dataclass(frozen=True)
class GuardDogResult:
    flagged: bool
    any_threat: bool
    label: str
    seconds: float
    cpu_seconds: float
    error: str = ""


class GuardDog:
    def __init__(self, work: Path) -> None:
        self.venv = work / "guarddog-venv"
        self.cache = work / "guarddog-results"
        self.exe = self.venv / "bin" / "guarddog"
        self.version = ""

    def ensure(self) -> str:
        """Install GuardDog if missing; return why it cannot run, or an empty string."""
        if not self.exe.exists():
            print("  installing guarddog into its own venv", file=sys.stderr)
            steps = [
                [sys.executable, "-m", "venv", str(self.venv)],
                [str(self.venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "guarddog"],
            ]
            for argv in steps:
                done = subprocess.run(argv, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    return f"cannot install guarddog: {done.stderr.strip()[-300:]}"
        done = subprocess.run(
            [str(self.exe), "--version"], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            return f"guarddog does not run: {done.stderr.strip()[-300:]}"
        self.version = done.stdout.strip()
        self.cache.mkdir(parents=True, exist_ok=True)
        return ""

    def scan_all(self, paths: list[Path], jobs: int) -> dict[Path, GuardDogResult]:
        with ThreadPoolExecutor(jobs) as pool:
            return dict(zip(paths, pool.map(self.scan, paths), strict=True))

    def scan(self, path: Path) -> GuardDogResult:
        key = hashlib.sha256(path.read_bytes()).hexdigest()[:32]
        cached = self.cache / f"{self.version}-{key}.json"
        if cached.exists():
            return GuardDogResult(**json.loads(cached.read_text()))
        result = self._run(path)
        if not result.error.startswith("timed out"):
            cached.write_text(json.dumps(asdict(result)))
        return result

    def _run(self, path: Path) -> GuardDogResult:
        argv = [str(self.exe), "pypi", "scan", str(path), "--output-format", "json"]
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            process = subprocess.Popen(argv, stdout=out, stderr=err, start_new_session=True)
            timer = threading.Timer(TIMEOUT, os.killpg, (process.pid, signal.SIGKILL))
            timer.start()
            # wait4 gives the CPU time of this one child (and what it waited for).
            _, status, usage = os.wait4(process.pid, 0)
            timer.cancel()
            process.returncode = os.waitstatus_to_exitcode(status)
            seconds = time.perf_counter() - started
            cpu = usage.ru_utime + usage.ru_stime
            if seconds >= TIMEOUT:
                return GuardDogResult(False, False, "timeout", seconds, cpu, "timed out")
            out.seek(0)
            err.seek(0)
            stdout, stderr = (
                out.read().decode(errors="replace"),
                err.read().decode(errors="replace"),
            )
        try:
            report = json.loads(stdout)
        except ValueError:
            error = (stderr.strip().splitlines() or ["no output"])[-1][:200]
            return GuardDogResult(False, False, "error", seconds, cpu, error)
        label = str(report.get("risk_score", {}).get("label", "no_risks_detected"))
        results = report.get("results", {})
        any_threat = any(rule.startswith("threat-") and hits for rule, hits in results.items())
        errors = report.get("errors") or {}
        return GuardDogResult(
            label in FLAGGED_LABELS, any_threat, label, seconds, cpu, "; ".join(errors)[:200]
        )
