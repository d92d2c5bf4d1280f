"""What a corpus entry is, and the helpers that write inert fixtures.

Every malicious fixture is inert: each Python file starts by raising SystemExit, every host is
under `.invalid` or in a documentation address range (192.0.2.0/24, 198.51.100.0/24,
203.0.113.0/24), and every encoded payload decodes to a print statement or to random bytes.
The corpus is data for a static scanner; nothing here is ever imported, installed or run.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

GUARD = 'raise SystemExit("inert stilton corpus fixture: never run")\n'
INERT = 'print("inert corpus payload: a real one would run here")\n'
HOST = "collect.invalid"
STAGE = "https://stage2.invalid/payload"
RAW_IP = "203.0.113.7"
DISCORD_WEBHOOK = (
    "https://discord.invalid/api/webhooks/123456789012345678/"
    "Zx9QfakeTOKENfakeTOKENfakeTOKENfakeTOKENfakeTOKENfakeTOKENfake00"
)
TELEGRAM_BOT = "https://api.telegram.invalid/bot123456789:AAfakeTOKENfakeTOKENfakeTOKENfake"


@dataclass(frozen=True)
class Fixture:
    pattern: str
    """A slug naming the pattern, unique in the corpus."""
    malicious: bool
    kind: Literal["wheel", "sdist"]
    files: Mapping[str, str]
    """Path from the wheel's root or inside the sdist's top directory -> text."""
    modelled_on: str
    """The documented attack, or the legitimate practice, the fixture imitates."""
    name: str = ""
    version: str = "1.0.0"
    summary: str | None = "A corpus fixture for the scanner"
    description: str | None = "# Fixture\n\nBuilt at test time for the scanner's corpus.\n"
    requires_dist: tuple[str, ...] = ()
    extra_metadata: tuple[tuple[str, str], ...] = ()
    binary: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def project(self) -> str:
        return self.name or f"corpus-{self.pattern}"


def blob(seed: str, size: int = 600) -> str:
    """Deterministic random-looking base64 text (an 'encrypted payload' that decodes to noise)."""
    data = b""
    counter = 0
    while len(data) < size:
        data += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return base64.b64encode(data[:size]).decode("ascii")


def b64(code: str = INERT) -> str:
    return base64.b64encode(code.encode()).decode("ascii")


def zlib_b64(code: str = INERT) -> str:
    return base64.b64encode(zlib.compress(code.encode())).decode("ascii")


def setup_py(body: str, *, name: str = "fixture", imports: str = "") -> str:
    """An sdist's setup.py: the guard, imports, `body`, then an ordinary setup() call."""
    return (
        GUARD
        + "from setuptools import setup\n"
        + imports
        + "\n"
        + body
        + f"\n\nsetup(name={name!r}, version='1.0.0', packages=['fixture'])\n"
    )


def module(body: str) -> str:
    """A malicious package module: the guard, then `body`."""
    return GUARD + body


def sdist(pattern: str, setup: str, modelled_on: str, **options: Any) -> Fixture:
    return _make(True, "sdist", pattern, "setup.py", setup, modelled_on, **options)


def wheel(pattern: str, init: str, modelled_on: str, **options: Any) -> Fixture:
    return _make(True, "wheel", pattern, "", init, modelled_on, **options)


def benign_sdist(pattern: str, setup: str, modelled_on: str, **options: Any) -> Fixture:
    return _make(False, "sdist", pattern, "setup.py", setup, modelled_on, **options)


def benign_wheel(pattern: str, init: str, modelled_on: str, **options: Any) -> Fixture:
    return _make(False, "wheel", pattern, "", init, modelled_on, **options)


def _make(
    malicious: bool,
    kind: Literal["wheel", "sdist"],
    pattern: str,
    main: str,
    text: str,
    modelled_on: str,
    *,
    package: str = "fixture",
    files: Mapping[str, str] | None = None,
    **options: Any,
) -> Fixture:
    """`text` is setup.py for an sdist (which also gets a small package), or the package's
    `__init__.py` for a wheel; `files` adds or replaces files."""
    contents = {f"{package}/__init__.py": '__version__ = "1.0.0"\n'}
    contents[main or f"{package}/__init__.py"] = text
    contents.update(files or {})
    return Fixture(pattern, malicious, kind, contents, modelled_on, **options)
