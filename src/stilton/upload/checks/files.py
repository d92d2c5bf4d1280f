"""Checks on the file: what its name says, what the form says of it, and what is stored."""

from __future__ import annotations

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stilton.distributions import quote
from stilton.upload.checks.platforms import platform_refusal
from stilton.upload.errors import (
    DigestMismatch,
    FileAlreadyExists,
    FiletypeMismatch,
    PlatformTagRefused,
    ReleaseTooOld,
    SdistAlreadyExists,
    SdistFilenameRefused,
)
from stilton.upload.subject import Upload

SDIST_SUFFIX = ".tar.gz"


def require_filetype_matches_file(upload: Upload) -> None:
    declared = upload.form.get("filetype")
    actual = upload.dist.filename.filetype
    if declared != actual:
        raise FiletypeMismatch(
            f"filetype {declared!r} does not match the file "
            f"'{upload.dist.filename.filename}' ({actual})"
        )


def require_digests_match(upload: Upload) -> None:
    file = upload.form.file
    computed = {
        "sha256_digest": file.sha256,
        "md5_digest": file.md5,
        "blake2_256_digest": file.blake2_256,
    }
    for field_name, actual in computed.items():
        declared = upload.form.get(field_name)
        if declared and declared.strip().lower() != actual:
            raise DigestMismatch(
                f"The {field_name.removesuffix('_digest')} digest in the form does not match "
                "the uploaded file; the upload was corrupted or changed in transit"
            )


def refuse_unsupported_platform(upload: Upload) -> None:
    """Wheels only for platforms installers can match: any, manylinux, macOS, Windows, ..."""
    for platform in sorted({tag.platform for tag in upload.dist.filename.tags}):
        problem = platform_refusal(platform)
        if problem is not None:
            raise PlatformTagRefused(problem)


def require_pep625_sdist_filename(upload: Upload) -> None:
    """An sdist is `{normalized_name}-{normalized_version}.tar.gz` (PEP 625)."""
    parsed = upload.dist.filename
    if parsed.is_wheel:
        return
    filename = parsed.filename
    if not filename.endswith(SDIST_SUFFIX):
        raise SdistFilenameRefused(
            f"Invalid sdist filename {quote(filename)}: an sdist must be a {SDIST_SUFFIX} (PEP 625)"
        )
    name, _, version = filename.removesuffix(SDIST_SUFFIX).rpartition("-")
    expected = f"{canonicalize_name(name).replace('-', '_')}-{_normalized(version)}{SDIST_SUFFIX}"
    if filename != expected:
        raise SdistFilenameRefused(
            f"Invalid sdist filename {quote(filename)}: name and version must be normalized, "
            f"as in {quote(expected)} (PEP 625)"
        )


def _normalized(version: str) -> str:
    try:
        return str(Version(version))
    except InvalidVersion:  # pragma: no cover - the filename parsed, so the version did too
        return version


def refuse_reused_filename(upload: Upload) -> None:
    """A filename is used once, forever: deleted files keep theirs. Equal bytes are a re-upload."""
    file, ledger = upload.form.file, upload.ledger
    stored = ledger.file_sha256(file.filename)
    if stored is not None and stored != file.sha256:
        raise FileAlreadyExists(f"File already exists: '{file.filename}' with other contents")
    if stored is None and ledger.was_deleted(file.filename):
        raise FileAlreadyExists(
            f"File already exists: '{file.filename}' was deleted and cannot be reused"
        )
    same_bytes = ledger.filename_with_contents(file.sha256) if stored is None else None
    if same_bytes is not None:
        raise FileAlreadyExists(f"File already exists: the same contents as '{same_bytes}'")


def refuse_second_sdist(upload: Upload) -> None:
    dist = upload.dist
    if dist.filename.is_wheel or upload.creates_project:
        return
    existing = upload.ledger.sdist_of(dist.normalized_name, dist.version)
    if existing is not None and existing != dist.filename.filename:
        raise SdistAlreadyExists(
            f"Release {dist.version} has an sdist already ('{existing}'); a release takes only one"
        )


def refuse_files_on_old_releases(upload: Upload) -> None:
    """With a window set (`STILTON_NEW_FILE_WINDOW_DAYS`), old releases take no new files."""
    window, dist = upload.rules.new_file_window, upload.dist
    if window is None or upload.creates_project:
        return
    created = upload.ledger.release_created(dist.normalized_name, dist.version)
    if created is not None and upload.now - created > window:
        raise ReleaseTooOld(
            f"Release {dist.version} was created on {created:%Y-%m-%d}; files can be added "
            f"to a release for {window.days} days only"
        )
