"""The JSON API tools expect from an index: `/pypi/<name>/json` and per version."""

from stilton.jsonapi.routes import routes

__all__ = ["routes"]
