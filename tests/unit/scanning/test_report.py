"""The API the upload gate and the benchmark call: scan_file, scan_distribution, reports."""

from __future__ import annotations

import json

import pytest

from stilton.distributions import inspect
from stilton.scanning import (
    RULES_VERSION,
    PriorRelease,
    ScanPolicy,
    Verdict,
    scan_distribution,
    scan_file,
)
from tests.unit.scanning.conftest import rules_of


def test_a_clean_wheel(wheel):
    path = wheel({})
    report = scan_file(path)
    assert report.verdict is Verdict.CLEAN
    assert report.score == 0
    assert report.findings == ()
    assert report.file == path.name
    assert report.rules_version == RULES_VERSION
    assert report.name == "sample"
    assert report.version == "1.0"
    assert not report.malicious
    assert 0 <= report.seconds < 10


def test_the_json_shape(corpus, corpus_reports):
    report = corpus_reports["setup-base64-exec"]
    document = json.loads(json.dumps(report.to_json()))
    assert set(document) >= {"file", "malicious", "verdict", "score", "findings", "seconds"}
    assert document["malicious"] is True
    assert document["verdict"] == "malicious"
    assert 0 <= document["score"] <= 1
    keys = {"rule", "category", "severity", "path", "line", "evidence", "explanation"}
    assert all(set(finding) == keys for finding in document["findings"])


def test_filename_overrides_the_path_name(tmp_path, wheel):
    path = wheel({})
    stored = tmp_path / "upload.tmp"
    stored.write_bytes(path.read_bytes())
    report = scan_file(stored, filename=path.name)
    assert report.file == path.name
    assert report.verdict is Verdict.CLEAN


def test_scan_distribution_reuses_inspected_metadata(wheel):
    path = wheel({"sample/x.py": "import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n"})
    distribution = inspect(path, path.name)
    report = scan_distribution(distribution, path)
    assert report.verdict is Verdict.MALICIOUS
    assert report.name == "sample"


def test_capabilities_describe_the_code(corpus_reports):
    assert {"install-time", "install-network", "network"} <= corpus_reports[
        "setup-http-beacon"
    ].capabilities
    assert "startup-hook" in corpus_reports["pth-base64-exec"].capabilities
    assert "process" in corpus_reports["git-wrapper"].capabilities
    assert corpus_reports["hash-constants"].capabilities == frozenset()


def test_known_projects_are_typosquatting_targets(wheel):
    path = wheel({}, name="acme-biling")
    assert "typosquat-name" not in rules_of(scan_file(path))
    report = scan_file(path, known_projects=["acme-billing"])
    assert "typosquat-name" in rules_of(report)
    assert report.verdict is Verdict.SUSPICIOUS


@pytest.mark.parametrize(
    ("name", "neighbour"), [("rate-b1", "rate-a1"), ("acme-app-us", "acme-app-eu")]
)
def test_a_family_of_index_projects_is_no_typosquat(wheel, name, neighbour):
    report = scan_file(wheel({}, name=name), known_projects=[neighbour])
    assert report.verdict is Verdict.CLEAN


def test_rules_can_be_disabled(corpus):
    policy = ScanPolicy(disabled_rules=frozenset({"typosquat-name"}))
    report = scan_file(corpus["popular-neighbour"].path, policy=policy)
    assert "typosquat-name" not in rules_of(report)


def test_previous_release_without_new_capabilities(wheel):
    report = scan_file(wheel({}, version="1.1"), previous=PriorRelease("1.0", frozenset()))
    assert report.verdict is Verdict.CLEAN


def test_tests_directory_findings_are_lowered(wheel):
    payload = "import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n"
    report = scan_file(wheel({"sample/tests/test_x.py": payload}))
    assert report.verdict is Verdict.CLEAN
