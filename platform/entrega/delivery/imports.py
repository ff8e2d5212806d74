"""Imports of indicators and measurements from Excel (.xlsx) or CSV: checked row by row, written all or nothing.

Measurements (kind "measurements"): one value per row. The first row names the columns, in any order:

    indicator   the indicator's code (required)
    period      as the indicator's frequency names it: 2025-03, 2025-Q1, 2025-S1, 2025, 2025-W05; or any
                ISO date inside the period, 2025-03-15 (required)
    value       a number, with a dot for decimals (required; a row whose value is empty is skipped)
    breakdown   empty for the total, or a part named by the indicator's dimensions: sex=female;region=north
    source      where the value comes from (required when the indicator has no default source)
    note        required when the value corrects one already recorded, or puts the indicator off track

Indicators (kind "indicators"): one technical sheet per row, by code; a new code creates the indicator, a
known one updates it with the columns the file has: code, priority (its code), name_<language> (one per
language of the government; "name" is the first language), definition, formula, unit, polarity (up, down),
frequency, accumulation (level, cumulative, incremental), source, ministry (its code), owner_person,
disaggregation (dimensions separated by commas), decimals. Importing indicators needs the permission to
edit the plan.

Other columns are ignored (the template adds some for reference). CSV files are UTF-8 (Windows-1252 is
accepted), separated by commas, semicolons or tabs. In a workbook, the sheet "Measurements" or "Indicators"
is read, else the first sheet; see `spreadsheets` for the limits on what is read.

A value for a period that already has one becomes a correction (version + 1, note required) unless it is
identical: then the row is skipped, so importing the same file twice writes nothing the second time. A
file with any bad row writes nothing at all; its report names every bad row, field and reason.

Entry points, also for a benchmark:

    data_import = create_import(db_session, "measurements", "data.csv", content, created_by="ana@…")
    db_session.commit()
    run_import(db_session, data_import.id, ANY_MINISTRY, model)  # commits; or `start` (job or not)

On PostgreSQL the checked rows go in with COPY into a temporary table and one INSERT … SELECT into
`measurements` (row-level security still checks each row); on SQLite with one executemany.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import update
from sqlalchemy.orm import Session

from entrega.audit.services import acting_as, current_actor, record
from entrega.db import EntregaSession
from entrega.delivery import measurement_imports, spreadsheets
from entrega.delivery.access import ANY_MINISTRY, Entrant, get_import
from entrega.delivery.indicator_imports import import_indicators
from entrega.delivery.models import (
    DataImport,
    ImportKind,
    ImportStatus,
)
from entrega.extensions.runtime import ResolvedModel
from entrega.identity.services import now
from entrega.jobs import handover, tenant_job
from entrega.tenancy.binding import bound_tenant

log = logging.getLogger(__name__)

SYNC_ROWS = 2_000  # up to this many rows an import runs in the request; beyond, on the "imports" queue
SYNC_BYTES = 8 * 1024 * 1024  # nor more than this once uncompressed, whatever rows a workbook declares
PROGRESS_EVERY = 1_000  # rows between progress reports (at least; a twentieth of the file when larger)
FIRST_ERRORS = 20
REQUIRED = {ImportKind.MEASUREMENTS: ("indicator", "period", "value"), ImportKind.INDICATORS: ("code",)}
UNFINISHED = (ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.FAILED)


@dataclass
class Outcome:
    errors: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0  # rows with anything in them
    written: int = 0
    corrections: int = 0
    unchanged: int = 0  # identical to the stored value: skipped
    empty: int = 0  # no value (a template row left blank): skipped

    def error(self, row: int, column: str, reason: str) -> None:
        self.errors.append({"row": row, "field": column, "reason": reason})


# ---- creating and running ---------------------------------------------------------------------------------


def create_import(
    db_session: Session, kind: ImportKind | str, filename: str, content: bytes, created_by: str | None = None
) -> DataImport:
    """Accept a file for import, or refuse it whole (ValidationError on "file" or "kind"). The caller commits."""
    try:
        kind = ImportKind(kind)
    except ValueError:
        raise ValidationError({"kind": ["Choose indicators or measurements."]}) from None
    name = "".join(c for c in filename.replace("\\", "/").rsplit("/", 1)[-1] if c.isprintable())[:200]
    with spreadsheets.open_table(content, name, spreadsheets.SHEETS[kind.value]) as table:
        missing = [column for column in REQUIRED[kind] if column not in table.columns]
        if missing:
            refuse_columns(kind, missing)
        estimate = table.estimated_rows
    if estimate is not None and estimate > spreadsheets.MAX_ROWS:
        spreadsheets.refuse(f"The file has more than {spreadsheets.MAX_ROWS:,} rows: split it into several imports.")
    data_import = DataImport(kind=kind, filename=name, content=content, status=ImportStatus.QUEUED,
                             total_rows=estimate or 0, created_by=created_by or current_actor())  # fmt: skip
    db_session.add(data_import)
    db_session.flush()
    return data_import


def refuse_columns(kind: ImportKind, missing: list[str]) -> None:
    expected = ", ".join(
        spreadsheets.MEASUREMENT_COLUMNS if kind is ImportKind.MEASUREMENTS else spreadsheets.INDICATOR_COLUMNS
    )
    spreadsheets.refuse(f"The first row must name the columns ({expected}); missing: {', '.join(missing)}.")


QUEUE_NOTICE = ("The job queue cannot be reached right now. The file is kept: its import starts automatically once "
                "the queue is back, with no need to upload it again.")  # fmt: skip


def start(db_session: Session, data_import: DataImport, entrant: Entrant, model: ResolvedModel | None) -> bool:
    """Run a committed import: a small one now, in this request; a larger one on the "imports" queue. Both
    go through `run_import`. A failure is recorded on the import (status "failed"), not raised.

    False when the queue cannot be reached: the import stays queued, saying so in its message, and the
    sweep hands it over once the queue is back.
    """
    try:
        small = spreadsheets.expanded_size(data_import.content) <= SYNC_BYTES  # rows a file declares can lie
        if 0 < data_import.total_rows <= SYNC_ROWS and small:
            run_import(db_session, data_import.id, entrant, model)
            return True
        data_import.entrant_ministry_id = entrant.ministry_id
        if handover.hand_over(db_session, data_import):
            return True
        # The hand-over committed: another session (a sweep) may hold the row now; change only the message.
        db_session.execute(
            update(DataImport)
            .where(DataImport.id == data_import.id, DataImport.status == ImportStatus.QUEUED)
            .values(message=QUEUE_NOTICE)
        )
        db_session.commit()
        return False
    except Exception:
        log.exception("import %s could not run", data_import.id)
        db_session.rollback()
        _fail(db_session, data_import.id)
        return True


def _job_arguments(data_import: DataImport) -> tuple[str, str | None]:
    ministry = data_import.entrant_ministry_id
    return str(data_import.id), str(ministry) if ministry else None


def _give_up(data_import: DataImport) -> None:
    data_import.status, data_import.finished_at = ImportStatus.FAILED, now()
    data_import.message = (
        "The import's job stopped and could not be resumed; nothing was written. Upload the file again."
    )


handover.track(
    handover.QueuedWork(
        DataImport, "delivery.import", "imports", ImportStatus.QUEUED, ImportStatus.RUNNING, _job_arguments, _give_up
    )
)


@tenant_job("delivery.import")
def import_job(db_session: Session, import_id: str, ministry_id: str | None) -> str:
    """The queued import: same code as a small one; an error leaves it "failed" and rq retries it."""
    from entrega.extensions.registry import current_registry
    from entrega.extensions.runtime import resolve
    from entrega.extensions.services import current_model

    row = current_model(db_session)
    model = resolve(current_registry(), row.as_config()) if row else None
    entrant = Entrant(uuid.UUID(ministry_id)) if ministry_id else ANY_MINISTRY
    return run_import(db_session, uuid.UUID(import_id), entrant, model).status.value


def run_import(
    db_session: Session, import_id: uuid.UUID, entrant: Entrant = ANY_MINISTRY, model: ResolvedModel | None = None
) -> DataImport:
    """Check every row, then write them all in one transaction, or none. Commits. Acts as the uploader."""
    data_import = get_import(db_session, import_id)
    if data_import.status not in UNFINISHED:
        return data_import  # a retried job finds its work done
    with acting_as(data_import.created_by):
        data_import.status, data_import.processed_rows, data_import.errors = ImportStatus.RUNNING, 0, []
        kind, filename, content = data_import.kind, data_import.filename, data_import.content
        db_session.commit()
        progress = Progress(db_session, data_import, writes_while_checking=kind is ImportKind.INDICATORS)
        try:
            outcome = _check_and_write(db_session, data_import, kind, filename, content, entrant, model, progress)
        except Exception:
            db_session.rollback()
            _fail(db_session, import_id)
            raise
        if outcome.errors:
            db_session.rollback()  # nothing of it stays
        data_import = get_import(db_session, import_id)
        _finish(db_session, data_import, outcome)
        db_session.commit()
    return data_import


def _check_and_write(db_session: Session, data_import: DataImport, kind: ImportKind, filename: str, content: bytes,
                     entrant: Entrant, model: ResolvedModel | None, progress: Progress) -> Outcome:  # fmt: skip
    outcome, rows = Outcome(), []
    with spreadsheets.open_table(content, filename, spreadsheets.SHEETS[kind.value]) as table:
        try:
            if kind is ImportKind.MEASUREMENTS:
                rows = measurement_imports.check(db_session, table, entrant, model, outcome, progress)
            else:
                import_indicators(db_session, table, model, outcome, progress)
        except spreadsheets.UnreadableRow as broken:
            outcome.error(broken.row, "", broken.reason)
    if kind is ImportKind.MEASUREMENTS and not outcome.errors:
        measurement_imports.write(db_session, data_import.tenant_id, f"import:{data_import.id}", rows)
    return outcome


def _finish(db_session: Session, data_import: DataImport, outcome: Outcome) -> None:
    data_import.total_rows = data_import.processed_rows = outcome.rows
    data_import.finished_at = now()
    if outcome.errors:
        outcome.errors.sort(key=lambda e: e["row"])  # the checks against what is stored come second
        bad_rows = len({e["row"] for e in outcome.errors})
        data_import.status, data_import.errors, data_import.written_rows = ImportStatus.REJECTED, outcome.errors, 0
        data_import.message = (
            f"Rows with errors: {bad_rows} ({len(outcome.errors)} errors in all); nothing was written."
        )
        return
    data_import.status, data_import.written_rows = ImportStatus.DONE, outcome.written
    data_import.message = (f"{outcome.written} rows written ({outcome.corrections} corrections); skipped: "
                           f"{outcome.unchanged} unchanged, {outcome.empty} without a value.")  # fmt: skip
    record(db_session, "import", "data_import", data_import.id, None,
           {"kind": data_import.kind.value, "filename": data_import.filename, "rows": outcome.rows,
            "rows_written": outcome.written, "corrections": outcome.corrections, "unchanged": outcome.unchanged,
            "without_value": outcome.empty})  # fmt: skip


def _fail(db_session: Session, import_id: uuid.UUID) -> None:
    data_import = get_import(db_session, import_id)
    data_import.status, data_import.finished_at = ImportStatus.FAILED, now()
    data_import.message = "The import stopped on an unexpected error; nothing was written."
    db_session.commit()


class Progress:
    """How far the check has got, written in short transactions of their own while the import's own
    transaction stays open, so that the page can show it. SQLite lets one writer in at a time, so there
    an import that writes as it checks (indicators) reports only when it ends."""

    def __init__(self, db_session: Session, data_import: DataImport, *, writes_while_checking: bool) -> None:
        self.bind, self.tenant_id, self.import_id = db_session.get_bind(), bound_tenant(db_session), data_import.id
        self.live = not writes_while_checking or self.bind.dialect.name == "postgresql"
        self.every = max(PROGRESS_EVERY, data_import.total_rows // 20)
        self.reported = 0

    def tick(self, processed: int) -> None:
        if self.live and processed - self.reported >= self.every:
            self.reported = processed
            with EntregaSession(bind=self.bind, info={"tenant_id": self.tenant_id}) as side:
                side.execute(update(DataImport).where(DataImport.id == self.import_id).values(processed_rows=processed))
                side.commit()
