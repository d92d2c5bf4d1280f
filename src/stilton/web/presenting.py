"""Turning a release's metadata into what the project page's sidebar shows.

Metadata is whatever the uploader wrote: URLs are shown as links only when they are absolute
http(s) URLs, long license texts fold away, and classifiers are grouped by their first part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from stilton.db import models
from stilton.web.project_data import ProjectPage
from stilton.web.templating import date, path_part, printable, project_url, safe_url

LONG_LICENSE = 120
_ITEM, _CURRENT_ITEM = "<li>", '<li class="current">'
_LINK, _CURRENT_LINK = "", ' aria-current="page"'


@dataclass(frozen=True)
class Link:
    label: str
    url: str | None  # None when the URL is not one a page should link to


@dataclass(frozen=True)
class ClassifierGroup:
    heading: str
    items: tuple[tuple[str, str], ...]  # (full classifier, the part after the heading)


@dataclass(frozen=True)
class License:
    short: str | None  # an SPDX expression or a one-line license
    text: str | None  # a long license text, folded away
    from_classifiers: tuple[str, ...]


def project_view(page: ProjectPage, base_url: str) -> dict[str, Any]:
    release = page.release
    return {
        "page": page,
        "release": release,
        "install": install_command(base_url, page.name, None if page.is_latest else release),
        "links": project_links(release),
        "license": license_of(release),
        "classifier_groups": classifier_groups(release.classifiers),
        "people": people(release),
        "history": history_items(page),
        "query_text": "",
    }


def install_command(base_url: str, name: str, release: models.Release | None) -> str:
    """Installs from this index only: a name on another index must never stand in."""
    target = name if release is None else f"{name}=={release.version}"
    return f"pip install --index-url {base_url}/simple/ {target}"


def project_links(release: models.Release) -> list[Link]:
    pairs = _pairs(release.project_urls)
    links = [Link(label, safe_url(url)) for label, url in pairs]
    known = {url.strip() for _, url in pairs}
    for label, url in (("Home page", release.home_page), ("Download", release.download_url)):
        if url and url.strip() not in known:
            links.append(Link(label, safe_url(url)))
    return links


def _pairs(project_urls: list[list[str]]) -> list[tuple[str, str]]:
    return [(str(pair[0]), str(pair[1])) for pair in project_urls if len(pair) == 2]


def license_of(release: models.Release) -> License:
    from_classifiers = tuple(
        c.rsplit(" :: ", 1)[-1] for c in release.classifiers if c.startswith("License :: ")
    )
    if release.license_expression:
        return License(release.license_expression, None, from_classifiers)
    text = (release.license or "").strip()
    if not text:
        return License(None, None, from_classifiers)
    if len(text) > LONG_LICENSE or "\n" in text:
        return License(None, text, from_classifiers)
    return License(text, None, from_classifiers)


def classifier_groups(classifiers: list[str]) -> list[ClassifierGroup]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for classifier in classifiers:
        heading, _, rest = classifier.partition(" :: ")
        groups.setdefault(heading, []).append((classifier, rest or heading))
    return [ClassifierGroup(heading, tuple(items)) for heading, items in groups.items()]


def people(release: models.Release) -> list[tuple[str, str]]:
    """Who the metadata names (as written: nothing checks it), labelled by role."""
    found = []
    for role, name, email in (
        ("Author", release.author, release.author_email),
        ("Maintainer", release.maintainer, release.maintainer_email),
    ):
        shown = ", ".join(part.strip() for part in (name, email) if part and part.strip())
        if shown:
            found.append((role, shown))
    return found


def history_items(page: ProjectPage) -> Markup:
    """The `<li>` of every release in the history, newest first, every value escaped.

    Built here rather than in a template loop: a project page may list hundreds of releases.
    """
    base = project_url(page.normalized_name)
    shown, latest = page.release.id, page.latest.id
    lines = []
    for entry in page.history:
        version = escape(entry.version)
        day = date(entry.created)
        current = entry.id == shown
        tags = []
        if entry.id == latest:
            tags.append('<span class="tag tag-latest">latest</span>')
        if entry.prerelease:
            tags.append('<span class="tag">pre-release</span>')
        if entry.yanked:
            tags.append('<span class="tag tag-yanked">yanked</span>')
            if entry.yanked_reason:
                reason = escape(printable(entry.yanked_reason))
                tags.append(f'<span class="yank-reason">{reason}</span>')
        item = _CURRENT_ITEM if current else _ITEM
        link = _CURRENT_LINK if current else _LINK
        href = f"{base}{escape(path_part(entry.version))}/"
        lines.append(
            f'{item}<a href="{href}"{link}>{version}</a> '
            f'<time datetime="{day}">{day}</time> {" ".join(tags)}</li>'
        )
    return Markup("\n".join(lines))  # noqa: S704 - every value above is escaped
