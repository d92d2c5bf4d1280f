"""The order of the upload checks, all in this one module.

1. `FORM_CHECKS` look at the form alone, before the file is opened; `distributions.inspect`
   then reads the file (filename, archive bounds and shape, layout, Name and Version).
2. `DISTRIBUTION_CHECKS` look at the file, its metadata and the form.
3. `LEDGER_CHECKS` compare with what is stored. A file stored already with the same bytes
   skips them: publishing answers such a re-upload with 200 whatever has changed since.
"""

from __future__ import annotations

from collections.abc import Callable

from stilton.upload.checks import agreement, files, form, limits, metadata, names
from stilton.upload.form import UploadForm
from stilton.upload.subject import Upload

FormCheck = Callable[[UploadForm], None]
Check = Callable[[Upload], None]

FORM_CHECKS: tuple[FormCheck, ...] = (
    form.require_file_upload_action,
    form.require_protocol_version_1,
    form.require_known_filetype,
)

DISTRIBUTION_CHECKS: tuple[Check, ...] = (
    files.require_filetype_matches_file,
    files.require_digests_match,
    files.refuse_unsupported_platform,
    files.require_pep625_sdist_filename,
    metadata.refuse_unsupported_metadata_version,
    metadata.require_utf8_metadata,
    metadata.refuse_unrecognized_fields,
    metadata.refuse_local_version,
    metadata.require_short_one_line_summary,
    metadata.require_known_classifiers,
    metadata.refuse_direct_url_dependencies,
    metadata.require_valid_requires_python,
    metadata.require_valid_license_expression,
    metadata.require_valid_core_metadata,
    metadata.require_license_files_present,
    metadata.require_renderable_description,
    agreement.require_form_name_matches,
    agreement.require_form_version_matches,
    agreement.require_form_fields_match,
)

LEDGER_CHECKS: tuple[Check, ...] = (
    files.refuse_reused_filename,
    names.refuse_stdlib_name,
    names.refuse_prohibited_name,
    names.refuse_confusable_name,
    files.refuse_second_sdist,
    files.refuse_files_on_old_releases,
    limits.refuse_file_over_project_limit,
    limits.refuse_project_over_total,
    limits.refuse_too_many_new_projects,
)


def check_form(upload: UploadForm) -> None:
    for check in FORM_CHECKS:
        check(upload)


def check_upload(upload: Upload) -> None:
    for check in DISTRIBUTION_CHECKS:
        check(upload)
    if upload.is_stored_already:
        return
    for check in LEDGER_CHECKS:
        check(upload)
