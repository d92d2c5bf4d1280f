"""Static scanning of uploaded distributions: rules over the archive's code, text and metadata,
a score, a verdict, and an explanation for every finding.

Nothing in the distribution is extracted, imported, compiled or run; Python sources are only
parsed (`ast.parse`). `scan_file(path)` reads a wheel or sdist within the bounds of a
`ScanPolicy` and returns a `ScanReport`; it never raises for what the file holds.
"""

from stilton.scanning.models import (
    DEFAULT_POLICY,
    RULES_VERSION,
    Category,
    Finding,
    PriorRelease,
    ScanPolicy,
    ScanReport,
    Severity,
    Verdict,
)
from stilton.scanning.registry import RULES
from stilton.scanning.rules import Rule
from stilton.scanning.scanner import scan_distribution, scan_file

__all__ = [
    "DEFAULT_POLICY",
    "RULES",
    "RULES_VERSION",
    "Category",
    "Finding",
    "PriorRelease",
    "Rule",
    "ScanPolicy",
    "ScanReport",
    "Severity",
    "Verdict",
    "scan_distribution",
    "scan_file",
]
