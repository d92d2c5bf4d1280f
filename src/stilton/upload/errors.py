"""Every refusal of `POST /legacy/`, each with its status and a stable code slug.

The slugs are listed with their messages in docs/upload-rules.md.
"""

from __future__ import annotations

from typing import ClassVar


class UploadError(Exception):
    status: ClassVar[int] = 400
    code: str = "upload-error"
    """The slug; a class attribute, except on `InvalidDistribution`, which carries its cause's."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        """More lines for the body only, after the message (the reason phrase is one line)."""


class MalformedForm(UploadError):
    code = "malformed-form"


class MissingField(UploadError):
    code = "missing-field"


class InvalidAction(UploadError):
    code = "invalid-action"


class UnsupportedProtocol(UploadError):
    code = "unsupported-protocol"


class UnknownFiletype(UploadError):
    code = "unknown-filetype"


class MultipleFiles(UploadError):
    code = "multiple-files"


class FieldTooLarge(UploadError):
    code = "field-too-large"


class FileTooLarge(UploadError):
    code = "file-too-large"


# --- the file: what its name and shape say -------------------------------------------------


class FiletypeMismatch(UploadError):
    code = "filetype-mismatch"


class DigestMismatch(UploadError):
    code = "digest-mismatch"


class PlatformTagRefused(UploadError):
    code = "unsupported-platform"


class SdistFilenameRefused(UploadError):
    code = "invalid-sdist-filename"


class InvalidDistribution(UploadError):
    """The file itself is refused by `stilton.distributions`; `code` is that error's own slug
    (`unreadable-archive`, `archive-limit`, ...), so logs and docs name the real rule."""

    code = "invalid-distribution"

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


# --- the metadata inside the file -----------------------------------------------------------


class MetadataVersionRefused(UploadError):
    code = "unsupported-metadata-version"


class MetadataEncodingRefused(UploadError):
    code = "metadata-encoding"


class UnrecognizedMetadataField(UploadError):
    code = "unrecognized-metadata-field"


class LocalVersionRefused(UploadError):
    code = "local-version"


class SummaryRefused(UploadError):
    code = "invalid-summary"


class ClassifierRefused(UploadError):
    code = "invalid-classifier"


class DirectDependencyRefused(UploadError):
    code = "direct-url-dependency"


class RequiresPythonRefused(UploadError):
    code = "invalid-requires-python"


class LicenseExpressionRefused(UploadError):
    code = "invalid-license-expression"


class MetadataFieldRefused(UploadError):
    code = "invalid-metadata-field"


class LicenseFileMissing(UploadError):
    code = "license-file-missing"


class DescriptionRefused(UploadError):
    code = "unrenderable-description"


class FormMetadataMismatch(UploadError):
    code = "form-mismatch"


# --- the project's name, for a new project -------------------------------------------------


class StdlibNameRefused(UploadError):
    code = "stdlib-name"


class ProhibitedNameRefused(UploadError):
    code = "prohibited-name"


class ConfusableNameRefused(UploadError):
    code = "confusable-name"


# --- what is stored already ----------------------------------------------------------------


class SdistAlreadyExists(UploadError):
    code = "duplicate-sdist"


class ReleaseTooOld(UploadError):
    code = "release-too-old"


class ProjectTooLarge(UploadError):
    code = "project-too-large"


class TooManyProjectsCreated(UploadError):
    status = 429
    code = "too-many-projects"


class TooManyFailedLogins(UploadError):
    status = 429
    code = "too-many-logins"


class Unauthenticated(UploadError):
    status = 401
    code = "unauthenticated"


class Forbidden(UploadError):
    status = 403
    code = "forbidden"


class FileAlreadyExists(UploadError):
    code = "file-exists"


# --- the scan of the file: 422, the upload was understood and its contents are refused; the
# file is stored but not served. The reason phrase names the top findings, the body every one.


class HeldForReview(UploadError):
    status = 422
    code = "held-for-review"


class Quarantined(UploadError):
    status = 422
    code = "quarantined"


class RejectedFile(UploadError):
    status = 422
    code = "rejected"
