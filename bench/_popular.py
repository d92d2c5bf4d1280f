"""The real popular corpus: distributions downloaded by name with the machine's own pip settings.

Each requirement gets its own folder under bench/.work/popular/<slug>/ holding what
`pip download --no-deps` fetched, or a `FAILED` file saying why it could not; either way a rerun
asks pip nothing for it. Wheels are asked for with `--only-binary :all:`, sdists with
`--no-binary NAME`. No index is named: pip uses whatever the machine is configured with.
"""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
NAMES = BENCH / "popular.txt"
DOWNLOAD_TIMEOUT = 600
_ARCHIVES = (".whl", ".tar.gz", ".zip", ".tgz")


@dataclass(frozen=True)
class Wanted:
    requirement: str
    sdist: bool

    @property
    def slug(self) -> str:
        kind = "sdist" if self.sdist else "wheel"
        return re.sub(r"[^A-Za-z0-9.]+", "-", self.requirement).strip("-") + f"--{kind}"


@dataclass(frozen=True)
class Fetched:
    wanted: Wanted
    path: Path | None
    failure: str = ""


def wanted_list(names: Path = NAMES) -> list[Wanted]:
    result = []
    for line in names.read_text().splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            result.append(Wanted(words[0], sdist=words[1:] == ["sdist"]))
    return result


def fetch_all(dest: Path, wanted: list[Wanted], jobs: int = 4) -> list[Fetched]:
    """Every wanted distribution, from the cache or downloaded; failures are kept, not raised."""
    dest.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(lambda item: _fetch(dest / item.slug, item), wanted))


def _cached(folder: Path, item: Wanted) -> Fetched | None:
    failed = folder / "FAILED"
    if failed.exists():
        return Fetched(item, None, failed.read_text().strip())
    files = sorted(p for p in folder.glob("*") if p.name.endswith(_ARCHIVES))
    return Fetched(item, files[0]) if files else None


def _fetch(folder: Path, item: Wanted) -> Fetched:
    if folder.exists() and (cached := _cached(folder, item)) is not None:
        return cached
    folder.mkdir(parents=True, exist_ok=True)
    # `--no-binary NAME`, not `:all:`: the sdist's build requirements (needed to read its
    # metadata) still come as wheels instead of being compiled from source.
    name = re.split(r"[=<>!~\[ ;]", item.requirement, maxsplit=1)[0]
    binary = ["--no-binary", name] if item.sdist else ["--only-binary", ":all:"]
    argv = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", *binary]
    argv += ["--dest", str(folder), item.requirement]
    print(
        f"  downloading {item.requirement} ({'sdist' if item.sdist else 'wheel'})", file=sys.stderr
    )
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=DOWNLOAD_TIMEOUT, check=False
        )
        failure = "" if done.returncode == 0 else _last_error(done.stderr)
    except subprocess.TimeoutExpired:
        failure = f"pip download took more than {DOWNLOAD_TIMEOUT} s"
    cached = _cached(folder, item)
    if failure or cached is None:
        (folder / "FAILED").write_text((failure or "pip downloaded no archive") + "\n")
        return Fetched(item, None, failure or "pip downloaded no archive")
    return cached


def _last_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ERROR")]
    return (errors or lines or ["pip failed"])[-1][:300]
