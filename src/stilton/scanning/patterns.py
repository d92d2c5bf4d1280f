"""What a string literal says about the code around it: the labels it carries into data flow.

A literal naming `~/.ssh` labels every value built from it `secret:ssh`; one holding a Discord
webhook URL labels it `dest:webhook`; `curl ... | sh` labels it `shell-download`. The flow
analysis (`flow.py`) carries these labels from literals to the calls that use them.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import urlsplit

STRONG_SECRETS = frozenset(
    {
        "secret:ssh",
        "secret:cloud",
        "secret:browser",
        "secret:discord",
        "secret:telegram",
        "secret:wallet",
        "secret:system",
        "secret:vcs",
        "env-dump",
        "clipboard",
        "screenshot",
        "keystrokes",
    }
)
"""Data that is never sent anywhere by a legitimate library: keys, tokens, browser stores,
the whole environment, the clipboard, the screen, keystrokes."""

WEAK_SECRETS = frozenset({"sysinfo", "env-secret"})
"""Data that is sent by legitimate code too (a hostname in telemetry, an API token in a header),
and counts only when sent at install time or to a suspicious destination."""

SUSPICIOUS_DESTINATIONS = frozenset(
    {"dest:webhook", "dest:paste", "dest:oast", "dest:ip", "dest:ip-lookup"}
)

_B = r"(?:^|[\\/~'\"])"
"""A path component starts here: a separator, a quote, or the start of the text."""
_E = r"(?=[\\/'\"]|$)"
"""...and ends here."""

SECRET_PATHS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("secret:ssh", re.compile(_B + r"\.ssh" + _E + r"|\bid_(rsa|dsa|ecdsa|ed25519)\b")),
    (
        "secret:cloud",
        re.compile(
            _B
            + r"\.(aws|azure|kube)"
            + _E
            + r"|"
            + _B
            + r"gcloud"
            + _E
            + r"|application_default_credentials\.json|\.docker[\\/]config\.json"
        ),
    ),
    (
        "secret:browser",
        re.compile(
            r"\b(Login Data|Web Data|Local State|User Data)\b|logins\.json|key4\.db|"
            r"cookies\.sqlite|Firefox[\\/]Profiles|Network[\\/]Cookies|[\\/]Default[\\/]Cookies"
        ),
    ),
    (
        "secret:discord",
        re.compile(
            r"discord(canary|ptb)?[\\/]+Local Storage|Local Storage[\\/]+leveldb|"
            r"dQw4w9WgXcQ|\{24\}\\?\.[^{]*\{6\}\\?\.[^{]*\{2[57]\}|mfa\\?\.\[[^\]]*\]\{84\}|"
            + _B
            + r"leveldb"
            + _E
        ),
    ),
    ("secret:telegram", re.compile(r"Telegram Desktop|" + _B + r"tdata" + _E)),
    (
        "secret:wallet",
        re.compile(
            r"wallet\.dat|\b(Exodus|Electrum|Coinomi|Guarda|Armory|Jaxx)\b|"
            r"Ethereum[\\/]+keystore|nkbihfbeogaeaoehlefnkodbefgpgknn|\bAtomic[\\/]+Local Storage"
        ),
    ),
    ("secret:system", re.compile(r"/etc/(shadow|gshadow|sudoers)\b|^/etc/passwd$")),
    (
        "secret:vcs",
        re.compile(
            r"\.git-credentials\b|" + _B + r"[._]netrc" + _E + r"|\.pypirc\b|\.npmrc\b|"
            r"\.(bash|zsh)_history\b|[\\/]gh[\\/]hosts\.yml"
        ),
    ),
)

_HOME = re.compile(r"^~([\\/]|$)|%(APPDATA|LOCALAPPDATA|USERPROFILE)%|\bAppData[\\/]")
_PERSISTENCE = re.compile(
    r"CurrentVersion\\+Run\b|Start Menu\\+Programs\\+Startup|(^|[\\/])\.(bashrc|bash_profile|"
    r"zshrc|profile)$|LaunchAgents[\\/]|systemd[\\/]user[\\/]|/etc/rc\.local|/etc/cron|"
    r"\bcrontab\b|authorized_keys|schtasks(\.exe)?\s+/create",
    re.IGNORECASE,
)
_EVASION = re.compile(
    r"Add-MpPreference|Set-MpPreference|DisableRealtimeMonitoring|ExclusionPath|"
    r"vssadmin\s+delete\s+shadows|wevtutil\s+cl\b",
    re.IGNORECASE,
)
SANDBOX_MARKERS = re.compile(
    r"\b(WDAGUtilityAccount|vmtoolsd|VBoxService|VBoxTray|vmwaretray|vmwareuser|SbieDll|"
    r"sandboxie|ollydbg|x64dbg|x32dbg|processhacker|HTTP Debugger|fiddler|wireshark|"
    r"ida64|idaq|ImmunityDebugger|joeboxserver|joeboxcontrol)\b",
    re.IGNORECASE,
)

_SHELL_DOWNLOAD = re.compile(
    r"\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+)?(ba|z|da|k)?sh\b|"
    r"\b(curl|wget)\b[^;&|\n]*\s(-o|-O|--output|--output-document)\s*\S+\s*(;|&&)\s*"
    r"(chmod|sh |bash |\./|python|start )|"
    r"Invoke-WebRequest|\biwr\s|Invoke-RestMethod|DownloadString|DownloadFile|Net\.WebClient|"
    r"Start-BitsTransfer|certutil[^\n]*-urlcache|bitsadmin[^\n]*/transfer|mshta\s+https?:|"
    r"\bIEX\s*\(|Invoke-Expression|powershell[^\n]*\s-e(nc|ncodedcommand)?\s+[A-Za-z0-9+/=]{20,}",
    re.IGNORECASE,
)
_REVERSE_SHELL = re.compile(
    r"/dev/tcp/|\bnc(at)?\s+(-\w+\s+)*-e\s|\bbash\s+-i\s*>&|\bsh\s+-i\b|"
    r"mkfifo\s+/tmp/\S+\s*;|\bsocat\s+(tcp|exec|openssl)",
    re.IGNORECASE,
)
_SHELL_NET = re.compile(r"\b(curl|wget|nc|ncat|Invoke-WebRequest|Invoke-RestMethod)\b")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]{1,15}://[^\s'\"<>`]+", re.IGNORECASE)
_WEBHOOK = re.compile(
    r"discord(app)?\.[a-z.]+/api/webhooks/\d{6,}|/api/webhooks/\d{15,}/[\w-]{20,}|"
    r"hooks\.slack\.com/services/T\w+/B\w+/\w+|api\.telegram\.[a-z.]+/bot\d+:[\w-]+|"
    r"/bot\d{6,}:[\w-]{20,}/send",
    re.IGNORECASE,
)
_PASTE_HOST = re.compile(
    r"(paste|hastebin|ghostbin|termbin|transfer\.sh|anonfiles|gofile|catbox|bashupload|"
    r"rentry|controlc|privatebin|0x0\.st|file\.io|filebin|temp\.sh|tmpfiles)",
    re.IGNORECASE,
)
_OAST_HOST = re.compile(
    r"(ngrok|serveo|localtunnel|\bloca\.lt|trycloudflare|burpcollaborator|oastify|"
    r"interact\.sh|interactsh|\boast\.|pipedream|requestbin|canarytokens|dnslog|ceye\.io|"
    r"beeceptor|hookbin|webhook\.site|portmap\.io|playit\.gg|duckdns|no-ip|\bddns\.)",
    re.IGNORECASE,
)
_IP_LOOKUP = re.compile(
    r"(api\.ipify|ipinfo\.io|ip-api\.com|icanhazip|ifconfig\.me|checkip\.|myexternalip|"
    r"wtfismyip|ipapi\.co|api\.myip|ipwho\.is)",
    re.IGNORECASE,
)
_LOCAL_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/3",
    )
)
ENV_SECRET_NAME = re.compile(
    r"token|secret|passw|api_?key|access_?key|private_?key|credential|webhook|session|cookie|"
    r"^aws_|^azure_|^gcp_|^github_|^gitlab_|^npm_|^pypi_|^twine_|^ci_job_token$",
    re.IGNORECASE,
)
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{2,63}$")
_TRIAGE = tuple(
    needle.replace("+", " ")
    for needle in [
        "ssh",
        "id_",
        "aws",
        "azure",
        "kube",
        "gcloud",
        "docker",
        "application_default",
        "login+data",
        "web+data",
        "local+state",
        "user+data",
        "logins",
        "key4",
        "firefox",
        "cookies",
        "leveldb",
        "storage",
        "dqw4",
        "{2",
        "mfa",
        "telegram",
        "tdata",
        "wallet",
        "exodus",
        "electrum",
        "ethereum",
        "nkbih",
        "coinomi",
        "atomic",
        "guarda",
        "armory",
        "jaxx",
        "/etc/",
        "credentials",
        "netrc",
        "pypirc",
        "npmrc",
        "_history",
        "hosts.yml",
        "://",
        "~/",
        "~\\",
        "%appdata%",
        "%localappdata%",
        "%userprofile%",
        "appdata",
        "currentversion",
        "start+menu",
        "bashrc",
        "zshrc",
        ".profile",
        "launchagents",
        "systemd",
        "cron",
        "authorized_keys",
        "schtasks",
        "mppreference",
        "realtime",
        "exclusion",
        "vssadmin",
        "wevtutil",
        "curl",
        "wget",
        "iwr",
        "invoke",
        "download",
        "webclient",
        "bits",
        "certutil",
        "mshta",
        "iex",
        "powershell",
        "/dev/",
        "nc+",
        "ncat",
        "bash",
        "sh+-i",
        "mkfifo",
        "socat",
        "webhooks",
        "hooks.slack",
        "/bot",
    ]
)
"""Every literal that could carry a place, destination or command label holds one of these
(lower-cased); the many that hold none skip the detailed patterns."""
_TRIAGE_SEARCH = re.compile("|".join(re.escape(n) for n in sorted(_TRIAGE, key=len, reverse=True)))
"""The same needles in one pattern: a single search instead of a Python-level test per needle."""
_CACHE_LIMIT = 4096


def literal_labels(value: str) -> frozenset[str]:
    """The labels a string literal gives any value built from it (`blob` if 16 characters or
    more: data embedded in the code)."""
    if len(value) > _CACHE_LIMIT:
        return _labels(value[:_CACHE_LIMIT])
    return _labels(value)


@functools.lru_cache(maxsize=8192)
def _labels(value: str) -> frozenset[str]:
    labels: set[str] = set()
    if len(value) >= 16:
        labels.add("blob")
    if len(value) < 3:
        return frozenset(labels)
    if _ENV_NAME.match(value) and ENV_SECRET_NAME.search(value):
        labels.add("env-name-secret")
    lowered = value.lower()
    if not _TRIAGE_SEARCH.search(lowered):
        return frozenset(labels)
    labels.update(_place_labels(value))
    if _PERSISTENCE.search(value):
        labels.add("persistence")
    if _EVASION.search(value):
        labels.add("evasion")
    if _SHELL_DOWNLOAD.search(value):
        labels.add("shell-download")
    if _REVERSE_SHELL.search(value):
        labels.add("reverse-shell")
    if _SHELL_NET.search(value):
        labels.add("shell-net")
    return frozenset(labels)


def _place_labels(value: str) -> set[str]:
    """What the paths or URLs in a literal point at."""
    labels: set[str] = set()
    urls = _URL.findall(value) if "://" in value else []
    if not urls:
        labels.update(kind for kind, pattern in SECRET_PATHS if pattern.search(value))
        if _HOME.search(value):
            labels.add("path:home")
    for url in urls:
        labels.update(url_labels(url))
    if _WEBHOOK.search(value):
        labels.add("dest:webhook")
    return labels


def url_labels(url: str) -> set[str]:
    labels = {"url"}
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return labels
    if _WEBHOOK.search(url):
        labels.add("dest:webhook")
    if _PASTE_HOST.search(host) or "cdn.discordapp.com/attachments" in url:
        labels.add("dest:paste")
    if _OAST_HOST.search(host):
        labels.add("dest:oast")
    if _IP_LOOKUP.search(host):
        labels.add("dest:ip-lookup")
    if is_public_ip(host):
        labels.add("dest:ip")
    return labels


def is_public_ip(host: str) -> bool:
    """Whether `host` is an IPv4 address outside loopback, private, link-local and multicast
    ranges (documentation ranges count as public: fixtures use them as unroutable hosts)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if address.version != 4:
        return not (address.is_loopback or address.is_link_local or address.is_private)
    return not any(address in network for network in _LOCAL_NETWORKS)


def find_urls(text: str) -> list[str]:
    return _URL.findall(text)
