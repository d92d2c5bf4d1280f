"""The relational store: engine, sessions, models and migrations (SQLite or PostgreSQL)."""

from stilton.db import models
from stilton.db.database import Database, utcnow

__all__ = ["Database", "models", "utcnow"]
