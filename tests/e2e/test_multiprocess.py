"""Several `stilton serve` processes on one PostgreSQL database and data directory: each sees
the others' uploads within a couple of seconds (the journal's serial is polled about once a
second), cached pages included; and `--workers 2` serves on the default SQLite database."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from tests.e2e.samples import wheel_in
from tests.e2e.server import Deployment, LiveServer, running_server
from tests.support.databases import temporary_database

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

T = TypeVar("T")
VISIBLE_WITHIN = 3.0
JSON_V1 = {"Accept": "application/vnd.pypi.simple.v1+json"}


@pytest.fixture(scope="module", params=["postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Only PostgreSQL: SQLite is one machine's file, not a database processes share by design."""
    backend: str = request.param
    return backend


@pytest.fixture(scope="module")
def second_server(live_server: LiveServer) -> Iterator[LiveServer]:
    """Another process on the same database and data directory."""
    log_dir = live_server.data_dir.parent / "second-server"
    with running_server(live_server.deployment, log_dir, token=live_server.token) as server:
        yield server


def eventually(probe: Callable[[], T | None], within: float = VISIBLE_WITHIN) -> T:
    """Call `probe` every 0.1 s until it returns something other than None."""
    deadline = time.monotonic() + within
    while True:
        result = probe()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not seen within {within} s")
        time.sleep(0.1)


def files_on(server: LiveServer, project: str) -> set[str]:
    return set(server.served(project) or {})


def project_names(server: LiveServer) -> set[str]:
    index = server.http.get(server.index_url, headers=JSON_V1).json()
    return {project["name"] for project in index["projects"]}


def page(server: LiveServer, project: str, **headers: str) -> httpx.Response:
    return server.http.get(f"{server.index_url}{project}/", headers={**JSON_V1, **headers})


def test_a_new_project_appears_on_the_other_process(
    live_server: LiveServer, second_server: LiveServer, tmp_path: Path
) -> None:
    wheel = wheel_in(tmp_path, "multi-new", "1.0")
    index_before = second_server.http.get(second_server.index_url, headers=JSON_V1)
    assert page(second_server, "multi-new").status_code == 404

    assert live_server.upload(wheel).status_code == 200

    eventually(lambda: True if files_on(second_server, "multi-new") == {wheel.name} else None)
    eventually(lambda: True if "multi-new" in project_names(second_server) else None)
    assert "multi-new" not in {project["name"] for project in index_before.json()["projects"]}
    (entry,) = page(second_server, "multi-new").json()["files"]
    download = second_server.http.get(
        httpx.URL(f"{second_server.index_url}multi-new/").join(entry["url"])
    )
    assert download.content == wheel.read_bytes()


def test_a_page_cached_on_the_other_process_is_refreshed(
    live_server: LiveServer, second_server: LiveServer, tmp_path: Path
) -> None:
    old = wheel_in(tmp_path, "multi-cached", "1.0")
    new = wheel_in(tmp_path, "multi-cached", "2.0")
    assert live_server.upload(old).status_code == 200
    eventually(lambda: True if files_on(second_server, "multi-cached") == {old.name} else None)
    cached = page(second_server, "multi-cached")
    etag = cached.headers["etag"]
    assert page(second_server, "multi-cached", **{"If-None-Match": etag}).status_code == 304

    assert live_server.upload(new).status_code == 200

    eventually(
        lambda: True if files_on(second_server, "multi-cached") == {old.name, new.name} else None
    )
    refreshed = page(second_server, "multi-cached", **{"If-None-Match": etag})
    assert refreshed.status_code == 200
    assert refreshed.headers["etag"] != etag
    assert int(refreshed.headers["x-pypi-last-serial"]) > int(cached.headers["x-pypi-last-serial"])


def test_an_upload_to_the_other_process_shows_on_the_first(
    live_server: LiveServer, second_server: LiveServer, tmp_path: Path
) -> None:
    wheel = wheel_in(tmp_path, "multi-reverse", "1.0")
    assert page(live_server, "multi-reverse").status_code == 404

    assert second_server.upload(wheel).status_code == 200

    eventually(lambda: True if files_on(live_server, "multi-reverse") == {wheel.name} else None)


def test_simultaneous_uploads_of_one_new_project_through_both_processes(
    live_server: LiveServer, second_server: LiveServer, tmp_path: Path
) -> None:
    """A CI matrix publishing one release's wheels at once, through two processes."""
    tags = ["cp310", "cp311", "cp312", "cp313", "py2", "py3"]
    wheels = [wheel_in(tmp_path, "multi-matrix", "1.0", python_tag=tag) for tag in tags]
    servers = [live_server, second_server] * (len(wheels) // 2)

    with ThreadPoolExecutor(max_workers=len(wheels)) as pool:
        answers = list(pool.map(lambda s, w: s.upload(w), servers, wheels))

    assert [(a.status_code, a.text) for a in answers] == [(200, a.text) for a in answers]
    expected = {wheel.name for wheel in wheels}
    eventually(lambda: True if files_on(second_server, "multi-matrix") == expected else None)
    eventually(lambda: True if files_on(live_server, "multi-matrix") == expected else None)


def test_serve_with_two_workers_on_sqlite_serves_and_every_worker_sees_uploads(
    tmp_path: Path,
) -> None:
    """The default database with two worker processes writing to it."""
    wheel = wheel_in(tmp_path / "dist", "multi-workers", "1.0")
    with temporary_database("sqlite", tmp_path) as database_url:
        deployment = Deployment(tmp_path / "data", database_url)
        token = deployment.mint_token()
        with running_server(
            deployment, tmp_path / "server", token=token, extra_args=["--workers", "2"]
        ) as server:
            assert server.upload(wheel).status_code == 200

            def seen_through_fresh_connections() -> bool | None:
                # a new connection per request, so that both workers get asked
                answers = [
                    server.http.get(
                        f"{server.index_url}multi-workers/", headers={"Connection": "close"}
                    ).status_code
                    for _ in range(6)
                ]
                return True if set(answers) == {200} else None

            eventually(seen_through_fresh_connections)
            assert server.http.get(f"{server.url}/health").text == "ok"
