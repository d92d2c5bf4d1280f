"""Cheap signals from a source file's raw bytes, used to decide what deserves a closer look.

Parsing Python costs far more than reading it, and big frameworks hold megabytes of it, so each
file is first reduced to the set of words it contains (one fast regular-expression pass), plus a
few punctuation checks. Words fall in classes: code runners, decoders, network, processes,
credential stores, ... A file is parsed and given to the flow analysis only when its classes
could combine into a finding (a runner with a decoder, network with a credential store, a
process with network, ...), or when its code runs at install time whatever it holds.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = bytes(
    byte if chr(byte).isascii() and (chr(byte).isalnum() or byte == ord("_")) else ord(" ")
    for byte in range(256)
)
_RAW_IP_URL = re.compile(rb"://\d{1,3}\.\d")


def _words(text: str) -> frozenset[bytes]:
    return frozenset(word.encode() for word in text.split())


_CLASS_WORDS: dict[str, frozenset[bytes]] = {
    "exec": _words(
        "exec eval execfile marshal pickle cPickle _pickle FunctionType CodeType run_path "
        "load_source SourceFileLoader SourcelessFileLoader spec_from_file_location dill"
    ),
    "decode": _words(
        "b64decode b32decode b16decode a85decode b85decode decodebytes decodestring unhexlify "
        "a2b_base64 a2b_hex fromhex rot13 rot_13 maketrans"
    ),
    "decode-weak": _words("decompress"),
    "network": _words(
        "socket urlopen urlretrieve httpx urllib3 aiohttp HTTPConnection "
        "HTTPSConnection smtplib ftplib telnetlib websocket pycurl dhooks discord_webhook "
        "DiscordWebhook gethostbyname getaddrinfo resolver"
    ),
    "process": _words(
        "subprocess popen Popen spawnl spawnle spawnlp spawnv spawnve spawnvp posix_spawn "
        "execv execve execvp execvpe execl execle execlp execlpe startfile pty "
        "create_subprocess_shell create_subprocess_exec dup2 getoutput"
    ),
    "strong-source": _words(
        "id_rsa id_ed25519 gcloud leveldb tdata netrc pypirc npmrc Cookies clipboard pyperclip "
        "ImageGrab screenshot pynput Exodus Electrum"
    ),
    "weak-source": _words(
        "gethostname getuser getlogin uname getcwd getnode getfqdn environ getenv node"
    ),
    "destination": _words(
        "webhook webhooks pastebin ngrok hastebin burpcollaborator oast oastify "
        "interactsh pipedream requestbin ipify ipinfo icanhazip trycloudflare dnslog discord "
        "discordapp telegram"
    ),
    "dynamic": _words("__import__ __builtins__ builtins"),
    "dynamic-weak": _words("getattr import_module vars globals"),
    "file-read": _words("open read_text read_bytes get_data resource_string read_binary"),
    "persistence": _words(
        "winreg _winreg CurrentVersion bashrc zshrc bash_profile LaunchAgents authorized_keys "
        "schtasks MpPreference vssadmin"
    ),
    "native": _words(
        "VirtualAlloc VirtualAllocEx VirtualProtect WriteProcessMemory RtlMoveMemory "
        "RtlCopyMemory CreateRemoteThread QueueUserAPC SetWindowsHookExA SetWindowsHookExW "
        "SetWindowsHookEx GetAsyncKeyState CryptUnprotectData NtUnmapViewOfSection"
    ),
    "surveillance": _words(
        "pyperclip clipboard_get win32clipboard GetClipboardData ImageGrab pynput pyHook "
        "pyxhook on_press"
    ),
}
_CLASS_PUNCTUATION: dict[str, tuple[bytes, ...]] = {
    "decode-weak": (
        b"'[::-1]",
        b'"[::-1]',
        b"bytes([",
        b"bytearray([",
        b"join(chr",
        b"map(chr",
        b"loads(b",
        b"loads(base64",
        b"loads(zlib",
    ),
    "exec-file": (
        b"exec(open",
        b"exec(compile(open",
        b"exec(io.open",
        b"exec(codecs.open",
        b"read_text()",
        b"get_data(",
        b"read_binary(",
        b"resource_string(",
        b"SourceFileLoader",
        b"SourcelessFileLoader",
        b"spec_from_file_location",
        b"load_source(",
        b"load_module(",
        b"exec_module(",
    ),
    "tricks": (
        b"map(chr",
        b"join(chr",
        b"chr(x)",
        b"chr(c)",
        b"chr(i)",
        b")+chr(",
        b") + chr(",
        b"'[::-1]",
        b'"[::-1]',
    ),
    "persistence": (b"Start Menu", b"/etc/cron", b"rc.local", b"crontab -"),
    "shell": (
        b"curl ",
        b"wget ",
        b"powershell",
        b"/bin/sh",
        b"/bin/bash",
        b"cmd.exe",
        b"/dev/tcp",
        b"| sh",
        b"|sh",
        b"| bash",
        b"IEX",
    ),
    "strong-source": (
        b".ssh",
        b".aws/",
        b".aws\\",
        b"'.aws'",
        b'".aws"',
        b".kube/",
        b".kube\\",
        b"'.kube'",
        b'".kube"',
        b".docker/",
        b"'.docker'",
        b"logins.json",
        b"key4.db",
        b"cookies.sqlite",
        b"wallet.dat",
        b"git-credentials",
        b"Login Data",
        b"Local State",
        b"Web Data",
        b"User Data",
        b"environ)",
        b"environ.copy",
        b"environ.items",
        b"environ.keys",
        b"environ.values",
        b"environ}",
        b"environ,",
        b"/etc/passwd",
        b"/etc/shadow",
    ),
    "process": (b"os.system",),
    "network": (b"requests.", b"import requests", b"from requests"),
}


def _key(needle: bytes) -> bytes | None:
    """The longest word in a needle: if the file's words lack it, the needle is not there."""
    words = needle.translate(_NON_WORD).split()
    return max(words, key=len) if words else None


