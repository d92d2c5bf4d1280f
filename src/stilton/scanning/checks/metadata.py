"""Metadata anomalies: missing or borrowed descriptions, URLs of other projects, bad
dependencies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from stilton.scanning.context import ScanContext
from stilton.scanning.models import Category, Severity
from stilton.scanning.rules import Hit, Rule
from stilton.scanning.typosquats import (
    FRONT_LETTER,
    find_lookalike,
    known_bad_names,
    popular_names,
)

_FORGES = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
_SUBJECT = re.compile(r"^\W*([A-Za-z][\w.-]*)\s+(is|are)\s", re.IGNORECASE)
_HEADING = re.compile(r"^[#=\s]*([A-Za-z][\w.-]*)[\s#=]*$")
_EMPTY_TEXT = frozenset({"", "unknown", "none", "todo", "description", "test"})
_EXTRA = re.compile(r";.*\bextra\s*==")
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _fold(name: str) -> str:
    return canonicalize_name(name).replace("-", "")


def _related(name: str, other: str) -> bool:
    """Whether one name contains the other (plugins, forks, sub-packages, stubs)."""
    a, b = _fold(name), _fold(other)
    return a in b or b in a


def empty_description(ctx: ScanContext) -> Iterator[Hit]:
    metadata = ctx.view.metadata
    if metadata is None:
        return
    summary = (metadata.summary or "").strip().lower()
    description = (metadata.description or "").strip().lower()
    if summary in _EMPTY_TEXT and description in _EMPTY_TEXT:
        yield Hit(None, None, "no summary and no description")


def description_of_other_project(ctx: ScanContext) -> Iterator[Hit]:
    metadata, name = ctx.view.metadata, ctx.name
    if metadata is None or not name or not metadata.description:
        return
    popular = popular_names()
    for subject in _subjects(metadata.description):
        rank = popular.rank(subject)
        if rank is not None and not _related(name, subject):
            yield Hit(None, None, subject, f"the description is about {subject!r}")
            return


def _subjects(description: str) -> list[str]:
    lines = [line.strip() for line in description.strip().splitlines()[:6] if line.strip()]
    found = []
    if lines:
        heading = _HEADING.match(lines[0])
        if heading:
            found.append(heading.group(1).rstrip("."))
    for line in lines[:3]:
        subject = _SUBJECT.match(line)
        if subject:
            found.append(subject.group(1).rstrip("."))
    return found


def url_of_other_project(ctx: ScanContext) -> Iterator[Hit]:
    metadata, name = ctx.view.metadata, ctx.name
    if metadata is None or not name:
        return
    urls = [metadata.home_page or "", metadata.download_url or ""]
    urls.extend(url for _, url in metadata.project_urls)
    popular = popular_names()
    for url in urls:
        repository = _repository(url)
        if repository and popular.rank(repository) is not None and not _related(name, repository):
            yield Hit(None, None, url[:200], f"the URL is {repository!r}'s repository")
            return


def _repository(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in _FORGES and len(segments) >= 2:
        return segments[1].removesuffix(".git")
    return None


def _dependencies(ctx: ScanContext) -> Iterator[tuple[str, str]]:
    metadata = ctx.view.metadata
    if metadata is None:
        return
    for line in metadata.requires_dist:
        match = _REQUIREMENT_NAME.match(line)
        if match:
            yield canonicalize_name(match.group(1)), line


def lookalike_dependency(ctx: ScanContext) -> Iterator[Hit]:
    popular = popular_names()
    bad = known_bad_names()
    for name, line in _dependencies(ctx):
        if name in bad or name == ctx.normalized_name:
            continue
        found = find_lookalike(name, popular, ctx.known_projects, ctx.policy.allowed_names)
        if found is not None and not found.digits_only:
            detail = f"{name!r} looks like {found.target!r}: {found.how}"
            if _EXTRA.search(line):
                # Installed only when the user asks for the extra: less exposure, and the
                # long tail of optional back ends holds real neighbours (cymysql, pymysql).
                yield Hit(None, None, line[:200], detail + ", in an extra", Severity.MEDIUM)
            elif found.how == FRONT_LETTER:
                # Typosquats change letters inside the word; a prefixed letter is how compiled
                # or alternative builds are named (cwcwidth, cchardet).
                yield Hit(None, None, line[:200], detail, Severity.MEDIUM)
            else:
                yield Hit(None, None, line[:200], detail)


def known_bad_dependency(ctx: ScanContext) -> Iterator[Hit]:
    bad = known_bad_names()
    for name, line in _dependencies(ctx):
        if name in bad:
            yield Hit(None, None, line[:200], f"{name!r} was removed as malicious")


def direct_url_dependency(ctx: ScanContext) -> Iterator[Hit]:
    metadata = ctx.view.metadata
    if metadata is None:
        return
    for line in metadata.requires_dist:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if requirement.url:
            yield Hit(None, None, line[:200])


RULES = (
    Rule(
        "empty-description",
        Category.METADATA,
        Severity.LOW,
        "The metadata has neither a summary nor a description.",
        "A one-line summary, even without a long description.",
        empty_description,
    ),
    Rule(
        "description-of-other-project",
        Category.METADATA,
        Severity.MEDIUM,
        "The description's title or first sentence is about a different popular project: "
        "typosquats copy the original's README.",
        "Plugins, forks and stubs whose names contain the project they describe "
        "(flask-login, pillow-simd, types-requests).",
        description_of_other_project,
    ),
    Rule(
        "url-of-other-project",
        Category.METADATA,
        Severity.MEDIUM,
        "The home page or a project URL is the repository of a different popular project.",
        "Sub-packages and plugins that live in their parent's repository under a related name "
        "(tensorflow-cpu, opencv-python-headless).",
        url_of_other_project,
    ),
    Rule(
        "lookalike-dependency",
        Category.METADATA,
        Severity.HIGH,
        "A dependency's name looks like a popular project's but is not it, so installing "
        "pulls in the look-alike.",
        "Dependencies on the popular projects themselves.",
        lookalike_dependency,
    ),
    Rule(
        "known-bad-dependency",
        Category.METADATA,
        Severity.CRITICAL,
        "A dependency is a project removed from public indexes as malicious.",
        "Dependencies on the real projects those imitated.",
        known_bad_dependency,
    ),
    Rule(
        "direct-url-dependency",
        Category.METADATA,
        Severity.MEDIUM,
        "A dependency is given as a direct URL (name @ https://...), which installs whatever "
        "that address serves.",
        "Dependencies given by name and version specifier.",
        direct_url_dependency,
    ),
)
