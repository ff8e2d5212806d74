"""The government's workbooks: its Excel template (its indicators, the periods to fill in, instructions),
exports of its indicators and measurements (Excel and CSV), and an import's error report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Response
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from entrega.db import EntregaSession
from entrega.delivery import periods
from entrega.delivery.access import Entrant
from entrega.delivery.facts import Judge, current_values_statement
from entrega.delivery.models import (
    Accumulation,
    DataImport,
    Indicator,
    Measurement,
    MeasurementStatus,
    Priority,
    TrajectoryPoint,
)
from entrega.delivery.spreadsheets import (
    INDICATOR_COLUMNS,
    MEASUREMENT_COLUMNS,
    SHEETS,
    csv_lines,
    safe_text,
    xlsx_bytes,
)
from entrega.extensions.contract import Frequency, Polarity
from entrega.extensions.runtime import ResolvedModel
from entrega.identity.services import now
from entrega.tenancy.models import Ministry, Tenant

TEMPLATE_PERIODS = 12  # the latest periods of each indicator the template lists, at most …
TEMPLATE_REACH = timedelta(days=731)  # … and none that started more than two years ago
REFERENCE = ("reference: name", "reference: unit", "reference: frequency", "reference: expected")


# ---- the template -----------------------------------------------------------------------------------------


def template(db_session: Session, tenant: Tenant, model: ResolvedModel | None, entrant: Entrant) -> Download:
    """The government's workbook to fill in: "Read me", "Measurements" (one row per indicator and recent
    period, with its current value if any) and "Indicators" (the technical sheets)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    fiscal_start = Judge.of(model).fiscal_start
    indicators = list(db_session.scalars(select(Indicator).order_by(Indicator.code)))
    own = [i for i in indicators if entrant.ministry_id is None or i.owner_ministry_id == entrant.ministry_id]
    book = Workbook()
    readme = book.active
    readme.title = "Read me"
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="E7E6E6")

    measurements = book.create_sheet(SHEETS["measurements"])
    measurements.append([*MEASUREMENT_COLUMNS, *REFERENCE])
    for row in _measurement_template_rows(db_session, own, tenant, fiscal_start):
        measurements.append([_cell(value) for value in row])
    _style(measurements, bold, grey, len(MEASUREMENT_COLUMNS))

    sheets = book.create_sheet(SHEETS["indicators"])
    header = indicator_header(tenant.languages)
    sheets.append(header)
    for row in indicator_rows(db_session, tenant.languages):
        sheets.append([_cell(value) for value in row])
    _style(sheets, bold, grey, len(header))
    for name, choices in (("polarity", Polarity), ("frequency", _frequencies(model)), ("accumulation", Accumulation)):
        column = get_column_letter(header.index(name) + 1)
        rule = DataValidation(type="list", formula1='"' + ",".join(c.value for c in choices) + '"', allow_blank=True)
        rule.add(f"{column}2:{column}5000")
        sheets.add_data_validation(rule)

    for line in _read_me(db_session, tenant, model, own):
        readme.append([_cell(value) for value in line])
    readme["A1"].font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width, readme.column_dimensions["B"].width = 28, 110
    from io import BytesIO

    out = BytesIO()
    book.save(out)
    return Download(f"{tenant.slug}-template-{now():%Y%m%d}.xlsx", XLSX_TYPE, out.getvalue())


def _cell(value: Any) -> Any:
    return safe_text(value) if isinstance(value, str) else value


def _style(sheet: Any, bold: Any, grey: Any, read: int) -> None:
    """Bold header, frozen; the columns the import does not read, in grey."""
    sheet.freeze_panes = "A2"
    for index, cell in enumerate(sheet[1]):
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = max(12, min(40, len(str(cell.value)) + 4))
        if index >= read:
            cell.fill = grey


def _frequencies(model: ResolvedModel | None) -> Sequence[Frequency]:
    return model.calendar.frequencies if model else tuple(Frequency)


def recent_periods(frequency: Frequency, today: date, fiscal_start: int) -> list[date]:
    """The latest periods that have begun by `today`, at most TEMPLATE_PERIODS of them, within TEMPLATE_REACH."""
    return periods.periods_between(today - TEMPLATE_REACH, today, frequency, fiscal_start)[-TEMPLATE_PERIODS:]


