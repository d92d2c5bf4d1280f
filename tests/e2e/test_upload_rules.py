"""Each upload rule against a live server: through the real twine wherever twine sends the file,
over raw HTTP where twine refuses it first (it validates metadata itself) or never sends such a
form. Every refusal shows its message in twine's default output and leaves nothing behind.

One server for the module (SQLite; the integration suite runs the same rules on PostgreSQL),
with a 1 MiB file limit and a 14-day window for new files; the creation rate limits get a small
server of their own. Hostile archives are built at test time and must be refused in bounded time
and memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tests.builders import (
    build_legacy_sdist,
    build_sdist,
    build_tar_gz,
    build_wheel,
    build_zip,
    nested_zips,
    prepend,
    render_metadata,
    tar_bomb,
    zip_bomb,
)
from tests.e2e.clients import Outcome, twine_upload
from tests.e2e.server import OWNER, Deployment, LiveServer, running_server
from tests.e2e.test_upload_protocol import basic, form_for, post_upload

pytestmark = pytest.mark.e2e

MAX_FILE_SIZE = 1024 * 1024
SETTINGS = {
    "STILTON_MAX_FILE_SIZE": str(MAX_FILE_SIZE),
    "STILTON_NEW_FILE_WINDOW_DAYS": "14",
    "STILTON_PROJECT_CREATIONS_PER_HOUR_PER_USER": "0",
    "STILTON_PROJECT_CREATIONS_PER_HOUR_PER_ADDRESS": "0",
}
BOUNDED_SECONDS = 15
BOUNDED_MEMORY = 64 * 1024**2


@contextlib.contextmanager
def serving(root: Path, settings: dict[str, str], *users: str) -> Iterator[LiveServer]:
    """A fresh SQLite deployment with `owner` (and `users`), served with these settings."""
    deployment = Deployment(root / "data", f"sqlite:///{root / 'stilton.db'}")
    deployment.add_user(OWNER)
    with ThreadPoolExecutor(max_workers=1) as pool:
        token = pool.submit(deployment.mint_token, OWNER)
        for user in users:
            deployment.add_user(user)
        with running_server(deployment, root / "server", settings=settings) as server:
            server.token = token.result()
            yield server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving(tmp_path_factory.mktemp("rules"), SETTINGS) as server:
        yield server


@pytest.fixture
def env(client_env: dict[str, str]) -> dict[str, str]:
    """The clients' environment, with a terminal wide enough that no message is wrapped."""
    return {**client_env, "COLUMNS": "1000"}


@pytest.fixture
def directory(tmp_path: Path) -> Callable[[], Path]:
    """A new empty directory per call, for builds whose filenames would collide."""
    count = 0

    def make() -> Path:
        nonlocal count
        count += 1
        path = tmp_path / f"build-{count}"
        path.mkdir()
        return path

    return make


def twine(server: LiveServer, path: Path, env: dict[str, str], token: str = "") -> Outcome:
    return twine_upload(server.upload_url, token or server.token, [path], env)


def accepted(server: LiveServer, path: Path, env: dict[str, str], token: str = "") -> None:
    outcome = twine(server, path, env, token)
    assert outcome.returncode == 0, outcome


def refused_by_twine(
    server: LiveServer,
    path: Path,
    env: dict[str, str],
    *fragments: str,
    project: str | None = None,
    status: int = 400,
    token: str = "",
) -> Outcome:
    """twine fails, its default output shows the status and the message, nothing is stored."""
    project = project or canonicalize_name(path.name.split("-")[0])
    served_before = server.served(project)
    outcome = twine(server, path, env, token)
    assert outcome.returncode == 1, outcome
    assert f"HTTPError: {status}" in outcome.said, outcome
    for fragment in fragments:
        assert fragment in outcome.said, outcome
    assert server.served(project) == served_before
    assert list((server.data_dir / "tmp").iterdir()) == []
    return outcome


