from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stilton.accounts import AccountService
from stilton.publishing import Publisher
from stilton.upload.form import FormLimits


@dataclass(frozen=True)
class UploadContext:
    """What the upload route needs from the app, built once in `create_app`."""

    accounts: AccountService
    publisher: Publisher
    tmp_dir: Path
    limits: FormLimits
    serial_changed: Callable[[int], None]
