"""CSRF tokens: one per session, derived from the session's secret id.

A token is an HMAC of the session id, so it needs no storage, changes whenever the session
id does (at log-in and password change), and cannot be computed by anyone who cannot read
the HttpOnly cookie. Every POST to the pages must carry it in the `csrf_token` field.
"""

from __future__ import annotations

import hashlib
import hmac

FIELD_NAME = "csrf_token"
_PURPOSE = b"stilton csrf token v1"


def token_for(session_id: str) -> str:
    return hmac.new(session_id.encode(), _PURPOSE, hashlib.sha256).hexdigest()


def token_matches(session_id: str | None, sent: object) -> bool:
    if session_id is None or not isinstance(sent, str) or not sent:
        return False
    return hmac.compare_digest(token_for(session_id), sent)
