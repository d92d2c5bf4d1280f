from __future__ import annotations

import pytest

from stilton.upload.checks import form as checks
from stilton.upload.errors import InvalidAction, MissingField, UnknownFiletype, UnsupportedProtocol
from stilton.upload.pipeline import FORM_CHECKS, check_form
from tests.unit.upload.conftest import FormFactory


def test_the_file_upload_action_passes(make_form: FormFactory) -> None:
    checks.require_file_upload_action(make_form(__action="file_upload"))


def test_a_missing_action_is_refused(make_form: FormFactory) -> None:
    with pytest.raises(MissingField, match="':action'"):
        checks.require_file_upload_action(make_form())


@pytest.mark.parametrize("action", ["submit", "doc_upload", "remove_pkg", "", "FILE_UPLOAD"])
def test_other_actions_are_refused(make_form: FormFactory, action: str) -> None:
    with pytest.raises(InvalidAction, match="only 'file_upload' is supported"):
        checks.require_file_upload_action(make_form(__action=action))


def test_the_first_action_is_the_one_that_counts(make_form: FormFactory) -> None:
    checks.require_file_upload_action(make_form(__action=["file_upload", "submit"]))


@pytest.mark.parametrize("fields", [{}, {"protocol_version": "1"}])
def test_protocol_version_1_or_none_passes(make_form: FormFactory, fields: dict[str, str]) -> None:
    checks.require_protocol_version_1(make_form(**fields))


@pytest.mark.parametrize("version", ["2", "0", "", "1.0"])
def test_other_protocol_versions_are_refused(make_form: FormFactory, version: str) -> None:
    with pytest.raises(UnsupportedProtocol, match="expected '1'"):
        checks.require_protocol_version_1(make_form(protocol_version=version))


@pytest.mark.parametrize("filetype", ["bdist_wheel", "sdist"])
def test_known_filetypes_pass(make_form: FormFactory, filetype: str) -> None:
    checks.require_known_filetype(make_form(filetype=filetype))


def test_a_missing_filetype_is_refused(make_form: FormFactory) -> None:
    with pytest.raises(MissingField, match="'filetype'"):
        checks.require_known_filetype(make_form())


@pytest.mark.parametrize("filetype", ["bdist_egg", "bdist_wininst", "bdist_msi", "", "wheel"])
def test_unknown_filetypes_are_refused(make_form: FormFactory, filetype: str) -> None:
    with pytest.raises(UnknownFiletype, match="'bdist_wheel' and 'sdist'"):
        checks.require_known_filetype(make_form(filetype=filetype))


def test_check_form_passes_a_twine_like_form(make_form: FormFactory) -> None:
    check_form(make_form(__action="file_upload", protocol_version="1", filetype="bdist_wheel"))


def test_check_form_runs_the_checks_in_order(make_form: FormFactory) -> None:
    with pytest.raises(MissingField, match="':action'"):
        check_form(make_form(protocol_version="9", filetype="bdist_egg"))
    with pytest.raises(UnsupportedProtocol):
        check_form(make_form(__action="file_upload", protocol_version="9", filetype="bdist_egg"))
    assert FORM_CHECKS[0] is checks.require_file_upload_action
