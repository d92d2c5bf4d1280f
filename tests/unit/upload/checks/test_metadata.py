from __future__ import annotations

import pytest

from stilton.distributions import Distribution
from stilton.upload.checks import metadata as checks
from stilton.upload.errors import FormMetadataMismatch
from stilton.upload.pipeline import DISTRIBUTION_CHECKS, check_distribution
from tests.unit.upload.checks.conftest import FormFactory


@pytest.mark.parametrize("name", ["Demo.Pkg", "demo-pkg", "DEMO_PKG", "demo.pkg", "demo__pkg"])
def test_any_spelling_of_the_name_passes(
    make_form: FormFactory, wheel: Distribution, name: str
) -> None:
    checks.require_form_name_matches(make_form(name=name), wheel)


def test_no_name_passes(make_form: FormFactory, wheel: Distribution) -> None:
    checks.require_form_name_matches(make_form(), wheel)


@pytest.mark.parametrize("name", ["other", "demo", "demo-pkg2", ""])
def test_another_name_is_refused(make_form: FormFactory, wheel: Distribution, name: str) -> None:
    with pytest.raises(FormMetadataMismatch, match="'name'") as caught:
        checks.require_form_name_matches(make_form(name=name), wheel)
    assert "Demo.Pkg" in caught.value.message


@pytest.mark.parametrize("version", ["1.0", "1", "1.0.0", "v1.0", "1.0.0.0"])
def test_equal_versions_pass(make_form: FormFactory, wheel: Distribution, version: str) -> None:
    checks.require_form_version_matches(make_form(version=version), wheel)


def test_no_version_passes(make_form: FormFactory, wheel: Distribution) -> None:
    checks.require_form_version_matches(make_form(), wheel)


@pytest.mark.parametrize("version", ["1.1", "1.0.post1", "1.0rc1", "not a version", ""])
def test_another_version_is_refused(
    make_form: FormFactory, wheel: Distribution, version: str
) -> None:
    with pytest.raises(FormMetadataMismatch, match="'version'"):
        checks.require_form_version_matches(make_form(version=version), wheel)


def test_check_distribution_passes_a_consistent_upload(
    make_form: FormFactory, wheel: Distribution
) -> None:
    form = make_form()
    check_distribution(
        make_form(
            filetype="bdist_wheel",
            name="demo-pkg",
            version="1.0",
            sha256_digest=form.file.sha256,
        ),
        wheel,
    )
    assert checks.require_form_name_matches in DISTRIBUTION_CHECKS
    assert checks.require_form_version_matches in DISTRIBUTION_CHECKS
