"""Reports and imports remember their rq job, so work the queue never got, or lost, is handed over again.

`job_id` names the row's rq job (chosen before it is enqueued) and `queued_at` says when it was last handed
to the queue; an import also keeps whose data it may write, for a run that starts long after the request.
Rows from before get no job id and the migration's time, so the sweep leaves them to rq for its longest
wait before it looks at them. The tables' grants and row-level security cover the new columns as they are.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("reports", "data_imports")


def upgrade() -> None:
    for table in TABLES:
        # "always": SQLite adds a column with a non-constant default (the current time) only by copying the table.
        with op.batch_alter_table(
            table, recreate="always" if op.get_bind().dialect.name == "sqlite" else "auto"
        ) as batch:
            batch.add_column(sa.Column("job_id", sa.String(length=36), nullable=False, server_default=sa.text("''")))
            batch.add_column(
                sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())
            )
            if table == "data_imports":
                batch.add_column(sa.Column("entrant_ministry_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            if table == "data_imports":
                batch.drop_column("entrant_ministry_id")
            batch.drop_column("queued_at")
            batch.drop_column("job_id")
