"""What the admin pages read and parse through the publishing policy."""

from __future__ import annotations

import pytest

from stilton.db import Database
from stilton.publishing import PolicyError, PublishingPolicy, parse_size
from tests.support.records import add_project


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("", None),
        (" default ", None),
        ("DEFAULT", None),
        ("1024", 1024),
        ("1K", 1024),
        ("100M", 100 * 1024**2),
        ("2 GiB", 2 * 1024**3),
        ("7b", 7),
    ],
)
def test_parse_size(text: str, size: int | None) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "-1", "1.5G", "10 parsecs", "1K\x00"])
def test_parse_size_refuses_what_is_not_a_size(text: str) -> None:
    with pytest.raises(PolicyError, match="is not a size"):
        parse_size(text)


def test_projects_with_limits_lists_only_those(database: Database) -> None:
    with database.session() as session:
        for name in ("alpha", "beta", "gamma"):
            add_project(session, name)
    policy = PublishingPolicy(database)
    assert policy.projects_with_limits() == []
    policy.set_limits("gamma", max_file_size=None, max_total_size=10, actor="root")
    policy.set_limits("alpha", max_file_size=5, max_total_size=None, actor="root")
    listed = policy.projects_with_limits()
    assert [(p.name, p.max_file_size, p.max_total_size) for p in listed] == [
        ("alpha", 5, None),
        ("gamma", None, 10),
    ]


def test_an_impossible_project_name_is_no_project(database: Database) -> None:
    with pytest.raises(PolicyError, match="No project named"):
        PublishingPolicy(database).limits("bad\x00name")
