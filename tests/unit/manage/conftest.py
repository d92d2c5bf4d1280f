from tests.support.sqlite import cheap_hashing, database, migrated

__all__ = ["cheap_hashing", "database", "migrated"]
