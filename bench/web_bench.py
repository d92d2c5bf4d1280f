"""Web pages and search on generated data: answer times in-process and over real HTTP.

    make bench-web
    .venv/bin/python bench/web_bench.py [--projects 100000] [--releases 500] [--backend both]

For each backend (SQLite in a temporary directory; PostgreSQL in a temporary database at
127.0.0.1:5432), it builds:
- `--projects` projects with generated names, summaries, keywords, classifiers, requirements
  and descriptions, written in bulk straight into the search tables as the indexer would
  leave them. Words come from a 20,000-word vocabulary with Zipf frequencies whose most
  common words are real ones (`python`, `http`, `client`, `data`, ...): `python` ends up in
  nearly every description and in about half the summaries, a worse case than a real index;
- `big-project`, published through the models: `--releases` releases of two files each, a
  6 KiB Markdown README, ten requirements (three behind an extra), and 50 projects using it.
Then it times, first through the app in-process (httpx's ASGI transport, lifespan running),
then over HTTP against a real `stilton serve` (one worker) on 127.0.0.1 on the same database:
- the first refresh of the search index (compares every project's serial with its document);
- `/project/big-project/` and a release page, the home page and an HTML results page;
- `/search/?…&format=json` for queries of every kind;
each as the first answer (cold caches) and the median and p95 of the next `--rounds`, with the
server process's CPU time per request, and checks the targets (pages 50 ms, search 100 ms).
It prints one Markdown table per backend on stdout (a copy goes to
`bench/.work/web-last-run.md`), progress on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import math
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from packaging.utils import canonicalize_name
from sqlalchemy import insert, text

from _http import BenchError
from _servers import Server
from stilton.app import create_app
from stilton.config import Settings
from stilton.db import Database, models
from stilton.search import words

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work"
STILTON = Path(sys.executable).parent / "stilton"
PAGE_TARGET_MS = 50.0
SEARCH_TARGET_MS = 100.0
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BIG = "big-project"
SEED = 20240601
BATCH = 2000
COMMON_WORDS = ["python", "http", "client", "data", "async", "django", "test", "api", "tools"]
CLASSIFIERS = [
    "Development Status :: 5 - Production/Stable",
    "Development Status :: 4 - Beta",
    "Framework :: Django",
    "Framework :: AsyncIO",
    "Intended Audience :: Developers",
    "License :: OSI Approved :: MIT License",
    "Operating System :: OS Independent",
    "Programming Language :: Python :: 3",
    "Topic :: Internet :: WWW/HTTP",
    "Topic :: Scientific/Engineering",
    "Topic :: Software Development :: Libraries",
    "Typing :: Typed",
]
NOW = datetime(2026, 1, 1, tzinfo=UTC)
README = "\n\n".join(
    [
        "# Big project",
        "A project with very many releases, for timing its page.",
        "## Install\n\n```console\n$ pip install big-project\n```",
        "## Use\n\n```python\nimport big_project\n\nbig_project.run(fast=True)\n```",
        *[
            f"### Section {n}\n\n" + "Some *words* about the project, with `code` and a "
            "[link](https://example.invalid/docs). " * 6
            for n in range(12)
        ],
        "| a | b |\n|---|---|\n| 1 | 2 |",
    ]
)


def log(message: str) -> None:
    print(f"[web-bench] {message}", file=sys.stderr, flush=True)


# -- generated data ---------------------------------------------------------------------


class Vocabulary:
    """Pseudo-words whose frequencies fall off as 1/rank, real common words first."""

    def __init__(self, rng: random.Random, size: int = 20_000) -> None:
        syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["py", "io", "ex"]
        generated = {
            "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
            for _ in range(size * 2)
        }
        self.words = COMMON_WORDS + sorted(generated)[: size - len(COMMON_WORDS)]
        total = 0.0
        self.cumulative = []
        for rank in range(len(self.words)):
            total += 1 / (rank + 1)
            self.cumulative.append(total)
        self.rng = rng

    def sample(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)


def generated_projects(count: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    vocabulary = Vocabulary(rng)
    seen = {BIG}
    number = 0
    while len(seen) <= count:
        number += 1
        parts = vocabulary.sample(rng.randint(1, 3))
        name = "-".join(parts) + (str(number) if rng.random() < 0.1 else "")
        normalized = canonicalize_name(name)
        if normalized in seen:
            continue
        seen.add(normalized)
        yield {
            "name": name,
            "normalized_name": normalized,
            "summary": " ".join(vocabulary.sample(rng.randint(5, 12))).capitalize(),
            "keywords": vocabulary.sample(rng.randint(0, 4)),
            "description": " ".join(vocabulary.sample(rng.randint(40, 300))),
            "classifiers": rng.sample(CLASSIFIERS, rng.randint(0, 5)),
        }


def fill_search_tables(database: Database, count: int) -> list[str]:
    """Projects and their search rows, in bulk; returns the normalized names in id order."""
    rng = random.Random(SEED)
    names: list[str] = []
    started = time.perf_counter()
    batch: list[dict[str, Any]] = []
    with _bulk_loading(database):
        for project in generated_projects(count, rng):
            batch.append(project)
            names.append(project["normalized_name"])
            if len(batch) == BATCH or len(names) == count:
                _insert_batch(database, batch, len(names) - len(batch) + 1, rng, names)
                batch = []
                if len(names) % 20_000 == 0 or len(names) == count:
                    log(f"  {len(names)} projects written ({time.perf_counter() - started:.0f} s)")
    log(f"  full-text index built ({time.perf_counter() - started:.0f} s in all)")
    _continue_after(database, count)
    return names


def _continue_after(database: Database, count: int) -> None:
    """Rows made later take ids and serials after the generated ones (which set their own)."""
    with database.session() as session:
        session.add(
            models.JournalEntry(serial=count, action="bench data", submitted=NOW, name=None)
        )
        if not database.is_sqlite:
            for table, column in (("projects", "id"), ("journal", "serial")):
                session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), :n)"),
                    {"n": count},
                )


@contextlib.contextmanager
def _bulk_loading(database: Database) -> Iterator[None]:
    """Without the full-text upkeep while rows go in; the index is built once at the end."""
    with database.engine.begin() as connection:
        if database.is_sqlite:
            saved = connection.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            ).all()
            tables = connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND sql LIKE 'CREATE VIRTUAL TABLE%'"
                )
            ).scalars()
            fts_tables = list(tables)
        else:
            saved = connection.execute(
                text(
                    "SELECT indexname, indexdef FROM pg_indexes"
                    " WHERE tablename = 'search_documents' AND indexdef LIKE '%USING gin%'"
                )
            ).all()
        for name, _ in saved:
            kind = "TRIGGER" if database.is_sqlite else "INDEX"
            connection.execute(text(f"DROP {kind} {name}"))
    yield
    with database.engine.begin() as connection:
        if database.is_sqlite:
            for table in fts_tables:
                rebuild = f"INSERT INTO {table}({table}) VALUES ('rebuild')"  # noqa: S608
                connection.execute(text(rebuild))
        for _, sql in saved:
            connection.execute(text(sql))
    if not database.is_sqlite:
        # What autovacuum does to a table that has settled: statistics and the visibility map.
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.execute(text("VACUUM ANALYZE"))


def _insert_batch(
    database: Database,
    batch: list[dict[str, Any]],
    first_id: int,
    rng: random.Random,
    names: list[str],
) -> None:
    projects, documents, classifiers, dependencies = [], [], [], []
    for project_id, project in enumerate(batch, start=first_id):
        created = NOW - timedelta(minutes=200_000 - project_id)
        projects.append(
            {
                "id": project_id,
                "name": project["name"],
                "normalized_name": project["normalized_name"],
                "confusable_name": project["normalized_name"].replace("-", ""),
                "created": created,
                "last_serial": project_id,
                "total_size": 0,
            }
        )
        documents.append(
            {
                "project_id": project_id,
                "name": project["name"],
                "normalized_name": project["normalized_name"],
                "version": "1.0",
                "summary": project["summary"],
                "updated": created,
                "serial": project_id,
                "name_words": words(project["name"]),
                "summary_words": words(project["summary"]),
                "keywords_words": words(" ".join(project["keywords"])),
                "description_words": words(project["description"]),
            }
        )
        classifiers.extend(
            {"classifier": classifier, "project_id": project_id}
            for classifier in project["classifiers"]
        )
        used = {names[rng.randrange(project_id - 1)] for _ in range(3)} if project_id > 1 else set()
        dependencies.extend(
            {"dependency": name, "project_id": project_id, "extra": ""} for name in sorted(used)
        )
    with database.session() as session:
        session.execute(insert(models.Project), projects)
        session.execute(insert(models.SearchDocument), documents)
        if classifiers:
            session.execute(insert(models.SearchClassifier), classifiers)
        if dependencies:
            session.execute(insert(models.SearchDependency), dependencies)


def release_version(number: int) -> str:
    return f"{number // 100}.{number % 100 // 10}.{number % 10}"


def add_big_project(database: Database, releases: int, others: list[str]) -> None:
    """`big-project`: `releases` releases of two files each, and 50 projects that use it."""
    with database.session() as session:
        project = models.Project(
            name="Big-Project",
            normalized_name=BIG,
            confusable_name="bigpr0ject",
            created=NOW - timedelta(days=releases),
            last_serial=0,
            total_size=0,
        )
        session.add(project)
        session.flush()
        requires = [
            f"{name}>=1.0" + ("; extra == 'extra'" if n % 3 == 0 else "")
            for n, name in enumerate(others[:10])
        ]
        for number in range(releases):
            version = release_version(number)
            created = NOW - timedelta(days=releases - number)
            release = models.Release(
                project=project,
                version=version,
                canonical_version=version,
                created=created,
                yanked=number % 50 == 7,
                yanked_reason="broken build" if number % 50 == 7 else None,
                metadata_version="2.4",
                summary="A project with very many releases",
                description=README,
                description_content_type="text/markdown",
                keywords=["big", "bench"],
                license_expression="MIT",
                classifiers=CLASSIFIERS[:6],
                requires_dist=requires,
                requires_python=">=3.9",
                project_urls=[["Homepage", "https://example.invalid/big"]],
            )
            session.add(release)
            for kind, filename in (
                ("bdist_wheel", f"big_project-{version}-py3-none-any.whl"),
                ("sdist", f"big_project-{version}.tar.gz"),
            ):
                digest = hashlib.sha256(filename.encode()).hexdigest()
                session.add(
                    models.File(
                        release=release,
                        filename=filename,
                        packagetype=kind,
                        python_version="py3" if kind == "bdist_wheel" else "source",
                        requires_python=">=3.9",
                        size=10_000 + number,
                        sha256=digest,
                        blake2_256=hashlib.blake2b(filename.encode(), digest_size=32).hexdigest(),
                        md5=digest[:32],
                        upload_time=created,
                    )
                )
        entry = models.JournalEntry(
            name="Big-Project", normalized_name=BIG, action="new release", submitted=NOW
        )
        session.add(entry)
        session.flush()
        project.last_serial = entry.serial
        session.execute(
            insert(models.SearchDependency),
            [{"dependency": BIG, "project_id": n, "extra": ""} for n in range(1, 51)],
        )


# -- timing -----------------------------------------------------------------------------

Fetch = Callable[[str], httpx.Response]


@dataclass(frozen=True)
class Case:
    label: str
    path: str
    target_ms: float | None


@dataclass(frozen=True)
class Timing:
    """The first answer (cold caches), then the median and p95 of the next rounds, in ms."""

    first: float
    median: float
    p95: float

    def cells(self) -> str:
        return f"{self.first:.1f} | {self.median:.1f} | {self.p95:.1f}"


def answer_ms(fetch: Fetch, path: str) -> float:
    """How long one GET of `path` takes; anything but a 200 stops the benchmark."""
    started = time.perf_counter()
    response = fetch(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise BenchError(f"{path}: {response.status_code} {response.text[:300]}")
    return elapsed


def timed(fetch: Fetch, path: str, rounds: int) -> Timing:
    first = answer_ms(fetch, path)
    return summary(first, [answer_ms(fetch, path) for _ in range(rounds)])


def summary(first: float, rounds: list[float]) -> Timing:
    rest = sorted(rounds)
    nearest_rank = math.ceil(len(rest) * 0.95)
    return Timing(first, statistics.median(rest), rest[nearest_rank - 1])


class InProcess:
    """The app with its lifespan running, answering through httpx's ASGI transport."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app), base_url="http://bench.invalid"
        )
        self._lifespan = app.router.lifespan_context(app)

    def __enter__(self) -> InProcess:
        self.loop.run_until_complete(self._lifespan.__aenter__())
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.run_until_complete(self._lifespan.__aexit__(None, None, None))
        self.loop.close()

    def fetch(self, path: str) -> httpx.Response:
        return self.loop.run_until_complete(self.client.get(path))


