"""Running a diagnostic inside a government: open a dated wave on an instrument, answer item by item with
evidence (as the government, or as the technical-assistance team: each keeps its own answer), close it.
Each verb validates, writes and audits; the caller commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.audit.services import current_actor, record
from entrega.diagnostics import scoring
from entrega.diagnostics.models import Assessor, DiagnosticAnswer, DiagnosticWave
from entrega.errors import Conflict, NotFound
from entrega.extensions.contract import Instrument
from entrega.identity.services import now


def get_wave(db_session: Session, wave_id: uuid.UUID) -> DiagnosticWave:
    wave = db_session.scalar(select(DiagnosticWave).where(DiagnosticWave.id == wave_id))
    if wave is None:
        raise NotFound(str(wave_id))
    return wave


def open_wave(
    db_session: Session, instruments: dict[str, Instrument], instrument: str, title: str, held_on: date
) -> DiagnosticWave:
    if instrument not in instruments:
        raise ValidationError({"instrument": ["Choose one of the platform's diagnostic instruments."]})
    if not title.strip():
        raise ValidationError({"title": ["Name the wave, e.g. 'Baseline 2025'."]})
    clash = select(DiagnosticWave.id).where(DiagnosticWave.instrument == instrument, DiagnosticWave.held_on == held_on)
    if db_session.scalar(clash):
        raise Conflict("A wave of this instrument is already recorded on that day.", "held_on")
    wave = DiagnosticWave(instrument=instrument, title=title.strip(), held_on=held_on, created_by=current_actor())
    db_session.add(wave)
    db_session.flush()
    record(db_session, "create", "diagnostic_wave", wave.id, None,
           {"instrument": instrument, "title": wave.title, "held_on": held_on.isoformat()})  # fmt: skip
    return wave


def answer(
    db_session: Session, instrument: Instrument, wave: DiagnosticWave, item: str, assessor: Assessor, step: str,
    evidence: str,
) -> DiagnosticAnswer:  # fmt: skip
    if wave.closed_at is not None:
        raise Conflict("This wave is closed: its answers no longer change.", "wave")
    if item not in {i.key for i in instrument.items()}:
        raise ValidationError({"item": ["Not an item of this instrument."]})
    if step not in {s.key for s in instrument.scale.steps}:
        raise ValidationError({"step": ["Choose one of the instrument's answers."]})
    if not evidence.strip():
        raise ValidationError({"evidence": ["Give the evidence behind the answer: a document, a decree, data."]})
    found = db_session.get(DiagnosticAnswer, (wave.tenant_id, wave.id, item, assessor))
    before = {"step": found.step, "evidence": found.evidence} if found else None
    if found is None:
        found = DiagnosticAnswer(wave_id=wave.id, item=item, assessor=assessor, step=step, evidence="",
                                 answered_by=current_actor())  # fmt: skip
        db_session.add(found)
    found.step, found.evidence, found.answered_by = step, evidence.strip(), current_actor()
    db_session.flush()
    record(db_session, "create" if before is None else "update", "diagnostic_answer", wave.id, before,
           {"item": item, "assessor": assessor.value, "step": step, "evidence": found.evidence})  # fmt: skip
    return found


def close_wave(db_session: Session, wave: DiagnosticWave) -> DiagnosticWave:
    if wave.closed_at is not None:
        raise Conflict("This wave is already closed.", "wave")
    wave.closed_at = now()
    record(
        db_session, "update", "diagnostic_wave", wave.id, {"closed_at": None}, {"closed_at": wave.closed_at.isoformat()}
    )
    return wave


def answers_of(db_session: Session, wave_id: uuid.UUID) -> dict[Assessor, dict[str, DiagnosticAnswer]]:
    out: dict[Assessor, dict[str, DiagnosticAnswer]] = {a: {} for a in Assessor}
    for row in db_session.scalars(select(DiagnosticAnswer).where(DiagnosticAnswer.wave_id == wave_id)):
        out[Assessor(row.assessor)][row.item] = row
    return out


@dataclass(frozen=True)
class PillarResult:
    key: str
    government: scoring.Summary | None
    assistance: scoring.Summary | None


def results(instrument: Instrument, answers: dict[Assessor, dict[str, DiagnosticAnswer]]) -> list[PillarResult]:
    """Each pillar summarised by the instrument's rule, for each assessor."""
    plain = {assessor: {item: row.step for item, row in rows.items()} for assessor, rows in answers.items()}
    return [
        PillarResult(
            pillar.key,
            scoring.pillar_summary(instrument, pillar, plain[Assessor.GOVERNMENT]),
            scoring.pillar_summary(instrument, pillar, plain[Assessor.TECHNICAL_ASSISTANCE]),
        )
        for pillar in instrument.pillars
    ]
