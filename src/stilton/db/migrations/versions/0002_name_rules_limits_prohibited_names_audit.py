"""name rules, limits, prohibited names, audit

Revision ID: 0002
Revises: 0001
"""

import re

import sqlalchemy as sa
from alembic import op

import stilton.db.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _confusable_key(name: str) -> str:
    # The rule as it stood at this revision (stilton.projects.names.confusable_key).
    folded = re.sub(r"[-_.]+", "", name.lower())
    return folded.translate(str.maketrans("lio", "110"))


def upgrade() -> None:
    op.create_table(
        "prohibited_names",
        sa.Column("normalized_name", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created", stilton.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("normalized_name", name=op.f("pk_prohibited_names")),
    )
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_ip", sa.String(length=64), nullable=True))
        batch_op.alter_column("name", existing_type=sa.String(length=200), nullable=True)
        batch_op.alter_column("normalized_name", existing_type=sa.String(length=200), nullable=True)
        batch_op.create_index("ix_journal_actor", ["actor"], unique=False)

    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("confusable_name", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("total_size", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("max_file_size", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("max_total_size", sa.BigInteger(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_projects_confusable_name"), ["confusable_name"], unique=False
        )

    connection = op.get_bind()
    projects = sa.table(
        "projects", sa.column("id"), sa.column("name"), sa.column("confusable_name")
    )
    for project_id, name in connection.execute(sa.select(projects.c.id, projects.c.name)):
        connection.execute(
            projects.update()
            .where(projects.c.id == project_id)
            .values(confusable_name=_confusable_key(name))
        )
    connection.execute(
        sa.text(
            "UPDATE projects SET total_size = (SELECT COALESCE(SUM(files.size), 0) FROM files "
            "JOIN releases ON files.release_id = releases.id "
            "WHERE releases.project_id = projects.id)"
        )
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.alter_column("confusable_name", server_default=None)
        batch_op.alter_column("total_size", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_confusable_name"))
        batch_op.drop_column("max_total_size")
        batch_op.drop_column("max_file_size")
        batch_op.drop_column("total_size")
        batch_op.drop_column("confusable_name")
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.drop_index("ix_journal_actor")
        batch_op.drop_column("client_ip")
    op.drop_table("prohibited_names")
