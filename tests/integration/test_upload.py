"""Uploads that succeed, and what every read API shows afterwards."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path
from urllib.parse import urljoin

from sqlalchemy import select

from stilton.db import models, utcnow
from tests.builders import build_sdist, build_wheel
from tests.integration.conftest import BASE_URL, Index, twine_parts

JSON_PAGE = "application/vnd.pypi.simple.v1+json"


def wheel_metadata(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return archive.read(name)


def project_json(index: Index, name: str) -> dict:  # type: ignore[type-arg]
    response = index.get(f"/simple/{name}/", headers={"Accept": JSON_PAGE})
    assert response.status_code == 200
    assert response.headers["content-type"] == JSON_PAGE
    return response.json()  # type: ignore[no-any-return]


def test_a_wheel_upload_is_served_everywhere(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0", requires_python=">=3.9")
    data = wheel.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    serial_before = index.database.max_serial()

    response = index.upload(wheel)
    assert response.status_code == 200, response.text
    assert response.text.startswith("OK")

    # the journal: create, owner, release, file; serials increase
    entries = index.journal(project_name)
    assert [e.action for e in entries] == [
        "create",
        "add Owner alice",
        "new release",
        f"add py3 file {wheel.name}",
    ]
    serials = [e.serial for e in entries]
    assert serials == sorted(set(serials))
    assert serials[0] > serial_before
    assert entries[-1].filename == wheel.name
    assert entries[-1].actor == "alice"
    new_serial = serials[-1]
    assert index.database.max_serial() == new_serial

    # the simple HTML page: one anchor with the hash, escaped requires-python, metadata
    page = index.get(f"/simple/{project_name}/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["x-pypi-last-serial"] == str(new_serial)
    anchors = re.findall(r"<a [^>]*>[^<]*</a>", page.text)
    assert len(anchors) == 1
    assert f"#sha256={sha256}" in anchors[0]
    assert 'data-requires-python="&gt;=3.9"' in anchors[0]
    metadata = wheel_metadata(wheel)
    metadata_sha = hashlib.sha256(metadata).hexdigest()
    assert f'data-core-metadata="sha256={metadata_sha}"' in anchors[0]
    assert f'data-dist-info-metadata="sha256={metadata_sha}"' in anchors[0]

    # the simple JSON page
    document = project_json(index, project_name)
    assert document["meta"]["api-version"] == "1.1"
    assert document["meta"]["_last-serial"] == new_serial
    assert document["name"] == project_name
    assert document["versions"] == ["1.0"]
    (entry,) = document["files"]
    assert entry["filename"] == wheel.name
    assert entry["hashes"] == {"sha256": sha256}
    assert entry["size"] == len(data)
    assert entry["requires-python"] == ">=3.9"
    assert entry["yanked"] is False
    assert entry["upload-time"].endswith("Z")
    assert entry["core-metadata"] == {"sha256": metadata_sha}

    # the file and its metadata, at the URL the page gives
    file_url = urljoin(f"{BASE_URL}/simple/{project_name}/", entry["url"])
    assert file_url.startswith(f"{BASE_URL}/packages/")
    file = index.get(file_url, headers={"Accept-Encoding": "gzip"})
    assert file.status_code == 200
    assert file.content == data
    assert "content-encoding" not in file.headers
    assert file.headers["cache-control"] == "max-age=31536000, immutable"
    meta = index.get(file_url + ".metadata")
    assert meta.status_code == 200
    assert meta.content == metadata

    # the project index
    listing = index.get("/simple/", headers={"Accept": JSON_PAGE}).json()
    listed = {p["name"]: p["_last-serial"] for p in listing["projects"]}
    assert listed[project_name] == new_serial
    assert f'href="{project_name}/"' in index.get("/simple/").text

    # the JSON API
    api = index.get(f"/pypi/{project_name}/json")
    assert api.status_code == 200
    assert api.headers["x-pypi-last-serial"] == str(new_serial)
    body = api.json()
    assert body["info"]["name"] == project_name
    assert body["info"]["version"] == "1.0"
    assert body["info"]["requires_python"] == ">=3.9"
    assert body["last_serial"] == new_serial
    (url,) = body["urls"]
    assert url["digests"]["sha256"] == sha256
    assert url["url"] == file_url
    assert url["packagetype"] == "bdist_wheel"
    assert url["upload_time_iso_8601"].endswith("Z")
    assert body["releases"]["1.0"] == body["urls"]
    assert index.get(f"/pypi/{project_name}/1.0/json").status_code == 200
    assert index.get(f"/pypi/{project_name}/9.9/json").status_code == 404


def test_the_first_uploader_becomes_owner(index: Index, project_name: str, tmp_path: Path) -> None:
    assert index.upload(build_wheel(tmp_path, project_name, "1.0")).status_code == 200
    with index.database.session() as session:
        roles = session.execute(
            select(models.User.username, models.Role.role)
            .join(models.Role.user)
            .join(models.Role.project)
            .where(models.Project.normalized_name == project_name)
        ).all()
    assert [tuple(row) for row in roles] == [("alice", "Owner")]


def test_an_sdist_joins_the_release(index: Index, project_name: str, tmp_path: Path) -> None:
    assert index.upload(build_wheel(tmp_path, project_name, "1.0")).status_code == 200
    journal_before = index.journal(project_name)
    sdist = build_sdist(tmp_path, project_name, "1.0", requires_dist=["httpx>=0.27"])

    response = index.upload(sdist)
    assert response.status_code == 200, response.text

    entries = index.journal(project_name)
    assert [e.action for e in entries[len(journal_before) :]] == [f"add source file {sdist.name}"]
    assert entries[-1].serial > journal_before[-1].serial
    document = project_json(index, project_name)
    assert document["versions"] == ["1.0"]
    filenames = [f["filename"] for f in document["files"]]
    assert sorted(filenames) == sorted([sdist.name, f"{project_name}-1.0-py3-none-any.whl"])
    sdist_entry = next(f for f in document["files"] if f["filename"] == sdist.name)
    assert sdist_entry["hashes"]["sha256"] == hashlib.sha256(sdist.read_bytes()).hexdigest()
    assert "core-metadata" in sdist_entry  # metadata 2.2 without dynamic dependencies
    url = urljoin(f"{BASE_URL}/simple/{project_name}/", sdist_entry["url"])
    assert index.get(url).content == sdist.read_bytes()
    assert index.get(url + ".metadata").content.startswith(b"Metadata-Version: 2.2")
    api = index.get(f"/pypi/{project_name}/json").json()
    assert sorted(f["packagetype"] for f in api["urls"]) == ["bdist_wheel", "sdist"]


def test_an_epoch_version_is_stored_and_served(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1!2.0")
    assert "1!2.0" in wheel.name
    response = index.upload(wheel)
    assert response.status_code == 200, response.text
    (entry,) = project_json(index, project_name)["files"]
    url = urljoin(f"{BASE_URL}/simple/{project_name}/", entry["url"])
    assert index.get(url).content == wheel.read_bytes()


def test_a_second_release_moves_the_serial(index: Index, project_name: str, tmp_path: Path) -> None:
    assert index.upload(build_wheel(tmp_path, project_name, "1.0")).status_code == 200
    first = project_json(index, project_name)["meta"]["_last-serial"]
    assert index.upload(build_wheel(tmp_path, project_name, "1.1")).status_code == 200
    document = project_json(index, project_name)
    assert document["versions"] == ["1.0", "1.1"]
    assert document["meta"]["_last-serial"] > first
    assert index.get(f"/pypi/{project_name}/json").json()["info"]["version"] == "1.1"


def test_an_identical_reupload_succeeds_and_records_nothing(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 200
    before = index.stored()

    response = index.upload(wheel)
    assert response.status_code == 200
    assert "already" in response.text
    assert index.stored() == before


def test_the_same_filename_with_other_bytes_is_refused(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = build_wheel(tmp_path / "a", project_name, "1.0")
    assert index.upload(first).status_code == 200
    other = build_wheel(tmp_path / "b", project_name, "1.0", summary="Rebuilt")
    assert other.name == first.name
    assert other.read_bytes() != first.read_bytes()
    before = index.stored()

    response = index.upload(other)
    index.assert_refused(response, 400, "File already exists", first.name, before=before)


def test_the_same_bytes_under_another_filename_are_refused(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 200
    before = index.stored()
    respelled = wheel.name.replace(project_name, project_name.upper(), 1)

    response = index.upload(wheel, filename=respelled)
    index.assert_refused(response, 400, "File already exists", "same contents", before=before)


def test_a_deleted_filename_cannot_be_reused(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    with index.database.session() as session:
        session.add(models.DeletedFilename(filename=wheel.name, deleted=utcnow()))
    before = index.stored()

    response = index.upload(wheel)
    index.assert_refused(response, 400, "File already exists", "deleted", before=before)


def test_a_maintainer_may_upload(index: Index, project_name: str, tmp_path: Path) -> None:
    assert index.upload(build_wheel(tmp_path, project_name, "1.0")).status_code == 200
    with index.database.session() as session:
        project = session.scalar(
            select(models.Project).where(models.Project.normalized_name == project_name)
        )
        bob = session.scalar(select(models.User).where(models.User.username == "bob"))
        assert project is not None
        assert bob is not None
        index.accounts.add_role(session, bob.id, project.id, "Maintainer")

    response = index.upload(build_wheel(tmp_path, project_name, "2.0"), account="bob")
    assert response.status_code == 200, response.text
    assert index.journal(project_name)[-1].actor == "bob"


def test_a_bearer_token_uploads(index: Index, project_name: str, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    response = index.post_form(
        twine_parts(wheel),
        account=None,
        headers={"Authorization": f"Bearer {index.tokens['alice']}"},
    )
    assert response.status_code == 200, response.text


def test_a_scoped_token_uploads_to_its_project(index: Index, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, "other-project", "1.0")
    assert index.upload(wheel, account="alice-other").status_code == 200


def test_the_form_may_leave_out_optional_fields(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    optional = [
        "protocol_version", "pyversion", "metadata_version", "name", "version", "summary",
        "sha256_digest", "md5_digest", "blake2_256_digest", "classifiers", "requires_dist",
    ]  # fmt: skip
    response = index.upload(wheel, **dict.fromkeys(optional))
    assert response.status_code == 200, response.text


def test_extra_fields_and_signature_files_are_accepted(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(
        tmp_path,
        project_name,
        "1.0",
        extra_metadata=[("Project-URL", "Homepage, https://demo.example")],
    )
    parts = [
        ("comment", "built by hand"),
        ("attestations", "[]"),
        ("gpg_signature", f"{wheel.name}.asc", b"-----BEGIN PGP SIGNATURE-----\n"),
        *twine_parts(wheel),  # project_urls among them, as the file says
    ]
    response = index.post_form(parts)
    assert response.status_code == 200, response.text


def test_a_filename_with_directories_is_stored_by_its_last_segment(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    response = index.upload(wheel, filename=f"../../../{wheel.name}")
    assert response.status_code == 200, response.text
    names = [f["filename"] for f in project_json(index, project_name)["files"]]
    assert names == [wheel.name]
    assert not list(index.data_dir.parent.glob(wheel.name))


def test_get_on_the_upload_url_explains_itself(index: Index) -> None:
    response = index.get("/legacy/")
    assert response.status_code == 405
    assert "POST" in response.text
