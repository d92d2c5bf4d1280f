"""Upload every cached real popular distribution to a live Stilton with the real twine.

Run from the repository root: `make bench-uploads` or `.venv/bin/python bench/upload_realworld.py`.
The files are the ones the scanner benchmark downloaded into bench/.work/popular (run
`make bench-scan` once first); nothing is downloaded here. Prints a Markdown table on stdout (a
copy goes to bench/.work/uploads-last-run.md) and progress on stderr; see bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work"
POPULAR = WORK / "popular"
RUN = WORK / "uploads-run"
REPORT = WORK / "uploads-last-run.md"
STILTON = Path(sys.executable).with_name("stilton")
ARCHIVES = (".whl", ".tar.gz", ".zip")
UPLOAD_TIMEOUT = 1800

from _http import BenchError, Upload, Uploader, basic_auth, get, get_ok  # noqa: E402
from _servers import BENCH_EMAIL, BENCH_USER, Stilton  # noqa: E402

# The refusal's code slug (docs/upload-rules.md) from the reason phrase twine shows: the slug
# itself is not on the wire. First match wins; anything else counts as `other`.
_CODES = (
    ("held-for-review", r"^Held for review"),
    ("quarantined", r"^Quarantined"),
    ("rejected", r"^Rejected by an admin"),
    ("file-too-large", r"^File too large"),
    ("project-too-large", r"^Project too large"),
    ("too-many-projects", r"^Too many new projects"),
    ("file-exists", r"^File already exists"),
    ("duplicate-sdist", r"has an sdist already"),
    ("stdlib-name", r"standard library module"),
    ("prohibited-name", r"is prohibited on this index"),
    ("confusable-name", r"is too similar to the existing project"),
    ("local-version", r"has a local part"),
    ("form-mismatch", r"^Form field '.*' does not match"),
    ("unsupported-platform", r"unsupported platform tag|names no real"),
    ("invalid-sdist-filename", r"^Invalid sdist filename"),
    ("invalid-filename", r"^Invalid distribution filename"),
    ("invalid-classifier", r"^Classifier "),
    ("invalid-summary", r"^Summary "),
    ("unrenderable-description", r"^The description does not render"),
    ("direct-url-dependency", r"is a direct URL dependency"),
    ("invalid-requires-python", r"^Requires-Python "),
    ("invalid-license-expression", r"^License-Expression "),
    ("license-file-missing", r"^License-File "),
    ("unsupported-metadata-version", r"^Metadata-Version .* is not supported"),
    ("metadata-encoding", r"^The metadata file is not UTF-8"),
    ("unrecognized-metadata-field", r"is not a core metadata field"),
    ("invalid-metadata-field", r"^Invalid core metadata"),
    ("name-mismatch", r"^Name in metadata"),
    ("version-mismatch", r"^Version in metadata"),
    ("metadata-missing", r"^Wheel has no|^Sdist has no|has no '.*PKG-INFO'"),
    ("archive-limit", r"^Archive (has more|expands|member .* (expands|nests))|^Nested archives"),
    ("unsafe-member", r"^Archive member"),
    ("ambiguous-archive", r"^Zip archive has|local header"),
    ("unreadable-archive", r"is not a readable"),
    ("invalid-layout", r"dist-info|top directory"),
    ("invalid-metadata", r"^Metadata "),
    ("unauthenticated", r"token"),
)


@dataclass(frozen=True)
class Outcome:
    """What one upload came to: `status` 200 is accepted; 0 means twine refused it itself."""

    path: Path
    status: int
    reason: str
    seconds: float
    over_http: str = ""
    """For a file twine refused itself: what Stilton answers to a plain POST of it."""

    @property
    def accepted(self) -> bool:
        return self.status == 200

    @property
    def code(self) -> str:
        if self.accepted:
            return "accepted"
        if self.status == 0:
            return "twine-refused"
        return next((code for code, rx in _CODES if re.search(rx, self.reason)), "other")


class RealWorldStilton(Stilton):
    """The benchmark's Stilton, with no STILTON_* setting of the caller's and the project
    creation rate limits off (hundreds of projects come from one user in a minute)."""

    token = ""
    max_file_size = ""

    def prepare(self) -> None:
        exe, data = str(self.exe), ["--data", str(self.data)]
        self._cli([exe, "user", "add", BENCH_USER, "--email", BENCH_EMAIL, *data])
        self.token = self._cli([exe, "token", "create", "--user", BENCH_USER, *data]).strip()
        if not self.token:
            raise BenchError("stilton token create printed no token")

    def _cli(self, argv: list[str]) -> str:
        done = subprocess.run(
            argv, env=self.environment(), capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            raise BenchError(f"stilton {argv[1]} {argv[2]} failed: {done.stderr.strip()[-300:]}")
        return done.stdout

    def environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("STILTON_")}
        env["STILTON_PROJECT_CREATIONS_PER_HOUR_PER_USER"] = "0"
        env["STILTON_PROJECT_CREATIONS_PER_HOUR_PER_ADDRESS"] = "0"
        if self.max_file_size:
            env["STILTON_MAX_FILE_SIZE"] = self.max_file_size
        return env


def client_env() -> dict[str, str]:
    """This environment without any pip, uv, twine or proxy setting, and no keyring."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PIP_", "UV_", "TWINE_"))
        and key.lower() not in {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
    }
    env.update(
        {
            "PIP_CONFIG_FILE": os.devnull,
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_NO_INPUT": "1",
            "NO_PROXY": "*",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "NO_COLOR": "1",
        }
    )
    return env


