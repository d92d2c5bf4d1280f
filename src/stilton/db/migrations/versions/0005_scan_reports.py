"""scan_reports: every scan of every file, kept as history

Revision ID: 0005
Revises: 0004

Files gain the states `held`, `quarantined` and `rejected` beside `published`; the column was
a free string already, so only the reports need a table.
"""

import sqlalchemy as sa
from alembic import op

from stilton.db.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scan_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("rules_version", sa.String(length=50), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("capabilities", sa.JSON(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("scanned_at", UTCDateTime(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["files.id"],
            name=op.f("fk_scan_reports_file_id_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_reports")),
    )
    op.create_index("ix_scan_reports_file_latest", "scan_reports", ["file_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_scan_reports_file_latest", table_name="scan_reports")
    op.drop_table("scan_reports")
