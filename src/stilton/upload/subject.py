"""`Upload`: everything a check after inspection may look at, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from packaging.metadata import RawMetadata, parse_email

from stilton.distributions import Distribution
from stilton.publishing import ProjectFacts
from stilton.upload.form import UploadForm
from stilton.upload.interfaces import ProjectLedger
from stilton.upload.rules import UploadRules


@dataclass(frozen=True)
class Upload:
    """The form, the inspected file, who sends it from where, and readers of stored state.

    Checks take one `Upload` and use what they need of it; what costs a query or a parse is
    worked out once, on first use.
    """

    form: UploadForm
    dist: Distribution
    uploader: str
    address: str | None
    ledger: ProjectLedger
    rules: UploadRules
    now: datetime

    @cached_property
    def project(self) -> ProjectFacts | None:
        """The project as stored; None when this upload creates it."""
        return self.ledger.project(self.dist.normalized_name)

    @property
    def creates_project(self) -> bool:
        return self.project is None

    @cached_property
    def is_stored_already(self) -> bool:
        """The same file under the same name is stored: publishing answers 200 again."""
        return self.ledger.file_sha256(self.form.file.filename) == self.form.file.sha256

    @cached_property
    def raw_metadata(self) -> tuple[RawMetadata, dict[str, list[str]]]:
        """The metadata as `packaging.metadata.parse_email` reads it, and what it could not."""
        return parse_email(self.dist.metadata_bytes)
