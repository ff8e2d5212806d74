"""Importing measurements: the rules of `measurements.submit` and `measurements.correct`, applied to a whole
file at once, and the fast write path behind them.

Each row is first checked on its own (indicator, ministry, period, value, breakdown, duplicates), with the
government's indicators loaded once; then against what is stored, with each (indicator, period,
breakdown)'s latest version and each indicator's baseline, target and trajectory loaded once: a new value
is version 1, a changed one a correction (version + 1, note required), an identical one is skipped; a
total that puts its indicator off track needs a note. `imports` runs this and decides what is kept.
"""

from __future__ import annotations

import math
import re
import uuid
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from marshmallow import ValidationError
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from entrega.audit.services import current_actor
from entrega.delivery import periods
from entrega.delivery.access import Entrant, NotYourMinistry
from entrega.delivery.facts import Judge, current_values_statement
from entrega.delivery.measurements import _check_breakdown
from entrega.delivery.models import (
    Accumulation,
    Baseline,
    Indicator,
    Measurement,
    MeasurementStatus,
    TargetRevision,
    TrajectoryPoint,
)
from entrega.delivery.spreadsheets import Table, text_of
from entrega.delivery.status import IndicatorFacts, expected_at, running_progress
from entrega.extensions.contract import CommonRating, Frequency
from entrega.extensions.runtime import ResolvedModel
from entrega.identity.services import now

if TYPE_CHECKING:
    from entrega.delivery.imports import Outcome, Progress

Row = tuple[uuid.UUID, date, str, int, float, str, str, bool]  # what is written, see `write`

_ABSENT = 1 << 30  # the index of an optional column the file does not have: past the end of any row
# A period written as a label must be one of the indicator's frequency, and name a period by its first day.
_LABELS = (
    (re.compile(r"^\d{4}-W\d{2}$"), {Frequency.WEEKLY, Frequency.BIWEEKLY}, Frequency.WEEKLY),
    (re.compile(r"^\d{4}-Q[1-4]$"), {Frequency.QUARTERLY}, Frequency.MONTHLY),
    (re.compile(r"^\d{4}-S[12]$"), {Frequency.SEMIANNUAL}, Frequency.MONTHLY),
    (re.compile(r"^\d{4}-\d{2}$"), set(periods.MONTHS), Frequency.MONTHLY),
    (re.compile(r"^\d{4}$"), {Frequency.ANNUAL}, Frequency.ANNUAL),
)
NOT_A_NUMBER = "{!r} is not a number: write it with a dot for decimals and no thousands separator."


def period_of(text: str, frequency: Frequency, fiscal_start: int) -> date:
    """The period `text` names for an indicator of `frequency` (periods.PeriodError when it names none):
    2025-Q1 is no monthly period, and 2025-02 no quarter."""
    start = periods.parse(text, frequency, fiscal_start)
    for pattern, frequencies, own in _LABELS:
        if pattern.match(text):
            if frequency not in frequencies or periods.parse(text, own, fiscal_start) != start:
                right = periods.label(start, frequency, fiscal_start)
                raise periods.PeriodError(f"{text!r} is not a {frequency.value} period: write {right}.")
            break
    return start


def number_of(cell: Any) -> float:
    """A cell's number (ValueError when it holds none): a number cell, or text like 12, -3.5, 1e6."""
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        written = str(cell)
        value = float(written)  # also reads 1_000 and non-Latin digits, which are refused just below
        if "_" in written or not written.isascii():
            raise ValueError(written)
    if not math.isfinite(value):
        raise ValueError(cell)
    return value


@dataclass(eq=False, slots=True)
class Subject:
    """An indicator as the checks read it, row after row: plain attributes (no ORM instrumentation), and
    hashed by identity, which is cheaper than hashing its id."""

    indicator: Indicator
    id: uuid.UUID
    code: str
    frequency: Frequency
    accumulation: Accumulation
    source: str
    allowed: bool  # whether the entrant may enter its data


@dataclass(slots=True)
class Checked:
    """A row that passed the checks of its own."""

    row: int
    subject: Subject
    period: date
    breakdown: str
    value: float
    source: str
    note: str


