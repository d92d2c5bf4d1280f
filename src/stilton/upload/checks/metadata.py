"""Checks that the form agrees with the metadata inside the file, which is the truth."""

from __future__ import annotations

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stilton.distributions import Distribution
from stilton.upload.errors import FormMetadataMismatch
from stilton.upload.form import UploadForm


def require_form_name_matches(form: UploadForm, dist: Distribution) -> None:
    declared = form.get("name")
    if declared is not None and canonicalize_name(declared) != dist.filename.normalized_name:
        raise FormMetadataMismatch(
            f"Form field 'name' ({declared!r}) does not match the file's metadata "
            f"({dist.metadata.name!r})"
        )


def require_form_version_matches(form: UploadForm, dist: Distribution) -> None:
    declared = form.get("version")
    if declared is None:
        return
    try:
        matches = Version(declared) == dist.filename.version
    except InvalidVersion:
        matches = False
    if not matches:
        raise FormMetadataMismatch(
            f"Form field 'version' ({declared!r}) does not match the file's metadata "
            f"({dist.metadata.version!r})"
        )
