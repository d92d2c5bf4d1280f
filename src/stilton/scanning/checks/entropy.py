"""High-entropy strings in source: encrypted or compressed payloads carried as text."""

from __future__ import annotations

from collections.abc import Iterator

from stilton.scanning.context import INSTALL_ROLES, ScanContext
from stilton.scanning.models import Category, Severity
from stilton.scanning.rules import Hit, Rule
from stilton.scanning.text import has_long_token, high_entropy_blobs


def _blobs(ctx: ScanContext, *, install: bool) -> Iterator[Hit]:
    for source in ctx.view.sources:
        if (source.role in INSTALL_ROLES) != install or source.role == "test":
            continue
        if not has_long_token(source.data):
            continue  # before decoding the text
        hits = list(high_entropy_blobs(source.data, source.text))
        if hits:
            first = hits[0]
            more = f"; {len(hits)} such strings in the file" if len(hits) > 1 else ""
            yield Hit(source.path, first.line, first.evidence, first.detail + more)


def high_entropy_string(ctx: ScanContext) -> Iterator[Hit]:
    return _blobs(ctx, install=False)


def high_entropy_install_time(ctx: ScanContext) -> Iterator[Hit]:
    return _blobs(ctx, install=True)


RULES = (
    Rule(
        "high-entropy-string",
        Category.ENTROPY,
        Severity.LOW,
        "A long base64-like string with the entropy of compressed or encrypted data is "
        "embedded in a module (counted with other findings; alone it is not a verdict).",
        "Base64 images and fonts (recognised by their headers), data: URIs, hex digests and "
        "test vectors under tests/.",
        high_entropy_string,
    ),
    Rule(
        "high-entropy-install-time",
        Category.ENTROPY,
        Severity.MEDIUM,
        "A long base64-like string with the entropy of compressed or encrypted data is "
        "embedded in code that runs at install or start-up (setup.py, a build back end).",
        "A setup.py with long hex checksums of the files it downloads for a build.",
        high_entropy_install_time,
    ),
)
