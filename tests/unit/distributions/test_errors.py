from __future__ import annotations

import pytest

import stilton.distributions as distributions
from stilton.distributions import (
    AmbiguousArchive,
    ArchiveLimitExceeded,
    DistributionError,
    InvalidFilename,
    InvalidLayout,
    InvalidMetadata,
    MetadataMissing,
    NameMismatch,
    UnreadableArchive,
    UnsafeArchiveMember,
    VersionMismatch,
)

CODES = {
    InvalidFilename: "invalid-filename",
    UnreadableArchive: "unreadable-archive",
    ArchiveLimitExceeded: "archive-limit",
    UnsafeArchiveMember: "unsafe-member",
    AmbiguousArchive: "ambiguous-archive",
    InvalidLayout: "invalid-layout",
    MetadataMissing: "metadata-missing",
    InvalidMetadata: "invalid-metadata",
    NameMismatch: "name-mismatch",
    VersionMismatch: "version-mismatch",
}


def test_every_exported_error_has_its_code():
    exported = {
        value
        for value in vars(distributions).values()
        if isinstance(value, type) and issubclass(value, DistributionError)
    }

    assert exported - {DistributionError} == set(CODES)
    assert {error.code for error in exported} == set(CODES.values()) | {DistributionError.code}


@pytest.mark.parametrize(("error", "code"), CODES.items())
def test_codes_are_stable_slugs(error, code):
    assert error.code == code
    assert issubclass(error, DistributionError)


def test_the_message_is_the_string():
    error = MetadataMissing("Wheel has no .dist-info directory")

    assert str(error) == "Wheel has no .dist-info directory"
    assert error.message == str(error)
    assert error.args == ("Wheel has no .dist-info directory",)


def test_messages_are_one_ascii_line():
    error = NameMismatch("Name in metadata 'd\u00e9mo\nx' does not match")

    assert str(error) == "Name in metadata 'd\\xe9mo\\nx' does not match"


def test_invalid_metadata_carries_its_field():
    error = InvalidMetadata("requires_python", "Requires-Python '>>3' is not a specifier")

    assert error.field == "requires_python"
    assert str(error) == "Requires-Python '>>3' is not a specifier"


def test_values_from_uploads_are_quoted_safely():
    with pytest.raises(InvalidFilename) as raised:
        distributions.parse_filename("it's\u2028-" + "x" * 300 + ".exe")

    message = str(raised.value)
    assert message.startswith("Invalid distribution filename 'it\\'s\\u2028-xxx")
    assert "...'" in message
    assert len(message) < 250
