"""Routines: series of meetings, agendas, decisions and actions, assessment rounds, data calls and their
reminders, and rendered reports.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 14:14:13.633239
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from entrega.tenancy.rls import protect_tenant_table

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TABLES = (
    "routine_series",
    "meetings",
    "agenda_items",
    "decisions",
    "actions",
    "assessment_rounds",
    "assessments",
    "data_calls",
    "reminders",
    "reports",
)


def upgrade() -> None:
    op.create_table(
        "assessment_rounds",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_assessment_rounds_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_assessment_rounds")),
        sa.UniqueConstraint("tenant_id", "held_on", name=op.f("uq_assessment_rounds_tenant_id_held_on")),
    )
    op.create_table(
        "data_calls",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
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
                name="call_frequency",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_data_calls_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_data_calls")),
        sa.UniqueConstraint("tenant_id", "period", "frequency", name=op.f("uq_data_calls_tenant_id_period_frequency")),
    )
    op.create_table(
        "reports",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("template", sa.String(length=60), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum("queued", "rendering", "done", "failed", name="report_status", native_enum=False, length=16),
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
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_reports_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_reports")),
        sa.UniqueConstraint("tenant_id", "fingerprint", name=op.f("uq_reports_tenant_id_fingerprint")),
    )
    op.create_table(
        "routine_series",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("template", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "cadence",
            sa.Enum(
                "weekly",
                "biweekly",
                "monthly",
                "bimonthly",
                "quarterly",
                "semiannual",
                "annual",
                name="cadence",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("first_on", sa.Date(), nullable=False),
        sa.Column("chair", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_routine_series_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_routine_series")),
        sa.UniqueConstraint("tenant_id", "template", name=op.f("uq_routine_series_tenant_id_template")),
    )
    op.create_table(
        "meetings",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("series_id", sa.Uuid(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("planned", "held", "cancelled", name="meeting_status", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("attendees", DOCUMENT, nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "series_id"],
            ["routine_series.tenant_id", "routine_series.id"],
            name=op.f("fk_meetings_tenant_id_series_id_routine_series"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_meetings_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("tenant_id", "series_id", "held_on", name=op.f("uq_meetings_tenant_id_series_id_held_on")),
    )
    op.create_table(
        "reminders",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("data_call_id", sa.Uuid(), nullable=False),
        sa.Column("ministry_id", sa.Uuid(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("recipients", DOCUMENT, nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "data_call_id"],
            ["data_calls.tenant_id", "data_calls.id"],
            name=op.f("fk_reminders_tenant_id_data_call_id_data_calls"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_reminders_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "data_call_id", "ministry_id", "sent_on", name=op.f("pk_reminders")),
    )
    op.create_table(
        "actions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("priority_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_ministry_id", sa.Uuid(), nullable=False),
        sa.Column("owner_person", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("open", "done", "dropped", name="action_status", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "meeting_id"],
            ["meetings.tenant_id", "meetings.id"],
            name=op.f("fk_actions_tenant_id_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "owner_ministry_id"],
            ["ministries.tenant_id", "ministries.id"],
            name=op.f("fk_actions_tenant_id_owner_ministry_id_ministries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_actions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index("ix_actions_open", ["tenant_id", "status", "due_on"], unique=False)

    op.create_table(
        "agenda_items",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "overdue_action",
                "off_track",
                "missing_data",
                "watch",
                "other",
                name="agenda_kind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("priority_id", sa.Uuid(), nullable=True),
        sa.Column("action_id", sa.Uuid(), nullable=True),
        sa.Column("facts", DOCUMENT, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "meeting_id"],
            ["meetings.tenant_id", "meetings.id"],
            name=op.f("fk_agenda_items_tenant_id_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_agenda_items_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index("ix_agenda_items_meeting", ["tenant_id", "meeting_id", "position"], unique=False)

    op.create_table(
        "assessments",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("priority_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=60), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("assessed_by", sa.String(length=300), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "priority_id"],
            ["priorities.tenant_id", "priorities.id"],
            name=op.f("fk_assessments_tenant_id_priority_id_priorities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "round_id"],
            ["assessment_rounds.tenant_id", "assessment_rounds.id"],
            name=op.f("fk_assessments_tenant_id_round_id_assessment_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_assessments_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "round_id", "priority_id", "area", name=op.f("pk_assessments")),
    )
    op.create_table(
        "decisions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("priority_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "meeting_id"],
            ["meetings.tenant_id", "meetings.id"],
            name=op.f("fk_decisions_tenant_id_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_decisions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_decisions")),
    )

    for table in TABLES:
        protect_tenant_table(table)


def downgrade() -> None:
    op.drop_table("decisions")
    op.drop_table("assessments")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index("ix_agenda_items_meeting")

    op.drop_table("agenda_items")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_open")

    op.drop_table("actions")
    op.drop_table("reminders")
    op.drop_table("meetings")
    op.drop_table("routine_series")
    op.drop_table("reports")
    op.drop_table("data_calls")
    op.drop_table("assessment_rounds")
