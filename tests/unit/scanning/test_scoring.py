from __future__ import annotations

import pytest

from stilton.scanning import Category, Finding, ScanPolicy, Severity, Verdict
from stilton.scanning.scoring import score, verdict


def finding(severity: Severity, category: Category = Category.OBFUSCATION) -> Finding:
    return Finding("rule", category, severity, None, None, "", "")


def test_no_findings_score_zero():
    assert score([]) == 0


def test_one_critical_is_malicious():
    assert ScanPolicy().verdict_for(score([finding(Severity.CRITICAL)])) is Verdict.MALICIOUS


def test_one_high_is_suspicious_and_one_medium_is_clean():
    policy = ScanPolicy()
    assert policy.verdict_for(score([finding(Severity.HIGH)])) is Verdict.SUSPICIOUS
    assert policy.verdict_for(score([finding(Severity.MEDIUM)])) is Verdict.CLEAN


def test_findings_of_one_category_have_diminishing_returns():
    many_lows = score([finding(Severity.LOW)] * 20)
    assert many_lows < score([finding(Severity.MEDIUM)])
    assert many_lows < ScanPolicy().suspicious_at


def test_categories_combine_as_independent_evidence():
    same = score([finding(Severity.HIGH), finding(Severity.HIGH)])
    apart = score(
        [
            finding(Severity.HIGH, Category.EXFILTRATION),
            finding(Severity.HIGH, Category.INSTALL_TIME),
        ]
    )
    assert same < apart < 1
    three = [
        finding(Severity.HIGH, category)
        for category in (Category.EXFILTRATION, Category.INSTALL_TIME, Category.OBFUSCATION)
    ]
    assert ScanPolicy().verdict_for(score(three)) is Verdict.MALICIOUS


def test_info_counts_nothing():
    assert score([finding(Severity.INFO)] * 5) == 0


def test_thresholds_are_configurable():
    strict = ScanPolicy(suspicious_at=0.25, malicious_at=0.5)
    assert strict.verdict_for(score([finding(Severity.MEDIUM)])) is Verdict.SUSPICIOUS
    assert strict.verdict_for(score([finding(Severity.HIGH)])) is Verdict.MALICIOUS


def test_floors_raise_the_verdict():
    assert verdict(0.0, ScanPolicy(), [Verdict.SUSPICIOUS]) is Verdict.SUSPICIOUS
    assert verdict(0.95, ScanPolicy(), [Verdict.SUSPICIOUS]) is Verdict.MALICIOUS


@pytest.mark.parametrize(
    "options",
    [
        {"suspicious_at": 0.0},
        {"suspicious_at": 0.9, "malicious_at": 0.5},
        {"malicious_at": 1.5},
        {"time_budget": 0},
        {"max_total_bytes": 0},
    ],
)
def test_bad_policies_are_refused(options):
    with pytest.raises(ValueError, match=r"."):
        ScanPolicy(**options)


def test_severity_lowering():
    assert Severity.CRITICAL.lowered() is Severity.HIGH
    assert Severity.INFO.lowered() is Severity.INFO
