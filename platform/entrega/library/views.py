"""The indicator library's pages: a government maps its indicators to the common definitions, saying how
comparable each is; a bank compares, definition by definition, the values governments share with it, side by
side only where they are comparable.

Government pages run in the government's binding. Bank pages bind the institution exactly as the bank's other
pages do and read through `services.compare_values`: PostgreSQL admits only the mappings and values each
government shares, and the service repeats the share check (all SQLite has).
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, replace
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select

from entrega import db
from entrega.bank import presentation
from entrega.bank import views as bank_views
from entrega.bank.models import Institution
from entrega.bank.services import engagements_of_institution
from entrega.delivery import periods
from entrega.delivery.access import get_indicator
from entrega.delivery.models import Indicator
from entrega.delivery.views_data import POLARITY_LABELS
from entrega.errors import NotFound, flatten_messages
from entrega.identity.services import now
from entrega.library import services
from entrega.library.models import CommonIndicator, Comparability
from entrega.library.services import ComparedValue
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import charts, navigation
from entrega.web.i18n import chart_labels, localized_text

bp = tenant_from_path(Blueprint("library_pages", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates"))
bank_bp = Blueprint("library_bank", __name__, url_prefix="/bank", template_folder="templates")

navigation.add("library_pages.library", _l("Indicator library"), scope="tenant", order=42, permission="view")

COMPARABILITY_LABELS = {
    Comparability.COMPARABLE: _l("Comparable"),
    Comparability.PARTIAL: _l("Comparable with caveats"),
    Comparability.NOT_COMPARABLE: _l("Not comparable"),
}
COMPARABILITY_HINTS = {
    Comparability.COMPARABLE: _l("Same definition, formula and unit: its values may be set beside other countries'."),
    Comparability.PARTIAL: _l(
        "Close, with a difference the note states (coverage, source, year): banks see its values with the note."
    ),
    Comparability.NOT_COMPARABLE: _l(
        "Related, but its values must not be set beside other countries': banks see only the note, never a value."
    ),
}
# The service states its reasons in English (it also serves the command line); the pages say them in the
# reader's language.
REASONS = {
    services.NO_DEFINITION: _l("Choose a definition from the library."),
    services.NOTE_NEEDED: _l("Say how this indicator differs from the common definition."),
    services.NOTE_TOO_LONG: _l("Keep the note to 1,000 characters."),
}


def _number(value: float) -> str:
    return str(format_decimal(value, format="#,##0.##"))


def _period(found: ComparedValue) -> str:
    # Calendar labels (2025-03, 2025-Q1, 2025): a bank reads several governments, each with its own fiscal year.
    return periods.label(found.period, found.frequency) if found.period else ""


# ---- a government maps its indicators ------------------------------------------------------------------------


def _library_page(
    errors: dict[str, list[str]] | None = None,
    active: uuid.UUID | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Any:
    db_session = db.session()
    commons = services.library(db_session)
    return render_template(
        "library/library.html", tenant=current_tenant(), commons=commons, by_id={c.id: c for c in commons},
        counts=services.mapped_count(db_session), mapped=services.mappings_by_indicator(db_session),
        indicators=list(db_session.scalars(select(Indicator).order_by(Indicator.code))),
        comparabilities=list(Comparability), labels=COMPARABILITY_LABELS, hints=COMPARABILITY_HINTS,
        polarity_labels=POLARITY_LABELS, plain=localized_text, errors=errors or {}, active=active, form=form or {},
    ), status  # fmt: skip


def _indicator_or_404(indicator_id: uuid.UUID) -> Indicator:
    try:
        return get_indicator(db.session(), indicator_id)
    except NotFound:
        abort(404)


def _reasons(error: ValidationError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path, reason in flatten_messages(error.messages):
        out.setdefault(path or "form", []).append(str(REASONS.get(reason, reason)))
    return out


@bp.get("/library", endpoint="library")
def government_library() -> Any:
    return _library_page()


@bp.post("/library/indicators/<uuid:indicator_id>", endpoint="map_indicator")
def map_indicator(indicator_id: uuid.UUID) -> Any:
    indicator = _indicator_or_404(indicator_id)
    db_session = db.session()
    form = request.form.to_dict()
    common_key = form.get("common", "")
    try:
        comparability = Comparability(form.get("comparability", ""))
    except ValueError:
        problems = {"comparability": [_("Choose how comparable it is.")]}
        if services.definition(db_session, common_key) is None:
            problems["common"] = [str(REASONS[services.NO_DEFINITION])]
        return _library_page(problems, indicator.id, form, 422)
    try:
        mapping = services.map_indicator(db_session, indicator, common_key, comparability, form.get("note", ""))
    except ValidationError as error:
        db_session.rollback()
        return _library_page(_reasons(error), indicator.id, form, 422)
    common = db_session.get(CommonIndicator, mapping.common_id)
    db_session.commit()
    flash(_("%(code)s is mapped to %(definition)s: %(comparability)s.", code=indicator.code,
            definition=localized_text(common.name) if common else common_key,
            comparability=COMPARABILITY_LABELS[comparability]), "status")  # fmt: skip
    return redirect(url_for("library_pages.library", _anchor=f"indicator-{indicator.id}"))


@bp.post("/library/indicators/<uuid:indicator_id>/remove", endpoint="unmap_indicator")
def unmap_indicator(indicator_id: uuid.UUID) -> Any:
    indicator = _indicator_or_404(indicator_id)
    db_session = db.session()
    if services.unmap_indicator(db_session, indicator):
        db_session.commit()
        flash(_("%(code)s is no longer mapped to the library.", code=indicator.code), "status")
    return redirect(url_for("library_pages.library", _anchor=f"indicator-{indicator.id}"))


# ---- a bank compares what governments share -------------------------------------------------------------------


def _institution(institution_slug: str) -> Institution:
    """The bank's own rule for its pages (members only, 404 for anyone else, the institution bound), kept in
    one place: `entrega.bank.views`."""
    return bank_views.open_institution(institution_slug)


@dataclass(frozen=True)
class Reading:
    """One definition as the bank reads it: every shared mapping, and which of them may be set side by side."""

    common: CommonIndicator
    values: list[ComparedValue]

    @property
    def compared(self) -> list[ComparedValue]:
        return [v for v in self.values if v.comparability is not Comparability.NOT_COMPARABLE and v.value is not None]

    @property
    def governments(self) -> int:
        return len({v.slug for v in self.compared})

    @property
    def with_caveats(self) -> int:
        return len({v.slug for v in self.compared if v.comparability is Comparability.PARTIAL})


def _reading(institution: Institution, common_key: str) -> Reading:
    db_session = db.session()
    common = services.definition(db_session, common_key)
    if common is None:
        abort(404)
    return Reading(common, services.compare_values(db_session, institution.id, common))


def _engaged(institution: Institution) -> dict[str, str]:
    """The governments engaged with the institution, slug → name."""
    return {row["slug"]: row["name"] for row in engagements_of_institution(db.session(), institution.id)}


def _chart(reading: Reading) -> charts.Chart | None:
    compared = reading.compared
    if not compared:
        return None
    names = [v.government for v in compared]
    categories = []
    for found in compared:
        # A government that maps two of its indicators to one definition shows both, told apart by their codes.
        name = f"{found.government} ({found.indicator_code})" if names.count(found.government) > 1 else found.government
        if found.comparability is Comparability.PARTIAL:
            name = _("%(government)s (with caveats)", government=name)
        categories.append(name)
    caveated = [v.comparability is Comparability.PARTIAL for v in compared]
    return charts.bars(
        title=_("%(definition)s: latest comparable values", definition=localized_text(reading.common.name)),
        categories=categories, values=[v.value for v in compared],
        colours=[charts.PALETTE[1] if partial else charts.PALETTE[0] for partial in caveated],
        unit=reading.common.unit, fmt=_number,
        labels=replace(chart_labels(), category=_("Government"), value=_("Latest value")),
    )  # fmt: skip


def bank_page(template: str, institution: Institution, **context: Any) -> str:
    return render_template(
        f"library/{template}", institution=institution, labels=COMPARABILITY_LABELS, hints=COMPARABILITY_HINTS,
        polarity_labels=POLARITY_LABELS, value_text=_number, period_of=_period, **context,
    )  # fmt: skip


@bank_bp.get("/<institution_slug>/library", endpoint="library")
def bank_library(institution_slug: str) -> Any:
    found = _institution(institution_slug)
    db_session = db.session()
    readings = [Reading(c, services.compare_values(db_session, found.id, c)) for c in services.library(db_session)]
    return bank_page("bank_library.html", found, readings=readings, engaged=len(_engaged(found)))


@bank_bp.get("/<institution_slug>/library/<common_key>", endpoint="definition")
def bank_definition(institution_slug: str, common_key: str) -> Any:
    found = _institution(institution_slug)
    reading = _reading(found, common_key)
    listed = {v.slug for v in reading.values}
    # Engaged governments with nothing shared here: whether they have no such indicator or do not share it is
    # theirs to say, so the page does not guess.
    silent = sorted(name for slug, name in _engaged(found).items() if slug not in listed)
    return bank_page("bank_definition.html", found, reading=reading, chart=_chart(reading), silent=silent)


@bank_bp.get("/<institution_slug>/library/<common_key>.csv", endpoint="definition_csv")
def bank_definition_csv(institution_slug: str, common_key: str) -> Any:
    found = _institution(institution_slug)
    reading = _reading(found, common_key)
    cell, figure = presentation.csv_cell, presentation.csv_number  # the bank's guard against formulas, and its numbers
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Government"), _("Country"), _("Indicator"), _("Comparability"), _("Period"), _("Value"),
                     _("Unit"), _("Note")])  # fmt: skip
    for v in reading.values:
        shown = v.comparability is not Comparability.NOT_COMPARABLE  # a value not comparable is never exported
        writer.writerow([
            cell(v.government), cell(v.country), cell(v.indicator_code), cell(COMPARABILITY_LABELS[v.comparability]),
            cell(_period(v)) if shown else "", figure(v.value) if shown else "",
            cell(reading.common.unit) if shown and v.value is not None else "", cell(v.note),
        ])  # fmt: skip
    name = f"{found.slug}-{reading.common.key}-{now().date().isoformat()}.csv"
    return Response(
        "\ufeff" + out.getvalue(),  # the byte-order mark tells spreadsheets the file is UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
