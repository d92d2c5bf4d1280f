"""From findings to a score and a verdict.

Within a category, findings add with diminishing returns: sorted by weight, the n-th counts
half as much as the one before, so ten low findings of one kind never outweigh one high
finding. Categories then combine as independent evidence: score = 1 - prod(1 - category).
Some rules set a floor on the verdict (an unreadable archive is suspicious whatever its score).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from stilton.scanning.models import Category, Finding, ScanPolicy, Verdict


def score(findings: Iterable[Finding]) -> float:
    by_category: dict[Category, list[float]] = defaultdict(list)
    for finding in findings:
        by_category[finding.category].append(finding.severity.weight)
    remaining = 1.0
    for weights in by_category.values():
        category_remaining = 1.0
        for position, weight in enumerate(sorted(weights, reverse=True)):
            category_remaining *= 1 - weight * 0.5**position
        remaining *= category_remaining
    return round(1 - remaining, 6)


def verdict(value: float, policy: ScanPolicy, floors: Iterable[Verdict]) -> Verdict:
    result = policy.verdict_for(value)
    for floor in floors:
        if floor.rank > result.rank:
            result = floor
    return result
