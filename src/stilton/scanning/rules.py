"""The rule record and what a rule's check returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stilton.scanning.models import Category, Severity, Verdict

if TYPE_CHECKING:
    from stilton.scanning.context import ScanContext


@dataclass(frozen=True)
class Hit:
    """Where a rule matched; `detail` is added to the rule's explanation."""

    path: str | None
    line: int | None
    evidence: str
    detail: str = ""
    severity: Severity | None = None
    """Overrides the rule's severity for this hit (context made it more or less serious)."""


Check = Callable[["ScanContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    category: Category
    severity: Severity
    explanation: str
    """What the rule looks for and why it matters, in one or two sentences."""
    benign_twin: str
    """The legitimate use of the same API that the rule leaves alone."""
    check: Check
    floor: Verdict | None = None
    """A verdict the file gets at least, whatever the score (unreadable archives, bombs)."""
