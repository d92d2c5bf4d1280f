"""pypi-simple, the library most tools use to read an index, against a live server's pages in
each format it can ask for."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from pypi_simple import (
    ACCEPT_ANY,
    ACCEPT_HTML_ONLY,
    ACCEPT_JSON_ONLY,
    DistributionPackage,
    NoSuchProjectError,
    PyPISimple,
)

from tests.e2e.samples import APP, Samples
from tests.e2e.server import LiveServer

pytestmark = pytest.mark.e2e

ACCEPTS = {"html": ACCEPT_HTML_ONLY, "json": ACCEPT_JSON_ONLY, "any": ACCEPT_ANY}


@pytest.fixture(params=sorted(ACCEPTS))
def client(request: pytest.FixtureRequest, published: LiveServer) -> PyPISimple:
    return PyPISimple(published.index_url, accept=ACCEPTS[request.param])


def packages_of(client: PyPISimple, project: str) -> dict[str, DistributionPackage]:
    page = client.get_project_page(project)
    return {package.filename: package for package in page.packages}


def test_the_index_lists_every_project(client: PyPISimple, samples: Samples) -> None:
    page = client.get_index_page()

    assert {canonicalize_name(name) for name in page.projects} >= samples.projects


def test_project_pages_describe_every_file(
    client: PyPISimple, samples: Samples, published: LiveServer
) -> None:
    for project in samples.projects:
        packages = packages_of(client, project)

        assert set(packages) == {sample.filename for sample in samples.of(project)}
        for sample in samples.of(project):
            package = packages[sample.filename]
            assert package.url.startswith(f"{published.url}/packages/"), package.url
            assert package.url.endswith(f"/{sample.filename}")
            assert package.digests["sha256"] == sample.sha256
            assert package.requires_python == sample.requires_python
            assert package.is_yanked is False
            assert package.version == sample.version
            if sample.has_metadata_file:
                digest = hashlib.sha256(sample.metadata()).hexdigest()
                assert package.has_metadata is True
                assert package.metadata_digests == {"sha256": digest}
            else:
                assert not package.has_metadata


def test_metadata_of_a_wheel_and_of_a_static_sdist(client: PyPISimple, samples: Samples) -> None:
    packages = packages_of(client, APP)

    for filename in ("cheddar_app-2.0-py3-none-any.whl", "cheddar_app-2.0.tar.gz"):
        sample = samples.named(filename)
        # pypi-simple checks the bytes against the advertised digest before returning them
        fetched = client.get_package_metadata_bytes(packages[filename])
        assert fetched == sample.metadata()
    wheel = packages["cheddar_app-2.0-py3-none-any.whl"]
    assert "Requires-Dist: cheddar-lib[fast]>=1.1" in client.get_package_metadata(wheel)


def test_downloads_match_their_digests(
    client: PyPISimple, samples: Samples, tmp_path: Path
) -> None:
    packages = packages_of(client, APP)

    for filename, package in packages.items():
        client.download_package(package, tmp_path / filename, verify=True)
        assert (tmp_path / filename).read_bytes() == samples.named(filename).path.read_bytes()


def test_an_unknown_project_is_reported_as_missing(client: PyPISimple) -> None:
    with pytest.raises(NoSuchProjectError):
        client.get_project_page("no-such-cheese")


def test_json_pages_carry_sizes_and_upload_times(published: LiveServer, samples: Samples) -> None:
    client = PyPISimple(published.index_url, accept=ACCEPT_JSON_ONLY)

    for filename, package in packages_of(client, APP).items():
        assert package.size == samples.named(filename).path.stat().st_size
        assert package.upload_time is not None
        assert package.upload_time.utcoffset() is not None
