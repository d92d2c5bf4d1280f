"""Write the corpus to disk: one wheel or sdist per fixture."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.builders import build_tar_gz, build_wheel, dist_name, render_metadata
from tests.builders.metadata import render_pyproject
from tests.corpus.benign import BENIGN
from tests.corpus.fixtures import Fixture
from tests.corpus.malicious import MALICIOUS


@dataclass(frozen=True)
class CorpusItem:
    path: Path
    expected_malicious: bool
    pattern: str
    modelled_on: str = ""


def fixtures() -> tuple[Fixture, ...]:
    return MALICIOUS + BENIGN


def build_corpus(dest: Path) -> list[CorpusItem]:
    """Build every fixture into `dest` (malicious ones under `malicious/`, benign ones under
    `benign/`) and say what each is expected to be."""
    items = []
    for fixture in fixtures():
        folder = dest / ("malicious" if fixture.malicious else "benign") / fixture.pattern
        folder.mkdir(parents=True, exist_ok=True)
        path = _build(fixture, folder)
        items.append(CorpusItem(path, fixture.malicious, fixture.pattern, fixture.modelled_on))
    return items


def _build(fixture: Fixture, folder: Path) -> Path:
    if fixture.kind == "wheel":
        return build_wheel(
            folder,
            fixture.project,
            fixture.version,
            requires_dist=fixture.requires_dist,
            summary=fixture.summary,
            description=fixture.description,
            extra_metadata=fixture.extra_metadata,
            modules=dict(fixture.files),
            extra_members=dict(fixture.binary),
        )
    return _build_sdist(fixture, folder)


def _build_sdist(fixture: Fixture, folder: Path) -> Path:
    root = f"{dist_name(fixture.project)}-{fixture.version}"
    metadata = render_metadata(
        fixture.project,
        fixture.version,
        metadata_version="2.2",
        summary=fixture.summary,
        description=fixture.description,
        requires_dist=fixture.requires_dist,
        extra_metadata=fixture.extra_metadata,
    )
    files = {path: text.encode("utf-8") for path, text in fixture.files.items()}
    files.update(fixture.binary)
    if "pyproject.toml" not in files:
        files["pyproject.toml"] = render_pyproject(
            fixture.project,
            fixture.version,
            summary=fixture.summary,
            requires_dist=fixture.requires_dist,
            requires_python=None,
        )
    members = [(f"{root}/PKG-INFO", metadata)]
    members.extend((f"{root}/{path}", data) for path, data in sorted(files.items()))
    return build_tar_gz(folder, f"{root}.tar.gz", members)
