from __future__ import annotations

from pathlib import Path

import pytest

from stilton.upload.checks import names as checks
from stilton.upload.errors import ConfusableNameRefused, ProhibitedNameRefused, StdlibNameRefused
from tests.builders import build_wheel
from tests.unit.upload.conftest import MemoryLedger, UploadFactory


@pytest.fixture
def named(make_upload: UploadFactory, tmp_path: Path):
    def make(name: str):
        directory = tmp_path / name
        directory.mkdir()
        return make_upload(build_wheel(directory, name, "1.0"))

    return make


@pytest.mark.parametrize("name", ["asyncio", "Email", "xml", "tomllib", "concurrent", "sqlite3"])
def test_a_new_project_named_like_a_stdlib_module_is_refused(named, name: str) -> None:
    with pytest.raises(StdlibNameRefused, match=f"'{name}' is the name of a Python standard"):
        checks.refuse_stdlib_name(named(name))


@pytest.mark.parametrize("name", ["requests", "asyncio-extras", "email-validator", "thread"])
def test_other_names_pass(named, name: str) -> None:
    checks.refuse_stdlib_name(named(name))


def test_an_existing_project_keeps_its_stdlib_name(named, ledger: MemoryLedger) -> None:
    ledger.add_project("typing")
    checks.refuse_stdlib_name(named("typing"))


def test_a_prohibited_name_is_refused_in_any_spelling(named, ledger: MemoryLedger) -> None:
    ledger.prohibited["internal-tools"] = "reserved for the platform team"
    with pytest.raises(
        ProhibitedNameRefused,
        match="'Internal_Tools' is prohibited on this index: reserved for the platform team",
    ):
        checks.refuse_prohibited_name(named("Internal_Tools"))


def test_a_prohibited_name_without_a_reason_says_so_plainly(named, ledger: MemoryLedger) -> None:
    ledger.prohibited["secret"] = ""
    with pytest.raises(ProhibitedNameRefused, match=r"'secret' is prohibited on this index$"):
        checks.refuse_prohibited_name(named("secret"))


def test_prohibiting_a_name_leaves_its_existing_project_alone(named, ledger: MemoryLedger) -> None:
    ledger.prohibited["legacy"] = ""
    ledger.add_project("legacy")
    checks.refuse_prohibited_name(named("legacy"))
    assert "prohibited_reason" not in ledger.asked


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ("foo-bar", "foobar"),
        ("foo-bar", "foob-ar"),
        ("Foo_Bar", "f0o-bar"),
        ("hello", "he11o"),
        ("hello", "heIIo"),
        ("pool", "p00l"),
        ("cli-tool", "c1i.t0ol"),
    ],
)
def test_a_confusable_name_is_refused(named, ledger: MemoryLedger, existing: str, new: str) -> None:
    ledger.add_project(existing)
    with pytest.raises(
        ConfusableNameRefused, match=f"'{new}' is too similar to the existing project '{existing}'"
    ):
        checks.refuse_confusable_name(named(new))


@pytest.mark.parametrize(("existing", "new"), [("requests", "reqeusts"), ("foo", "foo2")])
def test_names_that_differ_otherwise_pass(named, ledger: MemoryLedger, existing, new) -> None:
    ledger.add_project(existing)
    checks.refuse_confusable_name(named(new))


def test_the_project_itself_is_no_confusable(named, ledger: MemoryLedger) -> None:
    ledger.add_project("foo-bar")
    checks.refuse_confusable_name(named("Foo_Bar"))


def test_a_project_created_meanwhile_under_this_name_is_no_confusable(
    named, ledger: MemoryLedger
) -> None:
    """A concurrent upload created the project after this upload looked it up."""
    upload = named("foo-bar")
    assert upload.creates_project
    ledger.add_project("Foo_Bar")
    checks.refuse_confusable_name(upload)
