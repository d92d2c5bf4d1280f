"""Checks on the form alone, before the file is opened."""

from __future__ import annotations

from stilton.upload.errors import InvalidAction, MissingField, UnknownFiletype, UnsupportedProtocol
from stilton.upload.form import UploadForm

FILETYPES = {"bdist_wheel", "sdist"}


def require_file_upload_action(form: UploadForm) -> None:
    action = form.get(":action")
    if action is None:
        raise MissingField("Missing form field ':action'; expected 'file_upload'")
    if action != "file_upload":
        raise InvalidAction(f"Unknown ':action' {action!r}; only 'file_upload' is supported")


def require_protocol_version_1(form: UploadForm) -> None:
    version = form.get("protocol_version")
    if version is not None and version != "1":
        raise UnsupportedProtocol(f"Unknown protocol_version {version!r}; expected '1'")


def require_known_filetype(form: UploadForm) -> None:
    filetype = form.get("filetype")
    if filetype is None:
        raise MissingField("Missing form field 'filetype' (bdist_wheel or sdist)")
    if filetype not in FILETYPES:
        raise UnknownFiletype(
            f"Unknown filetype {filetype!r}: Stilton takes 'bdist_wheel' and 'sdist'"
        )