def refused_over_http(
    server: LiveServer,
    path: Path,
    *fragments: str,
    changes: dict[str, str | None] | None = None,
    extra: list[tuple[str, str]] | None = None,
) -> None:
    """What twine would not send: the status line carries the message, nothing is stored."""
    fields = [*form_for(path, changes), *(extra or [])]
    response = post_upload(server, fields, (path.name, path.read_bytes()), basic(server.token))
    assert response.status == 400, response
    for fragment in fragments:
        assert fragment in response.reason, response
    assert response.body.decode().splitlines()[0] == response.reason
    assert server.served(canonicalize_name(path.name.split("-")[0])) is None


# --- the form (what no client sends) --------------------------------------------------------


def wheel_for_form(tmp_path: Path) -> Path:
    return build_wheel(tmp_path, "rules-form", "1.0")


@pytest.mark.parametrize(
    ("changes", "extra", "message"),
    [
        ({":action": None}, [], "Missing form field ':action'"),
        ({":action": "submit"}, [], "Unknown ':action' 'submit'"),
        ({"protocol_version": "2"}, [], "Unknown protocol_version '2'"),
        ({"filetype": None}, [], "Missing form field 'filetype'"),
        ({"filetype": "bdist_egg"}, [], "Unknown filetype 'bdist_egg'"),
        ({"filetype": "sdist"}, [], "filetype 'sdist' does not match the file"),
        ({"md5_digest": "0" * 32}, [], "md5 digest in the form does not match"),
        ({}, [("description", "d" * (1024 * 1024 + 1))], "Form field 'description' is too large"),
    ],
)
def test_form_rules(
    server: LiveServer,
    tmp_path: Path,
    changes: dict[str, str | None],
    extra: list[tuple[str, str]],
    message: str,
) -> None:
    refused_over_http(server, wheel_for_form(tmp_path), message, changes=changes, extra=extra)


def test_one_file_per_upload(server: LiveServer, tmp_path: Path) -> None:
    wheel = wheel_for_form(tmp_path)
    file = ("content", wheel.name, wheel.read_bytes())
    response = post_upload(
        server, form_for(wheel), (wheel.name, wheel.read_bytes()), basic(server.token), [file]
    )
    assert (response.status, response.reason) == (400, "Upload exactly one file per request")


def test_a_malformed_body(server: LiveServer) -> None:
    response = server.http.post(
        server.upload_url,
        content=b"--x\r\nnot a form",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        auth=("__token__", server.token),
    )
    assert response.status_code == 400
    assert response.reason_phrase.startswith("Malformed")


# --- metadata, through twine -------------------------------------------------------------------


def test_a_local_version(server: LiveServer, tmp_path: Path, env: dict[str, str]) -> None:
    wheel = build_wheel(tmp_path, "rules-local", "1.0+abc")
    refused_by_twine(server, wheel, env, "Version '1.0+abc' has a local part")


def test_a_summary_over_512_characters(
    server: LiveServer, tmp_path: Path, env: dict[str, str]
) -> None:
    wheel = build_wheel(tmp_path, "rules-summary", "1.0", summary="s" * 513)
    refused_by_twine(server, wheel, env, "Summary is 513 characters long; the limit is 512")


def test_an_unknown_classifier(server: LiveServer, tmp_path: Path, env: dict[str, str]) -> None:
    classifier = [("Classifier", "Programming Language :: Cobol")]
    wheel = build_wheel(tmp_path, "rules-classifier", "1.0", extra_metadata=classifier)
    refused_by_twine(server, wheel, env, "'Programming Language :: Cobol' is not a valid")


def test_a_direct_url_dependency(server: LiveServer, tmp_path: Path, env: dict[str, str]) -> None:
    requires = ["evil @ https://example.invalid/evil-1.0-py3-none-any.whl"]
    wheel = build_wheel(tmp_path, "rules-direct", "1.0", requires_dist=requires)
    refused_by_twine(server, wheel, env, "is a direct URL dependency")


def test_a_description_that_does_not_render(
    server: LiveServer, tmp_path: Path, env: dict[str, str]
) -> None:
    broken = "Title\n=====\n\n* item\ncontinued without a blank line\n"
    wheel = build_wheel(
        tmp_path, "rules-rst", "1.0", description=broken, description_content_type="text/x-rst"
    )
    refused_by_twine(
        server, wheel, env, "does not render as reStructuredText: line 5: Bullet list ends"
    )


