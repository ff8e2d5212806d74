"""Assessment rounds: the unit's judgement of each priority's likelihood of delivery, area by area, on the
model's own scale, with a rationale; every round is kept. Where the judgement and the data disagree, the
pages say so; the league table and the delivery report draw on the latest round."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.audit.services import current_actor, record
from entrega.delivery import facts
from entrega.delivery.models import Priority
from entrega.delivery.status import RATING_ORDER, severity
from entrega.errors import Conflict
from entrega.extensions.contract import CommonRating
from entrega.extensions.runtime import ResolvedModel
from entrega.routines.models import Assessment, AssessmentRound

OVERALL = ""  # the area key of the overall judgement


def open_round(db_session: Session, title: str, held_on: date) -> AssessmentRound:
    if not title.strip() or len(title.strip()) > 200:
        raise ValidationError({"title": ["Name the round in up to 200 characters, e.g. 'Mid-year 2025'."]})
    if db_session.scalar(select(AssessmentRound.id).where(AssessmentRound.held_on == held_on)):
        raise Conflict("A round is already recorded on that day.", "held_on")
    round_ = AssessmentRound(title=title.strip(), held_on=held_on)
    db_session.add(round_)
    db_session.flush()
    record(
        db_session,
        "create",
        "assessment_round",
        round_.id,
        None,
        {"title": round_.title, "held_on": held_on.isoformat()},
    )
    return round_


def assess(
    db_session: Session, model: ResolvedModel, round_: AssessmentRound, priority: Priority, area: str, level: str,
    rationale: str,
) -> Assessment:  # fmt: skip
    levels = {lv.key for lv in model.framework.levels}
    areas = {a.key for a in model.framework.areas}
    if level not in levels:
        raise ValidationError({"level": [f"Choose one of the model's levels: {', '.join(sorted(levels))}."]})
    if area != OVERALL and area not in areas:
        raise ValidationError({"area": [f"Choose one of the model's judgement areas: {', '.join(sorted(areas))}."]})
    if not rationale.strip():
        raise ValidationError({"rationale": ["Give the reasons for the judgement: the next round reads them."]})
    found = db_session.get(Assessment, (round_.tenant_id, round_.id, priority.id, area))
    before = {"level": found.level, "rationale": found.rationale} if found else None
    if found is None:
        found = Assessment(round_id=round_.id, priority_id=priority.id, area=area, level=level,
                           rationale=rationale.strip(), assessed_by=current_actor())  # fmt: skip
        db_session.add(found)
    if before == {"level": level, "rationale": rationale.strip()}:
        return found  # nothing changed: nothing to record
    found.level, found.rationale, found.assessed_by = level, rationale.strip(), current_actor()
    db_session.flush()
    record(db_session, "create" if before is None else "update", "assessment", priority.id, before,
           {"round": str(round_.id), "area": area or "overall", "level": level, "rationale": found.rationale})  # fmt: skip
    return found


def rounds(db_session: Session) -> list[AssessmentRound]:
    return list(db_session.scalars(select(AssessmentRound).order_by(AssessmentRound.held_on.desc())))


def judgements(db_session: Session, round_id: uuid.UUID) -> dict[uuid.UUID, dict[str, Assessment]]:
    """Priority → area → judgement, for one round."""
    out: dict[uuid.UUID, dict[str, Assessment]] = {}
    for row in db_session.scalars(select(Assessment).where(Assessment.round_id == round_id)):
        out.setdefault(row.priority_id, {})[row.area] = row
    return out


@dataclass(frozen=True)
class Standing:
    """A priority in a round: the unit's judgement, the data's rating, and whether they disagree."""

    priority: Priority
    judged: CommonRating | None
    level: str | None
    data: CommonRating | None
    disagree: bool  # two or more steps apart on the common scale, or judged on track while the data say off


def league_table(db_session: Session, model: ResolvedModel, round_: AssessmentRound, today: date) -> list[Standing]:
    """Priorities ranked by the round's overall judgement (best first), beside what the data say."""
    common = model.framework.common_scale()
    overall = {pid: areas.get(OVERALL) for pid, areas in judgements(db_session, round_.id).items()}
    out = []
    for view in facts.load(db_session, model, today):
        judged = overall.get(view.priority.id)
        judged_common = common.get(judged.level) if judged else None
        gap = (
            abs(RATING_ORDER.index(judged_common) - RATING_ORDER.index(view.rating))
            if judged_common is not None and view.rating is not None
            else 0
        )
        out.append(Standing(view.priority, judged_common, judged.level if judged else None, view.rating, gap >= 2))
    # Best judged first; priorities not judged in this round come last, in the unit's own order.
    return sorted(out, key=lambda s: (s.judged is None, -severity(s.judged), s.priority.position))
