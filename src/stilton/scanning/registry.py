"""Every rule, in the order reports list them."""

from __future__ import annotations

from stilton.scanning.checks import (
    archive,
    creep,
    dangerous,
    entropy,
    exfiltration,
    install,
    metadata,
    names,
    obfuscation,
)
from stilton.scanning.rules import Rule

RULES: tuple[Rule, ...] = (
    *install.RULES,
    *obfuscation.RULES,
    *entropy.RULES,
    *dangerous.RULES,
    *exfiltration.RULES,
    *names.RULES,
    *metadata.RULES,
    *creep.RULES,
    *archive.RULES,
)
RULES_BY_ID = {rule.id: rule for rule in RULES}
