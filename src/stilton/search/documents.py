"""Flattening a project's newest release into a search document, and reading its requirements."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stilton.db import models
from stilton.search.text import words

MAX_DESCRIPTION_WORDS = 20_000
"""Characters of a description's words that are indexed: enough for any README's substance."""

_EXTRA_CLAUSE = re.compile(r"""\bextra\s*==\s*['"]([^'"]+)['"]""")
_ONLY_EXTRAS = re.compile(r"(?:\s|\(|\)|\band\b|\bor\b)*")
_LEADING_EXTRA = re.compile(r"""extra\s*==\s*['"][^'"]+['"] and (?P<rest>.+)""")
_TRAILING_EXTRA = re.compile(r"""(?P<rest>.+) and extra\s*==\s*['"][^'"]+['"]""")


class Versioned(Protocol):
    @property
    def version(self) -> str: ...
    @property
    def yanked(self) -> bool: ...


R = TypeVar("R", bound=Versioned)


def version_key(version: str) -> tuple[int, Version | str]:
    """Sorts versions as PEP 440 does; strings that are not versions sort first."""
    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def latest_release(releases: Sequence[R]) -> R:
    """The newest final release that is not yanked, else the newest of any kind.

    `releases` is sorted oldest first and not empty; the rule is the JSON API's.
    """
    for release in reversed(releases):
        if not release.yanked and not _is_prerelease(release.version):
            return release
    return releases[-1]


def _is_prerelease(version: str) -> bool:
    try:
        return Version(version).is_prerelease
    except InvalidVersion:
        return True


@dataclass(frozen=True)
class Dependency:
    """One `Requires-Dist` entry, read for people: which extra of ours pulls it in, and when."""

    name: str
    normalized_name: str
    specifier: str
    extras: tuple[str, ...]  # extras of the dependency that are asked for: `lib[fast]`
    marker: str | None  # the environment condition, without the `extra == …` part
    extra: str  # the extra of this project that needs it; "" when always needed


def read_dependencies(requires_dist: Iterable[str]) -> list[Dependency]:
    """Each requirement once per extra that asks for it; entries that do not parse are left out."""
    found: list[Dependency] = []
    for entry in requires_dist:
        try:
            requirement = Requirement(entry)
        except InvalidRequirement:
            continue
        marker = str(requirement.marker) if requirement.marker else None
        extras = _EXTRA_CLAUSE.findall(marker or "")
        needed_by: list[str] = [canonicalize_name(extra) for extra in extras]
        for extra in needed_by or [""]:
            found.append(
                Dependency(
                    name=requirement.name,
                    normalized_name=canonicalize_name(requirement.name),
                    specifier=str(requirement.specifier),
                    extras=tuple(sorted(requirement.extras)),
                    marker=_without_extra(marker) if extras else marker,
                    extra=extra,
                )
            )
    return found


def _without_extra(marker: str | None) -> str | None:
    """The condition left when the `extra == …` clauses are taken off, where that is plain:
    only extras (`extra == "a" or extra == "b"`), or one extra joined by `and` at either end.
    Anything more tangled is shown whole."""
    if marker is None or _ONLY_EXTRAS.fullmatch(_EXTRA_CLAUSE.sub("", marker)):
        return None
    for pattern in (_LEADING_EXTRA, _TRAILING_EXTRA):
        match = pattern.fullmatch(marker)
        if match and "extra" not in match.group("rest") and " or " not in match.group("rest"):
            rest = match.group("rest")
            wrapped = rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1
            return rest[1:-1] if wrapped else rest
    return marker


def build_document(
    project: models.Project, release: models.Release
) -> tuple[models.SearchDocument, list[models.SearchClassifier], list[models.SearchDependency]]:
    """The rows that describe `project` through `release`, its newest."""
    document = models.SearchDocument(
        project_id=project.id,
        name=project.name,
        normalized_name=project.normalized_name,
        version=release.version,
        summary=(release.summary or "").strip(),
        updated=release.created,
        serial=project.last_serial,
        name_words=words(project.name),
        summary_words=words(release.summary),
        keywords_words=words(" ".join(release.keywords)),
        description_words=words(release.description, MAX_DESCRIPTION_WORDS),
    )
    classifiers = [
        models.SearchClassifier(classifier=classifier, project_id=project.id)
        for classifier in sorted(set(release.classifiers))
    ]
    edges = {
        (dependency.normalized_name, dependency.extra)
        for dependency in read_dependencies(release.requires_dist)
        if dependency.normalized_name != project.normalized_name
    }
    dependencies = [
        models.SearchDependency(dependency=name, project_id=project.id, extra=extra)
        for name, extra in sorted(edges)
    ]
    return document, classifiers, dependencies
