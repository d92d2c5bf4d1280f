"""The Alembic revisions build exactly the schema the models describe, on both engines."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from stilton.db import Database, models
from stilton.db.database import alembic_config


def schema_diff(database: Database) -> list[object]:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": models.include_name}
        )
        return list(compare_metadata(context, models.Base.metadata))


def test_head_matches_the_models(database_url: str) -> None:
    database = Database(database_url)
    try:
        database.migrate()
        assert schema_diff(database) == []
    finally:
        database.dispose()


def test_downgrade_to_base_and_upgrade_again(database_url: str) -> None:
    database = Database(database_url)
    try:
        database.migrate()
        with database.engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
        database.migrate()
        assert schema_diff(database) == []
    finally:
        database.dispose()
