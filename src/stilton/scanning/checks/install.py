"""Install-time and start-up code: setup scripts, in-tree build back ends, `.pth` files."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

from stilton.scanning.context import ScanContext
from stilton.scanning.facts import MODULE_SCOPE, Use
from stilton.scanning.flow import analyze_module
from stilton.scanning.models import Category, Severity
from stilton.scanning.rules import Hit, Rule

_WHERE = {
    "setup": "setup.py runs it on every install from source",
    "backend": "the in-tree build back end runs it on every build",
    "startup": "a .pth file imports this module at every interpreter start",
}
_PTH_CODE_USES = frozenset(
    {
        "network",
        "process",
        "dynamic-code",
        "exec-call",
        "fs-write",
        "secrets",
        "drop",
        "native",
        "injection",
        "keyboard",
        "clipboard",
        "screenshot",
        "registry-write",
    }
)
_ODD_PATH_ENTRY = re.compile(
    r"\.(zip|egg|whl|dat|bin|png|jpe?g|gif|txt|so|dll|pyc)$|^/tmp/|^[A-Za-z]:\\", re.IGNORECASE
)


def install_uses(ctx: ScanContext, capability: str) -> Iterator[tuple[str, str, Use]]:
    """(path, role, first use) of `capability` in code that runs at install or start-up."""
    for path, scopes in ctx.install_scopes.items():
        facts = ctx.modules[path]
        for name in sorted(scopes):
            use = facts.scopes[name].uses.get(capability)
            if use is not None:
                yield path, ctx.role(path), use
                break


def _install(capability: str) -> Callable[[ScanContext], Iterator[Hit]]:
    def check(ctx: ScanContext) -> Iterator[Hit]:
        for path, role, use in install_uses(ctx, capability):
            detail = f"{_WHERE[role]}" + (f" ({use.detail})" if use.detail else "")
            yield Hit(path, use.line, use.evidence, detail)

    return check


def pth_executes_code(ctx: ScanContext) -> Iterator[Hit]:
    for pth in ctx.view.pth_files:
        for number, line in pth.executable_lines:
            what = _pth_line_does(line, pth.path)
            if what:
                yield Hit(pth.path, number, line[:200], what)


def _pth_line_does(line: str, path: str) -> str:
    try:
        tree = ast.parse(line)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return "the line does not parse, but site runs it at every start"
    facts = analyze_module(tree, line, path)
    uses = set(facts.capabilities()) & _PTH_CODE_USES
    kinds = {event.kind for event in facts.events}
    found = sorted(uses | kinds)
    return f"it uses {', '.join(found)}" if found else ""


def pth_import_hook(ctx: ScanContext) -> Iterator[Hit]:
    for pth in ctx.view.pth_files:
        for number, line in pth.executable_lines:
            if not _pth_line_does(line, pth.path):
                yield Hit(pth.path, number, line[:200])


def pth_path_entry(ctx: ScanContext) -> Iterator[Hit]:
    for pth in ctx.view.pth_files:
        for number, line in enumerate(pth.text.splitlines(), 1):
            entry = line.strip()
            if entry and not entry.startswith(("#", "import")) and _ODD_PATH_ENTRY.search(entry):
                yield Hit(pth.path, number, entry[:200])


def import_time_network(ctx: ScanContext) -> Iterator[Hit]:
    for path, facts in ctx.modules.items():
        if ctx.role(path) != "module":
            continue
        use = facts.scopes[MODULE_SCOPE].uses.get("network")
        if use is not None:
            yield Hit(path, use.line, use.evidence, use.detail)


RULES = (
    Rule(
        "install-network",
        Category.INSTALL_TIME,
        Severity.HIGH,
        "Code that runs at install or start-up talks to the network (HTTP, sockets, DNS): "
        "the way droppers fetch a second stage and stealers report home.",
        "A setup.py that only names its URL in setup(url=...); network code in library "
        "functions that nothing runs at install time.",
        _install("network"),
    ),
    Rule(
        "install-process",
        Category.INSTALL_TIME,
        Severity.MEDIUM,
        "Code that runs at install or start-up starts a program that is not a build tool "
        "(pip, curl, powershell, an unknown binary).",
        "setup.py running git describe, pkg-config, cmake or the compiler from a build_ext "
        "command.",
        _install("process-unusual"),
    ),
    Rule(
        "install-exec",
        Category.INSTALL_TIME,
        Severity.MEDIUM,
        "Code that runs at install or start-up runs code it did not read from the "
        "package's own Python files (exec/eval/compile of computed text).",
        "setup.py doing exec(open('pkg/version.py').read()) to read its version.",
        _install("dynamic-code"),
    ),
    Rule(
        "install-secret-access",
        Category.INSTALL_TIME,
        Severity.HIGH,
        "Code that runs at install or start-up touches credential stores (~/.ssh, cloud "
        "credentials, browser profiles, wallets, tokens).",
        "setup.py reading its own README and requirements files.",
        _install("secrets"),
    ),
    Rule(
        "install-writes-outside",
        Category.INSTALL_TIME,
        Severity.HIGH,
        "Code that runs at install or start-up writes or deletes files in the user's home "
        "or profile directories, outside the package being built.",
        "setup.py writing pkg/_version.py inside its own source tree.",
        _install("fs-write-home"),
    ),
    Rule(
        "install-drops-file",
        Category.INSTALL_TIME,
        Severity.HIGH,
        "Code that runs at install or start-up decodes embedded data and writes it to a "
        "file: a dropper unpacking its payload.",
        "A build step copying data files that ship as files.",
        _install("drop"),
    ),
    Rule(
        "pth-executes-code",
        Category.INSTALL_TIME,
        Severity.CRITICAL,
        "A .pth file has an executable line (site runs it at every interpreter start) that "
        "does more than import a module: it runs code, spawns, downloads or decodes.",
        "setuptools' distutils-precedence.pth and editable-install finders, which only "
        "import a module and call its hook.",
        pth_executes_code,
    ),
    Rule(
        "pth-import-hook",
        Category.INSTALL_TIME,
        Severity.LOW,
        "A .pth file imports a module at every interpreter start; that module is then "
        "checked as start-up code.",
        "Editable installs, coverage's process start-up, pywin32's bootstrap.",
        pth_import_hook,
    ),
    Rule(
        "pth-path-entry",
        Category.OBFUSCATION,
        Severity.MEDIUM,
        "A .pth file puts an archive or data file (.zip, .dat, .png, ...) or a temporary "
        "directory on sys.path, so code hidden in it can be imported.",
        "A .pth that lists a plain source directory.",
        pth_path_entry,
    ),
    Rule(
        "import-time-network",
        Category.INSTALL_TIME,
        Severity.MEDIUM,
        "A module talks to the network as soon as it is imported, at module level.",
        "Network calls inside functions that the user's code calls.",
        import_time_network,
    ),
)