def test_an_old_sdist_with_its_readme_in_a_description_header(
    server: LiveServer, tmp_path: Path, env: dict[str, str]
) -> None:
    """The shape of a real popular sdist (Metadata-Version 1.2, setuptools' folded Description
    header, a README opening with an overlined title): twine sends it still folded."""
    readme = "*****\nTitle\n*****\n\nSome *text*.\n\n::\n\n  code\n"
    sdist = build_legacy_sdist(tmp_path, "rules-folded", "1.0", readme)
    accepted(server, sdist, env)
    info = server.http.get(f"{server.url}/pypi/rules-folded/json").json()["info"]
    assert info["description"] == readme.rstrip("\n")


def test_a_license_file_that_is_not_there(
    server: LiveServer, tmp_path: Path, env: dict[str, str]
) -> None:
    wheel = build_wheel(
        tmp_path,
        "rules-license-file",
        "1.0",
        metadata_version="2.4",
        extra_metadata=[("License-Expression", "MIT"), ("License-File", "LICENSE")],
    )
    refused_by_twine(server, wheel, env, "License-File 'LICENSE' is not in the distribution")


def test_a_metadata_version_past_2_5(
    server: LiveServer, tmp_path: Path, env: dict[str, str]
) -> None:
    wheel = build_wheel(tmp_path, "rules-future", "1.0", metadata_version="2.6")
    refused_by_twine(server, wheel, env, "Metadata-Version '2.6' is not supported")


def test_a_control_character(server: LiveServer, tmp_path: Path, env: dict[str, str]) -> None:
    wheel = build_wheel(tmp_path, "rules-nul", "1.0", summary="nul\x00byte")
    refused_by_twine(server, wheel, env, "'Summary' contains the control character")


# --- metadata, over raw HTTP (twine validates these itself and sends nothing) ---------------------

HEAD = "Metadata-Version: 2.1\nName: rules-raw\nVersion: 1.0\n"


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (f"{HEAD}Requires-Python: >>3\n", "Requires-Python '>>3' is not a valid version specifier"),
        (
            "Metadata-Version: 2.4\nName: rules-raw\nVersion: 1.0\nLicense-Expression: MIT OR\n",
            "License-Expression 'MIT OR' is not a valid SPDX license expression",
        ),
        (f"{HEAD}Summary: one\n two\n", "Summary must be a single line"),
        (f"{HEAD}X-Custom: yes\n", "Metadata field 'X-Custom' is not a core metadata field"),
        (f"{HEAD}Description-Content-Type: text/html\n", "Invalid core metadata: "),
    ],
)
def test_metadata_twine_will_not_send(
    server: LiveServer, tmp_path: Path, metadata: str, message: str
) -> None:
    wheel = build_wheel(tmp_path, "rules-raw", "1.0", metadata_override=metadata.encode())
    refused_over_http(server, wheel, message)


def test_metadata_that_is_not_utf8(server: LiveServer, tmp_path: Path) -> None:
    latin1 = f"{HEAD}Author: Andr\xe9\n".encode("latin-1")
    wheel = build_wheel(tmp_path, "rules-raw", "1.0", metadata_override=latin1)
    refused_over_http(server, wheel, "The metadata file is not UTF-8")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "rules-other"}, "Form field 'name' ('rules-other')"),
        ({"version": "1.1"}, "Form field 'version' ('1.1')"),
        ({"summary": "Not the file's"}, "Form field 'summary' ('Not the file\\'s')"),
        ({"requires_dist": "httpx"}, "Form field 'requires_dist' does not match"),
        ({"metadata_version": "2.4"}, "Form field 'metadata_version' ('2.4')"),
    ],
)
def test_a_form_that_disagrees_with_the_file(
    server: LiveServer, tmp_path: Path, changes: dict[str, str | None], message: str
) -> None:
    wheel = build_wheel(tmp_path, "rules-liar", "1.0")
    refused_over_http(server, wheel, message, changes=changes)


# --- the file -------------------------------------------------------------------------------