class RowChecks:
    """The checks a row passes on its own, with what they need loaded once and their answers remembered."""

    def __init__(self, db_session: Session, entrant: Entrant, model: ResolvedModel | None) -> None:
        self.fiscal_start = Judge.of(model).fiscal_start
        self.subjects = {i.code: _subject(i, entrant) for i in db_session.scalars(select(Indicator))}
        self.periods: dict[tuple[str, Frequency], date | str] = {}
        self.breakdowns: dict[tuple[Subject, str], str] = {}

    def subject(self, code: str) -> tuple[Subject | None, str]:
        """The indicator of that code, and what is wrong (unknown, or another ministry's)."""
        subject = self.subjects.get(code)
        if subject is None:
            return (
                None,
                f"No indicator of this government has the code {code!r}." if code else "Give the indicator's code.",
            )
        return subject, "" if subject.allowed else f"Only the ministry that owns {code} enters its data."

    def period(self, text: str, frequency: Frequency) -> date | str:
        """The period's first day, or what is wrong with it."""
        found = self.periods.get((text, frequency))
        if found is None:
            try:
                found = period_of(text, frequency, self.fiscal_start)
            except periods.PeriodError as error:
                found = str(error)
            self.periods[(text, frequency)] = found
        return found

    def breakdown(self, subject: Subject, breakdown: str) -> str:
        """What is wrong with the breakdown, or ""."""
        problem = self.breakdowns.get((subject, breakdown))
        if problem is None:
            try:
                _check_breakdown(subject.indicator, breakdown)
                problem = "" if len(breakdown) <= 120 else "A breakdown is at most 120 characters."
            except ValidationError as error:
                problem = " ".join(error.messages["breakdown"])  # type: ignore[call-overload]
            self.breakdowns[(subject, breakdown)] = problem
        return problem


def _subject(indicator: Indicator, entrant: Entrant) -> Subject:
    try:
        entrant.check(indicator)
        allowed = True
    except NotYourMinistry:
        allowed = False
    return Subject(indicator, indicator.id, indicator.code, indicator.frequency, indicator.accumulation,
                   indicator.source, allowed)  # fmt: skip


def check(db_session: Session, table: Table, entrant: Entrant, model: ResolvedModel | None, outcome: Outcome,
          progress: Progress) -> list[Row]:  # fmt: skip
    """Check every row: first on its own, then against the stored versions. The rows to write."""
    checks = RowChecks(db_session, entrant, model)
    i_code, i_period, i_value = (table.columns[name] for name in ("indicator", "period", "value"))
    i_breakdown, i_source, i_note = (table.columns.get(name, _ABSENT) for name in ("breakdown", "source", "note"))
    seen: dict[tuple[Subject, date, str], int] = {}
    checked: list[Checked] = []
    error = outcome.error
    for number, cells in table.rows:
        n = len(cells)
        raw = cells[i_value] if i_value < n else None
        code = text_of(cells[i_code]) if i_code < n else ""
        period_text = text_of(cells[i_period]) if i_period < n else ""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if code or period_text:  # a row left without a value (the template lists periods to fill in)
                outcome.rows += 1
                outcome.empty += 1
            continue
        outcome.rows += 1
        progress.tick(outcome.rows)
        errors_before = len(outcome.errors)
        subject, problem = checks.subject(code)
        if problem:
            error(number, "indicator", problem)
        period = checks.period(period_text, subject.frequency) if subject is not None else None
        if isinstance(period, str):
            error(number, "period", period)
        try:
            value = number_of(raw)
        except (ValueError, TypeError):
            error(number, "value", NOT_A_NUMBER.format(text_of(raw)))
        breakdown = text_of(cells[i_breakdown]) if i_breakdown < n else ""
        source = text_of(cells[i_source]) if i_source < n else ""
        if breakdown and subject is not None and (problem := checks.breakdown(subject, breakdown)):
            error(number, "breakdown", problem)
        if len(source) > 300:
            error(number, "source", "A source is at most 300 characters.")
        if len(outcome.errors) > errors_before or subject is None or not isinstance(period, date):
            continue
        key = (subject, period, breakdown)
        if key in seen:
            part = f" and breakdown {breakdown}" if breakdown else ""
            error(number, "period", f"Row {seen[key]} already gives {code}'s value for this period{part}.")
            continue
        seen[key] = number
        note = text_of(cells[i_note]) if i_note < n else ""
        checked.append(Checked(number, subject, period, breakdown, value, source, note))
    return against_stored(db_session, checked, model, outcome)


@dataclass(frozen=True, slots=True)
class Stored:
    version: int
    value: float
    source: str
    returned: bool
    first_on_time: bool


