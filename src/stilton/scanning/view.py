"""The parsed view of a distribution that rules look at: members, sources with their roles,
`.pth` files, the build system, the core metadata. Built from one bounded pass over the archive.

Roles say when a file's code runs:
- `setup`: an sdist's `setup.py`, run by every install from source;
- `backend`: a build back end the sdist declares in-tree (`backend-path`), run the same way;
- `startup`: a module imported by an executable `.pth` line, run at every interpreter start;
- `test`: tests, docs, examples and benchmarks, which installing never runs;
- `module`: everything else, run when imported.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from stilton.distributions import (
    ArchiveMember,
    CoreMetadata,
    DistributionError,
    parse_core_metadata,
)
from stilton.scanning.archive import ArchiveRead, Problem, read_archive, sniff_kind
from stilton.scanning.models import ScanPolicy
from stilton.scanning.signals import Signals, signals

_SOURCE_SUFFIXES = (".py", ".pyw")
_ALWAYS = ("setup.py", "pyproject.toml", "setup.cfg")
_TEST_PARTS = frozenset(
    {"test", "tests", "testing", "doc", "docs", "example", "examples", "benchmarks", "bench"}
)
_SDIST_TOOLING = frozenset(
    {
        "scripts",
        "tools",
        "tool",
        "ci",
        ".github",
        "dev",
        "devtools",
        "misc",
        "contrib",
        "build_tools",
        "maint",
        "maintenance",
        "utils",
        "bin",
    }
)
"""Directories at an sdist's top that hold the project's own tooling, not installed code."""
_TEST_FILE = re.compile(r"^(test_.*|.*_test|conftest)\.py$")
_PTH_IMPORT = re.compile(r"^import[ \t]")
_IMPORT_LINE = re.compile(rb"^\s*(?:from\s+([\w.]+)\s+import\s+([\w, ]+)|import\s+([\w.]+))", re.M)
_TEST_IMPORT_HINTS = tuple(
    prefix + word
    for prefix in (b".", b"import ", b"from ")
    for word in (b"test", b"doc", b"example", b"bench")
)


@dataclass
class SourceFile:
    path: str
    data: bytes
    truncated: bool
    role: str
    parse_error: str | None = None
    _tree: ast.Module | None = field(default=None, repr=False)
    _parsed: bool = field(default=False, repr=False)

    @cached_property
    def text(self) -> str:
        return decode_source(self.data)

    @cached_property
    def signals(self) -> Signals:
        return signals(self.data)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def tree(self, max_bytes: int) -> ast.Module | None:
        """The module's AST, parsed once; None if too big, cut short or not Python 3."""
        if self._parsed:
            return self._tree
        self._parsed = True
        if self.truncated or len(self.data) > max_bytes:
            self.parse_error = "too large to parse"
            return None
        try:
            self._tree = ast.parse(self.data, filename=self.path)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as error:
            self.parse_error = f"{type(error).__name__}: {str(error)[:120]}"
        return self._tree


@dataclass(frozen=True)
class PthFile:
    path: str
    text: str

    @property
    def executable_lines(self) -> list[tuple[int, str]]:
        """Lines `site` runs: those starting with `import` followed by a space or tab."""
        return [
            (number, line)
            for number, line in enumerate(self.text.splitlines(), 1)
            if _PTH_IMPORT.match(line)
        ]


@dataclass
class ArchiveView:
    filename: str
    kind: str
    """`wheel`, `sdist` or `unknown` (not a readable zip or gzipped tar)."""
    members: list[ArchiveMember]
    sources: list[SourceFile]
    pth_files: list[PthFile]
    metadata: CoreMetadata | None
    metadata_problem: str | None
    problems: list[Problem]
    root: str
    """An sdist's top-level directory with a trailing `/`; empty for wheels."""
    build_backend: str | None = None
    backend_paths: tuple[str, ...] = ()
    unread_sources: int = 0

    @cached_property
    def member_paths(self) -> frozenset[str]:
        return frozenset(member.path for member in self.members)


