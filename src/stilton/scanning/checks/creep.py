"""Permission creep: capabilities a minor or patch release gained over the previous release."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from packaging.version import InvalidVersion, Version

from stilton.scanning.context import ScanContext
from stilton.scanning.models import Category, Severity
from stilton.scanning.rules import Hit, Rule

INSTALL_CAPABILITIES = frozenset(
    {"install-time", "install-network", "install-process", "startup-hook"}
)
RUNTIME_CAPABILITIES = frozenset(
    {
        "network",
        "process",
        "native-code",
        "dynamic-code",
        "credentials",
        "surveillance",
        "obfuscation",
    }
)


def gained(ctx: ScanContext) -> frozenset[str]:
    """Capabilities this release has that the previous one had not, if this is a minor or patch
    release (same major version, higher version); empty otherwise."""
    previous, version = ctx.previous, ctx.version
    if previous is None or version is None:
        return frozenset()
    try:
        old, new = Version(previous.version), Version(version)
    except InvalidVersion:
        return frozenset()
    if new <= old or new.major != old.major:
        return frozenset()
    return ctx.capabilities - previous.capabilities


def _gained(kinds: frozenset[str]) -> Callable[[ScanContext], Iterator[Hit]]:
    def check(ctx: ScanContext) -> Iterator[Hit]:
        new = sorted(gained(ctx) & kinds)
        if new and ctx.previous is not None:
            yield Hit(
                None,
                None,
                ", ".join(new),
                f"not in {ctx.previous.version}, new in {ctx.version}",
            )

    return check


RULES = (
    Rule(
        "new-install-time-capability",
        Category.PERMISSION_CREEP,
        Severity.HIGH,
        "A minor or patch release newly runs code at install or start-up (network, processes, "
        "a .pth hook) that the previous release did not: how hijacked projects are turned.",
        "The same capability already present in the previous release, or gained in a new "
        "major version.",
        _gained(INSTALL_CAPABILITIES),
    ),
    Rule(
        "new-runtime-capability",
        Category.PERMISSION_CREEP,
        Severity.MEDIUM,
        "A minor or patch release newly uses the network, processes, native code, dynamic "
        "code, credential stores or obfuscation.",
        "A feature release (new major version) adding an HTTP client.",
        _gained(RUNTIME_CAPABILITIES),
    ),
)
