"""Where the call analysis records what it finds, and the checks made at sinks: code runners,
process spawning, sending. `calls.CallAnalysis` builds on this."""

from __future__ import annotations

import ast

from stilton.scanning import apis
from stilton.scanning.facts import EMPTY, MODULE_SCOPE, Event, Labels, ModuleFacts, Scope, Use
from stilton.scanning.patterns import STRONG_SECRETS, SUSPICIOUS_DESTINATIONS, WEAK_SECRETS
from stilton.scanning.resolver import NameResolver, literal_str
from stilton.scanning.sites import (
    CODE_EXTENSIONS,
    CODE_ORIGINS,
    WRITE_MODES,
    decoders,
    secret_kinds,
)


class Recorder:
    def __init__(self, resolver: NameResolver, lines: list[str], facts: ModuleFacts) -> None:
        self.resolver = resolver
        self.lines = lines
        self.facts = facts
        self.functions: dict[str, list[str]] = {}
        self.globals: dict[str, Labels] = {}
        self.env: dict[str, Labels] = {}
        self.scope = Scope(MODULE_SCOPE)
        self.emitting = False
        self.line_override: int | None = None
        self.writers: dict[str, str] = {}
        self.seeds: dict[str, Labels] = {}
        """Labels the parameters of some functions start with (callbacks of hooks)."""
        self._seen: set[tuple[str, int, str]] = set()

    # Provided by the statement and expression walker (flow.py).
    def expr(self, node: ast.expr) -> Labels:
        raise NotImplementedError

    def set_name(self, name: str, labels: Labels) -> None:
        raise NotImplementedError

    def taint_container(self, node: ast.expr, labels: Labels) -> None:
        raise NotImplementedError

    def inline(self, code: str, node: ast.AST) -> bool:
        raise NotImplementedError

    # -- recording ------------------------------------------------------------------------

    def line_of(self, node: ast.AST) -> int:
        if self.line_override is not None:
            return self.line_override
        return int(getattr(node, "lineno", 0))

    def evidence(self, line: int) -> str:
        text = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        return text if len(text) <= 200 else text[:197] + "..."

    def emit(self, kind: str, node: ast.AST, detail: str = "", labels: Labels = EMPTY) -> None:
        if not self.emitting:
            return
        line = self.line_of(node)
        key = (kind, line, detail)
        if key in self._seen:
            return
        self._seen.add(key)
        evidence = self.evidence(line)
        self.facts.events.append(Event(kind, line, self.scope.name, evidence, detail, labels))

    def use(self, capability: str, node: ast.AST, detail: str = "") -> None:
        if capability not in self.scope.uses:
            line = self.line_of(node)
            self.scope.uses[capability] = Use(line, self.evidence(line), detail)

    def note_param_sinks(self, kind: str, labels: Labels, suspicious: bool = False) -> None:
        for label in labels:
            if label.startswith("param:"):
                self.scope.sinks.add((kind, label[6:], suspicious))

    def note_writer(self, name: str, value: ast.expr | None) -> None:
        """`f = open(p, "wb")`: remember that writing to `f` writes the file named by `p`."""
        if (
            not isinstance(value, ast.Call)
            or self.resolver.resolve(value.func) not in apis.FILE_OPENS
        ):
            return
        mode = literal_str(value.args[1]) if len(value.args) > 1 else None
        for keyword in value.keywords:
            if keyword.arg == "mode":
                mode = literal_str(keyword.value)
        if mode and WRITE_MODES & set(mode) and value.args and isinstance(value.args[0], ast.Name):
            self.writers[name] = value.args[0].id

    # -- sinks ----------------------------------------------------------------------------

    def check_sink(self, kind: str, labels: Labels, node: ast.AST, *, suspicious: bool) -> None:
        if kind == "exec":
            self.check_exec(labels, node)
        elif kind == "process":
            self.check_process(labels, node)
        elif kind == "send":
            self.check_send(labels, frozenset({"dest:ip"}) if suspicious else EMPTY, node)
        elif kind == "dns":
            secrets = labels & (STRONG_SECRETS | WEAK_SECRETS) | secret_kinds(labels)
            if secrets:
                self.emit("exfil", node, "collected data sent in a DNS name", secrets | {"dns"})

    def check_exec(self, labels: Labels, node: ast.AST, *, unpickle: bool = False) -> None:
        found = decoders(labels)
        if found and labels & CODE_ORIGINS:
            self.emit("exec-decoded", node, ",".join(found))
        fetched = (
            {"network", "downloaded"} if unpickle else {"network", "downloaded", "socket-data"}
        )
        if labels & fetched:
            self.emit("download-exec", node, "data fetched from the network is run as code")
        names = sorted(label[9:] for label in labels if label.startswith("filename:"))
        if not names:
            names = sorted(
                label[5:]
                for label in labels
                if label.startswith("file:") and label[5:] not in CODE_EXTENSIONS
            )
        for name in names:
            self.emit("exec-file", node, name)
        self.note_param_sinks("exec", labels)

    def check_process(self, labels: Labels, node: ast.AST) -> None:
        if labels & {"network", "downloaded"}:
            self.emit("download-exec", node, "a downloaded file is run")
        if "dropped" in labels:
            self.emit("drop-exec", node, "a file written from decoded data is run")
        if "shell-download" in labels:
            self.emit("download-exec", node, "a shell command downloads and runs code")
        if labels & {"reverse-shell", "obj:socket"}:
            self.emit("reverse-shell", node, "a shell is wired to a network connection")
        found = decoders(labels)
        if found and labels & CODE_ORIGINS:
            self.emit("exec-decoded", node, ",".join(found) + " (as a command)")
        secrets = labels & STRONG_SECRETS | secret_kinds(labels)
        if "shell-net" in labels and secrets:
            self.emit("exfil", node, ", ".join(sorted(secrets)) + " via a command", secrets)
        if "evasion" in labels:
            self.emit("evasion", node)
        if "persistence" in labels:
            self.emit("persistence", node, "a command installs itself to run at login")
        self.note_param_sinks("process", labels)

    def check_send(self, payload: Labels, destination: Labels, node: ast.AST) -> None:
        suspicious = bool(destination & SUSPICIOUS_DESTINATIONS)
        strong = payload & STRONG_SECRETS | secret_kinds(payload)
        weak = payload & WEAK_SECRETS
        carried = strong | weak | (destination & SUSPICIOUS_DESTINATIONS)
        if strong:
            self.emit("exfil", node, ", ".join(sorted(strong)), carried)
        elif weak:
            kind = "exfil" if suspicious else "exfil-weak"
            self.emit(kind, node, ", ".join(sorted(weak)), carried)
        self.note_param_sinks("send", payload, suspicious)
