"""A bank's comparison exports (PDFs made by a job, owned by the institution), and a government's reports
readable by a bank where a live `report` share covers their template.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 17:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from entrega.tenancy.rls import admit_shared_rows, drop_shared_rows, protect_institution_table

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_exports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("query", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum("queued", "rendering", "done", "failed", name="export_status", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("job_id", sa.String(length=36), nullable=False, server_default=sa.text("''")),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_bank_exports_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_exports")),
    )
    with op.batch_alter_table("bank_exports", schema=None) as batch_op:
        batch_op.create_index("ix_bank_exports_institution", ["institution_id", "created_at"], unique=False)
    protect_institution_table("bank_exports")
    # A report is shared by its template: the government's own key for it (`reports.template`).
    admit_shared_rows("reports", "report", "reports.template")


def downgrade() -> None:
    drop_shared_rows("reports")
    with op.batch_alter_table("bank_exports", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_exports_institution")
    op.drop_table("bank_exports")
