from __future__ import annotations

from pathlib import Path

import pytest

from stilton.distributions import Distribution
from stilton.upload.checks import files as checks
from stilton.upload.errors import DigestMismatch, FiletypeMismatch
from tests.unit.upload.checks.conftest import FormFactory

DIGESTS = ["sha256_digest", "md5_digest", "blake2_256_digest"]


def test_the_declared_filetype_matches(
    make_form: FormFactory, wheel: Distribution, sdist: Distribution, sdist_path: Path
) -> None:
    checks.require_filetype_matches_file(make_form(filetype="bdist_wheel"), wheel)
    checks.require_filetype_matches_file(make_form(sdist_path, filetype="sdist"), sdist)


def test_sdist_declared_for_a_wheel_is_refused(make_form: FormFactory, wheel: Distribution) -> None:
    with pytest.raises(FiletypeMismatch, match="'sdist' does not match the file"):
        checks.require_filetype_matches_file(make_form(filetype="sdist"), wheel)


def test_a_wheel_declared_for_an_sdist_is_refused(
    make_form: FormFactory, sdist: Distribution, sdist_path: Path
) -> None:
    with pytest.raises(FiletypeMismatch, match=r"demo_pkg-1\.0\.tar\.gz"):
        checks.require_filetype_matches_file(make_form(sdist_path, filetype="bdist_wheel"), sdist)


def test_no_digests_pass(make_form: FormFactory, wheel: Distribution) -> None:
    checks.require_digests_match(make_form(), wheel)


def test_blank_digests_pass(make_form: FormFactory, wheel: Distribution) -> None:
    checks.require_digests_match(make_form(**dict.fromkeys(DIGESTS, "")), wheel)


def test_right_digests_pass_in_any_case(make_form: FormFactory, wheel: Distribution) -> None:
    form = make_form()
    right = {
        "sha256_digest": form.file.sha256,
        "md5_digest": form.file.md5.upper(),
        "blake2_256_digest": f" {form.file.blake2_256} ",
    }
    checks.require_digests_match(make_form(**right), wheel)


@pytest.mark.parametrize("field", DIGESTS)
def test_a_wrong_digest_is_refused(make_form: FormFactory, wheel: Distribution, field: str) -> None:
    form = make_form()
    right = {
        "sha256_digest": form.file.sha256,
        "md5_digest": form.file.md5,
        "blake2_256_digest": form.file.blake2_256,
    }
    wrong = {**right, field: "0" * len(right[field])}
    with pytest.raises(DigestMismatch, match=field.removesuffix("_digest")) as caught:
        checks.require_digests_match(make_form(**wrong), wheel)
    assert "corrupted" in caught.value.message
