"""search documents, classifiers and dependencies; the engine's full-text index; history indexes

Revision ID: 0003
Revises: 0002

The full-text index is raw SQL, different per engine and left out of the models
(`models.include_name` skips it when models and database are compared):
- SQLite: three external-content FTS5 tables over `search_documents` (the name; name,
  summary and keywords; all the words), kept in step by triggers. Their rowid is the
  document's serial, so FTS5 walks matches newest change first, and they keep no word
  positions (`detail='column'` or `'none'`): the tiers need only which column holds a word.
- PostgreSQL: three stored, generated tsvector columns (the name; name, summary and keywords;
  all the words), each with a GIN index, and an index of the name in byte order ("C"), so
  name prefixes are range scans in the same order as on SQLite, whatever the collation.
The documents themselves are filled by `stilton.search` on first use, not here. Two plain
indexes let the project page read a long release history from indexes alone.
"""

import sqlalchemy as sa
from alembic import op

import stilton.db.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# One FTS5 table per word tier, as PostgreSQL has one vector per tier: the name alone; name,
# summary and keywords; all the words. A tier then walks only its own words' lists.
_FTS_TABLES = {
    "search_fts_name": ("name_words",),
    "search_fts_head": ("name_words", "summary_words", "keywords_words"),
    "search_fts": ("name_words", "summary_words", "keywords_words", "description_words"),
}


def _fts_table(table: str, columns: tuple[str, ...]) -> str:
    # Column filters are needed in the two larger tables only; the name table keeps no detail.
    detail = "none" if len(columns) == 1 else "column"
    return (
        f"CREATE VIRTUAL TABLE {table} USING fts5({', '.join(columns)},"
        " content='search_documents', content_rowid='serial',"
        f" tokenize='unicode61 remove_diacritics 2', detail='{detail}')"
    )


# The statements below are built from the constants above only, never from data.
def _fts_add(row: str) -> str:
    return "".join(
        f"INSERT INTO {table}(rowid, {', '.join(columns)})"  # noqa: S608
        f" VALUES ({row}.serial, {', '.join(f'{row}.{c}' for c in columns)});"
        for table, columns in _FTS_TABLES.items()
    )


def _fts_remove(row: str) -> str:
    return "".join(
        f"INSERT INTO {table}({table}, rowid, {', '.join(columns)})"  # noqa: S608
        f" VALUES ('delete', {row}.serial, {', '.join(f'{row}.{c}' for c in columns)});"
        for table, columns in _FTS_TABLES.items()
    )


_SQLITE_UP = [
    *(_fts_table(table, columns) for table, columns in _FTS_TABLES.items()),
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_documents"
    f" BEGIN {_fts_add('new')} END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_documents"
    f" BEGIN {_fts_remove('old')} END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_documents"
    f" BEGIN {_fts_remove('old')} {_fts_add('new')} END",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    *(f"DROP TABLE IF EXISTS {table}" for table in _FTS_TABLES),
]
# One vector per word tier (name; name, summary and keywords; everything), so the planner's
# statistics fit each tier's query; one vector with weights would be estimated as a whole.
_HEAD_WORDS = "name_words || ' ' || summary_words || ' ' || keywords_words"
_VECTORS = {
    "name_vector": "name_words",
    "head_vector": _HEAD_WORDS,
    "text_vector": f"{_HEAD_WORDS} || ' ' || description_words",
}
_POSTGRES_UP = [
    *(
        f"ALTER TABLE search_documents ADD COLUMN {column} tsvector"
        f" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {words})) STORED"
        for column, words in _VECTORS.items()
    ),
    *(
        f"CREATE INDEX ix_search_documents_{column} ON search_documents USING gin ({column})"
        for column in _VECTORS
    ),
    "CREATE INDEX ix_search_documents_name_prefix"
    ' ON search_documents ((normalized_name COLLATE "C"))',
]
_POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_search_documents_name_prefix",
    *(f"DROP INDEX IF EXISTS ix_search_documents_{column}" for column in _VECTORS),
    *(f"ALTER TABLE search_documents DROP COLUMN IF EXISTS {column}" for column in _VECTORS),
]


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("normalized_name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("updated", stilton.db.types.UTCDateTime(), nullable=False),
        sa.Column("serial", sa.BigInteger(), nullable=False),
        sa.Column("name_words", sa.Text(), nullable=False),
        sa.Column("summary_words", sa.Text(), nullable=False),
        sa.Column("keywords_words", sa.Text(), nullable=False),
        sa.Column("description_words", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_search_documents_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("normalized_name", name=op.f("uq_search_documents_normalized_name")),
        sa.UniqueConstraint("serial", name=op.f("uq_search_documents_serial")),
    )
    op.create_table(
        "search_classifiers",
        sa.Column("classifier", sa.String(length=255), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["search_documents.project_id"],
            name=op.f("fk_search_classifiers_project_id_search_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("classifier", "project_id", name=op.f("pk_search_classifiers")),
    )
    with op.batch_alter_table("search_classifiers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_search_classifiers_project_id"), ["project_id"], unique=False
        )
    op.create_table(
        "search_dependencies",
        sa.Column("dependency", sa.String(length=200), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("extra", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["search_documents.project_id"],
            name=op.f("fk_search_dependencies_project_id_search_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "dependency", "project_id", "extra", name=op.f("pk_search_dependencies")
        ),
    )
    with op.batch_alter_table("search_dependencies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_search_dependencies_project_id"), ["project_id"], unique=False
        )
    op.create_index(
        "ix_releases_history",
        "releases",
        ["project_id", "id", "version", "created", "yanked"],
        unique=False,
    )
    op.create_index("ix_files_release_state", "files", ["release_id", "state"], unique=False)
    is_sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_UP if is_sqlite else _POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    is_sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_DOWN if is_sqlite else _POSTGRES_DOWN:
        op.execute(statement)
    op.drop_index("ix_files_release_state", table_name="files")
    op.drop_index("ix_releases_history", table_name="releases")
    with op.batch_alter_table("search_dependencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_dependencies_project_id"))
    op.drop_table("search_dependencies")
    with op.batch_alter_table("search_classifiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_classifiers_project_id"))
    op.drop_table("search_classifiers")
    op.drop_table("search_documents")