def _measurement_template_rows(
    db_session: Session, indicators: list[Indicator], tenant: Tenant, fiscal_start: int
) -> Iterator[list[Any]]:
    if not indicators:
        return
    today = now().date()
    ids = [i.id for i in indicators]
    current = {(r.indicator_id, r.period): r.value
               for r in db_session.execute(current_values_statement(ids, recent_only=False))}  # fmt: skip
    expected = {(r.indicator_id, r.period): r.expected for r in db_session.execute(
        select(TrajectoryPoint.indicator_id, TrajectoryPoint.period, TrajectoryPoint.expected)
        .where(TrajectoryPoint.indicator_id.in_(ids), TrajectoryPoint.period >= today - TEMPLATE_REACH))}  # fmt: skip
    language = tenant.languages[0] if tenant.languages else ""
    for indicator in indicators:
        name = indicator.name.get(language) or next(iter(indicator.name.values()), "")
        for period in recent_periods(indicator.frequency, today, fiscal_start):
            yield [indicator.code, periods.label(period, indicator.frequency, fiscal_start),
                   current.get((indicator.id, period)), None, None, None, name, indicator.unit,
                   indicator.frequency.value, expected.get((indicator.id, period))]  # fmt: skip


def _read_me(
    db_session: Session, tenant: Tenant, model: ResolvedModel | None, indicators: list[Indicator]
) -> Iterator[list[Any]]:
    """The instructions, the columns and the values each column accepts, in the reader's language."""
    fiscal_start = Judge.of(model).fiscal_start
    today = now().date()
    yield [_("How to fill in this workbook")]
    yield [_("Made for %(government)s on %(day)s.", government=tenant.name, day=today.isoformat())]
    yield []
    for step in (
        _("Measurements: write the value of each row you have data for, and leave the others empty: a row "
          "without a value is skipped. Add rows for other periods or breakdowns if you need them."),
        _("A value for a period that already has one is a correction: say why in the note (the earlier "
          "version stays on record). A value identical to the recorded one is skipped, so uploading the same "
          "file twice changes nothing."),
        _("A value that puts the indicator off its trajectory needs a note: why, and what is being done."),
        _("Indicators: change the technical sheets, or add an indicator in a new row. Importing indicators "
          "needs the permission to edit the plan."),
        _("Upload the workbook on the page Import and export. Every row is checked: if any row has a problem, "
          "nothing at all is written, and a report lists each problem with its row and column."),
        _("The columns with a grey heading are there for reference and are not read. Do not rename the "
          "headings of the others."),
    ):  # fmt: skip
        yield ["", step]
    yield []
    yield [_("Sheet Measurements"), _("What to write")]
    for column, text in (
        ("indicator", _("The indicator's code (required).")),
        ("period", _("The period, as the indicator's frequency names it (required); see the examples below.")),
        ("value", _("A number, with a dot for decimals and no thousands separator.")),
        ("breakdown", _("Empty for the total; for a part, the indicator's dimensions as name=value;name=value.")),
        ("source", _("Where the value comes from; required when the indicator has no default source.")),
        ("note", _("Required for a correction, and for a value that puts the indicator off track.")),
    ):
        yield [column, text]
    yield []
    yield [_("Sheet Indicators"), _("What to write")]
    for column, text in (
        ("code", _("The indicator's code: a new code adds an indicator, a known one updates it (required).")),
        ("priority", _("The code of the priority it measures.")),
        ("name_…", _("Its name, one column per language of the government.")),
        ("ministry", _("The code of the ministry that owns it and enters its data.")),
        ("disaggregation", _("Its dimensions, separated by commas (for example: sex, region).")),
        ("decimals", _("How many decimals to show, from 0 to 6.")),
    ):
        yield [column, text]
    yield []
    yield [_("Allowed values"), ""]
    yield ["polarity", ", ".join(p.value for p in Polarity)]
    yield ["frequency", ", ".join(f.value for f in _frequencies(model))]
    yield ["accumulation", ", ".join(a.value for a in Accumulation)]
    for frequency in _frequencies(model):
        example = periods.label(periods.period_start(today, frequency, fiscal_start), frequency, fiscal_start)
        yield [f"period ({frequency.value})", _("for example %(label)s, or any date inside the period",
                                               label=example)]  # fmt: skip
    yield []
    yield [_("Ministries"), ""]
    for code, name in db_session.execute(select(Ministry.code, Ministry.name).order_by(Ministry.code)):
        yield [code, _pick(name, tenant)]
    yield []
    yield [_("Priorities"), ""]
    for code, name in db_session.execute(select(Priority.code, Priority.name).order_by(Priority.code)):
        yield [code, _pick(name, tenant)]
    dimensioned = [i for i in indicators if i.disaggregation]
    if dimensioned:
        yield []
        yield [_("Breakdowns"), ""]
        for indicator in dimensioned:
            yield [indicator.code, ", ".join(indicator.disaggregation)]


def _pick(names: dict[str, str], tenant: Tenant) -> str:
    for language in tenant.languages:
        if names.get(language):
            return names[language]
    return next(iter(names.values()), "")


# ---- exports ----------------------------------------------------------------------------------------------

MEASUREMENT_EXPORT_COLUMNS = (*MEASUREMENT_COLUMNS, "version", "status", "entered_by", "entered_at", "channel",
                              "on_time")  # fmt: skip