def test_a_platform_no_installer_matches(
    server: LiveServer, tmp_path: Path, env: dict[str, str]
) -> None:
    wheel = build_wheel(
        tmp_path, "rules-platform", "1.0", python_tag="cp311", abi_tag="cp311",
        platform_tag="linux_x86_64",
    )  # fmt: skip
    refused_by_twine(server, wheel, env, "unsupported platform tag 'linux_x86_64'")


def test_an_sdist_whose_name_is_not_normalized(
    server: LiveServer, tmp_path: Path, env: dict[str, str]
) -> None:
    metadata = render_metadata("Rules.Sdist", "1.0", metadata_version="2.2")
    members = {"Rules.Sdist-1.0/PKG-INFO": metadata, "Rules.Sdist-1.0/setup.py": b""}
    sdist = build_tar_gz(tmp_path, "Rules.Sdist-1.0.tar.gz", members)
    refused_by_twine(
        server, sdist, env, "as in 'rules_sdist-1.0.tar.gz' (PEP 625)", project="rules-sdist"
    )


def test_a_zip_sdist(server: LiveServer, tmp_path: Path, env: dict[str, str]) -> None:
    metadata = render_metadata("rules-zipped", "1.0", metadata_version="2.2")
    members = {"rules_zipped-1.0/PKG-INFO": metadata, "rules_zipped-1.0/setup.py": b""}
    sdist = build_zip(tmp_path, "rules_zipped-1.0.zip", members)
    refused_by_twine(server, sdist, env, "an sdist must be a .tar.gz", project="rules-zipped")


def test_a_wheel_without_a_record(server: LiveServer, tmp_path: Path, env: dict[str, str]) -> None:
    members = {
        "rules_record-1.0.dist-info/METADATA": render_metadata("rules-record", "1.0"),
        "rules_record-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nTag: py3-none-any\n",
    }
    wheel = build_zip(tmp_path, "rules_record-1.0-py3-none-any.whl", members)
    refused_by_twine(server, wheel, env, "Wheel has no 'rules_record-1.0.dist-info/RECORD' file")


def test_a_filename_is_never_used_twice_even_after_deletion(
    server: LiveServer, directory: Callable[[], Path], env: dict[str, str]
) -> None:
    first = build_wheel(directory(), "rules-reuse", "1.0")
    accepted(server, first, env)
    accepted(server, first, env)  # the same bytes again: 200
    changed = build_wheel(directory(), "rules-reuse", "1.0", summary="Rebuilt")
    refused_by_twine(server, changed, env, "File already exists", "with other contents")

    server.deployment.cli("delete", "rules-reuse", "1.0", first.name, "--yes")
    deadline = time.monotonic() + 10  # the server sees another process's change within ~1 s
    while server.served("rules-reuse") and time.monotonic() < deadline:
        time.sleep(0.1)
    refused_by_twine(server, first, env, "File already exists", "was deleted and cannot be reused")


def test_one_sdist_per_release(
    server: LiveServer, directory: Callable[[], Path], env: dict[str, str]
) -> None:
    accepted(server, build_sdist(directory(), "rules-one-sdist", "1.0"), env)
    second = build_sdist(directory(), "rules-one-sdist", "1.0.0")  # the same release
    refused_by_twine(
        server, second, env, "Release 1.0.0 has an sdist already ('rules_one_sdist-1.0.tar.gz')"
    )


def test_no_new_files_on_a_release_older_than_the_window(
    server: LiveServer, directory: Callable[[], Path], env: dict[str, str]
) -> None:
    accepted(server, build_wheel(directory(), "rules-window", "1.0"), env)
    long_ago = (datetime.now(UTC) - timedelta(days=15)).isoformat()
    with contextlib.closing(sqlite3.connect(server.database_url.removeprefix("sqlite:///"))) as db:
        db.execute(
            "UPDATE releases SET created = ? WHERE project_id = "
            "(SELECT id FROM projects WHERE normalized_name = 'rules-window')",
            (long_ago,),
        )
        db.commit()
    sdist = build_sdist(directory(), "rules-window", "1.0")
    refused_by_twine(server, sdist, env, "files can be added to a release for 14 days only")
    accepted(server, build_wheel(directory(), "rules-window", "1.1"), env)


