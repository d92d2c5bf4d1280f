"""Property tests (hypothesis) against the app in-process on SQLite and PostgreSQL: whatever an
upload holds, the answer is 200 or a 4xx, never a 5xx."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import HealthCheck, settings

from tests.integration.conftest import BACKENDS, Index, running_index

settings.register_profile(
    "stilton",
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("stilton")


@pytest.fixture(scope="package", params=BACKENDS)
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Index]:
    """One app per backend: PostgreSQL refuses some strings SQLite stores (NUL bytes)."""
    with running_index(
        request.param,
        tmp_path_factory.mktemp(f"property-{request.param}"),
        project_creations_per_hour_per_user=0,
        project_creations_per_hour_per_address=0,
    ) as index:
        yield index


def wheel_bytes(dist_info: str, metadata: bytes, extra: Sequence[tuple[str, bytes]] = ()) -> bytes:
    """A wheel in memory: `extra` members, then METADATA, WHEEL and a RECORD of them all."""
    members = [
        *extra,
        (f"{dist_info}/METADATA", metadata),
        (f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
    ]
    record = (
        "".join(f"{path},sha256={_digest(data)},{len(data)}\n" for path, data in members)
        + f"{dist_info}/RECORD,,\n"
    )
    members.append((f"{dist_info}/RECORD", record.encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in members:
            archive.writestr(zipfile.ZipInfo(path, (2020, 2, 2, 0, 0, 0)), data)
    return buffer.getvalue()


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def assert_answered(status: int, text: str) -> None:
    """200, or a refusal with a message; never a server error."""
    assert status == 200 or 400 <= status < 500, f"{status}: {text}"
    assert text.strip(), status
