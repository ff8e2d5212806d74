"""Data entry and its review: values per period with provenance, corrections as new versions, evidence, and
the verification workflow (submitted → validated → published, or returned with a reason).

Nothing here overwrites a value: a correction is a new version, and the database lets the application role
change only a measurement's review columns. A ministry's focal point enters data only for the indicators
their ministry owns.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from datetime import date
from pathlib import PurePath

from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from entrega.audit.services import current_actor, record
from entrega.delivery import periods
from entrega.delivery.access import ANY_MINISTRY, Entrant  # noqa: F401 - callers take them from here too
from entrega.delivery.facts import Judge
from entrega.delivery.models import Evidence, Indicator, Measurement, MeasurementStatus
from entrega.delivery.services import baseline_of, targets_of, trajectory_of
from entrega.delivery.spreadsheets import is_text
from entrega.delivery.status import IndicatorFacts, expected_at, running_progress
from entrega.errors import Conflict
from entrega.extensions.contract import CommonRating
from entrega.extensions.runtime import ResolvedModel
from entrega.identity.services import now

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "text/csv": ".csv",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
# What each file type starts with: the declared type must match the bytes, not only the name.
MAGIC = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8\xff", ".xlsx": b"PK\x03\x04", ".docx": b"PK\x03\x04"}
TEXT_SUFFIXES = {".csv", ".txt"}  # text has no magic: it must read as text
ZIPPED_SUFFIXES = {".xlsx", ".docx"}  # a zip must open (a cut-short one does not)
# The endings a file's name may have for its type: it is downloaded under that name, so the name must say what it is.
NAME_SUFFIXES = {".jpg": (".jpg", ".jpeg")}


def versions(db_session: Session, indicator_id: uuid.UUID, period: date, breakdown: str = "") -> list[Measurement]:
    """Every version of one period's value, oldest first: the history a reader can audit."""
    return list(
        db_session.scalars(
            select(Measurement)
            .where(
                Measurement.indicator_id == indicator_id,
                Measurement.period == period,
                Measurement.breakdown == breakdown,
            )
            .order_by(Measurement.version)
        )
    )


def rating_if(
    db_session: Session, indicator: Indicator, period: date, value: float, model: ResolvedModel | None
) -> CommonRating | None:
    """Where this value would put the indicator, against its trajectory, by the model's rule."""
    judge = Judge.of(model)
    baseline = baseline_of(db_session, indicator.id)
    targets = targets_of(db_session, indicator.id)
    facts = IndicatorFacts(
        id=indicator.id, code=indicator.code, polarity=indicator.polarity, frequency=indicator.frequency,
        accumulation=indicator.accumulation, baseline=baseline.value if baseline else None,
        baseline_period=baseline.period if baseline else None,
        target=targets[-1].value if targets else None, target_due=targets[-1].due if targets else None,
        trajectory=tuple((p.period, p.expected) for p in trajectory_of(db_session, indicator.id)),
        tracked_from=baseline.period if baseline else None, values=(), complete=False,
        value_count=0, on_time_count=0, evidence_count=0, sheet_fields_filled=0, sheet_fields_total=0,
    )  # fmt: skip
    expected = expected_at(facts, period)
    if expected is None:
        return None
    progress = value
    if indicator.accumulation.value == "incremental":
        earlier = current_values(db_session, indicator.id, before=period)
        progress = running_progress([*earlier, (period, value)], indicator.accumulation, facts.baseline)[-1]
    return judge.rule.rate(progress, expected, indicator.polarity, facts.baseline)


def current_values(
    db_session: Session, indicator_id: uuid.UUID, *, before: date | None = None
) -> list[tuple[date, float]]:
    """Each period's current total (latest version, unless returned), oldest first."""
    latest = (
        select(Measurement.period, func.max(Measurement.version).label("version"))
        .where(Measurement.indicator_id == indicator_id, Measurement.breakdown == "")
        .group_by(Measurement.period)
        .subquery()
    )
    statement = (
        select(Measurement.period, Measurement.value, Measurement.status)
        .join(latest, (latest.c.period == Measurement.period) & (latest.c.version == Measurement.version))
        .where(Measurement.indicator_id == indicator_id, Measurement.breakdown == "")
        .order_by(Measurement.period)
    )
    if before is not None:
        statement = statement.where(Measurement.period < before)
    return [
        (row.period, row.value) for row in db_session.execute(statement) if row.status != MeasurementStatus.RETURNED
    ]