class StiltonServe(Server):
    """`stilton serve` (one worker, as `make serve` runs it) on the bench's database."""

    label = "stilton serve"
    ready_path = "/health"

    def __init__(self, run_dir: Path, database_url: str) -> None:
        super().__init__(run_dir)
        self.database_url = database_url

    def argv(self) -> list[str]:
        listen = ["--host", "127.0.0.1", "--port", str(self.port)]
        return [str(STILTON), "serve", *listen, "--data", str(self.run_dir / "data")]

    def environment(self) -> dict[str, str]:
        return {**os.environ, "STILTON_DATABASE_URL": self.database_url}


@contextlib.contextmanager
def temporary_database(backend: str, directory: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'stilton.db'}"
        return
    name = f"stilton_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def search_queries(names: list[str]) -> list[tuple[str, str]]:
    rng = random.Random(SEED + 1)
    return [
        ("exact name", f"q={rng.choice(names)}"),
        ("name prefix, 2 letters", f"q={names[0][:2]}"),
        ("the commonest word (python)", "q=python"),
        ("two common words", "q=python+client"),
        ("three common words", "q=data+python+client"),
        ("a word of a name (in ~4% of projects)", f"q={names[-1].split('-')[-1]}"),
        ("a rare word (the vocabulary's last)", f"q={Vocabulary(random.Random(SEED)).words[-1]}"),
        ("no match", "q=zzzzqqqq"),
        ("a classifier alone", "c=Framework+%3A%3A+Django"),
        ("a word and a classifier", "q=data&c=Typing+%3A%3A+Typed"),
        ("common word, page 25 (last)", "q=python&page=25"),
    ]


