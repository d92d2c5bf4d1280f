from __future__ import annotations

from pathlib import Path

from stilton.scanning import RULES

DOCS = Path(__file__).parents[3] / "docs" / "scanning.md"


def test_every_rule_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    missing = [rule.id for rule in RULES if f"`{rule.id}`" not in text]
    assert missing == []
