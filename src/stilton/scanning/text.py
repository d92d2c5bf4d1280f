"""Checks that read source as text: hidden code, look-alike identifiers, blobs, entropy.

They run on every source file, parsed or not, so each starts with a cheap regular expression
and looks closer (at the AST, at the characters) only where it matched.
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from stilton.scanning.resolver import statements

_HIDDEN = re.compile(
    r"\S([ \t]{120,})(;|(?:import|from|exec|eval|__import__|compile|getattr|os\.|subprocess|"
    r"requests|urllib|socket|base64|zlib|marshal)\b)"
)
_OBFUSCATED_NAME = re.compile(r"\b(?:[Il1]{7,}|[O0o]{7,}|_0x[0-9a-fA-F]{4,}|_{2,}[Il1]{5,})\b")
_BLOB = re.compile(r"[A-Za-z0-9+/_-]{256,}={0,2}")
_BLOB_ALLOWED_PREFIXES = (
    "iVBORw0KGgo",  # PNG
    "/9j/",  # JPEG
    "R0lGOD",  # GIF
    "AAABAA",  # ICO
    "AAACAA",  # CUR
    "Qk",  # BMP
    "PHN2Zy",  # <svg
    "PD94bW",  # <?xml
    "d09GR",  # WOFF
    "d09GMg",  # WOFF2
    "T1RUTw",  # OTF
    "AAEAAA",  # TTF
    "UklGR",  # RIFF (WebP, WAV)
    "JVBER",  # PDF
    "SUkqA",  # TIFF
    "AGFzbQ",  # WebAssembly
)
_LATIN_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁɡӏвкмнтΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοριυνκτ",
    "aeopcyxijsdglbkmhtABEZHIKMNOPTYXaopiuvkt",
)
_DANGEROUS_NAMES = frozenset(
    {
        "exec",
        "eval",
        "compile",
        "open",
        "getattr",
        "__import__",
        "system",
        "popen",
        "subprocess",
        "socket",
        "requests",
        "urlopen",
        "base64",
        "b64decode",
        "marshal",
        "loads",
        "globals",
        "builtins",
    }
)
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")


@dataclass(frozen=True)
class TextHit:
    line: int
    evidence: str
    detail: str


def _excerpt(text: str, limit: int = 160) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def hidden_code(text: str, tree: ast.Module | None) -> Iterator[TextHit]:
    """Code pushed out of sight by a long run of spaces or tabs on the same line."""
    statement_starts: set[tuple[int, int]] | None = None
    for match in _hidden_matches(text):
        line = line_of(text, match.start())
        line_start = text.rfind("\n", 0, match.start()) + 1
        column = match.start(2) - line_start
        line_end = text.find("\n", match.start(2))
        hidden = text[match.start(2) : len(text) if line_end < 0 else line_end]
        if tree is not None:
            if statement_starts is None:
                statement_starts = {
                    (node.lineno, node.col_offset)
                    for node in ast.walk(tree)
                    if isinstance(node, ast.stmt)
                }
            visible = any(ln == line and col >= column - 4 for ln, col in statement_starts)
            if not visible:
                continue
        elif not re.search(r"[;(]|\bimport\b|\bexec\b", hidden):
            continue
        yield TextHit(
            line, _excerpt(hidden), f"after {len(match.group(1))} blank columns, at column {column}"
        )


def _hidden_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of `_HIDDEN`, looked for only on lines holding a long run of blanks."""
    position = 0
    while (found := _find_blanks(text, position)) >= 0:
        start = text.rfind("\n", 0, found) + 1
        end = text.find("\n", found)
        end = len(text) if end < 0 else end
        yield from _HIDDEN.finditer(text, start, end)
        position = end + 1


def _find_blanks(text: str, position: int) -> int:
    spaces = text.find(" " * 120, position)
    tabs = text.find("\t" * 120, position)
    found = [index for index in (spaces, tabs) if index >= 0]
    return min(found) if found else -1


def obfuscated_identifiers(text: str) -> list[str]:
    """Distinct identifiers in the styles obfuscators generate (`lIlIlI`, `O0O0O0`, `_0x1f2e`)."""
    found = {
        name
        for name in _OBFUSCATED_NAME.findall(text)
        if any(ch.isalpha() for ch in name) and not name.isdigit()
    }
    return sorted(found)


def entropy(value: str) -> float:
    if not value:
        return 0.0
    counts = Counter(value)
    total = len(value)
    return -sum(count / total * math.log2(count / total) for count in counts.values())


def has_long_token(data: bytes, length: int = 256) -> bool:
    """Whether some run without blanks is `length` bytes or longer (C-level passes only)."""
    return len(data) >= length and max(map(len, data.split()), default=0) >= length