def _note_needed(
    db_session: Session, indicator: Indicator, period: date, value: float, note: str, model: ResolvedModel | None
) -> None:
    if not note.strip() and rating_if(db_session, indicator, period, value, model) is CommonRating.OFF_TRACK:
        raise ValidationError(
            {"note": ["This value puts the indicator off track: add a note saying why, and what is being done."]}
        )


def audit_of(measurement: Measurement) -> dict[str, object]:
    return {
        "indicator_id": str(measurement.indicator_id), "period": measurement.period.isoformat(),
        "breakdown": measurement.breakdown, "version": measurement.version, "value": measurement.value,
        "source": measurement.source, "note": measurement.note, "status": MeasurementStatus(measurement.status).value,
        "channel": measurement.channel,
    }  # fmt: skip


def submit(
    db_session: Session,
    indicator: Indicator,
    period: date,
    value: float,
    *,
    entrant: Entrant,
    source: str = "",
    note: str = "",
    breakdown: str = "",
    channel: str = "page",
    model: ResolvedModel | None = None,
) -> Measurement:
    """Enter the value of a period that has none yet (or whose value was returned: then it is a new version)."""
    entrant.check(indicator)
    start = periods.period_start(period, indicator.frequency, Judge.of(model).fiscal_start)
    _check_breakdown(indicator, breakdown)
    history = versions(db_session, indicator.id, start, breakdown)
    if history and history[-1].status is not MeasurementStatus.RETURNED:
        raise Conflict("This period already has a value: correct it, so that the first one stays on record.", "period")
    if not source.strip() and not indicator.source:
        raise ValidationError({"source": ["Say where the value comes from."]})
    if len(source.strip()) > 300:
        raise ValidationError({"source": ["Use at most 300 characters."]})
    if start > now().date():
        raise ValidationError({"period": ["This period has not begun yet: values are entered once it is under way."]})
    baseline = baseline_of(db_session, indicator.id)
    if baseline is not None and start <= baseline.period:
        raise ValidationError({"period": ["This period is not after the baseline's: the baseline already covers it."]})
    if not breakdown:
        _note_needed(db_session, indicator, start, value, note, model)
    moment = now()
    measurement = Measurement(
        indicator_id=indicator.id, period=start, breakdown=breakdown,
        version=(history[-1].version + 1) if history else 1, value=float(value),
        source=source.strip() or indicator.source, note=note.strip(), entered_by=current_actor(), entered_at=moment,
        channel=channel, status=MeasurementStatus.SUBMITTED,
        on_time=history[0].on_time if history else moment.date() <= periods.data_due(start, indicator.frequency),
    )  # fmt: skip
    db_session.add(measurement)
    db_session.flush()
    record(db_session, "create", "measurement", measurement.id, None, audit_of(measurement))
    return measurement


def correct(
    db_session: Session,
    measurement: Measurement,
    indicator: Indicator,
    value: float,
    *,
    entrant: Entrant,
    note: str,
    source: str = "",
    channel: str = "page",
    model: ResolvedModel | None = None,
) -> Measurement:
    """A new version of a period's value; the earlier ones stay, and the history shows them all."""
    entrant.check(indicator)
    history = versions(db_session, indicator.id, measurement.period, measurement.breakdown)
    if history[-1].id != measurement.id:
        raise Conflict("A newer version of this value exists: correct that one.", "version")
    if not note.strip():
        raise ValidationError({"note": ["Say why the value is corrected: the earlier version stays on record."]})
    if not measurement.breakdown:
        _note_needed(db_session, indicator, measurement.period, value, note, model)
    corrected = Measurement(
        indicator_id=indicator.id, period=measurement.period, breakdown=measurement.breakdown,
        version=measurement.version + 1, value=float(value), source=source.strip() or measurement.source,
        note=note.strip(), entered_by=current_actor(), entered_at=now(), channel=channel,
        status=MeasurementStatus.SUBMITTED, on_time=history[0].on_time,
    )  # fmt: skip
    db_session.add(corrected)
    db_session.flush()
    record(db_session, "correct", "measurement", corrected.id, audit_of(measurement), audit_of(corrected))
    return corrected


class Review:
    VALIDATE = "validate"
    PUBLISH = "publish"
    RETURN = "return"