# --- names -------------------------------------------------------------------------------------


def test_a_standard_library_name(server: LiveServer, tmp_path: Path, env: dict[str, str]) -> None:
    wheel = build_wheel(tmp_path, "Tomllib", "1.0")
    refused_by_twine(server, wheel, env, "'Tomllib' is the name of a Python standard library")


def test_a_prohibited_name_until_an_admin_allows_it(
    server: LiveServer, tmp_path: Path, env: dict[str, str]
) -> None:
    server.deployment.cli("admin", "prohibit", "Rules_Banned", "--reason", "kept for the team")
    wheel = build_wheel(tmp_path, "rules-banned", "1.0")
    refused_by_twine(server, wheel, env, "'rules-banned' is prohibited on this index: kept for")
    assert "rules-banned" in server.deployment.cli("admin", "prohibited")

    server.deployment.cli("admin", "unprohibit", "rules.banned")
    accepted(server, wheel, env)


def test_a_confusable_name(
    server: LiveServer, directory: Callable[[], Path], env: dict[str, str]
) -> None:
    accepted(server, build_wheel(directory(), "rules-look-alike", "1.0"), env)
    copy = build_wheel(directory(), "ru1es_l00k.a1ike", "1.0")
    refused_by_twine(server, copy, env, "too similar to the existing project 'rules-look-alike'")


# --- limits ------------------------------------------------------------------------------------


def noisy_wheel(directory: Path, name: str, version: str, size: int) -> Path:
    """A wheel about `size` bytes long: random bytes do not compress."""
    noise = {f"{name.replace('-', '_')}/noise.bin": os.urandom(size)}
    return build_wheel(directory, name, version, extra_members=noise)


def test_a_file_over_the_index_limit(
    server: LiveServer, tmp_path: Path, env: dict[str, str]
) -> None:
    wheel = noisy_wheel(tmp_path, "rules-huge", "1.0", MAX_FILE_SIZE + 4096)
    refused_by_twine(server, wheel, env, f"File too large: the limit is {MAX_FILE_SIZE} bytes")


def test_a_projects_own_file_limit_set_by_an_admin(
    server: LiveServer, directory: Callable[[], Path], env: dict[str, str]
) -> None:
    accepted(server, build_wheel(directory(), "rules-roomy", "1.0"), env)
    server.deployment.cli("admin", "limits", "rules-roomy", "--max-file-size", "2M")
    accepted(server, noisy_wheel(directory(), "rules-roomy", "2.0", MAX_FILE_SIZE + 4096), env)

    shown = server.deployment.cli("admin", "limits", "rules-roomy", "--max-file-size", "10K")
    assert "max file size:  10240 bytes" in shown
    refused_by_twine(
        server,
        noisy_wheel(directory(), "rules-roomy", "3.0", 20_000),
        env,
        "File too large: the limit for project 'rules-roomy' is 10240 bytes",
    )


def test_a_projects_total_size(
    server: LiveServer, directory: Callable[[], Path], env: dict[str, str]
) -> None:
    first = build_wheel(directory(), "rules-full", "1.0")
    accepted(server, first, env)
    limit = str(first.stat().st_size + 100)
    server.deployment.cli("admin", "limits", "rules-full", "--max-total-size", limit)
    refused_by_twine(
        server,
        build_wheel(directory(), "rules-full", "2.0"),
        env,
        "Project too large: 'rules-full' would hold",
        f"the limit is {limit} bytes",
    )


def test_project_creation_rate_per_user_and_per_address(
    tmp_path: Path, directory: Callable[[], Path], env: dict[str, str]
) -> None:
    limits = {
        "STILTON_PROJECT_CREATIONS_PER_HOUR_PER_USER": "2",
        "STILTON_PROJECT_CREATIONS_PER_HOUR_PER_ADDRESS": "3",
    }
    with serving(tmp_path / "rate", limits) as limited:
        other = limited.mint_token("other")
        for name in ("rate-one", "rate-two"):
            accepted(limited, build_wheel(directory(), name, "1.0"), env)
        refused_by_twine(
            limited,
            build_wheel(directory(), "rate-three", "1.0"),
            env,
            "Too many new projects: user 'owner' created 2 in the last hour, the limit is 2",
            status=429,
        )
        accepted(limited, build_wheel(directory(), "rate-four", "1.0"), env, other)
        refused_by_twine(
            limited,
            build_wheel(directory(), "rate-five", "1.0"),
            env,
            "address 127.0.0.1 created 3 in the last hour, the limit is 3",
            status=429,
            token=other,
        )
        accepted(limited, build_wheel(directory(), "rate-one", "2.0"), env)  # not a new project


