"""Every bad upload: a clear 4xx with a useful message, nothing stored, and the app still serving.

`Index.assert_refused` checks the last three for each: no new project, release, file, role or
journal row; no blob under data/files; no temporary file under data/tmp; `/health` and
`/simple/` still answer.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from tests.builders import (
    build_sdist,
    build_tar_gz,
    build_wheel,
    build_zip,
    render_metadata,
    truncate,
)
from tests.integration.conftest import (
    MAX_FIELD_SIZE,
    MAX_FILE_SIZE,
    Index,
    multipart,
    twine_parts,
)

# --- the form ------------------------------------------------------------------------------


def test_a_malformed_multipart_body(index: Index) -> None:
    before = index.stored()
    response = index.request(
        "POST",
        "/legacy/",
        content=b"--not-the-boundary\r\nthis is not a form\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
        auth=("__token__", index.tokens["alice"]),
    )
    index.assert_refused(response, 400, "Malformed multipart form", before=before)


def test_a_body_cut_short_inside_the_file(index: Index, project_name: str, tmp_path: Path) -> None:
    body, content_type = multipart(twine_parts(build_wheel(tmp_path, project_name, "1.0")))
    before = index.stored()
    response = index.request(
        "POST",
        "/legacy/",
        content=body[: len(body) - 200],
        headers={"Content-Type": content_type},
        auth=("__token__", index.tokens["alice"]),
    )
    index.assert_refused(response, 400, "Malformed form", before=before)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b":action=file_upload&name=demo"),
        ("application/json", b'{":action": "file_upload"}'),
        ("text/plain", b"hello"),
        ("multipart/form-data", b"no boundary parameter"),
    ],
)
def test_a_body_that_is_not_multipart(index: Index, content_type: str, body: bytes) -> None:
    before = index.stored()
    response = index.request(
        "POST",
        "/legacy/",
        content=body,
        headers={"Content-Type": content_type},
        auth=("__token__", index.tokens["alice"]),
    )
    index.assert_refused(response, 400, "multipart/form-data", before=before)


def test_a_form_without_content(index: Index, project_name: str, tmp_path: Path) -> None:
    parts = twine_parts(build_wheel(tmp_path, project_name, "1.0"))[:-1]
    before = index.stored()
    response = index.post_form(parts)
    index.assert_refused(response, 400, "Missing the file", "'content'", before=before)


def test_two_files_in_one_form(index: Index, project_name: str, tmp_path: Path) -> None:
    parts = twine_parts(build_wheel(tmp_path, project_name, "1.0"))
    before = index.stored()
    response = index.post_form([*parts, parts[-1]])
    index.assert_refused(response, 400, "exactly one file", before=before)


def test_a_form_without_action(index: Index, project_name: str, tmp_path: Path) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), **{":action": None})
    index.assert_refused(response, 400, "Missing form field ':action'", before=before)


@pytest.mark.parametrize("action", ["submit", "doc_upload", "remove_pkg"])
def test_an_unknown_action(index: Index, project_name: str, tmp_path: Path, action: str) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), **{":action": action})
    index.assert_refused(response, 400, f"Unknown ':action' '{action}'", before=before)


def test_an_unknown_protocol_version(index: Index, project_name: str, tmp_path: Path) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), protocol_version="2")
    index.assert_refused(response, 400, "protocol_version '2'", before=before)


@pytest.mark.parametrize("filetype", ["bdist_egg", "bdist_wininst", "wheel"])
def test_an_unknown_filetype(
    index: Index, project_name: str, tmp_path: Path, filetype: str
) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), filetype=filetype)
    index.assert_refused(response, 400, f"Unknown filetype '{filetype}'", before=before)


def test_a_missing_filetype(index: Index, project_name: str, tmp_path: Path) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), filetype=None)
    index.assert_refused(response, 400, "Missing form field 'filetype'", before=before)


def test_an_oversize_form_field(index: Index, project_name: str, tmp_path: Path) -> None:
    before = index.stored()
    response = index.upload(
        build_wheel(tmp_path, project_name, "1.0"), description="d" * (MAX_FIELD_SIZE + 1)
    )
    index.assert_refused(
        response, 400, "'description' is too large", str(MAX_FIELD_SIZE), before=before
    )


def test_an_oversize_file(index: Index, project_name: str, tmp_path: Path) -> None:
    big = tmp_path / f"{project_name}-1.0-py3-none-any.whl"
    big.write_bytes(os.urandom(MAX_FILE_SIZE + 1))
    before = index.stored()
    response = index.upload(big)
    index.assert_refused(response, 400, "File too large", str(MAX_FILE_SIZE), before=before)


# --- the file ------------------------------------------------------------------------------


def test_a_filetype_that_does_not_match_the_file(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), filetype="sdist")
    index.assert_refused(response, 400, "filetype 'sdist' does not match", before=before)


def test_an_sdist_declared_as_a_wheel(index: Index, project_name: str, tmp_path: Path) -> None:
    before = index.stored()
    response = index.upload(build_sdist(tmp_path, project_name, "1.0"), filetype="bdist_wheel")
    index.assert_refused(response, 400, "filetype 'bdist_wheel' does not match", before=before)


@pytest.mark.parametrize(
    "filename",
    [
        "demo.whl",
        "demo-1.0.whl",
        "demo-1.0-py3-none-any.exe",
        "demo-1.0.tar.bz2",
        "demo-1.0.egg",
        "demo-not@version-py3-none-any.whl",
        "de mo-1.0.tar.gz",
        "demo.tar.gz",
    ],
)
def test_a_filename_that_is_not_a_distribution(
    index: Index, project_name: str, tmp_path: Path, filename: str
) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), filename=filename)
    index.assert_refused(response, 400, "Invalid distribution filename", before=before)


def test_a_truncated_archive(index: Index, project_name: str, tmp_path: Path) -> None:
    wheel = truncate(build_wheel(tmp_path, project_name, "1.0"), 0.6)
    before = index.stored()
    response = index.upload(wheel)
    index.assert_refused(response, 400, "not a readable zip archive", before=before)


def test_a_truncated_sdist(index: Index, project_name: str, tmp_path: Path) -> None:
    sdist = truncate(build_sdist(tmp_path, project_name, "1.0"), 0.5)
    before = index.stored()
    response = index.upload(sdist)
    index.assert_refused(response, 400, "gzipped tar", before=before)


def test_random_bytes_named_like_a_wheel(index: Index, project_name: str, tmp_path: Path) -> None:
    junk = tmp_path / f"{project_name}-1.0-py3-none-any.whl"
    junk.write_bytes(os.urandom(4096))
    before = index.stored()
    response = index.upload(junk)
    index.assert_refused(response, 400, "not a readable zip archive", before=before)


def test_random_bytes_named_like_an_sdist(index: Index, project_name: str, tmp_path: Path) -> None:
    junk = tmp_path / f"{project_name}-1.0.tar.gz"
    junk.write_bytes(os.urandom(4096))
    before = index.stored()
    response = index.upload(junk)
    index.assert_refused(response, 400, "not a readable gzipped tar archive", before=before)


def test_an_archive_without_metadata(index: Index, project_name: str, tmp_path: Path) -> None:
    wheel = build_zip(
        tmp_path,
        f"{project_name}-1.0-py3-none-any.whl",
        {f"{project_name}/__init__.py": b"", f"{project_name}-1.0.dist-info/RECORD": b""},
    )
    before = index.stored()
    response = index.upload(wheel)
    index.assert_refused(response, 400, "METADATA", before=before)


def test_an_sdist_without_pkg_info(index: Index, project_name: str, tmp_path: Path) -> None:
    sdist = build_tar_gz(
        tmp_path, f"{project_name}-1.0.tar.gz", {f"{project_name}-1.0/setup.py": b"pass\n"}
    )
    before = index.stored()
    response = index.upload(sdist)
    index.assert_refused(response, 400, "PKG-INFO", before=before)


def test_metadata_naming_another_project(index: Index, project_name: str, tmp_path: Path) -> None:
    wheel = build_wheel(
        tmp_path, project_name, "1.0", metadata_override=render_metadata("someone-else", "1.0")
    )
    before = index.stored()
    response = index.upload(wheel)
    index.assert_refused(response, 400, "Name in metadata 'someone-else'", before=before)


def test_metadata_with_another_version(index: Index, project_name: str, tmp_path: Path) -> None:
    wheel = build_wheel(
        tmp_path, project_name, "1.0", metadata_override=render_metadata(project_name, "2.0")
    )
    before = index.stored()
    response = index.upload(wheel)
    index.assert_refused(response, 400, "Version in metadata '2.0'", before=before)


def test_a_form_name_that_differs_from_the_metadata(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), name="someone-else")
    index.assert_refused(response, 400, "Form field 'name'", "'someone-else'", before=before)


def test_a_form_version_that_differs_from_the_metadata(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), version="1.1")
    index.assert_refused(response, 400, "Form field 'version'", "'1.1'", before=before)


@pytest.mark.parametrize(
    ("field", "length"), [("sha256_digest", 64), ("md5_digest", 32), ("blake2_256_digest", 64)]
)
def test_a_wrong_digest(
    index: Index, project_name: str, tmp_path: Path, field: str, length: int
) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), **{field: "0" * length})
    index.assert_refused(
        response, 400, f"{field.removesuffix('_digest')} digest", "does not match", before=before
    )


def test_metadata_with_a_nul_byte(index: Index, project_name: str, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0", summary="nul\x00byte")
    before = index.stored()
    response = index.upload(wheel)
    index.assert_refused(response, 400, "Summary", before=before)


# --- credentials ---------------------------------------------------------------------------


def test_no_credentials(index: Index, project_name: str, tmp_path: Path) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), account=None)
    index.assert_refused(response, 401, "Credentials are required", before=before)
    assert response.headers["www-authenticate"].startswith("Basic")


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic " + base64.b64encode(b"__token__:stilton-0123456789abcdef.forged").decode(),
        "Basic " + base64.b64encode(b"__token__:pypi-AgEIcHlwaS5vcmc").decode(),
        "Bearer stilton-0123456789abcdef.forged",
        "Basic !!!",
        "Digest username=alice",
    ],
)
def test_a_bad_token(index: Index, project_name: str, tmp_path: Path, authorization: str) -> None:
    before = index.stored()
    response = index.post_form(
        twine_parts(build_wheel(tmp_path, project_name, "1.0")),
        account=None,
        headers={"Authorization": authorization},
    )
    index.assert_refused(response, 401, before=before)
    assert response.headers["www-authenticate"].startswith("Basic")
    assert len(response.text.strip()) > 10


def test_a_wrong_password(index: Index, project_name: str, tmp_path: Path) -> None:
    before = index.stored()
    response = index.post_form(
        twine_parts(build_wheel(tmp_path, project_name, "1.0")),
        account=None,
        headers={"Authorization": "Basic " + base64.b64encode(b"alice:wrong").decode()},
    )
    index.assert_refused(response, 401, "Invalid username or password", before=before)


def test_a_password_instead_of_a_token(index: Index, project_name: str, tmp_path: Path) -> None:
    before = index.stored()
    response = index.post_form(
        twine_parts(build_wheel(tmp_path, project_name, "1.0")),
        account=None,
        headers={"Authorization": "Basic " + base64.b64encode(b"alice:alice-password").decode()},
    )
    index.assert_refused(response, 403, "API token", "token create", before=before)


def test_a_token_scoped_to_another_project(index: Index, project_name: str, tmp_path: Path) -> None:
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "1.0"), account="alice-other")
    index.assert_refused(response, 403, f"not valid for project '{project_name}'", before=before)


def test_a_user_without_a_role_on_an_existing_project(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    assert index.upload(build_wheel(tmp_path, project_name, "1.0")).status_code == 200
    before = index.stored()
    response = index.upload(build_wheel(tmp_path, project_name, "2.0"), account="bob")
    index.assert_refused(
        response, 403, "User 'bob' isn't allowed", f"project '{project_name}'", before=before
    )


def test_credentials_are_checked_before_the_body_is_stored(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    big = tmp_path / f"{project_name}-1.0-py3-none-any.whl"
    big.write_bytes(os.urandom(MAX_FILE_SIZE - 1024))
    before = index.stored()
    response = index.upload(big, account=None)
    index.assert_refused(response, 401, before=before)