# (action) → (states it may leave, state it reaches)
TRANSITIONS = {
    Review.VALIDATE: ({MeasurementStatus.SUBMITTED}, MeasurementStatus.VALIDATED),
    Review.PUBLISH: ({MeasurementStatus.VALIDATED}, MeasurementStatus.PUBLISHED),
    Review.RETURN: ({MeasurementStatus.SUBMITTED, MeasurementStatus.VALIDATED}, MeasurementStatus.RETURNED),
}


def review(db_session: Session, measurement: Measurement, action: str, reason: str = "") -> Measurement:
    """Move a value along the verification workflow. Only the current version can move."""
    if action not in TRANSITIONS:
        raise ValidationError({"action": ["Choose validate, publish or return."]})
    sources, target = TRANSITIONS[action]
    if MeasurementStatus(measurement.status) not in sources:
        raise Conflict(f"A {MeasurementStatus(measurement.status).value} value cannot be {target.value}.", "action")
    latest = versions(db_session, measurement.indicator_id, measurement.period, measurement.breakdown)[-1]
    if latest.id != measurement.id:
        raise Conflict("A newer version of this value exists: review that one.", "version")
    if action == Review.RETURN and not reason.strip():
        raise ValidationError({"reason": ["Say why the value is returned, so the ministry can correct it."]})
    before = audit_of(measurement)
    measurement.status = target
    measurement.reviewed_by = current_actor()
    measurement.reviewed_at = now()
    measurement.return_reason = reason.strip() or None if action == Review.RETURN else None
    db_session.flush()
    record(db_session, action, "measurement", measurement.id, before,
           {**audit_of(measurement), "reason": measurement.return_reason})  # fmt: skip
    return measurement


def _check_breakdown(indicator: Indicator, breakdown: str) -> None:
    """A breakdown names the indicator's own disaggregation dimensions: "sex=female;region=north"."""
    if not breakdown:
        return
    pairs = [part.partition("=") for part in breakdown.split(";")]
    unknown = [key for key, sep, val in pairs if not sep or not val.strip() or key not in indicator.disaggregation]
    if unknown:
        dims = ", ".join(indicator.disaggregation) or "none"
        raise ValidationError({"breakdown": [f"Use this indicator's dimensions ({dims}) as name=value; name=value."]})


def add_evidence(
    db_session: Session, measurement: Measurement, indicator: Indicator, filename: str, content_type: str,
    content: bytes, *, entrant: Entrant,
) -> Evidence:  # fmt: skip
    entrant.check(indicator)
    if not content:
        raise ValidationError({"file": ["The file is empty."]})
    if len(content) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": [f"The file is larger than {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB."]})
    kind = content_type.split(";")[0].strip().lower()
    suffix = EVIDENCE_TYPES.get(kind)
    if suffix is None:
        raise ValidationError({"file": ["Attach a PDF, an image (PNG, JPEG), a spreadsheet, a document or a CSV."]})
    if suffix in MAGIC and not content.startswith(MAGIC[suffix]):
        raise ValidationError({"file": ["The file's content does not match its type."]})
    if suffix in TEXT_SUFFIXES and not is_text(content):
        raise ValidationError({"file": ["The file's content does not match its type: it is not text."]})
    if suffix in ZIPPED_SUFFIXES and not _opens(content):
        raise ValidationError({"file": ["The file is damaged (cut short, perhaps) and cannot be opened."]})
    name = "".join(c for c in filename.replace("\\", "/").rsplit("/", 1)[-1] if c.isprintable())[:200]
    ending = PurePath(name).suffix.lower()
    if ending and ending not in NAME_SUFFIXES.get(suffix, (suffix,)):
        raise ValidationError({"file": [f"The file's name ends in {ending}, but its type is that of a {suffix} file."]})
    name = name if ending else f"{name or 'evidence'}{suffix}"
    evidence = Evidence(
        measurement_id=measurement.id, filename=name, content_type=kind, size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), content=content, uploaded_by=current_actor(),
    )  # fmt: skip
    db_session.add(evidence)
    db_session.flush()
    record(db_session, "create", "evidence", evidence.id, None,
           {"measurement_id": str(measurement.id), "filename": name, "size": len(content), "sha256": evidence.sha256})  # fmt: skip
    return evidence


def _opens(content: bytes) -> bool:
    """Whether a zip's directory (at its end) can be read: nothing is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)):
            return True
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def evidence_of(db_session: Session, measurement_ids: list[uuid.UUID]) -> list[Evidence]:
    return list(
        db_session.scalars(
            select(Evidence).where(Evidence.measurement_id.in_(measurement_ids)).order_by(Evidence.uploaded_at)
        )
    )
