"""Privileged and dangerous APIs, in context: credential stores, hooks, injection, persistence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from stilton.scanning.checks.obfuscation import events
from stilton.scanning.context import ScanContext
from stilton.scanning.models import Category, Severity
from stilton.scanning.patterns import ENV_SECRET_NAME
from stilton.scanning.rules import Hit, Rule

_SWEEP_KINDS = frozenset(
    {"ssh", "cloud", "browser", "discord", "telegram", "wallet", "vcs", "system"}
)
_MIN_SWEEP = 3
_ADDRESS_PATTERN = re.compile(
    r"bc1|\[13\]|0x\[a-fA-F0-9\]\{40\}|\[a-km-zA-HJ-NP-Z1-9\]|T\[A-Za-z1-9\]\{33\}"
)
_EVASION_TEXT = re.compile(r"Add-MpPreference|Set-MpPreference|DisableRealtimeMonitoring")
_MIN_ENV_SECRETS = 4
_ENV_READERS = frozenset({b"environ", b"getenv"})
_EVASION_WORDS = frozenset({b"MpPreference", b"DisableRealtimeMonitoring"})
_SHELLCODE = (
    frozenset({"VirtualAlloc", "VirtualAllocEx", "VirtualProtect"}),
    frozenset({"RtlMoveMemory", "WriteProcessMemory", "RtlCopyMemory"}),
    frozenset({"CreateThread", "CreateRemoteThread", "QueueUserAPC"}),
)


def _stores(kinds: frozenset[str]) -> Callable[[ScanContext], Iterator[Hit]]:
    def check(ctx: ScanContext) -> Iterator[Hit]:
        for path, found in ctx.secret_kinds.items():
            for kind in sorted(kinds & set(found)):
                line, value = found[kind]
                yield Hit(path, line, value[:160], kind)

    return check


def credential_sweep(ctx: ScanContext) -> Iterator[Hit]:
    for path, found in ctx.secret_kinds.items():
        kinds = sorted(_SWEEP_KINDS & set(found))
        if len(kinds) >= _MIN_SWEEP:
            line, value = found[kinds[0]]
            facts = ctx.modules.get(path)
            if facts is not None and "network" in facts.capabilities():
                detail = f"names {', '.join(kinds)}, and the module sends data over the network"
                yield Hit(path, line, value[:160], detail, Severity.CRITICAL)
            else:
                yield Hit(path, line, value[:160], f"names {', '.join(kinds)}")


def browser_store(ctx: ScanContext) -> Iterator[Hit]:
    for path, found in ctx.secret_kinds.items():
        if "browser" not in found:
            continue
        line, value = found["browser"]
        facts = ctx.modules.get(path)
        decrypts = facts is not None and "dpapi" in facts.capabilities()
        if decrypts:
            yield Hit(path, line, value[:160], "and decrypts it with DPAPI")
        else:
            yield Hit(path, line, value[:160])


def clipboard_hijack(ctx: ScanContext) -> Iterator[Hit]:
    for path, facts in ctx.modules.items():
        uses = facts.capabilities()
        if "clipboard" not in uses:
            continue
        text = ctx.sources_by_path[path].text
        if _ADDRESS_PATTERN.search(text) and ("pyperclip.copy" in text or "SetClipboard" in text):
            _, use = uses["clipboard"]
            yield Hit(
                path, use.line, use.evidence, "reads the clipboard and matches wallet addresses"
            )


def shellcode_loader(ctx: ScanContext) -> Iterator[Hit]:
    for path, facts in ctx.modules.items():
        uses = facts.capabilities()
        names = {name.split(":", 1)[1] for name in uses if name.startswith("injection:")}
        if all(names & group for group in _SHELLCODE):
            _, use = uses["injection"]
            yield Hit(path, use.line, use.evidence, ", ".join(sorted(names)))


def injection_api(ctx: ScanContext) -> Iterator[Hit]:
    for path, facts in ctx.modules.items():
        uses = facts.capabilities()
        if "injection" in uses:
            _, use = uses["injection"]
            yield Hit(path, use.line, use.evidence, use.detail)


def persistence(ctx: ScanContext) -> Iterator[Hit]:
    for path, event in events(ctx, "persistence"):
        if ctx.in_install_scope(path, event.scope):
            detail = f"{event.detail}, at install time"
            yield Hit(path, event.line, event.evidence, detail, Severity.CRITICAL)
        else:
            yield Hit(path, event.line, event.evidence, event.detail)


def defense_evasion(ctx: ScanContext) -> Iterator[Hit]:
    flagged = set()
    for path, event in events(ctx, "evasion"):
        flagged.add(path)
        yield Hit(path, event.line, event.evidence, "and runs it")
    for source in ctx.view.sources:
        if source.path in flagged or source.role == "test":
            continue
        if source.signals.words.isdisjoint(_EVASION_WORDS):
            continue
        match = _EVASION_TEXT.search(source.text)
        if match:
            line = source.text.count("\n", 0, match.start()) + 1
            yield Hit(source.path, line, source.lines[line - 1][:160], "", Severity.MEDIUM)


def env_harvest(ctx: ScanContext) -> Iterator[Hit]:
    for source in ctx.view.sources:
        if source.role == "test" or source.signals.words.isdisjoint(_ENV_READERS):
            continue
        names = {
            word.decode("ascii")
            for word in source.signals.words
            if b"_" in word and word.isupper() and ENV_SECRET_NAME.search(word.decode("ascii"))
        }
        if len(names) >= _MIN_ENV_SECRETS:
            yield Hit(source.path, None, ", ".join(sorted(names)[:6]), f"{len(names)} names")


def keyboard_hook(ctx: ScanContext) -> Iterator[Hit]:
    for path, facts in ctx.modules.items():
        if ctx.role(path) == "test":
            continue
        uses = facts.capabilities()
        if "keyboard" in uses:
            _, use = uses["keyboard"]
            yield Hit(path, use.line, use.evidence, use.detail)


RULES = (
    Rule(
        "credential-sweep",
        Category.DANGEROUS_API,
        Severity.HIGH,
        "One module names three or more kinds of credential store (SSH keys, cloud "
        "credentials, browser profiles, Discord/Telegram, wallets, git/pip tokens): a stealer's "
        "shopping list.",
        "paramiko reading ~/.ssh, botocore reading ~/.aws/credentials: one store each, for "
        "the service the library talks to.",
        credential_sweep,
    ),
    Rule(
        "token-store-access",
        Category.DANGEROUS_API,
        Severity.HIGH,
        "The code reads Discord's or Telegram's local token stores (Local Storage/leveldb, "
        "tdata) or carries the Discord token pattern: what token grabbers do.",
        "discord.py and other bot libraries, which take a token from their user.",
        _stores(frozenset({"discord", "telegram"})),
    ),
    Rule(
        "browser-credential-store",
        Category.DANGEROUS_API,
        Severity.MEDIUM,
        "The code opens browser profile databases (Login Data, Cookies, Local State, "
        "logins.json); with DPAPI decryption it is the way stealers read saved passwords.",
        "Browser-automation tools pointing a browser at a profile directory.",
        browser_store,
    ),
    Rule(
        "crypto-wallet-files",
        Category.DANGEROUS_API,
        Severity.MEDIUM,
        "The code names cryptocurrency wallet files or extensions (wallet.dat, Exodus, "
        "Electrum, MetaMask's extension id).",
        "Wallet libraries that work on a wallet file their user passes in.",
        _stores(frozenset({"wallet"})),
    ),
    Rule(
        "credential-file-access",
        Category.DANGEROUS_API,
        Severity.LOW,
        "The code names SSH keys, cloud credential files, .netrc/.pypirc/.git-credentials or "
        "/etc/shadow; noted for context, and serious only when the data is sent somewhere.",
        "paramiko, botocore, requests (.netrc), twine (.pypirc), docker and kubernetes clients.",
        _stores(frozenset({"ssh", "cloud", "vcs", "system"})),
    ),
    Rule(
        "clipboard-hijack",
        Category.DANGEROUS_API,
        Severity.CRITICAL,
        "The code reads and rewrites the clipboard and carries cryptocurrency address "
        "patterns: a clipper that swaps the address a user pastes.",
        "pyperclip and clipboard managers, which copy and paste what the user asks.",
        clipboard_hijack,
    ),
    Rule(
        "shellcode-loader",
        Category.DANGEROUS_API,
        Severity.CRITICAL,
        "ctypes allocates executable memory, copies bytes into it and starts a thread there "
        "(VirtualAlloc + RtlMoveMemory + CreateThread): an in-memory shellcode loader.",
        "ctypes calls into libc or a vendor DLL (getpid, a device API).",
        shellcode_loader,
    ),
    Rule(
        "process-injection-api",
        Category.DANGEROUS_API,
        Severity.LOW,
        "The code calls Windows memory or thread APIs used for process injection "
        "(VirtualAlloc, WriteProcessMemory, CreateRemoteThread).",
        "Debuggers and JIT compilers that allocate memory for their own code.",
        injection_api,
    ),
    Rule(
        "persistence",
        Category.DANGEROUS_API,
        Severity.MEDIUM,
        "The code makes something run at every login: a Run registry key, the Startup "
        "folder, shell rc files, cron, LaunchAgents, authorized_keys.",
        "Reading the registry (platform detection) and writing files in the package's own "
        "directories.",
        persistence,
    ),
    Rule(
        "defense-evasion",
        Category.DANGEROUS_API,
        Severity.HIGH,
        "The code switches off or excludes itself from antivirus (Add-MpPreference "
        "-ExclusionPath, DisableRealtimeMonitoring) or deletes shadow copies and logs.",
        "Security tools that only report Defender's state.",
        defense_evasion,
    ),
    Rule(
        "env-harvest",
        Category.DANGEROUS_API,
        Severity.LOW,
        "The module names four or more secret-looking environment variables (tokens, keys, "
        "passwords); noted for context, serious when they are sent out.",
        "An SDK reading its own two or three credential variables.",
        env_harvest,
    ),
    Rule(
        "keyboard-hook",
        Category.DANGEROUS_API,
        Severity.MEDIUM,
        "The code installs a global keyboard hook (pynput Listener, keyboard.hook, "
        "SetWindowsHookEx, GetAsyncKeyState polling).",
        "pynput and keyboard themselves, which implement the hooks for their users.",
        keyboard_hook,
    ),
)
