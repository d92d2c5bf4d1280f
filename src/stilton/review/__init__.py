"""Scan reports and the review of held files: the upload gate's scan, the admins' queue and
decisions, and rescans with the current rules (docs/scanning.md)."""

from stilton.review.errors import NotAwaitingReview, ReasonTooLong, ReviewError, UnknownFile
from stilton.review.gate import ScanGate, policy_from_settings
from stilton.review.reports import RESCAN, UPLOAD, ReportView, record_report
from stilton.review.rescan import Rescanner, RescanOutcome, RescanTarget
from stilton.review.service import ReviewDetail, ReviewItem, ReviewService
from stilton.review.states import AWAITING_REVIEW, HELD, PUBLISHED, QUARANTINED, REJECTED

__all__ = [
    "AWAITING_REVIEW",
    "HELD",
    "PUBLISHED",
    "QUARANTINED",
    "REJECTED",
    "RESCAN",
    "UPLOAD",
    "NotAwaitingReview",
    "ReasonTooLong",
    "ReportView",
    "RescanOutcome",
    "RescanTarget",
    "Rescanner",
    "ReviewDetail",
    "ReviewError",
    "ReviewItem",
    "ReviewService",
    "ScanGate",
    "UnknownFile",
    "policy_from_settings",
    "record_report",
]
