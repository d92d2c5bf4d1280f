"""Rendered pages, kept until the journal says their project changed."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from stilton.projects import ProjectReader, ProjectSnapshot, ProjectSummary, SerialWatcher
from stilton.simple import render
from stilton.simple.negotiate import PageFormat

INDEX = ""


@dataclass
class RenderedPage:
    serial: int
    checked_at: int
    body: bytes
    gzipped: bytes
    etag: str

    @classmethod
    def build(cls, body: bytes, serial: int, checked_at: int) -> RenderedPage:
        tag = hashlib.blake2b(body, digest_size=12).hexdigest()
        return cls(serial, checked_at, body, gzip.compress(body, 6, mtime=0), tag)


class PageCache:
    """Pages by (project, format); a page is re-checked only after the global serial moves.

    After a change anywhere, the next request for a page costs one indexed query for its
    project's serial; the page is rendered again only when that serial moved.
    """

    def __init__(self, reader: ProjectReader, serials: SerialWatcher, capacity: int) -> None:
        self.reader = reader
        self.serials = serials
        self.capacity = capacity
        self._pages: OrderedDict[tuple[str, PageFormat], RenderedPage] = OrderedDict()
        self._lock = threading.Lock()

    def project(self, normalized_name: str, page_format: PageFormat) -> RenderedPage | None:
        """Blocking (it may query the database): call from a worker thread."""
        key = (normalized_name, page_format)
        now = self.serials.current
        page = self._pages.get(key)
        if page is not None and page.checked_at >= now:
            return page
        serial = self.reader.last_serial(normalized_name)
        if serial is None:
            with self._lock:
                self._pages.pop(key, None)
            return None
        if page is not None and page.serial == serial:
            page.checked_at = now
            return page
        snapshot = self.reader.snapshot(normalized_name)
        if snapshot is None:
            return None
        body = _project_body(snapshot, page_format)
        return self._keep(key, RenderedPage.build(body, snapshot.last_serial, now))

    def fresh(self, normalized_name: str, page_format: PageFormat) -> RenderedPage | None:
        """The cached page if nothing changed since it was checked: no query needed.

        An empty name means the `/simple/` index.
        """
        page = self._pages.get((normalized_name, page_format))
        if page is not None and page.checked_at >= self.serials.current:
            return page
        return None

    def index(self, page_format: PageFormat) -> RenderedPage:
        key = (INDEX, page_format)
        now = self.serials.current
        page = self._pages.get(key)
        if page is not None and page.checked_at >= now:
            return page
        projects = self.reader.projects()
        serial = max([now, *(p.last_serial for p in projects)])
        body = _index_body(projects, serial, page_format)
        return self._keep(key, RenderedPage.build(body, serial, now))

    def _keep(self, key: tuple[str, PageFormat], page: RenderedPage) -> RenderedPage:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.capacity:
                self._pages.popitem(last=False)
        return page


def _project_body(snapshot: ProjectSnapshot, page_format: PageFormat) -> bytes:
    return render.project_json(snapshot) if page_format.is_json else render.project_html(snapshot)


def _index_body(projects: list[ProjectSummary], serial: int, page_format: PageFormat) -> bytes:
    if page_format.is_json:
        return render.index_json(projects, serial)
    return render.index_html(projects)
