"""Rules about the archive itself: unreadable, over its limits, unsafe members, unanalysed."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from stilton.scanning.context import ScanContext
from stilton.scanning.models import Category, Severity, Verdict
from stilton.scanning.rules import Hit, Rule

_SHOWN = 3


def _problems(rule: str) -> Callable[[ScanContext], Iterator[Hit]]:
    def check(ctx: ScanContext) -> Iterator[Hit]:
        problems = [problem for problem in ctx.view.problems if problem.rule == rule]
        for problem in problems[:_SHOWN]:
            yield Hit(problem.path, None, problem.message)
        if len(problems) > _SHOWN:
            yield Hit(None, None, f"and {len(problems) - _SHOWN} more")

    return check


def scan_incomplete(ctx: ScanContext) -> Iterator[Hit]:
    reasons = [p.message for p in ctx.view.problems if p.rule == "scan-incomplete"]
    reasons.extend(ctx.incomplete)
    if ctx.view.unread_sources:
        reasons.append(
            f"{ctx.view.unread_sources} Python files not read (byte budget of "
            f"{ctx.policy.max_total_bytes} bytes spent)"
        )
    if reasons:
        yield Hit(None, None, "; ".join(reasons))


def unparsable_source(ctx: ScanContext) -> Iterator[Hit]:
    failed = [s for s in ctx.view.sources if s.parse_error is not None]
    if failed:
        first = failed[0]
        more = f" (and {len(failed) - 1} more files)" if len(failed) > 1 else ""
        yield Hit(first.path, None, f"{first.parse_error}{more}")


def pyc_without_source(ctx: ScanContext) -> Iterator[Hit]:
    paths = ctx.view.member_paths
    orphans = [
        member.path
        for member in ctx.view.members
        if member.path.endswith((".pyc", ".pyo")) and _source_of(member.path) not in paths
    ]
    for path in orphans[:_SHOWN]:
        yield Hit(path, None, path, f"{len(orphans)} compiled files have no source")


def _source_of(path: str) -> str:
    directory, _, name = path.rpartition("/")
    stem = name.split(".", 1)[0]
    if directory.endswith("__pycache__"):
        directory = directory.removesuffix("__pycache__").rstrip("/")
    return f"{directory}/{stem}.py" if directory else f"{stem}.py"


def metadata_unreadable(ctx: ScanContext) -> Iterator[Hit]:
    unreadable = any(
        problem.rule == "unreadable-archive" and problem.path is None
        for problem in ctx.view.problems
    )
    if ctx.view.metadata is None and ctx.view.kind != "unknown" and not unreadable:
        yield Hit(None, None, ctx.view.metadata_problem or "no core metadata")


def _never(ctx: ScanContext) -> Iterator[Hit]:
    """Findings of `scanner-error` are made by the scanner itself when a rule fails."""
    return iter(())


RULES = (
    Rule(
        "scanner-error",
        Category.ARCHIVE,
        Severity.HIGH,
        "A rule failed on this file (a bug in the scanner, or input it did not expect), so "
        "the file was not fully checked.",
        "Every file the rules handle.",
        _never,
        floor=Verdict.SUSPICIOUS,
    ),
    Rule(
        "unreadable-archive",
        Category.ARCHIVE,
        Severity.HIGH,
        "The file is not a readable zip or gzipped tar, or a member cannot be read "
        "(corrupt, truncated, encrypted); what cannot be read cannot be checked.",
        "Any well-formed wheel or sdist.",
        _problems("unreadable-archive"),
        floor=Verdict.SUSPICIOUS,
    ),
    Rule(
        "archive-limit",
        Category.ARCHIVE,
        Severity.HIGH,
        "The archive expands past the limits (a decompression bomb, too many members, too "
        "large in total); it was read only up to the limit.",
        "Large but ordinary archives (big frameworks, data packages) under the limits.",
        _problems("archive-limit"),
        floor=Verdict.SUSPICIOUS,
    ),
    Rule(
        "unsafe-member",
        Category.ARCHIVE,
        Severity.HIGH,
        "A member could escape the directory it is unpacked into (absolute path, '..', "
        "backslash), is a link or device, or appears twice.",
        "Plain relative member names.",
        _problems("unsafe-member"),
        floor=Verdict.SUSPICIOUS,
    ),
    Rule(
        "scan-incomplete",
        Category.ARCHIVE,
        Severity.LOW,
        "The scan stopped at its time or byte budget; the files it did not reach were not "
        "analysed (setup scripts, .pth files and package __init__ modules are read first).",
        "Ordinary packages finish far inside the budget.",
        scan_incomplete,
    ),
    Rule(
        "unparsable-source",
        Category.ARCHIVE,
        Severity.INFO,
        "Python files that do not parse as Python 3 (Python 2 code, syntax errors, binary "
        "data, files too large) are checked as text only.",
        "Python 3 sources.",
        unparsable_source,
    ),
    Rule(
        "pyc-without-source",
        Category.OBFUSCATION,
        Severity.MEDIUM,
        "Compiled bytecode (.pyc) ships without the source it was compiled from, so the code "
        "that runs cannot be read.",
        "A __pycache__/*.pyc next to its .py source (an accidental inclusion).",
        pyc_without_source,
    ),
    Rule(
        "metadata-unreadable",
        Category.METADATA,
        Severity.LOW,
        "The distribution has no core metadata file, or it cannot be parsed.",
        "A METADATA or PKG-INFO file with Metadata-Version, Name and Version.",
        metadata_unreadable,
    ),
)
