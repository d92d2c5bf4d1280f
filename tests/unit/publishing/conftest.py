from tests.support.sqlite import database, migrated

__all__ = ["database", "migrated"]
