from __future__ import annotations

import pytest

from stilton.scanning.typosquats import (
    PopularNames,
    edit_kind,
    find_lookalike,
    known_bad_names,
    popular_names,
)


def test_the_shipped_list_is_large_ranked_and_normalized():
    popular = popular_names()
    assert len(popular.ranks) >= 1000
    assert popular.rank("requests") is not None
    assert popular.rank("requests") < 50
    assert popular.rank("Typing_Extensions") == popular.rank("typing-extensions")


@pytest.mark.parametrize(
    ("a", "b", "how"),
    [
        ("reqeusts", "requests", "two letters swapped"),
        ("requets", "requests", "one letter left out"),
        ("requestss", "requests", "one letter added"),
        ("requestz", "requests", "one letter changed"),
        ("requests", "requests", None),
        ("flask", "django", None),
    ],
)
def test_edit_kind(a, b, how):
    assert edit_kind(a, b) == how


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("reqeusts", "requests"),
        ("python3-dateutil", "python-dateutil"),
        ("pythondateutil", "python-dateutil"),
        ("djang0", "django"),
        ("nunpy", "numpy"),
        ("urlib3", "urllib3"),
        ("beautifulsoup5", "beautifulsoup4"),
        ("cryptographi", "cryptography"),
    ],
)
def test_lookalikes_are_found(name, target):
    found = find_lookalike(name, popular_names())
    assert found is not None
    assert found.target == target


@pytest.mark.parametrize(
    "name",
    [
        "requests",  # itself
        "scapy",  # popular, one edit from scipy
        "pymssql",  # popular, one edit from pymysql
        "boto",  # popular, one edit from boto3
        "tokenize-rt",  # separators are not folded into a one-edit match
        "sixx",  # targets under five letters are never imitated
        "my-company-tools",
        "stilton",
    ],
)
def test_legitimate_names_are_not_lookalikes(name):
    assert find_lookalike(name, popular_names()) is None


def test_digit_only_differences_are_marked():
    found = find_lookalike("nvidia-cufft-cu11", popular_names())
    assert found is not None
    assert found.digits_only


def test_rank_thresholds_for_short_names():
    popular = PopularNames.from_lines(
        ["aaaaa"] * 1 + [f"name{i:04}" for i in range(300)] + ["bbbbb"]
    )
    assert find_lookalike("aaaab", popular) is not None  # five letters, rank 1
    assert find_lookalike("bbbbc", popular) is None  # five letters, rank 302


def test_projects_on_the_index_are_targets_and_exempt():
    known = frozenset({"acme-billing"})
    found = find_lookalike("acme-biling", popular_names(), known)
    assert found is not None
    assert found.rank is None
    assert find_lookalike("acme-billing", popular_names(), known) is None


def test_allowed_names_are_exempt():
    assert find_lookalike("reqeusts", popular_names(), allowed=frozenset({"reqeusts"})) is None


def test_known_bad_names_are_shipped():
    assert {"colourama", "python3-dateutil", "jeilyfish"} <= known_bad_names()
