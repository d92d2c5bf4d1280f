"""RSS feeds: well-formed RSS 2.0, newest first, every field escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

from tests.integration.conftest import Index
from tests.integration.test_web_pages import publish


def channel(index: Index, path: str) -> ET.Element:
    response = index.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - Stilton's own output
    assert root.tag == "rss"
    assert root.attrib["version"] == "2.0"
    found = root.find("channel")
    assert found is not None
    for required in ("title", "link", "description"):
        assert (found.findtext(required) or "").strip(), required
    for item in found.findall("item"):
        for required in ("title", "link", "guid", "pubDate"):
            assert (item.findtext(required) or "").strip(), required
        assert parsedate_to_datetime(item.findtext("pubDate") or "").tzinfo is not None
    return found


def titles(feed: ET.Element) -> list[str]:
    return [item.findtext("title") or "" for item in feed.findall("item")]


def test_the_feeds_list_new_releases_and_projects(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    publish(index, tmp_path, project_name, "1.0", summary="Feeds & <things>")
    publish(index, tmp_path, project_name, "1.1", summary="Feeds & <things>, again")
    updates = channel(index, "/rss/updates.xml")
    assert titles(updates)[:2] == [f"{project_name} 1.1", f"{project_name} 1.0"]
    first = updates.findall("item")[0]
    assert first.findtext("link") == f"http://testserver/project/{project_name}/1.1/"
    assert first.findtext("description") == "Feeds & <things>, again"
    packages = channel(index, "/rss/packages.xml")
    assert titles(packages)[0] == project_name
    assert packages.findall("item")[0].findtext("link") == (
        f"http://testserver/project/{project_name}/"
    )


def test_a_project_feed_lists_its_releases_newest_first(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    for version in ("1.0", "2.0", "1.5"):
        publish(index, tmp_path, project_name, version)
    feed = channel(index, f"/rss/project/{project_name}/releases.xml")
    assert titles(feed) == [f"{project_name} 1.5", f"{project_name} 2.0", f"{project_name} 1.0"]
    assert project_name in (feed.findtext("title") or "")
