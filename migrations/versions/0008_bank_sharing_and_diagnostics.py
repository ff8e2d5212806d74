"""Sharing agreements between a government and a bank, the priority snapshots a bank may read, and
diagnostic waves with their answers.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 14:10:56.972505
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from entrega.tenancy.rls import admit_institution_rows, admit_shared_rows, drop_shared_rows, protect_tenant_table

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
WAVE_INSTRUMENT = (
    "(SELECT w.instrument FROM diagnostic_waves w "
    "WHERE w.tenant_id = diagnostic_answers.tenant_id AND w.id = diagnostic_answers.wave_id)"
)
EVIDENCE_INDICATOR = (
    "(SELECT m.indicator_id::text FROM measurements m "
    "WHERE m.tenant_id = evidence.tenant_id AND m.id = evidence.measurement_id)"
)


def upgrade() -> None:
    op.create_table(
        "diagnostic_waves",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("instrument", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_diagnostic_waves_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_diagnostic_waves")),
        sa.UniqueConstraint(
            "tenant_id", "instrument", "held_on", name=op.f("uq_diagnostic_waves_tenant_id_instrument_held_on")
        ),
    )
    op.create_table(
        "diagnostic_answers",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("wave_id", sa.Uuid(), nullable=False),
        sa.Column("item", sa.String(length=80), nullable=False),
        sa.Column(
            "assessor",
            sa.Enum("government", "technical_assistance", name="assessor", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=300), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "wave_id"],
            ["diagnostic_waves.tenant_id", "diagnostic_waves.id"],
            name=op.f("fk_diagnostic_answers_tenant_id_wave_id_diagnostic_waves"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_diagnostic_answers_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "wave_id", "item", "assessor", name=op.f("pk_diagnostic_answers")),
    )
    op.create_table(
        "shares",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("engagement_id", sa.Uuid(), nullable=False),
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "diagnostic",
                "priority_status",
                "indicator_values",
                "report",
                name="share_kind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("granted_by", sa.String(length=300), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_by", sa.String(length=300), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_shares_institution_id_institutions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "engagement_id"],
            ["engagements.tenant_id", "engagements.id"],
            name=op.f("fk_shares_tenant_id_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_shares_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_shares")),
    )
    with op.batch_alter_table("shares", schema=None) as batch_op:
        batch_op.create_index("ix_shares_institution", ["institution_id", "kind"], unique=False)

    op.create_table(
        "priority_snapshots",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("priority_id", sa.Uuid(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", DOCUMENT, nullable=False),
        sa.Column("rating", sa.String(length=24), nullable=True),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("reasons", DOCUMENT, nullable=False),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("latest_value_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "priority_id"],
            ["priorities.tenant_id", "priorities.id"],
            name=op.f("fk_priority_snapshots_tenant_id_priority_id_priorities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_priority_snapshots_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "priority_id", "taken_on", name=op.f("pk_priority_snapshots")),
    )

    for table in ("shares", "priority_snapshots", "diagnostic_waves", "diagnostic_answers"):
        protect_tenant_table(table)
    admit_institution_rows("shares")  # a bank sees the agreements made with it, live and revoked
    # What a government shares, the bank reads; nothing else. Each policy names what a share must cover.
    admit_shared_rows("priority_snapshots", "priority_status", "priority_snapshots.priority_id::text")
    admit_shared_rows("diagnostic_waves", "diagnostic", "diagnostic_waves.instrument")
    admit_shared_rows("diagnostic_answers", "diagnostic", WAVE_INSTRUMENT)
    admit_shared_rows("indicators", "indicator_values", "indicators.id::text")
    for table in ("baselines", "target_revisions", "trajectory_points", "measurements"):
        admit_shared_rows(table, "indicator_values", f"{table}.indicator_id::text")
    admit_shared_rows("evidence", "indicator_values", EVIDENCE_INDICATOR)


def downgrade() -> None:
    for table in ("indicators", "baselines", "target_revisions", "trajectory_points", "measurements", "evidence"):
        drop_shared_rows(table)
    op.drop_table("priority_snapshots")
    with op.batch_alter_table("shares", schema=None) as batch_op:
        batch_op.drop_index("ix_shares_institution")

    op.drop_table("diagnostic_answers")
    op.drop_table("diagnostic_waves")
    op.drop_table("shares")