def indicator_header(languages: Sequence[str]) -> list[str]:
    """The indicator columns with "name" as one column per language: what the import reads back."""
    return [c for column in INDICATOR_COLUMNS for c in ([f"name_{lang}" for lang in languages]
                                                         if column == "name" else [column])]  # fmt: skip


def indicator_rows(db_session: Session, languages: Sequence[str]) -> Iterator[list[Any]]:
    """Every indicator's technical sheet, by code, in the columns of `indicator_header`."""
    statement = (
        select(Indicator, Priority.code, Ministry.code)
        .join(Priority, (Priority.tenant_id == Indicator.tenant_id) & (Priority.id == Indicator.priority_id))
        .join(Ministry, (Ministry.tenant_id == Indicator.tenant_id) & (Ministry.id == Indicator.owner_ministry_id))
        .order_by(Indicator.code)
    )
    for indicator, priority_code, ministry_code in db_session.execute(statement):
        yield [
            indicator.code, priority_code, *(indicator.name.get(lang, "") for lang in languages),
            indicator.definition, indicator.formula, indicator.unit, indicator.polarity.value,
            indicator.frequency.value, indicator.accumulation.value, indicator.source, ministry_code,
            indicator.owner_person, ", ".join(indicator.disaggregation), indicator.decimals,
        ]  # fmt: skip


def measurement_rows(db_session: Session, fiscal_start: int, *, history: bool) -> Iterator[list[Any]]:
    """Each period's current value (latest version, unless returned), or with `history` every version."""
    m = Measurement
    versions = select(m, func.row_number().over(
        partition_by=(m.indicator_id, m.period, m.breakdown), order_by=m.version.desc()).label("rn")).subquery()  # fmt: skip
    row = aliased(Measurement, versions)
    statement = (
        select(row, Indicator.code, Indicator.frequency)
        .join(Indicator, (Indicator.tenant_id == row.tenant_id) & (Indicator.id == row.indicator_id))
        .order_by(Indicator.code, row.period, row.breakdown, row.version)
    )
    if not history:
        statement = statement.where(versions.c.rn == 1, row.status != MeasurementStatus.RETURNED)
    for value, code, frequency in db_session.execute(statement.execution_options(yield_per=2_000)):
        yield [
            code, periods.label(value.period, frequency, fiscal_start), value.value, value.breakdown, value.source,
            value.note, value.version, value.status.value, value.entered_by, value.entered_at.isoformat(),
            value.channel, value.on_time,
        ]  # fmt: skip


@dataclass(frozen=True)
class Download:
    filename: str
    mimetype: str
    body: bytes | Iterator[str]  # an iterator is sent as it is produced

    def response(self) -> Response:
        return Response(self.body, mimetype=self.mimetype,
                        headers={"Content-Disposition": f'attachment; filename="{self.filename}"'})  # fmt: skip


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(db_session: Session, tenant: Tenant, model: ResolvedModel | None, what: str, fmt: str,
           *, history: bool = False) -> Download:  # fmt: skip
    """The government's indicators or measurements as CSV (sent as it is read) or Excel, text made safe
    for spreadsheets."""
    stamp = f"{tenant.slug}-{what}{'-history' if history else ''}-{now():%Y%m%d}"
    fiscal_start, languages = Judge.of(model).fiscal_start, list(tenant.languages)
    header = indicator_header(languages) if what == "indicators" else list(MEASUREMENT_EXPORT_COLUMNS)

    def rows(session: Session) -> Iterator[list[Any]]:
        if what == "indicators":
            return indicator_rows(session, languages)
        return measurement_rows(session, fiscal_start, history=history)

    if fmt == "csv":
        return Download(f"{stamp}.csv", "text/csv", _streamed(db_session, lambda s: csv_lines(header, rows(s))))
    return Download(f"{stamp}.xlsx", XLSX_TYPE, xlsx_bytes([(SHEETS[what], header, rows(db_session))]))


def _streamed(db_session: Session, produce: Callable[[Session], Iterator[str]]) -> Iterator[str]:
    """Lines produced after the view has returned (and its session has closed), in a session of their own,
    bound like the request's and closed when the last line is sent."""
    with EntregaSession(bind=db_session.get_bind(), info=dict(db_session.info)) as own:
        yield from produce(own)


def error_report(data_import: DataImport) -> Download:
    """Every problem of a rejected import, row by row, as CSV."""
    rows = ([e.get("row", ""), e.get("field", ""), e.get("reason", "")] for e in data_import.errors)
    stem = data_import.filename.rsplit(".", 1)[0] or "import"
    name = re.sub(r"[^\w.-]", "_", stem)[:80] + "-errors.csv"
    return Download(name, "text/csv", b"".join(line.encode() for line in csv_lines(["row", "field", "reason"], rows)))
