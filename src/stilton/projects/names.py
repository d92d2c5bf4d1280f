"""Name rules shared by uploads and admins: confusable forms and reserved names."""

from __future__ import annotations

import re
import sys

from packaging.utils import canonicalize_name

_SEPARATORS = re.compile(r"[-_.]+")
_CONFUSABLE = str.maketrans({"l": "1", "i": "1", "o": "0"})

STDLIB_NAMES = frozenset(
    canonicalize_name(module) for module in sys.stdlib_module_names if not module.startswith("_")
)


def confusable_key(name: str) -> str:
    """One spelling for names a reader cannot tell apart.

    Separators vanish and `l`/`1`/`I` and `0`/`O` fold together, as PyPI's own collision
    check does: `foo-bar`, `Foo_Bar`, `foobar` and `f0obar` share one key.
    """
    return _SEPARATORS.sub("", name.lower()).translate(_CONFUSABLE)


def is_stdlib_name(name: str) -> bool:
    return canonicalize_name(name) in STDLIB_NAMES
