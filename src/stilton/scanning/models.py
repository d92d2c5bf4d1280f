"""What `stilton.scanning` hands out: findings, a report, the policy it scans under."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from stilton.distributions import ArchiveLimits

RULES_VERSION = "2025.2"
"""Changes whenever a rule is added, removed or changes what it flags; stored with each report."""


class Severity(enum.StrEnum):
    """How much one finding counts towards the score (see `weight`)."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def weight(self) -> float:
        return _WEIGHTS[self]

    def lowered(self) -> Severity:
        """One step down (for code that only tests, docs and examples run); INFO stays INFO."""
        order = list(Severity)
        return order[max(order.index(self) - 1, 0)]


_WEIGHTS = {
    Severity.INFO: 0.0,
    Severity.LOW: 0.1,
    Severity.MEDIUM: 0.3,
    Severity.HIGH: 0.55,
    Severity.CRITICAL: 0.9,
}


class Category(enum.StrEnum):
    INSTALL_TIME = "install-time"
    OBFUSCATION = "obfuscation"
    ENTROPY = "entropy"
    DANGEROUS_API = "dangerous-api"
    EXFILTRATION = "exfiltration"
    TYPOSQUATTING = "typosquatting"
    METADATA = "metadata"
    PERMISSION_CREEP = "permission-creep"
    ARCHIVE = "archive"


class Verdict(enum.StrEnum):
    CLEAN = "clean"
    SUSPICIOUS = "suspicious"
    MALICIOUS = "malicious"

    @property
    def rank(self) -> int:
        return list(Verdict).index(self)


@dataclass(frozen=True)
class Finding:
    """One thing a rule saw, where it saw it, and why it matters."""

    rule: str
    category: Category
    severity: Severity
    path: str | None
    line: int | None
    evidence: str
    explanation: str

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "category": str(self.category),
            "severity": str(self.severity),
            "path": self.path,
            "line": self.line,
            "evidence": self.evidence,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class ScanPolicy:
    """Thresholds and bounds for one scan.

    The score is in [0, 1]; at `suspicious_at` or above the verdict is suspicious, at
    `malicious_at` or above malicious. Sources are read up to `max_file_bytes` each and
    `max_total_bytes` in all (setup scripts, `.pth` files and metadata first); a file is parsed
    only up to `max_parse_bytes`. Past `time_budget` seconds of CPU time (of the scanning thread,
    so that a busy machine does not cut scans short) the scan stops reading and analysing and
    says so in a `scan-incomplete` finding.
    """

    suspicious_at: float = 0.5
    malicious_at: float = 0.85
    time_budget: float = 10.0
    max_file_bytes: int = 4 * 1024**2
    max_parse_bytes: int = 1024**2
    max_total_bytes: int = 32 * 1024**2
    archive_limits: ArchiveLimits = field(default_factory=ArchiveLimits)
    disabled_rules: frozenset[str] = frozenset()
    allowed_names: frozenset[str] = frozenset()
    """Normalized project names never reported as typosquats (an index's own look-alikes)."""

    def __post_init__(self) -> None:
        if not 0 < self.suspicious_at <= self.malicious_at <= 1:
            raise ValueError(
                "thresholds must satisfy 0 < suspicious_at <= malicious_at <= 1, "
                f"not {self.suspicious_at} and {self.malicious_at}"
            )
        if self.time_budget <= 0:
            raise ValueError(f"time_budget must be positive, not {self.time_budget}")
        if min(self.max_file_bytes, self.max_parse_bytes, self.max_total_bytes) <= 0:
            raise ValueError("byte limits must be positive")

    def verdict_for(self, score: float) -> Verdict:
        if score >= self.malicious_at:
            return Verdict.MALICIOUS
        if score >= self.suspicious_at:
            return Verdict.SUSPICIOUS
        return Verdict.CLEAN


DEFAULT_POLICY = ScanPolicy()


@dataclass(frozen=True)
class PriorRelease:
    """What the scan of a project's previous release found it could do."""

    version: str
    capabilities: frozenset[str]


@dataclass(frozen=True)
class ScanReport:
    """The verdict on one file, with every finding that led to it."""

    file: str
    verdict: Verdict
    score: float
    findings: tuple[Finding, ...]
    seconds: float
    rules_version: str = RULES_VERSION
    capabilities: frozenset[str] = frozenset()
    """What the distribution's code can do (`network`, `process`, `install-time`, ...), kept so
    that the next release can be compared with this one."""
    name: str | None = None
    version: str | None = None

    @property
    def malicious(self) -> bool:
        return self.verdict is Verdict.MALICIOUS

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "malicious": self.malicious,
            "verdict": str(self.verdict),
            "score": round(self.score, 4),
            "findings": [finding.to_json() for finding in self.findings],
            "seconds": round(self.seconds, 4),
            "rules_version": self.rules_version,
            "capabilities": sorted(self.capabilities),
        }