def high_entropy_blobs(data: bytes, text: str, *, threshold: float = 5.0) -> Iterator[TextHit]:
    """Long base64-like runs with high entropy, except images, fonts and data URIs."""
    if not has_long_token(data):
        return
    long_lines = [number for number, line in enumerate(data.split(b"\n"), 1) if len(line) >= 256]
    if not long_lines:
        return
    lines = text.splitlines()
    for number in long_lines:
        if number <= len(lines):
            line = lines[number - 1]
            if any(len(token) >= 256 for token in line.split()):
                yield from _blobs_in_line(line, number, threshold)


def _blobs_in_line(text: str, number: int, threshold: float) -> Iterator[TextHit]:
    for match in _BLOB.finditer(text):
        blob = match.group(0)
        if blob.startswith(_BLOB_ALLOWED_PREFIXES):
            continue
        before = text[max(match.start() - 8, 0) : match.start()]
        if "base64," in before or "://" in before:
            continue
        if not (any(c.islower() for c in blob) and any(c.isupper() for c in blob)):
            continue
        value = entropy(blob[:65536])
        if value >= threshold:
            yield TextHit(
                number,
                blob[:60] + "...",
                f"{len(blob)} characters at {value:.2f} bits per character",
            )


_STRINGS_AND_COMMENTS = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|#.*")
_NON_ASCII_WORD = re.compile(r"[^\W\d][\w]*", re.UNICODE)


def lookalike_lines(text: str) -> set[int]:
    """Lines with a non-ASCII word outside quotes and comments that would be a look-alike if
    it were an identifier (a cheap first look, before the file is parsed: Greek letters in
    a docstring's formulas are no reason to parse a large module)."""
    found = set()
    for number, line in enumerate(text.splitlines(), 1):
        if line.isascii():
            continue
        code = _STRINGS_AND_COMMENTS.sub(" ", line)
        if not code.isascii() and any(
            not w.isascii() and _lookalike_reason(w) for w in _NON_ASCII_WORD.findall(code)
        ):
            found.add(number)
    return found


def lookalike_identifiers(text: str, tree: ast.Module, candidates: set[int]) -> Iterator[TextHit]:
    """Identifiers spelled with characters from another script that look like Latin ones, or
    with compatibility characters Python folds to ASCII (fullwidth `exec` is `exec`), on the
    `candidates` lines."""
    lines = text.splitlines()
    seen: set[str] = set()
    for node in _expressions_on(tree, candidates):
        spelled = _spelling(node, lines)
        if spelled is None or spelled.isascii() or spelled in seen:
            continue
        seen.add(spelled)
        reason = _lookalike_reason(spelled)
        if reason:
            yield TextHit(node.lineno, _excerpt(lines[node.lineno - 1]), f"{spelled!r}: {reason}")  # type: ignore[attr-defined]


def _expressions_on(tree: ast.Module, candidates: set[int]) -> Iterator[ast.AST]:
    """Expressions (and their parts) of the statements that span a candidate line."""
    for statement in statements(tree.body):
        start = statement.lineno
        end = statement.end_lineno or start
        if not any(start <= line <= end for line in candidates):
            continue
        stack: list[ast.AST] = [
            child for child in ast.iter_child_nodes(statement) if not isinstance(child, ast.stmt)
        ]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, ast.stmt))


def _spelling(node: ast.AST, lines: list[str]) -> str | None:
    """The identifier as written in the source (the AST holds its NFKC form)."""
    if isinstance(node, ast.Name):
        name_node: ast.expr = node
    elif isinstance(node, ast.Attribute):
        name_node = node
    else:
        return None
    line = getattr(name_node, "lineno", 0)
    end_line = getattr(name_node, "end_lineno", line)
    if line != end_line or not 0 < line <= len(lines):
        return None
    raw = lines[line - 1].encode("utf-8")
    start, end = name_node.col_offset, name_node.end_col_offset or 0
    segment = raw[start:end].decode("utf-8", errors="replace")
    if isinstance(node, ast.Attribute):
        segment = segment.rsplit(".", 1)[-1].strip()
    return segment


def _lookalike_reason(spelled: str) -> str:
    folded = unicodedata.normalize("NFKC", spelled)
    if folded != spelled and folded.isascii():
        return f"compatibility characters that Python reads as {folded!r}"
    scripts = {_script(ch) for ch in spelled if ch.isalpha()}
    scripts.discard(None)
    if "LATIN" in scripts and len(scripts) > 1:
        return f"mixes Latin with {', '.join(sorted(s for s in scripts if s != 'LATIN' and s))}"
    skeleton = spelled.translate(_LATIN_LOOKALIKES)
    if skeleton.isascii() and skeleton in _DANGEROUS_NAMES:
        return f"looks exactly like {skeleton!r}"
    return ""


def _script(ch: str) -> str | None:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    for script in _SCRIPTS:
        if name.startswith(script):
            return script
    return None
