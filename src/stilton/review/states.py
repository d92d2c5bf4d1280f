"""What a file's state is after a scan, and which changes need an admin."""

from __future__ import annotations

from stilton.scanning import Verdict

PUBLISHED = "published"
HELD = "held"
QUARANTINED = "quarantined"
REJECTED = "rejected"
AWAITING_REVIEW = (HELD, QUARANTINED)

_BY_VERDICT = {Verdict.CLEAN: PUBLISHED, Verdict.SUSPICIOUS: HELD, Verdict.MALICIOUS: QUARANTINED}
# How strict each state is; a rescan may only move a file up this order, never down.
_STRICTNESS = {PUBLISHED: 0, HELD: 1, QUARANTINED: 2, REJECTED: 3}


def state_for(verdict: Verdict) -> str:
    return _BY_VERDICT[verdict]


def tightened(current: str, verdict: Verdict, last_verdict: Verdict | None = None) -> str:
    """The state a rescan with `verdict` leaves a file in: stricter or the same, never looser.

    `last_verdict` is the verdict of the file's previous report: a file an admin approved
    under a verdict stays published while rescans find nothing worse than it.
    """
    if last_verdict is not None and verdict.rank <= last_verdict.rank and current == PUBLISHED:
        return current
    proposed = state_for(verdict)
    if _STRICTNESS[proposed] > _STRICTNESS.get(current, 0):
        return proposed
    return current