def cached_files(popular: Path) -> list[Path]:
    files = [p for p in popular.glob("*/*") if p.name.endswith(ARCHIVES)]
    return sorted(files, key=lambda p: p.name.lower())


def upload_all(server: RealWorldStilton, files: list[Path], jobs: int) -> list[Outcome]:
    """Every file through twine's own upload command, in `jobs` worker processes (one twine
    process each, files dealt round-robin), each isolated from this machine's settings."""
    workers = []
    for number in range(jobs):
        share = files[number::jobs]
        results = RUN / f"twine-{number}.jsonl"
        job = {"url": server.base_url + "/legacy/", "token": server.token, "results": str(results)}
        job["files"] = [str(p) for p in share]
        log = (RUN / f"twine-{number}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, __file__, "--twine-worker"],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=client_env(),
        )
        assert proc.stdin is not None  # noqa: S101 - set by stdin=PIPE
        proc.stdin.write(json.dumps(job).encode())
        proc.stdin.close()
        workers.append((proc, results, log))
    outcomes = []
    for proc, results, log in workers:
        proc.wait(timeout=UPLOAD_TIMEOUT)
        log.close()
        for line in results.read_text().splitlines():
            item = json.loads(line)
            outcomes.append(Outcome(Path(item["path"]), item["status"], item["reason"], item["s"]))
    return sorted(outcomes, key=lambda o: o.path.name.lower())


def twine_worker() -> None:
    """Upload the files named on stdin one by one with twine's Python API (the code behind
    `twine upload`), writing one JSON line per file."""
    import requests
    from twine import exceptions, settings
    from twine.commands.upload import upload

    job = json.loads(sys.stdin.read())
    with Path(job["results"]).open("w") as out:
        for name in job["files"]:
            options = settings.Settings(
                repository_url=job["url"],
                username="__token__",
                password=job["token"],
                non_interactive=True,
                disable_progress_bar=True,
            )
            started = time.perf_counter()
            status, reason = 200, "OK"
            try:
                upload(options, [name])
            except requests.HTTPError as error:
                status, reason = error.response.status_code, error.response.reason
            except exceptions.TwineException as error:
                status, reason = 0, f"{type(error).__name__}: {error}"
            seconds = time.perf_counter() - started
            row = {"path": name, "status": status, "reason": reason, "s": round(seconds, 3)}
            out.write(json.dumps(row) + "\n")
            out.flush()
            print(f"{status} {Path(name).name} {reason}", file=sys.stderr, flush=True)


def post_refused_by_twine(server: RealWorldStilton, outcomes: list[Outcome]) -> list[Outcome]:
    """Each file twine would not send, POSTed as uv publish would (the form names the file;
    the metadata fields are only cross-checked, so they are left out): Stilton's own answer."""
    uploader = Uploader(server.base_url + "/legacy/", basic_auth("__token__", server.token))
    try:
        return [_post_plainly(uploader, o) if o.status == 0 else o for o in outcomes]
    finally:
        uploader.close()


def _post_plainly(uploader: Uploader, outcome: Outcome) -> Outcome:
    name, version = _name_version(outcome.path)
    wheel = outcome.path.name.endswith(".whl")
    fields = [
        (":action", "file_upload"),
        ("protocol_version", "1"),
        ("filetype", "bdist_wheel" if wheel else "sdist"),
        ("pyversion", outcome.path.name.split("-")[-3] if wheel else "source"),
        ("name", name),
        ("version", version),
        ("sha256_digest", hashlib.sha256(outcome.path.read_bytes()).hexdigest()),
    ]
    status, body = uploader.upload(Upload(outcome.path, fields))
    said = body.decode(errors="replace").strip().splitlines()[:1] or [""]
    return Outcome(outcome.path, 0, outcome.reason, outcome.seconds, f"{status} {said[0]}")


@dataclass(frozen=True)
class Served:
    """Accepted files fetched back through the URL on their project's JSON page, and the pip
    downloads of a sample, compared byte for byte with what was uploaded."""

    fetched: int
    missing: list[str]
    pip_ok: int
    pip_failures: list[str]


