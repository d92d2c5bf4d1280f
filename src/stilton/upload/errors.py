"""Every refusal of `POST /legacy/`, each with its status and a stable code slug.

The slugs are listed with their messages in docs/upload-rules.md.
"""

from __future__ import annotations

from typing import ClassVar


class UploadError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "upload-error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


class FiletypeMismatch(UploadError):
    code = "filetype-mismatch"


class DigestMismatch(UploadError):
    code = "digest-mismatch"


class FormMetadataMismatch(UploadError):
    code = "form-mismatch"


class InvalidDistribution(UploadError):
    """The file itself is refused; `code` is the distributions error's own slug."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.detail_code = code


class Unauthenticated(UploadError):
    status = 401
    code = "unauthenticated"


class Forbidden(UploadError):
    status = 403
    code = "forbidden"


class FileAlreadyExists(UploadError):
    code = "file-exists"
