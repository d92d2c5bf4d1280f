"""Typosquatting and dependency confusion: the project's own name and version."""

from __future__ import annotations

import re
from collections.abc import Iterator

from packaging.version import InvalidVersion, Version

from stilton.scanning.context import ScanContext
from stilton.scanning.models import Category, Severity
from stilton.scanning.rules import Hit, Rule
from stilton.scanning.typosquats import find_lookalike, popular_names

_HIGH_RANK = 200
_SEPARATORS = re.compile(r"[-_.]+")
_CONFUSION_MAJOR = 99
_CALVER_YEARS = range(1990, 2101)
_CALVER_DATES = range(19900101, 21001232)
_INTERNAL = re.compile(
    r"(^|-)(internal|int|corp|corporate|private|priv|intranet|infra|infrastructure|platform|"
    r"shared|common|core|lib|libs|sdk|tools|utils|helpers|service|services|client|api|dev|"
    r"prod|staging|ops|devops|team|company|enterprise|local|secret|config)(-|$)"
)


def typosquat_name(ctx: ScanContext) -> Iterator[Hit]:
    name = ctx.normalized_name
    if not name:
        return
    found = find_lookalike(name, popular_names(), ctx.known_projects, ctx.policy.allowed_names)
    if found is None:
        return
    where = f"popular project #{found.rank}" if found.rank else "a project on this index"
    detail = f"looks like {found.target!r} ({where}): {found.how}"
    if found.digits_only:
        severity = Severity.LOW
        detail += "; the names differ only in digits, as versioned variants do"
    elif found.rank is None and _short_part_differs(name, found.target):
        # Families of one team's projects (svc-a1/svc-b1, app-eu/app-us) differ like this.
        severity = Severity.LOW
        detail += "; only a short part of the name differs, as in a family of projects"
    elif found.rank is None or found.rank <= _HIGH_RANK:
        severity = Severity.HIGH
    else:
        severity = Severity.MEDIUM
    yield Hit(None, None, name, detail, severity)


def _short_part_differs(name: str, target: str) -> bool:
    """Both names split into the same number of parts, and the one part that differs is at
    most two characters long in both."""
    ours, theirs = _SEPARATORS.split(name), _SEPARATORS.split(target)
    if len(ours) != len(theirs) or len(ours) < 2:
        return False
    differing = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    return len(differing) == 1 and max(len(differing[0][0]), len(differing[0][1])) <= 2


def dependency_confusion(ctx: ScanContext) -> Iterator[Hit]:
    name, version = ctx.normalized_name, ctx.version
    if not name or not version or popular_names().rank(name) is not None:
        return
    try:
        major = Version(version).major
    except InvalidVersion:
        return
    if major < _CONFUSION_MAJOR or major in _CALVER_YEARS or major in _CALVER_DATES:
        return
    internal = _INTERNAL.search(name) is not None
    detail = "the name looks like an internal package's" if internal else ""
    yield Hit(None, None, f"{name} {version}", detail, Severity.HIGH if internal else None)


RULES = (
    Rule(
        "typosquat-name",
        Category.TYPOSQUATTING,
        Severity.HIGH,
        "The project name is one edit, a swap, a separator or a look-alike character away "
        "from a popular project or one already on this index (see docs/scanning.md for the "
        "thresholds).",
        "The popular project itself, and other popular projects one edit apart "
        "(scipy/scapy, pymysql/pymssql).",
        typosquat_name,
    ),
    Rule(
        "dependency-confusion-version",
        Category.TYPOSQUATTING,
        Severity.MEDIUM,
        "A project that is not a known public one is published with a very high major "
        "version (99 or more, not a calendar version), the trick that makes installers prefer "
        "it over a private package of the same name.",
        "Calendar versions (2024.1.0, 20240101) and ordinary versions of internal-looking names.",
        dependency_confusion,
    ),
)
