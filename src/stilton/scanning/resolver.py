"""Resolving what a name in a module refers to: imports, aliases, builtins reached by detours.

`NameResolver.resolve(node)` turns `sp.Popen`, `__import__("os").system`, `getattr(os, "system")`
and `__builtins__.__dict__["exec"]` into `subprocess.Popen`, `os.system`, `os.system` and `exec`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

_BUILTIN_MODULES = ("__builtins__", "builtins", "__builtin__")
_IMPORTERS = frozenset({"__import__", "importlib.import_module"})


class NameResolver:
    def __init__(self, tree: ast.Module) -> None:
        self.aliases: dict[str, str] = {}
        self.star_modules: list[str] = []
        self.imported: set[str] = set()
        for node in statements(tree.body):
            if isinstance(node, ast.Import):
                self._import(node)
            elif isinstance(node, ast.ImportFrom):
                self._import_from(node)

    def _import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.imported.add(alias.name)
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            else:
                head = alias.name.split(".", 1)[0]
                self.aliases.setdefault(head, head)

    def _import_from(self, node: ast.ImportFrom) -> None:
        module = ("." * node.level) + (node.module or "")
        self.imported.add(module)
        for alias in node.names:
            if alias.name == "*":
                self.star_modules.append(module)
                continue
            self.aliases[alias.asname or alias.name] = f"{module}.{alias.name}"

    def resolve(self, node: ast.expr, depth: int = 0) -> str | None:
        """The dotted name `node` refers to, builtins without a module; None if unknown."""
        if depth > 20:
            return None
        if isinstance(node, ast.Name):
            name = self.aliases.get(node.id, node.id)
            return _strip_builtins(name) if "builtin" in name else name
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value, depth + 1)
            if base is None:
                return None
            name = f"{base}.{node.attr}"
            return _strip_builtins(name) if "builtin" in base else name
        if isinstance(node, ast.Call):
            return self._resolve_call(node, depth)
        if isinstance(node, ast.Subscript):
            base = self.resolve(node.value, depth + 1)
            key = literal_str(node.slice)
            if base in ("__builtins__", "builtins.__dict__", "__builtins__.__dict__") and key:
                return key
            if base in ("globals", "vars") and key:
                return key
        return None

    def _resolve_call(self, node: ast.Call, depth: int) -> str | None:
        function = self.resolve(node.func, depth + 1)
        first = literal_str(node.args[0]) if node.args else None
        if function in _IMPORTERS and first:
            return first
        if function == "getattr" and len(node.args) >= 2:
            base = self.resolve(node.args[0], depth + 1)
            attr = literal_str(node.args[1])
            if base and attr:
                return _strip_builtins(f"{base}.{attr}")
        if function in ("globals", "locals", "vars") and not node.args:
            return "globals"
        if function == "vars" and node.args:
            return self.resolve(node.args[0], depth + 1)
        return None


def statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement in `body` and in the blocks nested in it, functions and classes too;
    much cheaper than `ast.walk`, which visits every expression."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        for name in ("body", "orelse", "finalbody"):
            children = getattr(node, name, None)
            if isinstance(children, list):
                stack.extend(reversed(children))
        for handler in getattr(node, "handlers", None) or getattr(node, "cases", None) or ():
            stack.extend(reversed(handler.body))


def _strip_builtins(name: str) -> str:
    if name.endswith(".__dict__"):
        return name
    for prefix in _BUILTIN_MODULES:
        if name.startswith(prefix + ".") and name.count(".") == 1:
            return name[len(prefix) + 1 :]
    if name.startswith(("builtins.__dict__.", "__builtins__.__dict__.")):
        return name.rsplit(".", 1)[1]
    return name


def literal_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def last_literal(node: ast.AST) -> str | None:
    """The last string literal inside `node` (`os.path.join(here, "x.dat")` gives `x.dat`)."""
    found: tuple[tuple[int, int], str] | None = None
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            where = (child.lineno, child.col_offset)
            if found is None or where >= found[0]:
                found = (where, child.value)
    return None if found is None else found[1]