# --- hostile archives --------------------------------------------------------------------------


def peak_memory(server: LiveServer) -> int:
    """The server process's peak resident memory so far (VmHWM), in bytes."""
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    (line,) = [line for line in status.splitlines() if line.startswith("VmHWM:")]
    return int(line.split()[1]) * 1024


def hostile_wheel(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    return build_wheel(tmp_path, name, "1.0", extra_members=members)


def hostile_sdist(tmp_path: Path, name: str, **links: dict[str, str]) -> Path:
    root = f"{name.replace('-', '_')}-1.0"
    metadata = render_metadata(name, "1.0", metadata_version="2.2")
    members = {f"{root}/PKG-INFO": metadata, f"{root}/setup.py": b""}
    return build_tar_gz(tmp_path, f"{root}.tar.gz", members, **links)


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zip-bomb": (
        lambda d: zip_bomb(d, "rules_zip_bomb-1.0-py3-none-any.whl"),
        "expands from",
    ),
    "tar-bomb": (lambda d: tar_bomb(d, "rules_tar_bomb-1.0.tar.gz"), "expands from"),
    "nested-zips": (
        lambda d: hostile_wheel(d, "rules-nested", {"rules_nested/42.zip": nested_zips(6)}),
        "nests archives more than 3 levels deep",
    ),
    "traversal": (
        lambda d: hostile_wheel(d, "rules-traversal", {"../../evil.pth": b"import os\n"}),
        "Archive member '../../evil.pth' has a '..' component",
    ),
    "absolute-path": (
        lambda d: hostile_wheel(d, "rules-absolute", {"/etc/cron.d/evil": b"* * * * * x\n"}),
        "is an absolute path",
    ),
    "duplicate-member": (
        lambda d: build_zip(
            d,
            "rules_twice-1.0-py3-none-any.whl",
            [
                ("rules_twice-1.0.dist-info/METADATA", render_metadata("rules-twice", "1.0")),
                ("rules_twice-1.0.dist-info/WHEEL", b"Wheel-Version: 1.0\n"),
                ("rules_twice-1.0.dist-info/RECORD", b""),
                ("rules_twice/__init__.py", b"safe = True\n"),
                ("rules_twice/__init__.py", b"import os; os.system('evil')\n"),
            ],
        ),
        "'rules_twice/__init__.py' appears more than once",
    ),
    "symlink": (
        lambda d: hostile_sdist(
            d, "rules-symlink", symlinks={"rules_symlink-1.0/setup.cfg": "/etc/passwd"}
        ),
        "is a symbolic link to '/etc/passwd'",
    ),
    "hardlink": (
        lambda d: hostile_sdist(
            d, "rules-hardlink", hardlinks={"rules_hardlink-1.0/x": "/etc/shadow"}
        ),
        "is a hard link to '/etc/shadow'",
    ),
    "polyglot": (
        lambda d: prepend(build_wheel(d, "rules-polyglot", "1.0"), b"GIF89a" + bytes(64)),
        "Zip archive has 70 bytes of other data before its first member",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archives_are_refused_in_bounded_time_and_memory(
    server: LiveServer, tmp_path: Path, env: dict[str, str], case: str
) -> None:
    build, message = HOSTILE[case]
    path = build(tmp_path)
    assert path.stat().st_size < MAX_FILE_SIZE
    memory_before = peak_memory(server)
    started = time.monotonic()

    refused_by_twine(server, path, env, message)

    assert time.monotonic() - started < BOUNDED_SECONDS
    assert peak_memory(server) - memory_before < BOUNDED_MEMORY
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert not list((server.data_dir / "files").rglob(f"*{digest[:8]}*"))
