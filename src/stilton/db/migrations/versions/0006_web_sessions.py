"""web sessions and failed log-ins

Revision ID: 0006
Revises: 0005

Browser sessions live in the database (only a digest of each cookie's id), so every app
process sees the same ones; failed log-ins are kept for a while to rate-limit guessing.
"""

import sqlalchemy as sa
from alembic import op

import stilton.db.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created", stilton.db.types.UTCDateTime(), nullable=False),
        sa.Column("last_seen", stilton.db.types.UTCDateTime(), nullable=False),
        sa.Column("expires", stilton.db.types.UTCDateTime(), nullable=False),
        sa.Column("flash", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_web_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_web_sessions")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_sessions_expires"), ["expires"], unique=False)

    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("attempted", stilton.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index("ix_login_failures_username", ["username", "attempted"], unique=False)
        batch_op.create_index("ix_login_failures_address", ["address", "attempted"], unique=False)


def downgrade() -> None:
    op.drop_table("login_failures")
    op.drop_table("web_sessions")