def check_served(server: RealWorldStilton, accepted: list[Outcome], sample: int) -> Served:
    missing = [
        f"{o.path.name}: {problem}" for o in accepted if (problem := _fetched(server, o.path))
    ]
    failures = []
    wheels = [o for o in accepted if o.path.name.endswith(".whl")]
    chosen = wheels[:: max(1, len(wheels) // sample)][:sample] if sample > 0 else []
    for outcome in chosen:
        if (problem := _pip_download(server, outcome.path)) is not None:
            failures.append(f"{outcome.path.name}: {problem}")
    return Served(len(accepted) - len(missing), missing, len(chosen) - len(failures), failures)


def _name_version(path: Path) -> tuple[str, str]:
    from packaging.utils import parse_sdist_filename, parse_wheel_filename

    if path.name.endswith(".whl"):
        name, version, *_ = parse_wheel_filename(path.name)
    else:
        name, version = parse_sdist_filename(path.name)
    return str(name), str(version)


def _fetched(server: RealWorldStilton, path: Path) -> str | None:
    """None when the project page lists the file and its URL serves the very same bytes."""
    name, _ = _name_version(path)
    page_url = server.simple_url(name)
    page = json.loads(get_ok(page_url + "?format=json"))
    listed = [f for f in page["files"] if f["filename"] == path.name]
    if not listed:
        return "not on its project page"
    status, body = get(urljoin(page_url, listed[0]["url"]))
    if status != 200 or body != path.read_bytes():
        return f"its URL answered {status} with {len(body)} other bytes"
    return None


def _pip_download(server: RealWorldStilton, path: Path) -> str | None:
    """None when pip fetched the very same bytes from Stilton; otherwise what went wrong.
    (Wheels only: for an sdist pip would build its metadata, asking this index for a build
    back end it does not carry.)"""
    name, version = _name_version(path)
    dest = RUN / "pip" / path.name
    argv = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir", "--quiet"]
    argv += ["--index-url", server.simple_url(), "--dest", str(dest), "--only-binary", ":all:"]
    done = subprocess.run(
        [*argv, f"{name}=={version}"],
        env=client_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    got = dest / path.name
    if done.returncode == 0 and got.exists() and got.read_bytes() == path.read_bytes():
        return None
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    return f"pip exited {done.returncode}: {(lines or ['no file'])[-1][:200]}"


def render(outcomes: list[Outcome], seconds: float, served: Served, started: datetime) -> str:
    codes = Counter(o.code for o in outcomes)
    total_mib = sum(o.path.stat().st_size for o in outcomes) / (1 << 20)
    lines = [
        f"# Real-world uploads ({started:%Y-%m-%d %H:%M} UTC)",
        "",
        f"{len(outcomes)} cached popular files ({total_mib:.0f} MiB) uploaded with twine "
        f"in {seconds:.0f} s ({len(outcomes) / seconds:.1f} files/s).",
        "",
        "| outcome | files |",
        "| --- | --- |",
    ]
    for code, count in sorted(codes.items(), key=lambda item: (item[0] != "accepted", item[0])):
        lines.append(f"| {code} | {count} |")
    slowest = max(outcomes, key=lambda o: o.seconds)
    lines += [
        "",
        f"Slowest upload: {slowest.path.name} in {slowest.seconds:.1f} s.",
        f"Served: {served.fetched} of {codes['accepted']} accepted files fetched back byte for "
        f"byte through the URL on their project page; `pip download` fetched "
        f"{served.pip_ok} of {served.pip_ok + len(served.pip_failures)} sampled wheels.",
    ]
    lines += [f"- not served: {problem}" for problem in served.missing]
    lines += [f"- pip: {failure}" for failure in served.pip_failures]
    refused = [o for o in outcomes if not o.accepted]
    if refused:
        lines += [
            "",
            "| refused file | status | code | reason | plain POST (twine-refused only) |",
            "| --- | --- | --- | --- | --- |",
        ]
        for o in refused:
            cells = [o.path.name, str(o.status), o.code, o.reason, o.over_http]
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--popular", type=Path, default=POPULAR, help="the cached files")
    parser.add_argument("--jobs", type=int, default=2, help="twine processes at once")
    parser.add_argument("--sample", type=int, default=20, help="files pip downloads back")
    parser.add_argument("--max-file-size", default="", help="bytes (default: the index's)")
    parser.add_argument("--twine-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.twine_worker:
        twine_worker()
        return
    files = cached_files(args.popular)
    if not files:
        raise SystemExit(f"no cached files in {args.popular}: run `make bench-scan` first")
    started = datetime.now(UTC)
    server = RealWorldStilton(RUN, STILTON, workers=1)
    server.max_file_size = args.max_file_size
    with server:
        print(f"uploading {len(files)} files to {server.base_url}", file=sys.stderr)
        clock = time.perf_counter()
        outcomes = upload_all(server, files, args.jobs)
        seconds = time.perf_counter() - clock
        outcomes = post_refused_by_twine(server, outcomes)
        print("checking what is served", file=sys.stderr)
        served = check_served(server, [o for o in outcomes if o.accepted], args.sample)
    if len(outcomes) != len(files):
        raise BenchError(f"{len(files) - len(outcomes)} uploads left no result; see {RUN}")
    report = render(outcomes, seconds, served, started)
    REPORT.write_text(report)
    sys.stdout.write(report)


if __name__ == "__main__":
    main()
