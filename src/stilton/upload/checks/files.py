"""Checks that compare the received file with what the form says about it."""

from __future__ import annotations

from stilton.distributions import Distribution
from stilton.upload.errors import DigestMismatch, FiletypeMismatch
from stilton.upload.form import UploadForm


def require_filetype_matches_file(form: UploadForm, dist: Distribution) -> None:
    declared = form.get("filetype")
    actual = dist.filename.filetype
    if declared != actual:
        raise FiletypeMismatch(
            f"filetype {declared!r} does not match the file '{dist.filename.filename}' ({actual})"
        )


def require_digests_match(form: UploadForm, dist: Distribution) -> None:
    computed = {
        "sha256_digest": form.file.sha256,
        "md5_digest": form.file.md5,
        "blake2_256_digest": form.file.blake2_256,
    }
    for field_name, actual in computed.items():
        declared = form.get(field_name)
        if declared and declared.strip().lower() != actual:
            raise DigestMismatch(
                f"The {field_name.removesuffix('_digest')} digest in the form does not match "
                "the uploaded file; the upload was corrupted or changed in transit"
            )
