"""A government's diagnostics: dated waves per instrument, answered item by item with evidence, by the government
itself or by the technical-assistance team (each keeps its own answer), summarised by the instrument's own rules.

The outline built here (pillar → component → item, with both answers, their difference and each part's summary
in words) is also what a bank's specialist reads of a shared wave (`entrega.bank.views.wave`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import func, select

from entrega import db
from entrega.bank.models import EVERYTHING, Institution, Share, ShareKind
from entrega.diagnostics import scoring, services
from entrega.diagnostics.models import Assessor, DiagnosticAnswer, DiagnosticWave
from entrega.errors import Conflict, NotFound, flatten_messages
from entrega.extensions.contract import Aggregation, Instrument, InstrumentPillar, ScaleStep
from entrega.extensions.registry import current_registry
from entrega.identity.access import current_principal
from entrega.identity.roles import Permission, Role
from entrega.identity.services import now
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import navigation
from entrega.web.i18n import localized_text

bp = tenant_from_path(
    Blueprint("diagnostics_pages", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates")
)

navigation.add("diagnostics_pages.waves", _l("Diagnostics"), scope="tenant", order=70, permission="view")

ASSESSOR_LABELS = {
    Assessor.GOVERNMENT: _l("Government"),
    Assessor.TECHNICAL_ASSISTANCE: _l("Technical assistance"),
}
EVIDENCE_LIMIT = 10000
TITLE_LIMIT = 200


# ---- reading a wave: shared with the bank's page of a shared wave ------------------------------------------


class Answered(Protocol):
    """An answer as the ORM or a Core row gives it."""

    step: str
    evidence: str


def one_decimal(value: float) -> str:
    return str(format_decimal(value, format="#,##0.0"))


def value_text(instrument: Instrument, rank: float) -> str:
    """A value in words: a mean with one decimal on a scale that adds up; on an ordinal one the step's name, or
    the two steps a median falls between (never a number the scale does not have)."""
    if instrument.scale.additive:
        return one_decimal(rank)
    steps = instrument.scale.steps
    if float(rank).is_integer():
        return localized_text(steps[int(rank)].label)
    lower, upper = steps[int(rank)], steps[min(int(rank) + 1, len(steps) - 1)]
    return _("%(lower)s to %(upper)s", lower=localized_text(lower.label), upper=localized_text(upper.label))


def summary_text(instrument: Instrument, rule: Aggregation, summary: scoring.Summary | None, unanswered: int) -> str:
    """What a part's summary says, never pretending: no summary where the rule has none, incomplete where
    items are unanswered, the weakest step, or the mean with one decimal."""
    if rule is Aggregation.NONE:
        return _("No summary: read item by item")
    if summary is None:
        if unanswered:
            return ngettext("Incomplete: %(num)d item unanswered", "Incomplete: %(num)d items unanswered", unanswered)
        return _("Incomplete")
    if summary.step is not None:
        return localized_text(summary.step.label)
    return value_text(instrument, summary.rank)


def change_text(instrument: Instrument, difference: float, same: str | None = None) -> str:
    """A difference between two readings, with its direction in words (an arrow only repeats it)."""
    if difference == 0:
        return same or _("= no change")
    size = abs(difference)
    if instrument.scale.additive or not float(size).is_integer():
        amount = one_decimal(size)
        return _("↑ up %(amount)s", amount=amount) if difference > 0 else _("↓ down %(amount)s", amount=amount)
    steps = int(size)
    if difference > 0:
        return ngettext("↑ up %(num)d step", "↑ up %(num)d steps", steps)
    return ngettext("↓ down %(num)d step", "↓ down %(num)d steps", steps)


def difference_text(difference: int | None, government: bool, assistance: bool) -> str:
    if difference is None:
        if government and not assistance:
            return _("Only the government has answered.")
        if assistance and not government:
            return _("Only technical assistance has answered.")
        return _("Not answered yet.")
    if difference == 0:
        return _("Both give the same answer.")
    steps = abs(difference)
    if difference > 0:
        return ngettext(
            "Technical assistance rates it %(num)d step higher than the government.",
            "Technical assistance rates it %(num)d steps higher than the government.",
            steps,
        )
    return ngettext(
        "Technical assistance rates it %(num)d step lower than the government.",
        "Technical assistance rates it %(num)d steps lower than the government.",
        steps,
    )


@dataclass
class ItemView:
    key: str
    label: dict[str, str]
    guidance: dict[str, str] | None
    answers: dict[Assessor, Any]  # the answer of each assessor, or None
    difference: int | None
    difference_text: str


@dataclass
class Reading:
    """One part's summary for each assessor, in words."""

    rule: Aggregation
    texts: dict[Assessor, str]
    difference: str | None = None


@dataclass
class ComponentView:
    key: str
    label: dict[str, str]
    reading: Reading
    items: list[ItemView] = field(default_factory=list)


@dataclass
class PillarView:
    key: str
    label: dict[str, str]
    reading: Reading
    components: list[ComponentView] = field(default_factory=list)


