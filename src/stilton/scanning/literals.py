"""String literals of a source file, without docstrings, and what their text points at."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from stilton.scanning.patterns import SECRET_PATHS, literal_labels
from stilton.scanning.resolver import statements
from stilton.scanning.view import SourceFile

_SECRET_HINT = re.compile(
    r"\.ssh|id_rsa|id_ed25519|\.aws|\.azure|gcloud|\.kube|\.docker|Login Data|Web Data|"
    r"Local State|User Data|logins\.json|key4\.db|cookies\.sqlite|Cookies|Local Storage|"
    r"dQw4w9WgXcQ|\{24\}|tdata|wallet\.dat|Exodus|Electrum|Ethereum|nkbihfbeogaeaoehlefnkodbefgpgknn|"
    r"Coinomi|Atomic|Guarda|Armory|Jaxx|/etc/(shadow|passwd|sudoers|gshadow)|git-credentials|"
    r"netrc|\.pypirc|\.npmrc|_history|hosts\.yml"
)


def string_literals(source: SourceFile, max_parse_bytes: int) -> Iterator[tuple[int, str]]:
    """(line, value) of each string literal that is not a docstring; from the text when the
    file does not parse (then docstrings are included)."""
    tree = source.tree(max_parse_bytes)
    if tree is None:
        for match in re.finditer(r"(['\"])([^'\"\n]{3,4000})\1", source.text):
            yield source.text.count("\n", 0, match.start()) + 1, match.group(2)
        return
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in (tree, *statements(tree.body)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def labelled_literals(
    source: SourceFile, max_parse_bytes: int, hint: re.Pattern[str] | None = None
) -> Iterator[tuple[int, str, frozenset[str]]]:
    """String literals with their labels; only files whose text matches `hint` are parsed."""
    if hint is not None and not hint.search(source.text):
        return
    for line, value in string_literals(source, max_parse_bytes):
        yield line, value, literal_labels(value)


def secret_kinds(source: SourceFile) -> dict[str, tuple[int, str]]:
    """Each kind of credential store the file names -> the first (line, line text). Read from
    the text, comments included: parsing every file that mentions `.aws` costs too much."""
    text = source.text
    kinds: dict[str, tuple[int, str]] = {}
    for hint in _SECRET_HINT.finditer(text):
        start = text.rfind("\n", 0, hint.start()) + 1
        end = text.find("\n", hint.end())
        line_text = text[start : end if end >= 0 else len(text)]
        for kind, pattern in SECRET_PATHS:
            if kind[7:] not in kinds and pattern.search(line_text):
                line = text.count("\n", 0, start) + 1
                kinds[kind[7:]] = (line, line_text.strip()[:200])
    return kinds
