"""PageCache against a fake reader: rendering happens only when a project's serial moves."""

from __future__ import annotations

import gzip
from dataclasses import replace

from stilton.projects import ProjectSnapshot, ProjectSummary, SerialWatcher
from stilton.simple import PageCache, PageFormat


class FakeReader:
    def __init__(self) -> None:
        self.snapshots: dict[str, ProjectSnapshot] = {}
        self.snapshot_reads = 0
        self.serial_reads = 0
        self.index_reads = 0

    def last_serial(self, normalized_name: str) -> int | None:
        self.serial_reads += 1
        found = self.snapshots.get(normalized_name)
        return None if found is None else found.last_serial

    def snapshot(self, normalized_name: str) -> ProjectSnapshot | None:
        self.snapshot_reads += 1
        return self.snapshots.get(normalized_name)

    def projects(self) -> list[ProjectSummary]:
        self.index_reads += 1
        return [
            ProjectSummary(s.name, s.normalized_name, s.last_serial)
            for s in self.snapshots.values()
        ]


def setup() -> tuple[FakeReader, SerialWatcher, PageCache]:
    reader = FakeReader()
    reader.snapshots["demo"] = ProjectSnapshot("Demo", "demo", 3, (), ())
    serials = SerialWatcher(lambda: 0, 1.0)
    serials.advance(3)
    cache = PageCache(reader, serials, capacity=2)  # type: ignore[arg-type]
    return reader, serials, cache


def test_a_page_is_rendered_once_while_nothing_changes() -> None:
    reader, _, cache = setup()
    first = cache.project("demo", PageFormat.HTML)
    second = cache.project("demo", PageFormat.HTML)
    assert first is second
    assert first is not None
    assert reader.snapshot_reads == 1
    assert reader.serial_reads == 1
    assert cache.fresh("demo", PageFormat.HTML) is first


def test_a_move_elsewhere_costs_one_serial_read_and_no_render() -> None:
    reader, serials, cache = setup()
    page = cache.project("demo", PageFormat.HTML)
    serials.advance(4)
    assert cache.fresh("demo", PageFormat.HTML) is None
    assert cache.project("demo", PageFormat.HTML) is page
    assert (reader.serial_reads, reader.snapshot_reads) == (2, 1)


def test_a_change_to_the_project_renders_again() -> None:
    reader, serials, cache = setup()
    page = cache.project("demo", PageFormat.JSON_V1)
    reader.snapshots["demo"] = replace(reader.snapshots["demo"], last_serial=5, versions=("1.0",))
    serials.advance(5)
    again = cache.project("demo", PageFormat.JSON_V1)
    assert again is not None
    assert page is not None
    assert again.serial == 5
    assert again.etag != page.etag
    assert b'"1.0"' in again.body


def test_an_unknown_project_is_none() -> None:
    _, _, cache = setup()
    assert cache.project("missing", PageFormat.HTML) is None


def test_a_deleted_project_drops_its_page() -> None:
    reader, serials, cache = setup()
    cache.project("demo", PageFormat.HTML)
    del reader.snapshots["demo"]
    serials.advance(9)
    assert cache.project("demo", PageFormat.HTML) is None


def test_formats_are_cached_apart_and_gzip_matches_the_body() -> None:
    _, _, cache = setup()
    html = cache.project("demo", PageFormat.HTML)
    json_page = cache.project("demo", PageFormat.JSON_V1)
    assert html is not None
    assert json_page is not None
    assert html.body.startswith(b"<!DOCTYPE html>")
    assert json_page.body.startswith(b"{")
    assert gzip.decompress(html.gzipped) == html.body


def test_the_cache_keeps_at_most_its_capacity() -> None:
    reader, _, cache = setup()
    for name in ("a", "b", "c"):
        reader.snapshots[name] = ProjectSnapshot(name, name, 1, (), ())
        cache.project(name, PageFormat.HTML)
    assert cache.fresh("a", PageFormat.HTML) is None
    assert cache.fresh("c", PageFormat.HTML) is not None


def test_the_index_is_rendered_again_only_after_a_change() -> None:
    reader, serials, cache = setup()
    first = cache.index(PageFormat.JSON_V1)
    assert cache.index(PageFormat.JSON_V1) is first
    assert reader.index_reads == 1
    serials.advance(10)
    assert cache.index(PageFormat.JSON_V1).serial == 10
    assert reader.index_reads == 2
