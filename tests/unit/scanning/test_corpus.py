"""The scanner over the whole inert corpus: recall on the malicious fixtures, no false positive
on their benign look-alikes."""

from __future__ import annotations

from stilton.scanning import Verdict


def test_the_corpus_is_large_enough(corpus):
    malicious = [item for item in corpus.values() if item.expected_malicious]
    benign = [item for item in corpus.values() if not item.expected_malicious]
    assert len(malicious) >= 60
    assert len(benign) >= 60
    assert all(item.modelled_on for item in corpus.values())


def test_recall_on_malicious_fixtures(corpus, corpus_reports):
    malicious = [p for p, item in corpus.items() if item.expected_malicious]
    flagged = [p for p in malicious if corpus_reports[p].verdict is not Verdict.CLEAN]
    judged = [p for p in malicious if corpus_reports[p].verdict is Verdict.MALICIOUS]
    missed = sorted(set(malicious) - set(flagged))
    assert len(flagged) / len(malicious) >= 0.97, f"missed: {missed}"
    assert len(judged) / len(malicious) >= 0.9


def test_no_false_positive_on_benign_fixtures(corpus, corpus_reports):
    flagged = {
        pattern: sorted({f.rule for f in corpus_reports[pattern].findings})
        for pattern, item in corpus.items()
        if not item.expected_malicious and corpus_reports[pattern].verdict is not Verdict.CLEAN
    }
    assert flagged == {}


def test_malicious_fixtures_are_inert(corpus):
    from tests.corpus.fixtures import GUARD
    from tests.corpus.malicious import MALICIOUS

    for fixture in MALICIOUS:
        for path, text in fixture.files.items():
            if path.endswith(".py") and text.strip() and "raise SystemExit" not in text:
                assert path.endswith("__init__.py"), (fixture, path)
                assert "__version__" in text, (fixture, path)
            assert "://" not in text or ".invalid" in text or "203.0.113." in text, (fixture, path)
    assert GUARD.startswith("raise SystemExit")
