"""Obfuscation and hidden code: decoded data run as code, disguised names, hidden statements."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from stilton.scanning.context import ScanContext
from stilton.scanning.facts import Event
from stilton.scanning.models import Category, Severity
from stilton.scanning.rules import Hit, Rule
from stilton.scanning.text import (
    hidden_code,
    lookalike_identifiers,
    lookalike_lines,
    obfuscated_identifiers,
)

_CODE_OBJECTS = frozenset({"marshal", "pickle"})
_STRING_TRICKS = frozenset(
    {"chr-join", "reversed", "rot13", "rot_13", "xor", "bytes-list", "translate"}
)
_TEXT_EXEC_DECODED = re.compile(
    r"\b(exec|eval)\b\s*\(?\s*(\w+\.)?(b64decode|b32decode|b16decode|a85decode|b85decode|"
    r"decodestring|decompress|unhexlify|fromhex|loads)\s*\(|"
    r"\b(exec|eval)\b\s*\(?\s*__import__\(\s*['\"](base64|zlib|marshal|codecs|binascii)"
)
_PYARMOR = re.compile(r"__pyarmor__\(|from pytransform import|pyarmor_runtime")
_MIN_OBFUSCATED_NAMES = 8
_PACKER_WORDS = frozenset({b"pyarmor", b"pytransform", b"__pyarmor__", b"pyarmor_runtime"})
_SANDBOX_WORDS = frozenset(
    (
        b"wdagutilityaccount vmtoolsd vboxservice vboxtray vmwaretray vmwareuser sbiedll "
        b"sandboxie ollydbg x64dbg x32dbg processhacker fiddler wireshark ida64 idaq "
        b"immunitydebugger joeboxserver joeboxcontrol httpdebuggerui"
    ).split()
)
_SANDBOX_SPELLINGS = _SANDBOX_WORDS | frozenset(
    b"WDAGUtilityAccount VBoxService VBoxTray VMwareTray VMwareUser SbieDll Sandboxie "
    b"OllyDbg ProcessHacker Fiddler Wireshark HTTPDebuggerUI".split()
)


_GENERATED_MARKS = bytes.maketrans(b"Il1O0o", b"\x01\x01\x01\x02\x02\x02")


def _may_have_generated_names(data: bytes) -> bool:
    """Whether the file holds a run that generated names (lIlIlI1, O0oO0o0, _0x1f2e) have:
    byte-level passes instead of a test of each of its words."""
    if b"_0x" in data:
        return True
    marked = data.translate(_GENERATED_MARKS)
    return b"\x01" * 7 in marked or b"\x02" * 7 in marked


_MIN_SANDBOX_MARKERS = 3


def events(ctx: ScanContext, kind: str) -> Iterator[tuple[str, Event]]:
    for path, facts in ctx.modules.items():
        for event in facts.events:
            if event.kind == kind:
                yield path, event


def _decoders(event: Event) -> set[str]:
    return set(event.detail.split(" ", 1)[0].split(","))


def _exec_decoded(select: Callable[[set[str]], bool]) -> Callable[[ScanContext], Iterator[Hit]]:
    def check(ctx: ScanContext) -> Iterator[Hit]:
        for path, event in events(ctx, "exec-decoded"):
            decoders = _decoders(event)
            if select(decoders):
                yield Hit(path, event.line, event.evidence, f"decoded with {event.detail}")

    return check


def _is_code_object(decoders: set[str]) -> bool:
    return bool(decoders & _CODE_OBJECTS)


def _is_string_trick(decoders: set[str]) -> bool:
    return not decoders & _CODE_OBJECTS and bool(decoders & _STRING_TRICKS)


def _is_payload(decoders: set[str]) -> bool:
    return not decoders & (_CODE_OBJECTS | _STRING_TRICKS)


def exec_decoded_text(ctx: ScanContext) -> Iterator[Hit]:
    """The same pattern, read from files that do not parse (Python 2, syntax errors)."""
    for source in ctx.view.sources:
        if source.role == "test" or source.path in ctx.modules or not source.signals.has("exec"):
            continue
        match = _TEXT_EXEC_DECODED.search(source.text)
        if match:
            line = source.text.count("\n", 0, match.start()) + 1
            yield Hit(source.path, line, source.lines[line - 1][:200], "seen in the text")


def _from_events(kind: str) -> Callable[[ScanContext], Iterator[Hit]]:
    def check(ctx: ScanContext) -> Iterator[Hit]:
        for path, event in events(ctx, kind):
            yield Hit(path, event.line, event.evidence, event.detail)

    return check


def exec_non_python_file(ctx: ScanContext) -> Iterator[Hit]:
    shipped = {path.rsplit("/", 1)[-1] for path in ctx.view.member_paths}
    for path, event in events(ctx, "exec-file"):
        if event.detail in shipped:
            detail = f"{event.detail} ships in the package"
            yield Hit(path, event.line, event.evidence, detail, Severity.CRITICAL)
        else:
            yield Hit(path, event.line, event.evidence, event.detail)


def hidden_after_whitespace(ctx: ScanContext) -> Iterator[Hit]:
    for source in ctx.view.sources:
        if b" " * 120 not in source.data and b"\t" * 120 not in source.data:
            continue
        tree = source.tree(ctx.policy.max_parse_bytes)
        for hit in hidden_code(source.text, tree):
            yield Hit(source.path, hit.line, hit.evidence, hit.detail)


def homoglyph_identifier(ctx: ScanContext) -> Iterator[Hit]:
    for source in ctx.view.sources:
        if source.role == "test" or source.data.isascii():
            continue
        candidates = lookalike_lines(source.text)
        if not candidates:
            continue
        tree = source.tree(ctx.policy.max_parse_bytes)
        if tree is None:
            continue
        for hit in lookalike_identifiers(source.text, tree, candidates):
            yield Hit(source.path, hit.line, hit.evidence, hit.detail)


def generated_identifiers(ctx: ScanContext) -> Iterator[Hit]:
    for source in ctx.view.sources:
        if source.role == "test":
            continue
        if not _may_have_generated_names(source.data):
            continue
        names = obfuscated_identifiers(source.text)
        if len(names) >= _MIN_OBFUSCATED_NAMES:
            yield Hit(source.path, None, ", ".join(names[:5]), f"{len(names)} such names")


def packed_code(ctx: ScanContext) -> Iterator[Hit]:
    for source in ctx.view.sources:
        if source.role == "test" or source.signals.words.isdisjoint(_PACKER_WORDS):
            continue
        match = _PYARMOR.search(source.text)
        if match:
            line = source.text.count("\n", 0, match.start()) + 1
            yield Hit(source.path, line, source.lines[line - 1][:160])


def anti_analysis(ctx: ScanContext) -> Iterator[Hit]:
    for source in ctx.view.sources:
        if source.role == "test" or source.signals.words.isdisjoint(_SANDBOX_SPELLINGS):
            continue
        words = {word.lower() for word in source.signals.words}
        markers = {marker.decode() for marker in _SANDBOX_WORDS & words}
        if len(markers) >= _MIN_SANDBOX_MARKERS:
            yield Hit(source.path, None, ", ".join(sorted(markers)[:6]), f"{len(markers)} names")


RULES = (
    Rule(
        "exec-decoded-payload",
        Category.OBFUSCATION,
        Severity.CRITICAL,
        "Data embedded in the code is decoded (base64, hex, zlib, lzma, bz2, codecs) and the "
        "result is run with exec/eval/compile or as a command: the classic dropper.",
        "base64.b64decode of an embedded image that is written to a file or returned; "
        "eval of a literal expression.",
        _exec_decoded(_is_payload),
    ),
    Rule(
        "exec-decoded-text",
        Category.OBFUSCATION,
        Severity.CRITICAL,
        "In a file that does not parse as Python 3, exec/eval is applied directly to a "
        "decoder's output (base64, zlib, marshal).",
        "Python 2 code that decodes data without running it.",
        exec_decoded_text,
    ),
    Rule(
        "exec-code-object",
        Category.OBFUSCATION,
        Severity.CRITICAL,
        "An embedded marshal or pickle blob is loaded and run (marshal.loads, pickle.loads, "
        "types.FunctionType): compiled code hidden from reading.",
        "marshal or pickle of data the program itself wrote to a cache file.",
        _exec_decoded(_is_code_object),
    ),
    Rule(
        "exec-disguised-string",
        Category.OBFUSCATION,
        Severity.CRITICAL,
        "Code is assembled from chr() codes, reversed strings, rot13, XOR or byte lists and "
        "then run.",
        "chr()/ord() arithmetic in text-processing code whose result is printed or returned.",
        _exec_decoded(_is_string_trick),
    ),
    Rule(
        "obfuscated-name",
        Category.OBFUSCATION,
        Severity.HIGH,
        "A module or attribute name is assembled or decoded before use "
        "(__import__('o'+'s'), getattr(builtins, chr(101)+...)), so the call cannot be read.",
        "importlib.import_module(name) of a plugin name taken from configuration.",
        _from_events("dynamic-name"),
    ),
    Rule(
        "exec-non-python-file",
        Category.OBFUSCATION,
        Severity.HIGH,
        "Code is read from a file that is not Python (.txt, .dat, .png, ...) and run, or "
        "such a file is loaded as a module: code hidden where reviewers do not look.",
        "setup.py doing exec(open('pkg/_version.py').read()).",
        exec_non_python_file,
    ),
    Rule(
        "drop-and-execute",
        Category.OBFUSCATION,
        Severity.CRITICAL,
        "Embedded data is decoded, written to a file, and that file is run.",
        "Writing a decoded asset to a cache directory without running it.",
        _from_events("drop-exec"),
    ),
    Rule(
        "hidden-after-whitespace",
        Category.OBFUSCATION,
        Severity.HIGH,
        "A statement sits after a long run of spaces on a line that looks complete, out of "
        "sight in an editor (as in the W4SP stealer's setup.py files).",
        "Long aligned comments, and wide tables inside docstrings.",
        hidden_after_whitespace,
    ),
    Rule(
        "homoglyph-identifier",
        Category.OBFUSCATION,
        Severity.HIGH,
        "An identifier mixes Latin letters with look-alikes from other scripts, or uses "
        "compatibility characters that Python folds to a different ASCII name.",
        "Identifiers written wholly in one non-Latin script (Greek math symbols, CJK names).",
        homoglyph_identifier,
    ),
    Rule(
        "generated-identifiers",
        Category.OBFUSCATION,
        Severity.MEDIUM,
        "Many identifiers in the style obfuscators generate (lIlIlI, O0O0O0, _0x1f2e).",
        "Ordinary names, numbers and hex constants.",
        generated_identifiers,
    ),
    Rule(
        "packed-code",
        Category.OBFUSCATION,
        Severity.MEDIUM,
        "The code is packed by a commercial obfuscator (PyArmor) and cannot be inspected.",
        "Unpacked source.",
        packed_code,
    ),
    Rule(
        "anti-analysis",
        Category.OBFUSCATION,
        Severity.MEDIUM,
        "The code looks for sandboxes, virtual machines and debuggers by name, as stealers do "
        "before they run.",
        "Platform detection that reads one hypervisor name to pick a driver.",
        anti_analysis,
    ),
)
