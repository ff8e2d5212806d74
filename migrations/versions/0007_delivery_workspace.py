"""The delivery workspace: priorities, indicators and their sheets, baselines, targets, trajectories,
measurements with versions and evidence, milestones, delivery chains, budget, imports.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 14:02:02.283684
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from entrega.tenancy.rls import protect_tenant_table

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

# What the application role may never change once written: the record of what was known and when.
INSERT_ONLY = ("baselines", "target_revisions", "evidence")
# A measurement's value is fixed; only its review moves it along (submitted → validated → published).
MEASUREMENT_PRIVILEGES = "SELECT, INSERT, UPDATE (status, reviewed_by, reviewed_at, return_reason)"
TABLES = (
    "priorities",
    "indicators",
    "baselines",
    "target_revisions",
    "trajectory_points",
    "measurements",
    "evidence",
    "milestones",
    "chain_links",
    "budget_programmes",
    "budget_entries",
    "priority_programmes",
    "data_imports",
)


def upgrade() -> None:
    op.create_table(
        "data_imports",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("indicators", "measurements", name="import_kind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued", "running", "rejected", "done", "failed", name="import_status", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("processed_rows", sa.Integer(), nullable=False),
        sa.Column("written_rows", sa.Integer(), nullable=False),
        sa.Column("errors", DOCUMENT, nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_data_imports_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_data_imports")),
    )
    op.create_table(
        "budget_programmes",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("ministry_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "ministry_id"],
            ["ministries.tenant_id", "ministries.id"],
            name=op.f("fk_budget_programmes_tenant_id_ministry_id_ministries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_budget_programmes_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_budget_programmes")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_budget_programmes_tenant_id_code")),
    )
    op.create_table(
        "priorities",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", DOCUMENT, nullable=False),
        sa.Column("aim", sa.Text(), nullable=False),
        sa.Column("approach", sa.Text(), nullable=False),
        sa.Column("recovery", sa.Text(), nullable=False),
        sa.Column("owner_ministry_id", sa.Uuid(), nullable=False),
        sa.Column("sponsor", sa.String(length=200), nullable=False),
        sa.Column("plan_alignment", sa.String(length=300), nullable=False),
        sa.Column("sdg_targets", DOCUMENT, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("extra", DOCUMENT, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "owner_ministry_id"],
            ["ministries.tenant_id", "ministries.id"],
            name=op.f("fk_priorities_tenant_id_owner_ministry_id_ministries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_priorities_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_priorities")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_priorities_tenant_id_code")),
    )
    op.create_table(
        "budget_entries",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("allocated", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("executed", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "programme_id"],
            ["budget_programmes.tenant_id", "budget_programmes.id"],
            name=op.f("fk_budget_entries_tenant_id_programme_id_budget_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_budget_entries_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "programme_id", "period", name=op.f("pk_budget_entries")),
    )
    op.create_table(
        "chain_links",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("priority_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("ministry_id", sa.Uuid(), nullable=True),
        sa.Column("weak", sa.Boolean(), nullable=False),
        sa.Column("weakness", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "ministry_id"],
            ["ministries.tenant_id", "ministries.id"],
            name=op.f("fk_chain_links_tenant_id_ministry_id_ministries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "priority_id"],
            ["priorities.tenant_id", "priorities.id"],
            name=op.f("fk_chain_links_tenant_id_priority_id_priorities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_chain_links_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_chain_links")),
    )
    op.create_table(
        "indicators",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("priority_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", DOCUMENT, nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("formula", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("polarity", sa.Enum("up", "down", name="polarity", native_enum=False, length=8), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum(
                "weekly",
                "biweekly",
                "monthly",
                "bimonthly",
                "quarterly",
                "semiannual",
                "annual",
                name="frequency",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "accumulation",
            sa.Enum("level", "cumulative", "incremental", name="accumulation", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("owner_ministry_id", sa.Uuid(), nullable=False),
        sa.Column("owner_person", sa.String(length=200), nullable=False),
        sa.Column("disaggregation", DOCUMENT, nullable=False),
        sa.Column("decimals", sa.Integer(), nullable=False),
        sa.Column("extra", DOCUMENT, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "owner_ministry_id"],
            ["ministries.tenant_id", "ministries.id"],
            name=op.f("fk_indicators_tenant_id_owner_ministry_id_ministries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "priority_id"],
            ["priorities.tenant_id", "priorities.id"],
            name=op.f("fk_indicators_tenant_id_priority_id_priorities"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_indicators_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_indicators_tenant_id_code")),
    )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.create_index("ix_indicators_priority", ["tenant_id", "priority_id"], unique=False)

    op.create_table(
        "milestones",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("priority_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_ministry_id", sa.Uuid(), nullable=True),
        sa.Column("owner_person", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("planned", "in_progress", "done", "dropped", name="milestone_status", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "owner_ministry_id"],
            ["ministries.tenant_id", "ministries.id"],
            name=op.f("fk_milestones_tenant_id_owner_ministry_id_ministries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "priority_id"],
            ["priorities.tenant_id", "priorities.id"],
            name=op.f("fk_milestones_tenant_id_priority_id_priorities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_milestones_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_milestones")),
    )
    op.create_table(
        "priority_programmes",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("priority_id", sa.Uuid(), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "priority_id"],
            ["priorities.tenant_id", "priorities.id"],
            name=op.f("fk_priority_programmes_tenant_id_priority_id_priorities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "programme_id"],
            ["budget_programmes.tenant_id", "budget_programmes.id"],
            name=op.f("fk_priority_programmes_tenant_id_programme_id_budget_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_priority_programmes_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "priority_id", "programme_id", name=op.f("pk_priority_programmes")),
    )
    op.create_table(
        "baselines",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("set_by", sa.String(length=300), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "indicator_id"],
            ["indicators.tenant_id", "indicators.id"],
            name=op.f("fk_baselines_tenant_id_indicator_id_indicators"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_baselines_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "indicator_id", name=op.f("pk_baselines")),
    )
    op.create_table(
        "measurements",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("breakdown", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=300), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=60), nullable=False),
        sa.Column("on_time", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "validated",
                "published",
                "returned",
                name="measurement_status",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("reviewed_by", sa.String(length=300), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "indicator_id"],
            ["indicators.tenant_id", "indicators.id"],
            name=op.f("fk_measurements_tenant_id_indicator_id_indicators"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_measurements_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_measurements")),
        sa.UniqueConstraint(
            "tenant_id",
            "indicator_id",
            "period",
            "breakdown",
            "version",
            name=op.f("uq_measurements_tenant_id_indicator_id_period_breakdown_version"),
        ),
    )
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.create_index("ix_measurements_indicator_period", ["tenant_id", "indicator_id", "period"], unique=False)

    op.create_table(
        "target_revisions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=300), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "indicator_id"],
            ["indicators.tenant_id", "indicators.id"],
            name=op.f("fk_target_revisions_tenant_id_indicator_id_indicators"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_target_revisions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_target_revisions")),
        sa.UniqueConstraint(
            "tenant_id", "indicator_id", "revision", name=op.f("uq_target_revisions_tenant_id_indicator_id_revision")
        ),
    )
    op.create_table(
        "trajectory_points",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "indicator_id"],
            ["indicators.tenant_id", "indicators.id"],
            name=op.f("fk_trajectory_points_tenant_id_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_trajectory_points_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "indicator_id", "period", name=op.f("pk_trajectory_points")),
    )
    op.create_table(
        "evidence",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("measurement_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=300), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "measurement_id"],
            ["measurements.tenant_id", "measurements.id"],
            name=op.f("fk_evidence_tenant_id_measurement_id_measurements"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_evidence_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_evidence")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index("ix_evidence_measurement", ["tenant_id", "measurement_id"], unique=False)

    for table in TABLES:
        if table in INSERT_ONLY:
            protect_tenant_table(table, app_privileges="SELECT, INSERT")
        elif table == "measurements":
            protect_tenant_table(table, app_privileges=MEASUREMENT_PRIVILEGES)
        else:
            protect_tenant_table(table)


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_measurement")

    op.drop_table("evidence")
    op.drop_table("trajectory_points")
    op.drop_table("target_revisions")
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_index("ix_measurements_indicator_period")

    op.drop_table("measurements")
    op.drop_table("baselines")
    op.drop_table("priority_programmes")
    op.drop_table("milestones")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_index("ix_indicators_priority")

    op.drop_table("indicators")
    op.drop_table("chain_links")
    op.drop_table("budget_entries")
    op.drop_table("priorities")
    op.drop_table("budget_programmes")
    op.drop_table("data_imports")