_KEYED_PUNCTUATION = {
    name: tuple((_key(needle), needle) for needle in needles)
    for name, needles in _CLASS_PUNCTUATION.items()
}
_IMPORT_PUNCTUATION: dict[str, tuple[bytes, ...]] = {
    "network": (b"import requests", b"from requests", b"import socket", b"from socket"),
    "process": (b"os.system(", b"os.popen(", b"os.spawn", b"os.exec"),
}
_IMPORT_WORDS: dict[str, frozenset[bytes]] = {
    "network": _words(
        "socket urlopen urlretrieve httpx urllib3 aiohttp smtplib ftplib HTTPConnection "
        "HTTPSConnection"
    ),
    "process": _words("subprocess Popen spawnv spawnl posix_spawn execv execvp startfile"),
    "native-code": _words("ctypes cffi"),
}


class Signals:
    """The classes of one file; punctuation classes are searched for only when asked about."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        words = frozenset(data.translate(_NON_WORD).split())
        self.words = words
        if not data.isascii():
            folded = unicodedata.normalize("NFKC", data.decode("utf-8", "replace"))
            words |= frozenset(folded.encode("ascii", "replace").translate(_NON_WORD).split())
            self.words = words
        self._classes = {
            name: not words.isdisjoint(members) for name, members in _CLASS_WORDS.items()
        }
        imports = {name for name, members in _IMPORT_WORDS.items() if not words.isdisjoint(members)}
        for name, needles in _IMPORT_PUNCTUATION.items():
            if name not in imports and any(needle in data for needle in needles):
                imports.add(name)
        self.imports = frozenset(imports)
        """Capabilities the file's words suggest (`network`, `process`, `native-code`), used
        for files the flow analysis does not read."""

    def has(self, *names: str) -> bool:
        return any(self._has(name) for name in names)

    def _has(self, name: str) -> bool:
        found = self._classes.get(name)
        if found is None or (not found and name in _CLASS_PUNCTUATION):
            words, data = self.words, self._data
            found = bool(found) or any(
                (key is None or key in words) and needle in data
                for key, needle in _KEYED_PUNCTUATION.get(name, ())
            )
            if name == "destination" and not found:
                found = _RAW_IP_URL.search(self._data) is not None
            self._classes[name] = found
        return found

    @property
    def classes(self) -> frozenset[str]:
        for name in _CLASS_PUNCTUATION:
            self._has(name)
        return frozenset(name for name, found in self._classes.items() if found)

    @property
    def needs_flow(self) -> bool:
        """Whether the classes present could combine into a finding of the flow analysis."""
        has = self.has
        return (
            (has("exec") and has("decode", "decode-weak", "network", "exec-file", "process"))
            or (
                has("process") and has("network", "decode", "strong-source", "persistence", "shell")
            )
            or (has("network") and has("strong-source", "surveillance"))
            or (has("network") and has("weak-source") and has("destination"))
            or (has("dynamic", "dynamic-weak") and has("tricks", "decode"))
            or has("native", "surveillance")
            or (has("persistence") and has("file-read", "process"))
        )


def signals(data: bytes) -> Signals:
    return Signals(data)


_ANY_WORDS: frozenset[bytes] = frozenset().union(
    *(members for name, members in _CLASS_WORDS.items() if name != "file-read")
) | frozenset(b"open write exec eval compile getattr".split())
_ANY_PUNCTUATION = tuple(needle for needles in _CLASS_PUNCTUATION.values() for needle in needles)


def source_words(text: str) -> frozenset[bytes]:
    return frozenset(text.encode("utf-8", "replace").translate(_NON_WORD).split())


def mentions_anything(text: str, words: frozenset[bytes]) -> bool:
    """Whether a piece of source mentions a word or pattern of any class: code that mentions
    none cannot matter to the flow analysis beyond passing values through."""
    if not words.isdisjoint(_ANY_WORDS):
        return True
    data = text.encode("utf-8", "replace")
    return any(needle in data for needle in _ANY_PUNCTUATION)
