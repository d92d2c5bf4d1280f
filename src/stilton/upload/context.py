from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from stilton.accounts import AccountService
from stilton.publishing import Publisher
from stilton.review import ScanGate
from stilton.upload.form import FormLimits
from stilton.upload.interfaces import ProjectLedger
from stilton.upload.rules import UploadRules
from stilton.upload.screening import ScanSlots


@dataclass(frozen=True)
class UploadContext:
    """What the upload route needs from the app, built once in `create_app`."""

    accounts: AccountService
    publisher: Publisher
    tmp_dir: Path
    limits: FormLimits
    serial_changed: Callable[[int], None]
    ledger: ProjectLedger
    rules: UploadRules
    gate: ScanGate
    scan_slots: ScanSlots

    def stream_limits(self) -> FormLimits:
        """The body stops at the index-wide file size limit, or at the largest a project has
        been given, if larger; each project's own limit is checked once its name is known."""
        largest = self.ledger.largest_file_limit()
        if largest is None or largest <= self.limits.max_file_size:
            return self.limits
        return replace(self.limits, max_file_size=largest)
