"""`scan_file` and `scan_distribution`: run every rule over one distribution, score, decide."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from stilton.distributions import CoreMetadata, Distribution
from stilton.scanning.context import ScanContext, normalize_names
from stilton.scanning.models import (
    DEFAULT_POLICY,
    RULES_VERSION,
    Category,
    Finding,
    PriorRelease,
    ScanPolicy,
    ScanReport,
    Verdict,
)
from stilton.scanning.registry import RULES, RULES_BY_ID
from stilton.scanning.rules import Hit, Rule
from stilton.scanning.scoring import score, verdict
from stilton.scanning.view import build_view

_MAX_HITS_PER_RULE = 20
_UNLOWERED = frozenset(
    {Category.TYPOSQUATTING, Category.METADATA, Category.PERMISSION_CREEP, Category.ARCHIVE}
)


def scan_file(
    path: Path,
    *,
    filename: str | None = None,
    policy: ScanPolicy = DEFAULT_POLICY,
    known_projects: Collection[str] = (),
    previous: PriorRelease | None = None,
) -> ScanReport:
    """Scan the wheel or sdist at `path` (uploaded as `filename`, by default its own name).

    Never raises for what the file holds: an unreadable file is a `suspicious` verdict.
    `known_projects` are the projects already on the index (typosquatting targets);
    `previous` is what the project's previous release could do (permission creep).
    """
    return _scan(path, filename or path.name, policy, known_projects, previous, None)


def scan_distribution(
    distribution: Distribution,
    path: Path,
    *,
    policy: ScanPolicy = DEFAULT_POLICY,
    known_projects: Collection[str] = (),
    previous: PriorRelease | None = None,
) -> ScanReport:
    """Scan a distribution `stilton.distributions.inspect` already read from `path`, reusing
    its filename and parsed metadata."""
    filename = distribution.filename.filename
    return _scan(path, filename, policy, known_projects, previous, distribution.metadata)


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while any scan runs: the syntax trees a scan keeps make
    every full collection walk hundreds of thousands of objects that hold no cycles, which cost
    a third of a large framework's scan. Reference counting still frees them as usual."""
    global _gc_pauses, _gc_was_enabled  # noqa: PLW0603 - one switch for the whole process
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


@_gc_paused()
def _scan(
    path: Path,
    filename: str,
    policy: ScanPolicy,
    known_projects: Collection[str],
    previous: PriorRelease | None,
    metadata: CoreMetadata | None,
) -> ScanReport:
    started = time.monotonic()
    deadline = time.thread_time() + policy.time_budget
    try:
        view = build_view(path, filename, policy, deadline, metadata)
    except OSError as error:
        finding = _finding(RULES_BY_ID["unreadable-archive"], Hit(None, None, str(error)), None)
        return _report(filename, [finding], [Verdict.SUSPICIOUS], policy, started, frozenset())
    ctx = ScanContext(view, policy, deadline, normalize_names(known_projects), previous)
    findings: list[Finding] = []
    floors: list[Verdict] = []
    for rule in RULES:
        if rule.id in policy.disabled_rules:
            continue
        for finding in _run(rule, ctx):
            findings.append(finding)
            if rule.floor is not None:
                floors.append(rule.floor)
    try:
        capabilities = ctx.capabilities
    except Exception as error:  # noqa: BLE001 - a scanner bug must not fail the upload
        capabilities = frozenset()
        failed = Hit(None, None, f"capabilities: {type(error).__name__}: {str(error)[:200]}")
        findings.append(_finding(RULES_BY_ID["scanner-error"], failed, None))
        floors.append(Verdict.SUSPICIOUS)
    report = _report(filename, findings, floors, policy, started, capabilities)
    return ScanReport(
        file=report.file,
        verdict=report.verdict,
        score=report.score,
        findings=report.findings,
        seconds=report.seconds,
        rules_version=RULES_VERSION,
        capabilities=capabilities,
        name=ctx.name,
        version=ctx.version,
    )


def _run(rule: Rule, ctx: ScanContext) -> Iterator[Finding]:
    try:
        hits = []
        for hit in rule.check(ctx):
            hits.append(hit)
            if len(hits) >= _MAX_HITS_PER_RULE:
                break
    except Exception as error:  # noqa: BLE001 - a failing rule must not fail the upload
        failed = Hit(None, None, f"{rule.id}: {type(error).__name__}: {str(error)[:200]}")
        yield _finding(RULES_BY_ID["scanner-error"], failed, None)
        return
    for hit in hits:
        yield _finding(rule, hit, ctx)


def _finding(rule: Rule, hit: Hit, ctx: ScanContext | None) -> Finding:
    severity = hit.severity or rule.severity
    if (
        ctx is not None
        and rule.category not in _UNLOWERED
        and hit.path is not None
        and ctx.role(hit.path) == "test"
    ):
        severity = severity.lowered()
    explanation = rule.explanation
    if hit.detail:
        explanation = f"{explanation} Here: {hit.detail}."
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=severity,
        path=hit.path,
        line=hit.line,
        evidence=hit.evidence,
        explanation=explanation,
    )


def _report(
    filename: str,
    findings: list[Finding],
    floors: list[Verdict],
    policy: ScanPolicy,
    started: float,
    capabilities: frozenset[str],
) -> ScanReport:
    value = score(findings)
    findings.sort(key=lambda f: -f.severity.weight)
    return ScanReport(
        file=filename,
        verdict=verdict(value, policy, floors),
        score=value,
        findings=tuple(findings),
        seconds=time.monotonic() - started,
        capabilities=capabilities,
    )
