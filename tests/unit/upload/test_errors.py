from __future__ import annotations

import re
from pathlib import Path

import pytest

from stilton.distributions import DistributionError
from stilton.upload import UploadError, errors


def subclasses(cls: type[UploadError]) -> list[type[UploadError]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *subclasses(sub)]
    return found


ALL = subclasses(UploadError)


def test_every_refusal_is_a_4xx() -> None:
    assert ALL
    for cls in ALL:
        assert 400 <= cls.status < 500, cls


def test_every_refusal_has_its_own_slug() -> None:
    codes = [cls.code for cls in ALL if cls is not errors.InvalidDistribution]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code), code
        assert code != UploadError.code


@pytest.mark.parametrize(
    ("cls", "status"),
    [(errors.Unauthenticated, 401), (errors.Forbidden, 403), (errors.FileAlreadyExists, 400)],
)
def test_statuses_clients_depend_on(cls: type[UploadError], status: int) -> None:
    assert cls.status == status


def test_the_message_is_kept() -> None:
    error = errors.DigestMismatch("The sha256 digest does not match")
    assert error.message == str(error) == "The sha256 digest does not match"


def test_an_invalid_distribution_carries_the_distributions_slug_as_its_code() -> None:
    error = errors.InvalidDistribution("bad archive", "unreadable-archive")
    assert error.code == "unreadable-archive"
    assert error.status == 400
    assert errors.InvalidDistribution.code == "invalid-distribution"


@pytest.mark.parametrize(
    ("cls", "status"),
    [(errors.TooManyProjectsCreated, 429), (errors.ProjectTooLarge, 400)],
)
def test_rate_limits_answer_429_and_the_rest_400(cls: type[UploadError], status: int) -> None:
    assert cls.status == status


def test_every_code_is_documented_in_the_upload_rules() -> None:
    rules = (Path(__file__).parents[3] / "docs" / "upload-rules.md").read_text()
    documented = set(re.findall(r"`([a-z]+(?:-[a-z]+)*)`", rules))
    codes = {cls.code for cls in ALL if cls is not errors.InvalidDistribution}
    codes |= {cls.code for cls in distribution_errors(DistributionError)}
    assert codes - documented == set()


def distribution_errors(cls: type[DistributionError]) -> list[type[DistributionError]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *distribution_errors(sub)]
    return found
