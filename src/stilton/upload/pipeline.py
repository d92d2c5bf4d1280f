"""The order of the upload checks: one tuple per stage."""

from __future__ import annotations

from collections.abc import Callable

from stilton.distributions import Distribution
from stilton.upload.checks import files, form, metadata
from stilton.upload.form import UploadForm

FormCheck = Callable[[UploadForm], None]
DistributionCheck = Callable[[UploadForm, Distribution], None]

FORM_CHECKS: tuple[FormCheck, ...] = (
    form.require_file_upload_action,
    form.require_protocol_version_1,
    form.require_known_filetype,
)

DISTRIBUTION_CHECKS: tuple[DistributionCheck, ...] = (
    files.require_filetype_matches_file,
    files.require_digests_match,
    metadata.require_form_name_matches,
    metadata.require_form_version_matches,
)


def check_form(upload: UploadForm) -> None:
    for check in FORM_CHECKS:
        check(upload)


def check_distribution(upload: UploadForm, dist: Distribution) -> None:
    for check in DISTRIBUTION_CHECKS:
        check(upload, dist)