def cases(names: list[str], releases: int) -> list[Case]:
    return [
        Case(f"project page, {releases} releases", f"/project/{BIG}/", PAGE_TARGET_MS),
        Case("release page", f"/project/{BIG}/{release_version(releases // 2)}/", PAGE_TARGET_MS),
        Case("home page", "/", None),
        Case("search results page (HTML), `python`", "/search/?q=python", SEARCH_TARGET_MS),
        *[
            Case(f"search JSON: {label}", f"/search/?{query}&format=json", SEARCH_TARGET_MS)
            for label, query in search_queries(names)
        ],
    ]


def time_in_process(app: Any, timed_cases: list[Case], rounds: int) -> tuple[float, list[Timing]]:
    """The first search refresh (ms), then each case."""
    with InProcess(app) as client:
        started = time.perf_counter()
        app.state.search.refresh()
        refresh_ms = (time.perf_counter() - started) * 1000
        timings = []
        for case in timed_cases:
            timings.append(timed(client.fetch, case.path, rounds))
            log(f"  in-process {case.label}: median {timings[-1].median:.1f} ms")
    return refresh_ms, timings


def cpu_ms(pid: int) -> float:
    """The CPU time a process has used so far (user and system), in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def time_over_http(
    run_dir: Path, url: str, timed_cases: list[Case], rounds: int
) -> tuple[float, list[Timing], list[float]]:
    """The first search (which refreshes the index, in ms), then each case, over one
    keep-alive connection to a real server; and the server's CPU time per request of each
    case, which other load on the machine barely changes (the database's is not in it)."""
    with (
        StiltonServe(run_dir, url) as server,
        httpx.Client(base_url=server.base_url, trust_env=False, timeout=60) as client,
    ):
        refresh_ms = answer_ms(client.get, "/search/?q=&format=json")
        timings, cpu = [], []
        for case in timed_cases:
            first = answer_ms(client.get, case.path)
            used = cpu_ms(server.pid)
            rest = [answer_ms(client.get, case.path) for _ in range(rounds)]
            cpu.append((cpu_ms(server.pid) - used) / rounds)
            timings.append(summary(first, rest))
            log(f"  over HTTP {case.label}: median {timings[-1].median:.1f} ms")
    return refresh_ms, timings, cpu


def verdict(case: Case, *timings: Timing) -> str:
    if case.target_ms is None:
        return ""
    met = all(timing.p95 < case.target_ms for timing in timings)
    return f"< {case.target_ms:.0f}: " + ("met" if met else "**missed**")


def bench_backend(backend: str, projects: int, releases: int, rounds: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp, temporary_database(backend, Path(tmp)) as url:
        database = Database(url)
        database.migrate()
        log(f"{backend}: generating {projects:,} projects")
        names = fill_search_tables(database, projects)
        log(f"{backend}: adding {BIG} with {releases} releases")
        add_big_project(database, releases, names)
        database.dispose()
        timed_cases = cases(names, releases)
        app = create_app(Settings(data_dir=Path(tmp), database_url=url))
        log(f"{backend}: in-process")
        local_refresh, local = time_in_process(app, timed_cases, rounds)
        log(f"{backend}: over HTTP to stilton serve")
        http_refresh, remote, cpu = time_over_http(Path(tmp) / "serve", url, timed_cases, rounds)
    rows = [
        f"### {backend}: {projects:,} projects; `{BIG}` with {releases} releases",
        "",
        "| what | in-process first | median | p95 | HTTP first | median | p95 "
        "| server CPU per request | target, p95 (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| first search refresh: {projects + 1:,} serials compared "
        f"| {local_refresh:.0f} | | | {http_refresh:.0f} | | | | |",
    ]
    for case, here, there, used in zip(timed_cases, local, remote, cpu, strict=True):
        rows.append(
            f"| {case.label} | {here.cells()} | {there.cells()} | {used:.1f} "
            f"| {verdict(case, here, there)} |"
        )
    return rows


def header(args: argparse.Namespace) -> list[str]:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"## Web pages and search, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"{os.cpu_count()} CPUs, load average {load} at the start; {args.rounds} timed rounds "
        "after a first request per row, all in milliseconds. In-process: the app through "
        "httpx's ASGI transport. HTTP: a real `stilton serve` (1 worker) on 127.0.0.1, one "
        "keep-alive connection. Server CPU: the `stilton serve` process's CPU time (user + "
        "system, from /proc) over the rounds after the first, per request, which other load "
        "on the machine barely changes; PostgreSQL's own work is not in it. Targets are "
        "checked on the p95 of both.",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--releases", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    output = header(args)
    for backend in backends:
        output += bench_backend(backend, args.projects, args.releases, args.rounds)
        output.append("")
    text_out = "\n".join(output)
    WORK.mkdir(exist_ok=True)
    (WORK / "web-last-run.md").write_text(text_out + "\n")
    print(text_out)


if __name__ == "__main__":
    main()
