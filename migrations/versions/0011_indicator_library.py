"""The shared indicator library: common definitions, and each government's mappings to them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 14:32:17.646033
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from entrega.tenancy.rls import admit_shared_rows, grant_platform_table, protect_tenant_table

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "common_indicators",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("name", DOCUMENT, nullable=False),
        sa.Column("definition", DOCUMENT, nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column(
            "polarity", sa.Enum("up", "down", name="common_polarity", native_enum=False, length=8), nullable=False
        ),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_common_indicators")),
        sa.UniqueConstraint("key", name=op.f("uq_common_indicators_key")),
    )
    op.create_table(
        "indicator_mappings",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("common_id", sa.Uuid(), nullable=False),
        sa.Column(
            "comparability",
            sa.Enum("comparable", "partial", "not_comparable", name="comparability", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("mapped_by", sa.String(length=300), nullable=False),
        sa.Column("mapped_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["common_id"],
            ["common_indicators.id"],
            name=op.f("fk_indicator_mappings_common_id_common_indicators"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "indicator_id"],
            ["indicators.tenant_id", "indicators.id"],
            name=op.f("fk_indicator_mappings_tenant_id_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_indicator_mappings_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "indicator_id", name=op.f("pk_indicator_mappings")),
    )
    with op.batch_alter_table("indicator_mappings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_mappings_common_id"), ["common_id"], unique=False)

    grant_platform_table("common_indicators", app_privileges="SELECT")  # curated on the platform path
    protect_tenant_table("indicator_mappings")
    # A bank sees a government's mapping where it sees that indicator's values.
    admit_shared_rows("indicator_mappings", "indicator_values", "indicator_mappings.indicator_id::text")


def downgrade() -> None:
    with op.batch_alter_table("indicator_mappings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_mappings_common_id"))

    op.drop_table("indicator_mappings")
    op.drop_table("common_indicators")
