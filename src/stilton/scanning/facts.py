"""What the flow analysis of one module finds: scopes, their capabilities, and events."""

from __future__ import annotations

from dataclasses import dataclass, field

Labels = frozenset[str]
EMPTY: Labels = frozenset()
MODULE_SCOPE = "<module>"
MAIN_SCOPE = "<main>"
"""The body of `if __name__ == "__main__":` at module level: runs when the file is run."""


@dataclass(frozen=True)
class Event:
    """A combination the analysis saw: data of some kind reaching a call that misuses it.

    kinds: `exec-decoded` (decoded or disguised data run as code; `detail` lists the decoders),
    `download-exec`, `exec-file` (code read from a non-Python file), `dynamic-name` (a module or
    attribute name built to hide it), `exfil` and `exfil-weak` (collected data sent out),
    `reverse-shell`, `persistence`, `evasion`, `drop-exec` (decoded data written then run).
    """

    kind: str
    line: int
    scope: str
    evidence: str
    detail: str = ""
    labels: Labels = EMPTY
    """What the data reaching the sink carried (`secret:ssh`, `env-dump`, `dest:webhook`...)."""


@dataclass(frozen=True)
class Use:
    """The first place a scope uses a capability."""

    line: int
    evidence: str
    detail: str = ""


@dataclass
class Scope:
    """A module body, function, method or lambda bound to a name."""

    name: str
    params: tuple[str, ...] = ()
    class_name: str | None = None
    uses: dict[str, Use] = field(default_factory=dict)
    callees: set[str] = field(default_factory=set)
    returns: Labels = EMPTY
    sinks: set[tuple[str, str, bool]] = field(default_factory=set)
    """(sink kind, parameter name, whether the destination looked suspicious)."""
    flags: set[str] = field(default_factory=set)


@dataclass
class ModuleFacts:
    path: str
    scopes: dict[str, Scope] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    commands: set[str] = field(default_factory=set)
    """Classes that are setuptools/distutils commands (by base class or `cmdclass=`)."""
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Class name -> names of its methods' scopes."""
    imported: set[str] = field(default_factory=set)

    def capabilities(self, scopes: set[str] | None = None) -> dict[str, tuple[str, Use]]:
        """Capability -> (scope, first use), over `scopes` (all if None)."""
        found: dict[str, tuple[str, Use]] = {}
        for name, scope in self.scopes.items():
            if scopes is not None and name not in scopes:
                continue
            for capability, use in scope.uses.items():
                found.setdefault(capability, (name, use))
        return found
