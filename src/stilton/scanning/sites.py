"""A call site as the flow analysis sees it, and the small functions on labels and call
expressions that the call analysis shares."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass

from stilton.scanning.facts import EMPTY, Labels, Scope
from stilton.scanning.resolver import last_literal, literal_str

PAYLOAD_KEYWORDS = frozenset(
    {
        "data",
        "json",
        "files",
        "params",
        "body",
        "content",
        "message",
        "msg",
        "text",
        "embeds",
        "embed",
        "payload",
        "fields",
        "file",
        "form",
        "description",
    }
)
PROCESS_KEYWORDS = frozenset({"args", "executable", "stdin", "stdout", "stderr", "input", "cmd"})
OBFUSCATED = frozenset({"split-literal", "chr", "xor", "int-list"})
CODE_ORIGINS = frozenset({"blob", "network", "socket-data", "downloaded", "int-list"})
CODE_EXTENSIONS = frozenset({"", ".py", ".pyw", ".pyc", ".pyo"})
HOME_VARIABLES = frozenset({"HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "TEMP", "TMP"})
SHELLS = ("/bin/sh", "/bin/bash", "/bin/zsh", "cmd.exe", "powershell", "sh", "bash")
WRITE_MODES = frozenset("wax+")
LOADERS = {
    "importlib.machinery.SourceFileLoader": 1,
    "importlib.machinery.SourcelessFileLoader": 1,
    "importlib.util.spec_from_file_location": 1,
    "imp.load_source": 1,
    "imp.load_compiled": 1,
    "runpy.run_path": 0,
}
STRING_TRANSFORMS = frozenset(
    {
        "encode",
        "decode",
        "strip",
        "lstrip",
        "rstrip",
        "replace",
        "lower",
        "upper",
        "swapcase",
        "translate",
        "zfill",
        "ljust",
        "rjust",
        "center",
        "expandtabs",
        "removeprefix",
        "removesuffix",
        "split",
        "splitlines",
        "read",
        "getvalue",
        "tobytes",
        "hex",
    }
)
MUTATORS = frozenset(
    {"append", "extend", "update", "add", "insert", "write", "writelines", "setdefault", "put"}
)


@dataclass
@dataclass
class Site:
    node: ast.Call
    name: str | None
    args: list[Labels]
    kwargs: dict[str, Labels]
    receiver: Labels

    def arg(self, index: int, *keywords: str) -> Labels:
        if index < len(self.args):
            return self.args[index]
        for keyword in keywords:
            if keyword in self.kwargs:
                return self.kwargs[keyword]
        return EMPTY

    def arg_node(self, index: int, *keywords: str) -> ast.expr | None:
        if index < len(self.node.args):
            return self.node.args[index]
        for keyword in self.node.keywords:
            if keyword.arg in keywords:
                return keyword.value
        return None

    def everything(self) -> Labels:
        labels = EMPTY
        for value in (*self.args, *self.kwargs.values()):
            labels |= value
        return labels


def strip_objects(labels: Labels) -> Labels:
    if not any(label.startswith("obj:") for label in labels):
        return labels
    return frozenset(label for label in labels if not label.startswith("obj:"))


def decoders(labels: Labels) -> list[str]:
    return sorted(label[8:] for label in labels if label.startswith("decoded:"))


def passed_through(site: Site) -> Labels:
    """What an unknown call returns: what its receiver and arguments carry, except that only
    the first argument passes on being embedded data (`to_bytes(x, errors="...")` is not a
    blob because of its options)."""
    labels = site.receiver
    func = site.node.func
    if isinstance(func, ast.Attribute) and func.attr not in STRING_TRANSFORMS:
        labels -= {"blob"}  # `PATTERN.match(x)` is not the pattern's literal
    if site.args:
        labels |= site.args[0]
    rest = EMPTY
    for value in (*site.args[1:], *site.kwargs.values()):
        rest |= value
    return strip_objects(labels | (rest - {"blob"}))


def bind(callee: Scope, site: Site, *, skip_first: bool) -> dict[str, Labels]:
    params = list(callee.params)
    if skip_first and params and params[0] in ("self", "cls"):
        params = params[1:]
    bound = dict(zip(params, site.args, strict=False))
    for keyword, labels in site.kwargs.items():
        if keyword in callee.params:
            bound[keyword] = labels
    return bound


def substitute(labels: Labels, bound: dict[str, Labels]) -> Labels:
    if not any(label.startswith("param:") for label in labels):
        return labels
    result = {label for label in labels if not label.startswith("param:")}
    for label in labels:
        if label.startswith("param:"):
            result |= bound.get(label[6:], EMPTY)
    return frozenset(result)


def local_code(labels: Labels) -> bool:
    """Code read from a Python file of the package itself (`exec(open("version.py").read())`)."""
    files = [label for label in labels if label.startswith("file:")]
    return (
        bool(files)
        and all(label[5:] in CODE_EXTENSIONS for label in files)
        and not (labels & {"network", "socket-data", "downloaded"} or decoders(labels))
    )


def secret_kinds(labels: Labels) -> Labels:
    return frozenset(label for label in labels if label.startswith("secret:"))


def is_composite(node: ast.expr) -> bool:
    """A value built from pieces: an f-string, `+` or `%`, `.format()` or `.join()`."""
    if isinstance(node, (ast.JoinedStr, ast.BinOp)):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "join")
    )


def file_labels(node: ast.AST | None) -> Labels:
    """`file`, `file:<extension>` and, for a non-Python file named by a literal,
    `filename:<name>` (so that a rule can look for it in the archive)."""
    suffix = extension(node)
    labels = {"file", f"file:{suffix}"}
    literal = last_literal(node) if node is not None else None
    if literal and suffix not in CODE_EXTENSIONS:
        labels.add(f"filename:{literal.replace(chr(92), '/').rsplit('/', 1)[-1]}")
    return frozenset(labels)


def extension(node: ast.AST | None) -> str:
    literal = last_literal(node) if node is not None else None
    if not literal:
        return ""
    return os.path.splitext(literal)[1].lower()[:12]


def command_head(node: ast.Call) -> str:
    """The program a process call runs, as far as the literals tell: `git`, `curl`, `?`."""
    first = node.args[0] if node.args else None
    for keyword in node.keywords:
        if keyword.arg == "args" and first is None:
            first = keyword.value
    if isinstance(first, (ast.List, ast.Tuple)) and first.elts:
        first = first.elts[0]
    if isinstance(first, ast.JoinedStr) and first.values:
        first = first.values[0]
    text = literal_str(first)
    if text is None:
        if isinstance(first, ast.Attribute) and first.attr == "executable":
            return "python"
        return "?"
    words = text.strip().split()
    if not words:
        return "?"
    return os.path.basename(words[0].strip("\"'")).lower().removesuffix(".exe")


def python_dash_c(node: ast.Call) -> str | None:
    first = node.args[0] if node.args else None
    if not isinstance(first, (ast.List, ast.Tuple)) or len(first.elts) < 3:
        return None
    for flag, code in zip(first.elts, first.elts[1:], strict=False):
        if literal_str(flag) == "-c":
            return literal_str(code)
    return None


_DANGEROUS_NAMES = frozenset(
    {
        "os",
        "subprocess",
        "socket",
        "builtins",
        "__builtins__",
        "base64",
        "zlib",
        "marshal",
        "ctypes",
        "urllib",
        "urllib.request",
        "requests",
        "pty",
        "pickle",
        "codecs",
        "shutil",
        "system",
        "popen",
        "Popen",
        "exec",
        "eval",
        "compile",
        "__import__",
        "execv",
        "execve",
        "execl",
        "execlp",
        "execvp",
        "spawnl",
        "spawnv",
        "startfile",
        "urlopen",
        "urlretrieve",
        "b64decode",
        "decompress",
        "loads",
        "call",
        "check_call",
        "check_output",
        "run",
        "getoutput",
        "create_connection",
        "connect",
        "send",
        "sendall",
        "dup2",
        "spawn",
        "post",
        "get",
        "remove",
        "rmtree",
        "getattr",
        "open",
        "windll",
        "CDLL",
    }
)


def fold_string(node: ast.AST | None, depth: int = 0) -> str | None:
    """The value of a string built only from literals (`'o' + 's'`, `'metsys'[::-1]`,
    `''.join(chr(c) for c in [111, 115])`), or None."""
    if node is None or depth > 20:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = fold_string(node.left, depth + 1), fold_string(node.right, depth + 1)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        value = fold_string(node.value, depth + 1)
        step = node.slice.step
        reverse = isinstance(step, ast.UnaryOp) and isinstance(step.operand, ast.Constant)
        if value is not None and reverse and node.slice.lower is None and node.slice.upper is None:
            return value[::-1]
        return None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and isinstance(node.func.value, ast.Constant)
        and node.args
    ):
        return _fold_join(node.func.value.value, node.args[0], depth)
    return None


def _fold_join(separator: object, items: ast.AST, depth: int) -> str | None:
    if not isinstance(separator, str):
        return None
    if isinstance(items, (ast.List, ast.Tuple)):
        parts = [fold_string(item, depth + 1) for item in items.elts]
        return None if any(p is None for p in parts) else separator.join(parts)  # type: ignore[arg-type]
    codes = _chr_codes(items)
    if codes is None or not all(0 <= code < 0x110000 for code in codes):
        return None
    return separator.join(chr(code) for code in codes)


def _chr_codes(node: ast.AST) -> list[int] | None:
    """The integers of `chr(c) for c in [...]` or `map(chr, [...])`."""
    source: ast.AST | None = None
    if isinstance(node, ast.GeneratorExp | ast.ListComp) and len(node.generators) == 1:
        element = node.elt
        if (
            isinstance(element, ast.Call)
            and isinstance(element.func, ast.Name)
            and element.func.id == "chr"
            and element.args
        ):
            source = node.generators[0].iter
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "map"
        and len(node.args) == 2
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == "chr"
    ):
        source = node.args[1]
    if not isinstance(source, (ast.List, ast.Tuple)):
        return None
    values = [e.value for e in source.elts if isinstance(e, ast.Constant)]
    if len(values) != len(source.elts) or not all(type(v) is int for v in values):
        return None
    return values  # type: ignore[return-value]


def hides_dangerous_name(node: ast.AST | None) -> str | None:
    """For a name built from literals: the name, if it is one worth hiding; '' if it is not."""
    folded = fold_string(node)
    if folded is None:
        return None
    return folded if folded in _DANGEROUS_NAMES or folded.split(".")[0] in _DANGEROUS_NAMES else ""