def _reading(
    instrument: Instrument, rule: Aggregation, summaries: dict[Assessor, scoring.Summary | None],
    unanswered: dict[Assessor, int],
) -> Reading:  # fmt: skip
    texts = {a: summary_text(instrument, rule, summaries[a], unanswered[a]) for a in Assessor}
    ours, theirs = summaries[Assessor.GOVERNMENT], summaries[Assessor.TECHNICAL_ASSISTANCE]
    difference = None
    if rule is not Aggregation.NONE and ours is not None and theirs is not None:
        difference = change_text(instrument, theirs.rank - ours.rank, _("= the same"))
    return Reading(rule, texts, difference)


def outline(instrument: Instrument, answers: Mapping[Assessor, Mapping[str, Answered]]) -> list[PillarView]:
    """The instrument pillar → component → item, with both answers, their difference and every summary."""
    steps = {a: {item: row.step for item, row in answers.get(a, {}).items()} for a in Assessor}
    differences = scoring.differences(instrument, steps[Assessor.GOVERNMENT], steps[Assessor.TECHNICAL_ASSISTANCE])
    pillars = []
    for pillar in instrument.pillars:
        pillar_view = PillarView(
            pillar.key, pillar.label,
            _reading(instrument, pillar.aggregation,
                     {a: scoring.pillar_summary(instrument, pillar, steps[a]) for a in Assessor},
                     {a: _unanswered(pillar, steps[a]) for a in Assessor}),
        )  # fmt: skip
        for component in pillar.components:
            keys = [item.key for item in component.items]
            component_view = ComponentView(
                component.key, component.label,
                _reading(instrument, component.aggregation,
                         {a: scoring.component_summary(instrument, component, steps[a]) for a in Assessor},
                         {a: sum(1 for k in keys if k not in steps[a]) for a in Assessor}),
            )  # fmt: skip
            for item in component.items:
                given = {a: answers.get(a, {}).get(item.key) for a in Assessor}
                component_view.items.append(
                    ItemView(
                        item.key, item.label, item.guidance, given, differences.get(item.key),
                        difference_text(differences.get(item.key), given[Assessor.GOVERNMENT] is not None,
                                        given[Assessor.TECHNICAL_ASSISTANCE] is not None),
                    )
                )  # fmt: skip
            pillar_view.components.append(component_view)
        pillars.append(pillar_view)
    return pillars


def _unanswered(pillar: InstrumentPillar, steps: Mapping[str, str]) -> int:
    return sum(1 for component in pillar.components for item in component.items if item.key not in steps)


def scale_steps(instrument: Instrument) -> list[dict[str, Any]]:
    return [{"key": s.key, "label": s.label, "colour": s.colour} for s in instrument.scale.steps]


def step_of(instrument: Instrument, key: str) -> ScaleStep | None:
    try:
        return instrument.scale.step(key)
    except KeyError:
        return None


def rule_text(rule: Aggregation) -> str:
    return {
        Aggregation.AVERAGE: _("summarised by the mean of its parts"),
        Aggregation.WEAKEST_LINK: _("summarised by its weakest part"),
        Aggregation.NONE: _("not summarised: read item by item"),
    }[rule]


def reading_helpers() -> dict[str, Any]:
    """What the wave templates (the government's and the bank's) need besides their data."""
    return {"assessor_labels": ASSESSOR_LABELS, "assessors": list(Assessor), "rule_text": rule_text, "step_of": step_of}


# ---- the pages -------------------------------------------------------------------------------------------------


def _assessor() -> Assessor:
    """The technical-assistance team answers as itself; everyone else who may answer, as the government."""
    principal = current_principal()
    return Assessor.TECHNICAL_ASSISTANCE if principal and principal.role is Role.CONFIGURATOR else Assessor.GOVERNMENT


def _may_assess() -> bool:
    principal = current_principal()
    return principal is not None and principal.can(Permission.ASSESS_DIAGNOSTICS)


def _shared_with() -> dict[str, list[str]]:
    """For each instrument key (or '*'), the banks it is shared with now."""
    out: dict[str, list[str]] = {}
    rows = db.session().execute(
        select(Share.subject, Institution.name)
        .join(Institution, Institution.id == Share.institution_id)
        .where(Share.kind == ShareKind.DIAGNOSTIC, Share.revoked_at.is_(None))
        .order_by(Institution.name)
    )
    for subject, name in rows:
        out.setdefault(subject, [])
        if name not in out[subject]:
            out[subject].append(name)
    return out