def stored_versions(db_session: Session, indicator_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, date, str], Stored]:
    """Each (indicator, period, breakdown)'s latest version, and whether its first version was on time."""
    m = Measurement
    window: dict[str, Any] = {"partition_by": (m.indicator_id, m.period, m.breakdown)}
    ranked = (
        select(m.indicator_id, m.period, m.breakdown, m.version, m.value, m.source, m.status,
               func.row_number().over(**window, order_by=m.version.desc()).label("rn"),
               func.first_value(m.on_time).over(**window, order_by=m.version).label("first_on_time"))
        .where(m.indicator_id.in_(indicator_ids))
        .subquery()
    )  # fmt: skip
    return {
        (r.indicator_id, r.period, r.breakdown): Stored(
            r.version, r.value, r.source, r.status == MeasurementStatus.RETURNED.value, bool(r.first_on_time)
        )
        for r in db_session.execute(select(ranked).where(ranked.c.rn == 1))
    }


def against_stored(
    db_session: Session, checked: list[Checked], model: ResolvedModel | None, outcome: Outcome
) -> list[Row]:
    """Versions, corrections, sources and notes, against what is stored: as `submit` and `correct` decide."""
    subjects = {c.subject.id: c.subject for c in checked}
    stored = {
        (subjects[indicator_id], period, breakdown): version
        for (indicator_id, period, breakdown), version in stored_versions(db_session, list(subjects)).items()
    } if subjects else {}  # fmt: skip
    ratings = Ratings(db_session, model, checked)
    today = now().date()
    due: dict[tuple[date, Frequency], date] = {}
    rows: list[Row] = []
    for c in checked:
        subject = c.subject
        latest = stored.get((subject, c.period, c.breakdown))
        correction = latest is not None and not latest.returned
        if correction and latest.value == c.value:  # type: ignore[union-attr]
            outcome.unchanged += 1
            continue
        if correction and not c.note:
            outcome.error(c.row, "note", f"This period already has the value {latest.value:g}: say in the note "  # type: ignore[union-attr]
                          "why it is corrected (the earlier version stays on record).")  # fmt: skip
        fallback = latest.source if correction else subject.source  # type: ignore[union-attr]
        if not c.source and not fallback:
            outcome.error(c.row, "source", "Say where the value comes from: this indicator has no default source.")
        if not c.breakdown and not c.note and ratings.off_track(c):
            outcome.error(c.row, "note", "This value puts the indicator off track: add a note saying why, "
                          "and what is being done.")  # fmt: skip
        if latest is not None:
            version, on_time = latest.version + 1, latest.first_on_time
        else:
            when = due.get((c.period, subject.frequency))
            if when is None:
                when = due[(c.period, subject.frequency)] = periods.data_due(c.period, subject.frequency)
            version, on_time = 1, today <= when
        rows.append((subject.id, c.period, c.breakdown, version, c.value, c.source or fallback, c.note, on_time))
        outcome.corrections += correction
    outcome.written = len(rows)
    return rows


class Ratings:
    """Where each total would put its indicator, judged as `measurements.rating_if` judges one value, with
    each indicator's baseline, target and trajectory loaded once, and the file's own values counted as
    entered (an incremental indicator's progress adds up the file's earlier periods too)."""

    def __init__(self, db_session: Session, model: ResolvedModel | None, checked: list[Checked]) -> None:
        self.rule = Judge.of(model).rule
        totals = [c for c in checked if not c.breakdown]
        judged = {c.subject for c in totals if not c.note}
        self.facts = _facts(db_session, judged) if judged else {}
        self.points = {s: dict(f.trajectory) for s, f in self.facts.items()}
        self.nearby: dict[tuple[Subject, int], IndicatorFacts] = {}
        self.progress: dict[tuple[Subject, date], float] = {}
        incremental = {s.id: s for s in judged if s.accumulation is Accumulation.INCREMENTAL}
        if not incremental:
            return
        series: dict[Subject, dict[date, float]] = defaultdict(dict)
        for row in db_session.execute(current_values_statement(list(incremental), recent_only=False)):
            series[incremental[row.indicator_id]][row.period] = row.value
        for c in totals:
            if c.subject.id in incremental:
                series[c.subject][c.period] = c.value
        for subject, values in series.items():
            ordered = sorted(values.items())
            sums = running_progress(ordered, Accumulation.INCREMENTAL, self.facts[subject].baseline)
            self.progress.update({(subject, p): s for (p, _), s in zip(ordered, sums, strict=True)})

    def off_track(self, c: Checked) -> bool:
        facts = self.facts.get(c.subject)
        if facts is None:
            return False
        expected = self.points[c.subject].get(c.period)
        if expected is None:
            expected = expected_at(self._around(c.subject, facts, c.period), c.period)
        if expected is None:
            return False
        progress = self.progress.get((c.subject, c.period), c.value)
        return self.rule.rate(progress, expected, facts.polarity, facts.baseline) is CommonRating.OFF_TRACK

    def _around(self, subject: Subject, facts: IndicatorFacts, period: date) -> IndicatorFacts:
        """The facts with only the trajectory points on either side of `period`: by `expected_at`'s rule (a
        period's own point, else the line between its neighbours, else the last point) they give the same
        value, and a search through two points instead of the whole path (kept per pair of neighbours)."""
        index = bisect_left(facts.trajectory, (period,))
        found = self.nearby.get((subject, index))
        if found is None:
            found = replace(facts, trajectory=facts.trajectory[max(0, index - 1) : index + 1])
            self.nearby[(subject, index)] = found
        return found


