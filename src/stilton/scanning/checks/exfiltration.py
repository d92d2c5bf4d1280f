"""Exfiltration and download-and-execute: collected data sent out, second stages run."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from stilton.scanning.checks.obfuscation import events
from stilton.scanning.context import ScanContext
from stilton.scanning.literals import labelled_literals
from stilton.scanning.models import Category, Severity
from stilton.scanning.patterns import STRONG_SECRETS, SUSPICIOUS_DESTINATIONS
from stilton.scanning.rules import Hit, Rule

_WEBHOOK_HINT = re.compile(r"/api/webhooks/|hooks\.slack\.com/services/|/bot\d{6,}:")
_ENDPOINT_HINT = re.compile(r"://")
_SURVEILLANCE = ("keyboard", "screenshot", "clipboard")
_WEBHOOK_WORDS = frozenset({b"webhooks", b"slack", b"telegram"})


def _exfil(select: Callable[[frozenset[str]], bool]) -> Callable[[ScanContext], Iterator[Hit]]:
    def check(ctx: ScanContext) -> Iterator[Hit]:
        for path, event in events(ctx, "exfil"):
            if select(event.labels):
                yield Hit(path, event.line, event.evidence, f"sends {event.detail}")

    return check


def _credentials(labels: frozenset[str]) -> bool:
    return bool(labels & (STRONG_SECRETS - {"env-dump"})) or any(
        label.startswith("secret:") for label in labels
    )


def _environment(labels: frozenset[str]) -> bool:
    return "env-dump" in labels and not _credentials(labels)


def _host_info(labels: frozenset[str]) -> bool:
    return not labels & STRONG_SECRETS and not any(label.startswith("secret:") for label in labels)


def beacon(ctx: ScanContext) -> Iterator[Hit]:
    """Host or user information, or one secret variable, sent out: at install time always,
    otherwise only to a suspicious destination or inside a DNS name."""
    for path, event in events(ctx, "exfil"):
        if _host_info(event.labels):
            install = ctx.in_install_scope(path, event.scope)
            secret = "env-secret" in event.labels or "dns" in event.labels
            severity = Severity.CRITICAL if install or secret else None
            yield Hit(path, event.line, event.evidence, f"sends {event.detail}", severity)
    for path, event in events(ctx, "exfil-weak"):
        if ctx.in_install_scope(path, event.scope):
            detail = f"sends {event.detail} at install time"
            yield Hit(path, event.line, event.evidence, detail, Severity.CRITICAL)


def _events(kind: str) -> Callable[[ScanContext], Iterator[Hit]]:
    def check(ctx: ScanContext) -> Iterator[Hit]:
        for path, event in events(ctx, kind):
            yield Hit(path, event.line, event.evidence, event.detail)

    return check


def download_execute(ctx: ScanContext) -> Iterator[Hit]:
    """Critical where it runs unasked (install, start-up, import); a library function that only
    runs when its user calls it (a self-updater, a plugin loader) is a capability, medium."""
    for path, event in events(ctx, "download-exec"):
        if ctx.runs_unasked(path, event.scope):
            yield Hit(path, event.line, event.evidence, event.detail)
        else:
            detail = f"{event.detail}, in a function that runs only when called"
            yield Hit(path, event.line, event.evidence, detail, Severity.MEDIUM)


def hardcoded_webhook(ctx: ScanContext) -> Iterator[Hit]:
    for source in ctx.view.sources:
        if source.role == "test" or source.signals.words.isdisjoint(_WEBHOOK_WORDS):
            continue
        hint = _WEBHOOK_HINT
        for line, value, labels in labelled_literals(source, ctx.policy.max_parse_bytes, hint):
            if "dest:webhook" in labels:
                yield Hit(source.path, line, value[:160])
                break


def suspicious_endpoint(ctx: ScanContext) -> Iterator[Hit]:
    for source in ctx.view.sources:
        if source.role == "test" or not source.signals.has("destination"):
            continue
        if not _quick_suspicious(source.text):
            continue
        hint = _ENDPOINT_HINT
        for line, value, labels in labelled_literals(source, ctx.policy.max_parse_bytes, hint):
            kinds = labels & (SUSPICIOUS_DESTINATIONS - {"dest:webhook"})
            if kinds:
                what = ", ".join(sorted(kind[5:] for kind in kinds))
                yield Hit(source.path, line, value[:160], what)
                break


def _quick_suspicious(text: str) -> bool:
    from stilton.scanning.patterns import find_urls, url_labels

    return any(url_labels(url) & SUSPICIOUS_DESTINATIONS for url in find_urls(text))


def surveillance_exfil(ctx: ScanContext) -> Iterator[Hit]:
    for path, facts in ctx.modules.items():
        if ctx.role(path) == "test":
            continue
        uses = facts.capabilities()
        watched = [kind for kind in _SURVEILLANCE if kind in uses]
        if watched and "network" in uses:
            _, use = uses[watched[0]]
            yield Hit(
                path, use.line, use.evidence, f"{', '.join(watched)} and network in one module"
            )


RULES = (
    Rule(
        "exfiltrate-credentials",
        Category.EXFILTRATION,
        Severity.CRITICAL,
        "Data read from a credential store (SSH keys, cloud credentials, browser databases, "
        "tokens, wallets) or the clipboard, keystrokes or screen reaches an HTTP request, a "
        "socket, a webhook, mail or a DNS name.",
        "An SDK sending its own API token in an Authorization header to its own service.",
        _exfil(_credentials),
    ),
    Rule(
        "exfiltrate-environment",
        Category.EXFILTRATION,
        Severity.CRITICAL,
        "The whole environment (os.environ, with every CI secret in it) is sent out.",
        "os.environ.copy() passed to a subprocess as its environment.",
        _exfil(_environment),
    ),
    Rule(
        "beacon-host-info",
        Category.EXFILTRATION,
        Severity.HIGH,
        "Host and user information (hostname, user name, working directory, public IP) or a "
        "secret variable is sent to a webhook, paste site, tunnel or raw IP, or in a DNS name; "
        "at install time, to anywhere: how dependency-confusion packages report where they ran.",
        "Telemetry in library functions that sends a platform string to its own service.",
        beacon,
    ),
    Rule(
        "download-execute",
        Category.EXFILTRATION,
        Severity.CRITICAL,
        "Data fetched from the network is run: exec of a response, a downloaded file started "
        "as a program, curl | sh or PowerShell download cradles.",
        "Downloading data files or JSON and parsing them; printing install instructions that "
        "mention curl | sh; a function that fetches and runs code only when its user calls it "
        "(a self-updater, a plugin loader) counts as medium.",
        download_execute,
    ),
    Rule(
        "reverse-shell",
        Category.EXFILTRATION,
        Severity.CRITICAL,
        "A shell is wired to a network connection (socket duplicated onto stdin/stdout, "
        "/dev/tcp redirections, nc -e).",
        "pexpect/ptyprocess spawning a shell on a pseudo-terminal with no socket involved.",
        _events("reverse-shell"),
    ),
    Rule(
        "hardcoded-webhook",
        Category.EXFILTRATION,
        Severity.HIGH,
        "A Discord, Slack or Telegram webhook with its secret token is written into the code: "
        "a drop box for stolen data.",
        "Webhook client libraries that take the URL from their user, or hold only a pattern.",
        hardcoded_webhook,
    ),
    Rule(
        "suspicious-endpoint",
        Category.EXFILTRATION,
        Severity.LOW,
        "The code names a paste site, request catcher, tunnel, public-IP lookup or a raw "
        "public IP address as a URL.",
        "Link-local metadata service addresses (169.254.169.254) and private networks.",
        suspicious_endpoint,
    ),
    Rule(
        "surveillance-exfil",
        Category.EXFILTRATION,
        Severity.HIGH,
        "One module both watches the user (keyboard hook, screenshots, clipboard) and talks "
        "to the network.",
        "pynput, pyautogui and pyperclip, which have no network code.",
        surveillance_exfil,
    ),
)
