"""`POST /legacy/` over raw HTTP. Every refusal carries its message in the HTTP reason phrase
(CLIENTS.md 17), read here with http.client, which exposes the phrase as sent; a refused upload
leaves nothing behind and the server keeps serving. The form takes the union of the fields
clients send (13); the file, not the form, is the truth, so a form that disagrees is refused."""

from __future__ import annotations

import base64
import hashlib
import http.client
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.builders import build_wheel, render_metadata, truncate
from tests.e2e.samples import upload_form, wheel_in
from tests.e2e.server import LiveServer

pytestmark = pytest.mark.e2e

Fields = list[tuple[str, str]]


@dataclass(frozen=True)
class RawResponse:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes


def multipart(fields: Fields, files: list[tuple[str, str, bytes]]) -> tuple[str, bytes]:
    """A multipart/form-data body: text fields, then (field, filename, bytes) file parts."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + value.encode()
        + b"\r\n"
        for name, value in fields
    ]
    for field_name, filename, data in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def post_upload(
    server: LiveServer,
    fields: Fields,
    file: tuple[str, bytes] | None,
    authorization: str | None,
    extra_files: list[tuple[str, str, bytes]] | None = None,
) -> RawResponse:
    files = [("content", *file)] if file is not None else []
    content_type, body = multipart(fields, [*files, *(extra_files or [])])
    headers = {"Content-Type": content_type}
    if authorization is not None:
        headers["Authorization"] = authorization
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.request("POST", "/legacy/", body=body, headers=headers)
        response = connection.getresponse()
        return RawResponse(response.status, response.reason, response.headers, response.read())
    finally:
        connection.close()


def basic(token: str) -> str:
    return "Basic " + base64.b64encode(f"__token__:{token}".encode()).decode()


@dataclass(frozen=True)
class Attempt:
    """One upload to send: the form, the file, and how it is authenticated."""

    fields: Fields
    file: tuple[str, bytes] | None
    project: str
    credentials: bool = True


def form_for(path: Path, changes: dict[str, str | None] | None = None) -> Fields:
    """The fields twine would send for `path`, with `changes` applied (None drops a field)."""
    fields: dict[str, str | None] = {**upload_form(path), **(changes or {})}
    return [(name, value) for name, value in fields.items() if value is not None]


def missing_action(tmp_path: Path) -> Attempt:
    wheel = wheel_in(tmp_path, "phrase-action", "1.0")
    return Attempt(
        form_for(wheel, {":action": None}), (wheel.name, wheel.read_bytes()), "phrase-action"
    )


def unknown_filetype(tmp_path: Path) -> Attempt:
    wheel = wheel_in(tmp_path, "phrase-filetype", "1.0")
    fields = form_for(wheel, {"filetype": "bdist_egg"})
    return Attempt(fields, (wheel.name, wheel.read_bytes()), "phrase-filetype")


def corrupt_archive(tmp_path: Path) -> Attempt:
    wheel = truncate(wheel_in(tmp_path, "phrase-corrupt", "1.0"), 0.5)
    return Attempt(form_for(wheel), (wheel.name, wheel.read_bytes()), "phrase-corrupt")


def name_mismatch(tmp_path: Path) -> Attempt:
    lying = render_metadata("someone-else", "1.0")
    wheel = wheel_in(tmp_path, "phrase-liar", "1.0", metadata_override=lying)
    return Attempt(form_for(wheel), (wheel.name, wheel.read_bytes()), "phrase-liar")


def digest_mismatch(tmp_path: Path) -> Attempt:
    wheel = wheel_in(tmp_path, "phrase-digest", "1.0")
    fields = form_for(wheel, {"sha256_digest": hashlib.sha256(b"other bytes").hexdigest()})
    return Attempt(fields, (wheel.name, wheel.read_bytes()), "phrase-digest")


def form_name_mismatch(tmp_path: Path) -> Attempt:
    wheel = wheel_in(tmp_path, "phrase-form", "1.0")
    fields = form_for(wheel, {"name": "phrase-other"})
    return Attempt(fields, (wheel.name, wheel.read_bytes()), "phrase-form")


def non_ascii_filename(tmp_path: Path) -> Attempt:
    wheel = wheel_in(tmp_path, "phrase-ascii", "1.0")
    name = wheel.name.replace("phrase_ascii", "phrase_\u00e4scii")
    return Attempt(form_for(wheel), (name, wheel.read_bytes()), "phrase-ascii")


def form_summary_mismatch(tmp_path: Path) -> Attempt:
    """The file is the truth: a form that says otherwise is refused, not believed."""
    wheel = wheel_in(tmp_path, "phrase-summary", "1.0", summary="What the file says")
    fields = form_for(wheel, {"summary": "What the form says"})
    return Attempt(fields, (wheel.name, wheel.read_bytes()), "phrase-summary")


def no_credentials(tmp_path: Path) -> Attempt:
    wheel = wheel_in(tmp_path, "phrase-anonymous", "1.0")
    file = (wheel.name, wheel.read_bytes())
    return Attempt(form_for(wheel), file, "phrase-anonymous", credentials=False)


REFUSALS: dict[str, tuple[Callable[[Path], Attempt], int, str]] = {
    "missing-action": (missing_action, 400, "Missing form field ':action'"),
    "unknown-filetype": (unknown_filetype, 400, "Unknown filetype 'bdist_egg'"),
    "corrupt-archive": (corrupt_archive, 400, "File is not a readable zip archive"),
    "name-mismatch": (name_mismatch, 400, "Name in metadata 'someone-else' does not match"),
    "digest-mismatch": (digest_mismatch, 400, "sha256 digest in the form does not match"),
    "form-name-mismatch": (form_name_mismatch, 400, "Form field 'name' ('phrase-other')"),
    "form-summary-mismatch": (form_summary_mismatch, 400, "Form field 'summary'"),
    "non-ascii-filename": (non_ascii_filename, 400, "Invalid distribution filename"),
    "no-credentials": (no_credentials, 401, "Credentials are required"),
}


def project_names(server: LiveServer) -> set[str]:
    index = server.http.get(server.index_url, params={"format": "json"})
    return {project["name"] for project in index.json()["projects"]}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_refused_upload_says_why_in_the_reason_phrase(
    live_server: LiveServer, tmp_path: Path, case: str
) -> None:
    make, status, message = REFUSALS[case]
    attempt = make(tmp_path)
    before = project_names(live_server)
    authorization = basic(live_server.token) if attempt.credentials else None

    response = post_upload(live_server, attempt.fields, attempt.file, authorization)

    assert response.status == status, response
    assert message in response.reason, response
    assert response.reason != HTTPStatus(status).phrase
    assert response.reason.isascii()
    assert response.body.decode().splitlines()[0] == response.reason
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Basic realm=")
    assert live_server.http.get(f"{live_server.url}/health").status_code == 200
    assert project_names(live_server) == before
    assert live_server.served(attempt.project) is None


def test_a_bad_authorization_header_gets_401_with_a_reason(
    live_server: LiveServer, tmp_path: Path
) -> None:
    wheel = wheel_in(tmp_path, "phrase-garbage", "1.0")

    response = post_upload(
        live_server, form_for(wheel), (wheel.name, wheel.read_bytes()), "Basic !!!not-base64"
    )

    assert response.status == 401
    assert response.reason == "Malformed Basic credentials"
    assert response.headers["WWW-Authenticate"].startswith("Basic realm=")


def test_bearer_upload_then_idempotent_re_upload_then_a_reused_name(
    live_server: LiveServer, tmp_path: Path
) -> None:
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    wheel = build_wheel(tmp_path / "first", "phrase-bearer", "1.0")
    other = build_wheel(tmp_path / "second", "phrase-bearer", "1.0", summary="Other bytes")
    bearer = f"Bearer {live_server.token}"

    first = post_upload(live_server, form_for(wheel), (wheel.name, wheel.read_bytes()), bearer)
    again = post_upload(live_server, form_for(wheel), (wheel.name, wheel.read_bytes()), bearer)
    reused = post_upload(live_server, form_for(other), (other.name, other.read_bytes()), bearer)

    assert (first.status, first.reason) == (200, "OK")
    assert len(first.body) < 200
    assert again.status == 200
    assert reused.status == 400
    assert reused.reason.startswith("File already exists")
    assert live_server.served("phrase-bearer") == {
        wheel.name: hashlib.sha256(wheel.read_bytes()).hexdigest()
    }


UNION_METADATA = (
    ("Author", "Someone"),
    ("Author-email", "someone@example.invalid"),
    ("Keywords", "cheese,blue"),
    ("Classifier", "Programming Language :: Python :: 3"),
    ("Classifier", "Topic :: Software Development"),
    ("Project-URL", "Homepage, https://example.invalid/union"),
    ("Project-URL", "Issues, https://example.invalid/union/issues"),
)


def test_the_union_of_the_fields_clients_send_is_accepted(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """Each client sends its own subset of these, repeated list fields, extras no check reads
    (comment, attestations, a signature file) and empty fields for what the file lacks."""
    wheel = wheel_in(
        tmp_path,
        "union-fields",
        "1.0",
        summary="The summary",
        requires_dist=["cheddar-core>=1"],
        requires_python=">=3.8",
        extra_metadata=UNION_METADATA,
    )
    data = wheel.read_bytes()
    fields = [
        *form_for(wheel, {"md5_digest": None}),
        ("metadata_version", "2.1"),
        ("summary", "The summary"),
        ("description_content_type", "text/markdown"),
        ("author", "Someone"),
        ("author_email", "someone@example.invalid"),
        ("maintainer", ""),
        ("license", ""),
        ("keywords", "cheese, blue"),
        ("classifiers", "Topic :: Software Development"),
        ("classifiers", "Programming Language :: Python :: 3"),
        ("requires_dist", "cheddar-core>=1"),
        ("requires_python", ">=3.8"),
        ("project_urls", "Homepage, https://example.invalid/union"),
        ("project_urls", "Issues, https://example.invalid/union/issues"),
        ("platform", ""),
        ("supported_platform", ""),
        ("download_url", ""),
        ("comment", "uploaded by the e2e suite"),
        ("attestations", "[]"),
        ("blake2_256_digest", hashlib.blake2b(data, digest_size=32).hexdigest()),
    ]
    signature = ("gpg_signature", f"{wheel.name}.asc", b"-----BEGIN PGP SIGNATURE-----\n")

    response = post_upload(
        live_server, fields, (wheel.name, data), basic(live_server.token), [signature]
    )

    assert (response.status, response.reason) == (200, "OK"), response
    assert live_server.served("union-fields") == {wheel.name: hashlib.sha256(data).hexdigest()}
    info = live_server.http.get(f"{live_server.url}/pypi/union-fields/json").json()["info"]
    assert info["summary"] == "The summary"
    assert info["requires_dist"] == ["cheddar-core>=1"]
    assert info["project_urls"] == {
        "Homepage": "https://example.invalid/union",
        "Issues": "https://example.invalid/union/issues",
    }