def _facts(db_session: Session, subjects: set[Subject]) -> dict[Subject, IndicatorFacts]:
    """What judging a value needs, for many indicators in three statements (as `rating_if` loads for one)."""
    ids = [s.id for s in subjects]
    baselines = {r.indicator_id: r for r in db_session.execute(
        select(Baseline.indicator_id, Baseline.value, Baseline.period).where(Baseline.indicator_id.in_(ids)))}  # fmt: skip
    targets = {r.indicator_id: r for r in db_session.execute(
        select(TargetRevision.indicator_id, TargetRevision.value, TargetRevision.due)
        .where(TargetRevision.indicator_id.in_(ids)).order_by(TargetRevision.revision))}  # fmt: skip
    paths: dict[uuid.UUID, list[tuple[date, float]]] = defaultdict(list)
    for r in db_session.execute(
        select(TrajectoryPoint.indicator_id, TrajectoryPoint.period, TrajectoryPoint.expected)
        .where(TrajectoryPoint.indicator_id.in_(ids)).order_by(TrajectoryPoint.period)
    ):  # fmt: skip
        paths[r.indicator_id].append((r.period, r.expected))
    out = {}
    for s in subjects:
        i, b, t = s.indicator, baselines.get(s.id), targets.get(s.id)
        out[s] = IndicatorFacts(
            id=i.id, code=i.code, polarity=i.polarity, frequency=i.frequency, accumulation=i.accumulation,
            baseline=b.value if b else None, baseline_period=b.period if b else None,
            target=t.value if t else None, target_due=t.due if t else None, trajectory=tuple(paths[i.id]),
            tracked_from=b.period if b else None, values=(), complete=False, value_count=0, on_time_count=0,
            evidence_count=0, sheet_fields_filled=0, sheet_fields_total=0,
        )  # fmt: skip
    return out


def write(db_session: Session, tenant_id: uuid.UUID, channel: str, rows: list[Row]) -> None:
    """Insert the checked rows, as the uploader, in the session's transaction.

    PostgreSQL: COPY into a temporary table, then one INSERT … SELECT. The application role may not COPY
    into a table under row-level security; INSERT … SELECT goes through the policies like any insert.
    SQLite: one executemany.
    """
    if not rows:
        return
    actor, moment, status = current_actor(), now(), MeasurementStatus.SUBMITTED.value
    connection = db_session.connection()
    if connection.dialect.name != "postgresql":
        names = ("indicator_id", "period", "breakdown", "version", "value", "source", "note", "on_time")
        fixed = {
            "tenant_id": tenant_id,
            "entered_by": actor,
            "entered_at": moment,
            "channel": channel,
            "status": status,
        }
        db_session.execute(
            insert(Measurement.__table__),  # type: ignore[arg-type]
            [{"id": uuid.uuid4(), **fixed, **dict(zip(names, row, strict=True))} for row in rows],
        )
        return
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(
            "CREATE TEMPORARY TABLE import_measurements (indicator_id uuid, period date, breakdown text, "
            "version integer, value double precision, source text, note text, on_time boolean) ON COMMIT DROP"
        )
        with cursor.copy("COPY import_measurements FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            "INSERT INTO measurements (tenant_id, id, indicator_id, period, breakdown, version, value, source, "
            "note, on_time, entered_by, entered_at, channel, status) "
            "SELECT %s, gen_random_uuid(), indicator_id, period, breakdown, version, value, source, note, "
            "on_time, %s, %s, %s, %s FROM import_measurements",
            (tenant_id, actor, moment, channel, status),
        )
        cursor.execute("DROP TABLE import_measurements")
