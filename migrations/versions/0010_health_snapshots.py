"""A government's daily delivery health, which a bank reads when the government shares all its priorities'
statuses.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 14:25:02.578499
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from entrega.tenancy.rls import admit_shared_rows, protect_tenant_table

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "health_snapshots",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("priorities", sa.Integer(), nullable=False),
        sa.Column("on_track", sa.Integer(), nullable=False),
        sa.Column("not_rated", sa.Integer(), nullable=False),
        sa.Column("latest_value_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("meetings_planned", sa.Integer(), nullable=False),
        sa.Column("meetings_held", sa.Integer(), nullable=False),
        sa.Column("actions_overdue", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_health_snapshots_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "taken_on", name=op.f("pk_health_snapshots")),
    )

    protect_tenant_table("health_snapshots")
    # Only a share of every priority's status ("*") reveals the government-wide figures.
    admit_shared_rows("health_snapshots", "priority_status", "'*'")


def downgrade() -> None:
    op.drop_table("health_snapshots")
