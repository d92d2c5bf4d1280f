"""journal: the user an entry is about, for per-user audit logs

Revision ID: 0004
Revises: 0003

Role and token changes name the user they concern in `subject`, so a user's audit log shows
what others (or the command line) did to their account as well as what they did themselves.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=100), nullable=True))
        batch_op.create_index("ix_journal_subject", ["subject"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.drop_index("ix_journal_subject")
        batch_op.drop_column("subject")
