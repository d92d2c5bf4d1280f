from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from stilton.scanning import ScanReport, scan_file
from tests.builders import build_sdist, build_wheel
from tests.corpus import CorpusItem, build_corpus

Scan = Callable[..., ScanReport]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CorpusItem]:
    """The whole corpus, built once per test session."""
    items = build_corpus(tmp_path_factory.mktemp("corpus"))
    return {item.pattern: item for item in items}


@pytest.fixture(scope="session")
def corpus_reports(corpus: dict[str, CorpusItem]) -> dict[str, ScanReport]:
    return {pattern: scan_file(item.path) for pattern, item in corpus.items()}


@pytest.fixture
def wheel(tmp_path: Path) -> Callable[..., Path]:
    """Build a wheel holding `files` (path -> text) plus whatever options build_wheel takes."""
    counter = iter(range(1000))

    def make(files: Mapping[str, str], name: str = "sample", version: str = "1.0", **options):
        folder = tmp_path / f"w{next(counter)}"
        folder.mkdir()
        modules = {"sample/__init__.py": '__version__ = "1.0"\n', **files}
        return build_wheel(folder, name, version, modules=modules, **options)

    return make


@pytest.fixture
def sdist(tmp_path: Path) -> Callable[..., Path]:
    """Build an sdist holding `files` (path under its top directory -> text)."""
    counter = iter(range(1000))

    def make(files: Mapping[str, str], name: str = "sample", version: str = "1.0", **options):
        folder = tmp_path / f"s{next(counter)}"
        folder.mkdir()
        modules = {"sample/__init__.py": '__version__ = "1.0"\n', **files}
        return build_sdist(folder, name, version, modules=modules, **options)

    return make


def rules_of(report: ScanReport) -> set[str]:
    return {finding.rule for finding in report.findings}