def _waves_page(errors: dict[str, Any] | None = None, status: int = 200) -> Any:
    db_session = db.session()
    instruments = current_registry().instruments()
    waves = list(db_session.scalars(select(DiagnosticWave).order_by(DiagnosticWave.held_on.desc())))
    counts: dict[tuple[uuid.UUID, str], int] = {
        (wave_id, str(assessor)): count
        for wave_id, assessor, count in db_session.execute(
            select(DiagnosticAnswer.wave_id, DiagnosticAnswer.assessor, func.count()).group_by(
                DiagnosticAnswer.wave_id, DiagnosticAnswer.assessor
            )
        )
    }
    by_instrument: dict[str, list[DiagnosticWave]] = {key: [] for key in sorted(instruments)}
    for wave in waves:
        by_instrument.setdefault(wave.instrument, []).append(wave)
    shared = _shared_with()
    banks = {key: sorted(set(shared.get(key, []) + shared.get(EVERYTHING, []))) for key in by_instrument}
    form = request.form if errors else {}
    return render_template(
        "diagnostics/waves.html", tenant=current_tenant(), instruments=instruments, by_instrument=by_instrument,
        counts=counts, banks=banks, errors=errors or {}, error_list=flatten_messages(errors or {}), form=form,
        may_assess=_may_assess(), today=now().date(), title_limit=TITLE_LIMIT,
    ), status  # fmt: skip


@bp.get("/diagnostics")
def waves() -> Any:
    return _waves_page()


@bp.post("/diagnostics")
def open_wave() -> Any:
    db_session = db.session()
    errors: dict[str, list[str]] = {}
    title = (request.form.get("title") or "").strip()
    if len(title) > TITLE_LIMIT:
        errors["title"] = [_("Use at most %(num)d characters.", num=TITLE_LIMIT)]
    held_on = None
    try:
        held_on = date.fromisoformat(request.form.get("held_on") or "")
    except ValueError:
        errors["held_on"] = [_("Write the date as YYYY-MM-DD.")]
    try:
        if errors:
            raise ValidationError(errors)
        assert held_on is not None
        wave = services.open_wave(
            db_session, current_registry().instruments(), request.form.get("instrument") or "", title, held_on
        )
    except ValidationError as error:
        db_session.rollback()
        return _waves_page(error.normalized_messages(), 422)
    except Conflict as error:
        db_session.rollback()
        return _waves_page({error.field or "form": [error.message]}, 409)
    db_session.commit()
    flash(_("The wave was opened. Answer each item with its evidence."), "status")
    return redirect(url_for("diagnostics_pages.wave", wave_id=wave.id))


def _wave_or_404(wave_id: uuid.UUID) -> DiagnosticWave:
    try:
        return services.get_wave(db.session(), wave_id)
    except NotFound:
        abort(404)


def _wave_page(
    wave: DiagnosticWave, errors: dict[str, Any] | None = None, failed_item: str = "", status: int = 200
) -> Any:
    instrument = current_registry().instruments().get(wave.instrument)
    answers = services.answers_of(db.session(), wave.id)
    return render_template(
        "diagnostics/wave.html", tenant=current_tenant(), wave=wave, instrument=instrument,
        pillars=outline(instrument, answers) if instrument else [],
        steps=scale_steps(instrument) if instrument else [], assessor=_assessor(), may_assess=_may_assess(),
        errors=errors or {}, error_list=flatten_messages(errors or {}), failed_item=failed_item,
        form=request.form if errors else {}, evidence_limit=EVIDENCE_LIMIT, **reading_helpers(),
    ), status  # fmt: skip


@bp.get("/diagnostics/<uuid:wave_id>")
def wave(wave_id: uuid.UUID) -> Any:
    return _wave_page(_wave_or_404(wave_id))


@bp.post("/diagnostics/<uuid:wave_id>/answers")
def answer(wave_id: uuid.UUID) -> Any:
    found = _wave_or_404(wave_id)
    instrument = current_registry().instruments().get(found.instrument)
    if instrument is None:
        abort(404)  # the instrument's plugin is not installed: there is nothing to answer against
    db_session = db.session()
    item = request.form.get("item") or ""
    evidence = request.form.get("evidence") or ""
    try:
        if len(evidence) > EVIDENCE_LIMIT:
            raise ValidationError({"evidence": [_("Use at most %(num)d characters.", num=EVIDENCE_LIMIT)]})
        services.answer(db_session, instrument, found, item, _assessor(), request.form.get("step") or "", evidence)
    except ValidationError as error:
        db_session.rollback()
        return _wave_page(found, error.normalized_messages(), item, 422)
    except Conflict as error:
        db_session.rollback()
        return _wave_page(found, {error.field or "form": [error.message]}, item, 409)
    db_session.commit()
    flash(_("Your answer was saved."), "status")
    return redirect(url_for("diagnostics_pages.wave", wave_id=found.id, _anchor=f"item-{item}"))


@bp.post("/diagnostics/<uuid:wave_id>/close")
def close_wave(wave_id: uuid.UUID) -> Any:
    found = _wave_or_404(wave_id)
    db_session = db.session()
    try:
        services.close_wave(db_session, found)
    except Conflict as error:
        db_session.rollback()
        return _wave_page(found, {error.field or "form": [error.message]}, "", 409)
    db_session.commit()
    flash(_("The wave is closed: its answers no longer change."), "status")
    return redirect(url_for("diagnostics_pages.wave", wave_id=found.id))
