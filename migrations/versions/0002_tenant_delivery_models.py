"""Tenant delivery models: which plugins a government runs, with what configuration.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from entrega.tenancy.rls import protect_tenant_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "tenant_models",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("delivery_model", sa.String(length=64), nullable=False),
        sa.Column("config", DOCUMENT, nullable=False),
        sa.Column("extensions", DOCUMENT, nullable=False),
        sa.Column("vocabulary", DOCUMENT, nullable=False),
        sa.Column("calendar", DOCUMENT, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_tenant_models_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_tenant_models")),
    )
    protect_tenant_table("tenant_models")


def downgrade() -> None:
    op.drop_table("tenant_models")
