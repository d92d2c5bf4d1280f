"""Each package's `__init__` re-exports its public surface and lists exactly that in `__all__`.

As httpx's `test_exported_members`: a name defined or imported in `__init__` without an
underscore is public and must be listed; a listed name must exist. Submodules may be listed
(`stilton.db.models`) but need not be. `__all__` is kept in ruff's isort-style order (RUF022):
SCREAMING_CASE constants, then CamelCase classes, then the rest.
"""

from __future__ import annotations
import __future__

import importlib
import pkgutil
import re
import types

import pytest

import stilton


def _packages() -> list[str]:
    found = [stilton.__name__]
    for info in pkgutil.walk_packages(stilton.__path__, prefix="stilton."):
        if info.ispkg:
            found.append(info.name)
    return sorted(found)


PACKAGES = _packages()


def _public_names(module: types.ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and not isinstance(value, __future__._Feature)
    }


def _isort_key(name: str) -> tuple[int, list[int | str]]:
    if name.isupper() or re.fullmatch(r"[A-Z0-9_]+", name):
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    natural = [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]
    return kind, natural


def test_the_walk_finds_the_packages() -> None:
    assert {"stilton", "stilton.storage", "stilton.upload", "stilton.accounts"} <= set(PACKAGES)


@pytest.mark.parametrize("name", PACKAGES)
def test_all_lists_exactly_the_public_names(name: str) -> None:
    package = importlib.import_module(name)
    exported = getattr(package, "__all__", None)
    public = _public_names(package)
    if exported is None:
        assert public == set(), f"{name} has public names but no __all__"
        return
    assert isinstance(exported, list)
    assert len(exported) == len(set(exported)), f"{name}.__all__ repeats a name"
    missing = [item for item in exported if not hasattr(package, item)]
    assert missing == [], f"{name}.__all__ lists names it does not define"
    listed_modules = {
        item for item in exported if isinstance(getattr(package, item), types.ModuleType)
    }
    for item in listed_modules:
        assert getattr(package, item).__name__ == f"{name}.{item}", f"{name}.{item}"
    dunders = {item for item in exported if item.startswith("__") and item.endswith("__")}
    assert set(exported) - listed_modules - dunders == public


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted(name: str) -> None:
    exported = getattr(importlib.import_module(name), "__all__", [])
    assert exported == sorted(exported, key=_isort_key)


@pytest.mark.parametrize("name", PACKAGES)
def test_public_names_belong_to_stilton_or_say_so(name: str) -> None:
    """A re-exported class or function comes from inside the package it is exported from."""
    package = importlib.import_module(name)
    for item in getattr(package, "__all__", []):
        value = getattr(package, item)
        origin = getattr(value, "__module__", None)
        if isinstance(value, type | types.FunctionType) and origin is not None:
            assert origin == name or origin.startswith(f"{name}."), f"{name}.{item} is {origin}"
