"""Banks: institutions, their specialists, and their engagements with governments.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 13:01:37.263193
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from entrega.tenancy.rls import admit_institution_rows, grant_platform_table, protect_tenant_table

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "institutions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_institutions")),
        sa.UniqueConstraint("slug", name=op.f("uq_institutions_slug")),
    )
    op.create_table(
        "engagements",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("loan", "grant", "technical_assistance", name="engagement_kind", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_engagements_institution_id_institutions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_engagements_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_engagements")),
        sa.UniqueConstraint(
            "tenant_id", "institution_id", "code", name=op.f("uq_engagements_tenant_id_institution_id_code")
        ),
    )
    op.create_index("ix_engagements_institution_id", "engagements", ["institution_id"], unique=False)

    op.create_table(
        "institution_members",
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("specialist", "manager", name="institution_role", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_institution_members_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_institution_members_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("institution_id", "user_id", name=op.f("pk_institution_members")),
    )
    op.create_index("ix_institution_members_user_id", "institution_members", ["user_id"], unique=False)

    grant_platform_table("institutions", app_privileges="SELECT")
    grant_platform_table("institution_members", app_privileges="SELECT")
    protect_tenant_table("engagements")
    admit_institution_rows("engagements")  # the bank reads its own engagements with every government


def downgrade() -> None:
    for table in ("engagements", "institution_members", "institutions"):
        op.drop_table(table)