def decode_source(data: bytes) -> str:
    """Source bytes as text: by BOM or coding cookie, else UTF-8; never fails."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data[:4096]).readline)
    except (SyntaxError, LookupError):
        encoding = "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def is_test_path(path: str) -> bool:
    """Tests, docs, examples and benchmarks: a directory of one of those names below the top
    level (a top-level package named `tests` in a wheel is importable code like any other), or
    a `test_*.py` file."""
    parts = path.split("/")
    return any(part.lower() in _TEST_PARTS for part in parts[1:-1]) or bool(
        _TEST_FILE.match(parts[-1])
    )


def build_view(
    path: Path,
    filename: str,
    policy: ScanPolicy,
    deadline: float,
    metadata: CoreMetadata | None = None,
) -> ArchiveView:
    kind = sniff_kind(path, filename)
    if kind is None:
        problem = Problem("unreadable-archive", None, "not a zip or gzipped tar archive")
        return ArchiveView(filename, "unknown", [], [], [], metadata, None, [problem], "")
    limits = policy.archive_limits

    def want(member: str, size: int) -> tuple[int, int] | None:
        return _want(member, size, policy, limits.max_metadata_size)

    read = read_archive(
        path,
        kind,
        want,
        limits=limits,
        max_total_bytes=policy.max_total_bytes,
        deadline=deadline,
    )
    is_wheel = filename.lower().endswith(".whl")
    root = "" if is_wheel else _sdist_root(read)
    view = ArchiveView(
        filename=filename,
        kind="wheel" if is_wheel else "sdist",
        members=read.members,
        sources=[],
        pth_files=[],
        metadata=metadata,
        metadata_problem=None,
        problems=list(read.problems),
        root=root,
    )
    if metadata is None:
        _read_metadata(view, read, is_wheel)
    _read_build_system(view, read)
    _collect_files(view, read)
    return view


def _want(path: str, size: int, policy: ScanPolicy, metadata_cap: int) -> tuple[int, int] | None:
    name = path.rsplit("/", 1)[-1]
    depth = path.count("/")
    if name in ("METADATA", "PKG-INFO") and depth <= 2:
        return (0, metadata_cap)
    if name in _ALWAYS and depth <= 2:
        return (0, policy.max_file_bytes)
    if name.endswith(".pth"):
        return (0, 1024 * 1024)
    if name.endswith(_SOURCE_SUFFIXES):
        if is_test_path(path):
            return (3, policy.max_file_bytes)
        return (1 if name == "__init__.py" else 2, policy.max_file_bytes)
    return None


def _sdist_root(read: ArchiveRead) -> str:
    tops = {member.path.split("/", 1)[0] for member in read.members}
    if len(tops) == 1:
        top = next(iter(tops))
        if any("/" in member.path for member in read.members):
            return top + "/"
    return ""


def _read_metadata(view: ArchiveView, read: ArchiveRead, is_wheel: bool) -> None:
    candidates = sorted(
        path
        for path in read.contents
        if (is_wheel and path.endswith(".dist-info/METADATA") and path.count("/") == 1)
        or (not is_wheel and path.endswith("/PKG-INFO") and path.count("/") <= 2)
    )
    candidates.sort(key=lambda p: (p.count("/"), ".egg-info/" in p))
    if not candidates:
        view.metadata_problem = "no metadata file"
        return
    try:
        view.metadata = parse_core_metadata(read.contents[candidates[0]])
    except DistributionError as error:
        view.metadata_problem = str(error)
    except (ValueError, UnicodeError, RecursionError) as error:  # pragma: no cover - defensive
        view.metadata_problem = f"metadata cannot be parsed: {error}"


def _read_build_system(view: ArchiveView, read: ArchiveRead) -> None:
    data = read.contents.get(f"{view.root}pyproject.toml") if view.root else None
    if data is None:
        return
    try:
        document = tomllib.loads(data.decode("utf-8", errors="replace"))
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return
    system = document.get("build-system")
    if not isinstance(system, dict):
        return
    backend = system.get("build-backend")
    paths = system.get("backend-path")
    if isinstance(backend, str):
        view.build_backend = backend.split(":", 1)[0].strip()
    if isinstance(paths, list):
        view.backend_paths = tuple(str(p).strip("/").removeprefix("./") for p in paths)


def _collect_files(view: ArchiveView, read: ArchiveRead) -> None:
    backend_files = _backend_files(view)
    setup_path = f"{view.root}setup.py" if view.root else None
    for path, data in read.contents.items():
        if path.endswith(".pth"):
            view.pth_files.append(PthFile(path, decode_source(data)))
        elif path.endswith(_SOURCE_SUFFIXES):
            if path == setup_path:
                role = "setup"
            elif path in backend_files:
                role = "backend"
            elif is_test_path(path.removeprefix(view.root)) or _is_tooling(path, view.root):
                role = "test"
            else:
                role = "module"
            source = SourceFile(path, data, path in read.truncated, role)
            if source.truncated:
                source.parse_error = f"cut at {len(data)} bytes: too large to read whole"
            view.sources.append(source)
    startup = _startup_modules(view)
    for source in view.sources:
        if source.path in startup and source.role in ("module", "test"):
            source.role = "startup"
    wanted = sum(
        1 for member in view.members if member.path.endswith(_SOURCE_SUFFIXES) and not member.is_dir
    )
    view.unread_sources = max(wanted - len(view.sources), 0)


def _is_tooling(path: str, root: str) -> bool:
    if not root or not path.startswith(root):
        return False
    parts = path.removeprefix(root).split("/")
    return len(parts) > 1 and parts[0].lower() in _SDIST_TOOLING


def _promote_imported_tests(view: ArchiveView) -> None:
    """A test, docs or examples module that package code imports runs like package code."""
    tests = {
        _import_path(s.path, view.root).removesuffix(".py").removesuffix("/__init__"): s
        for s in view.sources
        if s.role == "test"
    }
    if not tests:
        return
    imported: set[str] = set()
    for source in view.sources:
        if source.role != "test" and any(hint in source.data for hint in _TEST_IMPORT_HINTS):
            for match in _IMPORT_LINE.finditer(source.data):
                module = (match.group(1) or match.group(3) or b"").decode("ascii", "replace")
                names = (match.group(2) or b"").decode("ascii", "replace")
                imported.add(module)
                imported.update(f"{module}.{n.strip()}" for n in names.split(",") if n.strip())
    imported = {name for name in imported if _TEST_PARTS & set(name.split("."))}
    for name in imported:
        relative = name.lstrip(".").replace(".", "/")
        for module, source in tests.items():
            if module == relative or module.startswith(relative + "/") or relative.endswith(module):
                source.role = "module"


def _backend_files(view: ArchiveView) -> set[str]:
    if not view.build_backend or not view.backend_paths:
        return set()
    module = view.build_backend.replace(".", "/")
    files = set()
    for base in view.backend_paths:
        prefix = f"{view.root}{base}/" if base not in ("", ".") else view.root
        files.add(f"{prefix}{module}.py")
        files.add(f"{prefix}{module}/__init__.py")
    return files


def _startup_modules(view: ArchiveView) -> set[str]:
    """Source files of modules that executable `.pth` lines import."""
    names: set[str] = set()
    for pth in view.pth_files:
        for _, line in pth.executable_lines:
            names.update(_imported_by(line))
    found = set()
    for name in names:
        relative = name.replace(".", "/")
        for source in view.sources:
            stem = _import_path(source.path, view.root)
            if stem in (f"{relative}.py", f"{relative}/__init__.py"):
                found.add(source.path)
    return found


def _imported_by(line: str) -> set[str]:
    try:
        tree = ast.parse(line)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _import_path(path: str, root: str) -> str:
    """`pkg/mod.py` as imported: without an sdist root, `src/`, or a wheel's `.data` prefix."""
    path = path.removeprefix(root)
    parts = path.split("/")
    if len(parts) > 2 and parts[0].endswith(".data") and parts[1] in ("purelib", "platlib"):
        return "/".join(parts[2:])
    if parts[0] in ("src", "lib") and len(parts) > 1:
        return "/".join(parts[1:])
    return path
