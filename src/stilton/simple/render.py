"""PEP 503 HTML and PEP 691/700 JSON bodies; file URLs are relative to `/simple/<name>/`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any

from stilton.projects import FileView, ProjectSnapshot, ProjectSummary

API_VERSION = "1.1"
_FILES_FROM_PROJECT_PAGE = "../../packages/"


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def index_html(projects: Sequence[ProjectSummary]) -> bytes:
    anchors = "".join(
        f'<a href="{escape(p.normalized_name)}/">{escape(p.name)}</a><br>\n' for p in projects
    )
    return (
        "<!DOCTYPE html>\n<html><head>"
        f'<meta name="pypi:repository-version" content="{API_VERSION}">'
        "<title>Simple index</title></head>\n<body>\n"
        f"{anchors}</body></html>\n"
    ).encode()


def index_json(projects: Sequence[ProjectSummary], serial: int) -> bytes:
    return _json(
        {
            "meta": {"api-version": API_VERSION, "_last-serial": serial},
            "projects": [{"name": p.name, "_last-serial": p.last_serial} for p in projects],
        }
    )


def project_html(snapshot: ProjectSnapshot) -> bytes:
    title = escape(snapshot.name)
    anchors = "".join(_anchor(file) for file in snapshot.files)
    return (
        "<!DOCTYPE html>\n<html><head>"
        f'<meta name="pypi:repository-version" content="{API_VERSION}">'
        f"<title>Links for {title}</title></head>\n<body>\n<h1>Links for {title}</h1>\n"
        f"{anchors}</body></html>\n"
    ).encode()


def _anchor(file: FileView) -> str:
    attributes = [f'href="{_FILES_FROM_PROJECT_PAGE}{escape(file.path)}#sha256={file.sha256}"']
    if file.requires_python:
        attributes.append(f'data-requires-python="{escape(file.requires_python)}"')
    if file.metadata_sha256:
        value = f"sha256={file.metadata_sha256}"
        attributes.append(f'data-dist-info-metadata="{value}" data-core-metadata="{value}"')
    if file.yanked:
        attributes.append(f'data-yanked="{escape(file.yanked_reason or "")}"')
    return f"<a {' '.join(attributes)}>{escape(file.filename)}</a><br>\n"


def project_json(snapshot: ProjectSnapshot) -> bytes:
    return _json(
        {
            "meta": {"api-version": API_VERSION, "_last-serial": snapshot.last_serial},
            "name": snapshot.normalized_name,
            "versions": list(snapshot.versions),
            "files": [_file_json(file) for file in snapshot.files],
        }
    )


def _file_json(file: FileView) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "filename": file.filename,
        "url": _FILES_FROM_PROJECT_PAGE + file.path,
        "hashes": {"sha256": file.sha256},
        "requires-python": file.requires_python,
        "size": file.size,
        "upload-time": file.upload_time.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "yanked": (file.yanked_reason or True) if file.yanked else False,
    }
    if file.metadata_sha256:
        entry["core-metadata"] = {"sha256": file.metadata_sha256}
        entry["dist-info-metadata"] = {"sha256": file.metadata_sha256}
    return entry
