"""`ScanContext`: one distribution's parsed view plus the analyses rules share, each run once.

Flow analysis is the expensive part, so it runs only on files that could matter: setup scripts,
in-tree build back ends and startup modules always; any other module only if its text mentions
something the analysis acts on (a sink: exec, process spawning, network, a hook). Files are
analysed most important first, until the time budget runs out.
"""

from __future__ import annotations

import ast
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property

from packaging.utils import canonicalize_name

from stilton.scanning.apis import BACKEND_HOOKS
from stilton.scanning.facts import MAIN_SCOPE, MODULE_SCOPE, ModuleFacts
from stilton.scanning.flow import analyze_module
from stilton.scanning.literals import secret_kinds
from stilton.scanning.models import PriorRelease, ScanPolicy
from stilton.scanning.view import ArchiveView, SourceFile

INSTALL_ROLES = frozenset({"setup", "backend", "startup"})


@dataclass
class ScanContext:
    view: ArchiveView
    policy: ScanPolicy
    deadline: float
    known_projects: frozenset[str] = frozenset()
    previous: PriorRelease | None = None
    incomplete: list[str] = field(default_factory=list)

    @cached_property
    def name(self) -> str | None:
        """The project name: from the metadata, else from the filename."""
        if self.view.metadata is not None:
            return self.view.metadata.name
        stem = self.view.filename.rsplit("/", 1)[-1]
        for suffix in (".whl", ".tar.gz", ".zip", ".tgz"):
            stem = stem.removesuffix(suffix)
        name = stem.split("-", 1)[0] if self.view.filename.endswith(".whl") else stem
        if not self.view.filename.endswith(".whl"):
            name = stem.rsplit("-", 1)[0]
        return name or None

    @cached_property
    def normalized_name(self) -> str | None:
        return canonicalize_name(self.name) if self.name else None

    @cached_property
    def version(self) -> str | None:
        if self.view.metadata is not None:
            return self.view.metadata.version
        parts = self.view.filename.split("-")
        if self.view.filename.endswith(".whl") and len(parts) >= 2:
            return parts[1]
        stem = self.view.filename.removesuffix(".tar.gz").removesuffix(".zip")
        return stem.rsplit("-", 1)[1] if "-" in stem else None

    def parse(self, source: SourceFile) -> bool:
        return source.tree(self.policy.max_parse_bytes) is not None

    @cached_property
    def modules(self) -> dict[str, ModuleFacts]:
        """Flow analysis of every file that needs it, most important first, within the budget."""
        order = {"setup": 0, "backend": 0, "startup": 0, "module": 1, "test": 2}
        chosen = [source for source in self.view.sources if self._needs_flow(source)]
        chosen.sort(key=lambda s: (order[s.role], not s.path.endswith("__init__.py"), len(s.data)))
        results: dict[str, ModuleFacts] = {}
        for source in chosen:
            if time.thread_time() > self.deadline:
                self.incomplete.append(
                    f"time budget spent; {len(chosen) - len(results)} files not analysed"
                )
                break
            tree = source.tree(self.policy.max_parse_bytes)
            if tree is None:
                continue
            try:
                results[source.path] = analyze_module(tree, source.text, source.path)
            except RecursionError:
                source.parse_error = "too deeply nested to analyse"
        return results

    def _needs_flow(self, source: SourceFile) -> bool:
        if source.role == "test":
            return False
        if source.role in INSTALL_ROLES or source.signals.needs_flow:
            return True
        return source.path.endswith("__init__.py") and source.signals.has("network")

    @cached_property
    def secret_kinds(self) -> dict[str, dict[str, tuple[int, str]]]:
        """Per non-test source: the kinds of credential store its literals name."""
        found = {}
        for source in self.view.sources:
            if source.role == "test" or not source.signals.has("strong-source"):
                continue
            kinds = secret_kinds(source)
            if kinds:
                found[source.path] = kinds
        return found

    @cached_property
    def sources_by_path(self) -> dict[str, SourceFile]:
        return {source.path: source for source in self.view.sources}

    def role(self, path: str | None) -> str:
        source = self.sources_by_path.get(path or "")
        return source.role if source else ("test" if path is None else "module")

    @cached_property
    def install_scopes(self) -> dict[str, set[str]]:
        """For setup scripts, in-tree back ends and startup modules: the scopes that run at
        install or start-up (module body, command classes, back-end hooks, what they call)."""
        result: dict[str, set[str]] = {}
        for path, facts in self.modules.items():
            role = self.role(path)
            if role not in INSTALL_ROLES:
                continue
            entries = {MODULE_SCOPE}
            if role == "setup":
                entries.add(MAIN_SCOPE)
                for command in facts.commands:
                    entries.update(facts.classes.get(command, ()))
            elif role == "backend":
                entries.update(name for name in facts.scopes if name in BACKEND_HOOKS)
            else:
                entries.update(name for name in facts.scopes if name in self.pth_calls)
            result[path] = reachable(facts, entries)
        return result

    @cached_property
    def pth_calls(self) -> frozenset[str]:
        """Names of the functions executable `.pth` lines call (`mod.install()` gives
        `install`): with the module bodies they import, what runs at start-up."""
        names: set[str] = set()
        for pth in self.view.pth_files:
            for _, line in pth.executable_lines:
                try:
                    tree = ast.parse(line)
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    continue
                for node in ast.walk(tree):
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                        names.add(node.func.attr)
        return frozenset(names)

    def in_install_scope(self, path: str, scope: str) -> bool:
        return scope in self.install_scopes.get(path, set())

    def runs_unasked(self, path: str, scope: str) -> bool:
        """Whether `scope` runs without the user calling it: at install or start-up, or when
        the module is imported (its body and the functions the body calls)."""
        return self.in_install_scope(path, scope) or scope in self.import_scopes.get(path, ())

    @cached_property
    def import_scopes(self) -> dict[str, set[str]]:
        """Per analysed module: the scopes that run when it is imported."""
        return {path: reachable(facts, {MODULE_SCOPE}) for path, facts in self.modules.items()}

    @cached_property
    def capabilities(self) -> frozenset[str]:
        """What the distribution's code can do, for comparing releases."""
        found: set[str] = set()
        for source in self.view.sources:
            if source.role != "test":
                found.update(source.signals.imports)
        for path, facts in self.modules.items():
            if self.role(path) == "test":
                continue
            uses = facts.capabilities()
            found.update(name for use, name in _CAPABILITIES.items() if use in uses)
            if any(event.kind in _OBFUSCATION_EVENTS for event in facts.events):
                found.add("obfuscation")
        for path, scopes in self.install_scopes.items():
            install_uses = set(self.modules[path].capabilities(scopes))
            if install_uses & _INSTALL_TIME_USES:
                found.add("install-time")
            if "network" in install_uses:
                found.add("install-network")
            if "process-unusual" in install_uses:
                found.add("install-process")
        if any(pth.executable_lines for pth in self.view.pth_files):
            found.add("startup-hook")
        return frozenset(found)


_CAPABILITIES = {
    "network": "network",
    "network-client": "network",
    "process": "process",
    "fs-write": "filesystem",
    "native": "native-code",
    "injection": "native-code",
    "dynamic-code": "dynamic-code",
    "secrets": "credentials",
    "keyboard": "surveillance",
    "screenshot": "surveillance",
    "clipboard": "surveillance",
}
_INSTALL_TIME_USES = frozenset(
    {"network", "process-unusual", "dynamic-code", "secrets", "fs-write-home", "drop"}
)
_OBFUSCATION_EVENTS = frozenset({"exec-decoded", "dynamic-name", "exec-file", "drop-exec"})


def reachable(facts: ModuleFacts, entries: set[str]) -> set[str]:
    seen: set[str] = set()
    stack = [name for name in entries if name in facts.scopes]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        for callee in facts.scopes[name].callees:
            if callee.startswith("class:"):
                stack.extend(facts.classes.get(callee[6:], ()))
            elif callee in facts.scopes:
                stack.append(callee)
    return seen


def normalize_names(names: Collection[str]) -> frozenset[str]:
    return frozenset(canonicalize_name(name) for name in names)
