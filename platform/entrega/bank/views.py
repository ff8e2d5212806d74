"""A bank's pages (its engagements, its portfolio, diagnostics compared, a shared wave) and a government's pages of
its engagements and their sharing agreements.

Bank pages bind the institution and read with Core queries: PostgreSQL admits only the rows a government shares
with that institution (migration 0008), and the WHERE clauses and `shared_with` checks say the same on SQLite.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_percent, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from entrega import db
from entrega.bank import comparison, regions, services, sharing
from entrega.bank.models import EVERYTHING, Engagement, EngagementKind, Institution, InstitutionMember, Share, ShareKind
from entrega.bank.portfolio import portfolio as portfolio_rows
from entrega.delivery.models import Indicator, Priority
from entrega.diagnostics import scoring
from entrega.diagnostics.models import Assessor, DiagnosticAnswer, DiagnosticWave
from entrega.diagnostics.views import change_text, one_decimal, outline, reading_helpers, summary_text, value_text
from entrega.errors import Conflict, NotFound, flatten_messages
from entrega.extensions.access import tenant_model
from entrega.extensions.contract import Instrument
from entrega.extensions.registry import current_registry
from entrega.identity.access import current_user
from entrega.identity.models import User
from entrega.identity.roles import INSTITUTION_ENDPOINT_ROLES
from entrega.identity.services import now
from entrega.tenancy.binding import bind_institution
from entrega.tenancy.models import Tenant, TenantLevel
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import charts, navigation
from entrega.web.i18n import chart_labels, localized_text, number
from entrega.web.vocabulary import term

bp = Blueprint("bank_pages", __name__, url_prefix="/bank", template_folder="templates")
tenant_bp = tenant_from_path(
    Blueprint("bank_tenant", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates")
)

navigation.add("bank_tenant.engagements", _l("Engagements"), scope="tenant", order=94, permission="view")

KIND_LABELS = {
    EngagementKind.LOAN: _l("Loan"),
    EngagementKind.GRANT: _l("Grant"),
    EngagementKind.TECHNICAL_ASSISTANCE: _l("Technical assistance"),
}
REGION_LABELS = {
    regions.ANDEAN: _l("Andean countries"),
    regions.SOUTHERN_CONE: _l("Southern Cone"),
    regions.CENTRAL_AMERICA: _l("Central America, Mexico, Panama and the Dominican Republic"),
    regions.CARIBBEAN: _l("Caribbean"),
    regions.OTHER: _l("Other regions"),
}
ASSESSOR_CHOICES = {
    Assessor.TECHNICAL_ASSISTANCE: _l("Technical assistance's, else the government's"),
    Assessor.GOVERNMENT: _l("The government's, else technical assistance's"),
}
# A sequential ramp for scales whose steps carry no colour of their own: light (lowest) to dark (highest).
RAMP = ("#DCEAF7", "#08306B")
CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")


# ---- a government's engagements and their sharing agreements ----------------------------------------------


def _engagements_page(
    errors: dict[str, Any] | None = None, form: dict[str, str] | None = None, status: int = 200
) -> Any:
    db_session = db.session()
    rows = db_session.execute(
        select(Engagement, Institution)
        .join(Institution, Institution.id == Engagement.institution_id)
        .order_by(Engagement.starts_on.desc())
    ).all()
    live = dict(
        db_session.execute(
            select(Share.engagement_id, func.count()).where(Share.revoked_at.is_(None)).group_by(Share.engagement_id)
        ).all()
    )
    institutions = list(db_session.scalars(select(Institution).order_by(Institution.name)))
    return render_template(
        "bank/engagements.html", tenant=current_tenant(), rows=rows, institutions=institutions, live=live,
        kind_labels=KIND_LABELS, errors=errors or {}, form=form or {},
    ), status  # fmt: skip


@tenant_bp.get("/engagements")
def engagements() -> Any:
    return _engagements_page()


@tenant_bp.post("/engagements")
def add_engagement() -> Any:
    form = request.form.to_dict()
    db_session = db.session()
    try:
        services.add_engagement(db_session, form)
    except ValidationError as error:
        db_session.rollback()
        return _engagements_page(error.messages, form, 422)  # type: ignore[arg-type]
    db_session.commit()
    flash(_("The engagement was recorded."), "status")
    return redirect(url_for("bank_tenant.engagements"))


@dataclass
class Subjects:
    """What this government can share, kind by kind, each as (subject, words), everything of the kind first."""

    choices: dict[ShareKind, list[tuple[str, str]]]

    def words(self, kind: ShareKind, subject: str) -> str:
        found = dict(self.choices.get(kind, [])).get(subject)
        return found or _("%(what)s (no longer exists here)", what=f"{kind_words(kind)}: {subject}")


def kind_words(kind: ShareKind) -> str:
    """What a kind of share covers, in the model's words."""
    return {
        ShareKind.DIAGNOSTIC: lambda: _("Diagnostics"),
        ShareKind.PRIORITY_STATUS: lambda: _("Statuses of %(priorities)s", priorities=term("priority", plural=True)),
        ShareKind.INDICATOR_VALUES: lambda: _("Values of %(indicators)s", indicators=term("indicator", plural=True)),
        ShareKind.REPORT: lambda: _("Reports"),
    }[kind]()


def _subjects(db_session: Session) -> Subjects:
    named = {"priority": term("priority"), "priorities": term("priority", plural=True),
             "indicator": term("indicator"), "indicators": term("indicator", plural=True)}  # fmt: skip
    priorities = db_session.scalars(select(Priority).order_by(Priority.position, Priority.code))
    indicators = db_session.scalars(select(Indicator).order_by(Indicator.code))
    model = tenant_model()
    reports: dict[str, str] = {}
    for template in model.reports if model else []:
        reports.setdefault(template.kind, localized_text(template.label))
    instruments = current_registry().instruments()
    return Subjects({
        ShareKind.DIAGNOSTIC: [(EVERYTHING, _("Every diagnostic, present and future"))] + [
            (key, _("Diagnostic: %(name)s", name=localized_text(i.name))) for key, i in sorted(instruments.items())
        ],
        ShareKind.PRIORITY_STATUS: [(EVERYTHING, _("Statuses of all %(priorities)s, present and future", **named))] + [
            (str(p.id), _("Status of %(priority)s %(code)s — %(name)s", code=p.code, name=localized_text(p.name),
                          **named)) for p in priorities
        ],
        ShareKind.INDICATOR_VALUES: [(EVERYTHING, _("Values of all %(indicators)s, present and future", **named))] + [
            (str(i.id), _("Values of %(indicator)s %(code)s — %(name)s", code=i.code, name=localized_text(i.name),
                          **named)) for i in indicators
        ],
        ShareKind.REPORT: [(EVERYTHING, _("Every report, present and future"))] + [
            (kind, _("Reports: %(name)s", name=name)) for kind, name in sorted(reports.items())
        ],
    })  # fmt: skip


def _engagement_or_404(engagement_id: uuid.UUID) -> tuple[Engagement, Institution]:
    db_session = db.session()
    engagement = db_session.scalar(select(Engagement).where(Engagement.id == engagement_id))
    institution = db_session.get(Institution, engagement.institution_id) if engagement else None
    if engagement is None or institution is None:
        abort(404)
    return engagement, institution


def _sharing_page(
    engagement: Engagement, institution: Institution, errors: dict[str, Any] | None = None, status: int = 200
) -> Any:
    db_session = db.session()
    shares = sharing.shares_of(db_session, engagement.id)
    return render_template(
        "bank/sharing.html", tenant=current_tenant(), engagement=engagement, institution=institution,
        live=[s for s in shares if s.revoked_at is None], revoked=[s for s in shares if s.revoked_at is not None],
        subjects=_subjects(db_session), kinds=list(ShareKind), kind_words=kind_words, kind_labels=KIND_LABELS,
        errors=errors or {}, error_list=flatten_messages(errors or {}),
        form=request.form if errors else {},
    ), status  # fmt: skip


@tenant_bp.get("/engagements/<uuid:engagement_id>/sharing", endpoint="sharing")
def sharing_agreement(engagement_id: uuid.UUID) -> Any:
    return _sharing_page(*_engagement_or_404(engagement_id))


@tenant_bp.post("/engagements/<uuid:engagement_id>/sharing")
def grant_share(engagement_id: uuid.UUID) -> Any:
    engagement, institution = _engagement_or_404(engagement_id)
    db_session = db.session()
    subject = (request.form.get("subject") or "").strip()
    try:
        kind = ShareKind(request.form.get("kind") or "")
    except ValueError:
        return _sharing_page(engagement, institution, {"kind": [_("Choose what kind of data to share.")]}, 422)
    if not subject:
        return _sharing_page(engagement, institution, {"subject": [_("Choose what to share.")]}, 422)
    try:
        sharing.grant(db_session, engagement, kind, subject, set(current_registry().instruments()))
    except ValidationError as error:
        db_session.rollback()
        return _sharing_page(engagement, institution, error.normalized_messages(), 422)
    except Conflict as error:
        db_session.rollback()
        return _sharing_page(engagement, institution, {error.field or "form": [error.message]}, 409)
    what = _subjects(db_session).words(kind, subject)
    db_session.commit()
    flash(_("Now shared with %(institution)s: %(what)s.", institution=institution.name, what=what), "status")
    return redirect(url_for("bank_tenant.sharing", engagement_id=engagement.id))


@tenant_bp.post("/engagements/<uuid:engagement_id>/sharing/<uuid:share_id>/revoke")
def revoke_share(engagement_id: uuid.UUID, share_id: uuid.UUID) -> Any:
    engagement, institution = _engagement_or_404(engagement_id)
    db_session = db.session()
    if share_id not in {share.id for share in sharing.shares_of(db_session, engagement.id)}:
        abort(404)  # a share of another engagement is not revoked from this one's page
    try:
        share = sharing.revoke(db_session, share_id)
    except NotFound:
        abort(404)
    except Conflict as error:
        db_session.rollback()
        return _sharing_page(engagement, institution, {error.field or "form": [error.message]}, 409)
    what = _subjects(db_session).words(share.kind, share.subject)
    db_session.commit()
    flash(_("No longer shared with %(institution)s: %(what)s. The bank stopped seeing it at once.",
            institution=institution.name, what=what), "status")  # fmt: skip
    return redirect(url_for("bank_tenant.sharing", engagement_id=engagement.id))


# ---- a bank's pages -----------------------------------------------------------------------------------------


def _open_institution(institution_slug: str) -> Institution:
    """The institution of the path, bound for the request; 404 for anyone who does not work for it."""
    user = current_user()
    if user is None:
        abort(redirect(url_for("identity_pages.sign_in_page", next=request.full_path if request.query_string
                               else request.path)))  # fmt: skip
    db_session = db.session()
    found = db_session.scalar(select(Institution).where(Institution.slug == institution_slug))
    member = db_session.get(InstitutionMember, (found.id, user.id)) if found else None
    allowed = INSTITUTION_ENDPOINT_ROLES[request.endpoint or ""]
    if found is None or ((member is None or member.role.value not in allowed) and not user.is_platform_admin):
        abort(404)  # not a member: no hint that the institution exists
    bind_institution(db_session, found.id)
    return found


@dataclass(frozen=True)
class Government:
    id: uuid.UUID
    slug: str
    name: str
    country: str
    level: str
    region: str
    codes: tuple[str, ...]


def _governments(db_session: Session, institution_id: uuid.UUID) -> list[Government]:
    """The governments the institution has engagements with (the `institution_side` policy admits these)."""
    engagements, tenants = Engagement.__table__, Tenant.__table__
    found: dict[uuid.UUID, tuple[Any, list[str]]] = {}
    for row in db_session.execute(
        select(tenants.c.id, tenants.c.slug, tenants.c.name, tenants.c.country, tenants.c.level, engagements.c.code)
        .join(engagements, engagements.c.tenant_id == tenants.c.id)
        .where(engagements.c.institution_id == institution_id)
        .order_by(tenants.c.name, engagements.c.code)
    ):
        found.setdefault(row.id, (row, []))[1].append(row.code)
    return [
        Government(
            row.id, row.slug, row.name, row.country, str(row.level), regions.region_of(row.country), tuple(codes)
        )
        for row, codes in found.values()
    ]


def _bank_page(template: str, institution: Institution, **context: Any) -> str:
    return render_template(
        f"bank/{template}", institution=institution, region_labels=REGION_LABELS, kind_labels=KIND_LABELS,
        regions=regions.ORDER, levels=[level.value for level in TenantLevel], **context,
    )  # fmt: skip


@bp.get("/<institution_slug>/")
def institution(institution_slug: str) -> Any:
    found = _open_institution(institution_slug)
    db_session = db.session()
    people = db_session.execute(
        select(User.name, User.email, InstitutionMember.role)
        .join(InstitutionMember, InstitutionMember.user_id == User.id)
        .where(InstitutionMember.institution_id == found.id)
        .order_by(User.name)
    ).all()
    governments = _governments(db_session, found.id)
    statuses = comparison.shared_with(db_session, found.id, ShareKind.PRIORITY_STATUS, EVERYTHING)
    diagnostics = [
        (key, instrument, len(comparison.shared_with(db_session, found.id, ShareKind.DIAGNOSTIC, key)))
        for key, instrument in sorted(current_registry().instruments().items())
    ]
    return _bank_page(
        "institution.html", found, people=people, governments=governments, diagnostics=diagnostics,
        sharing_statuses=len({g.id for g in governments} & statuses),
        engagements=services.engagements_of_institution(db_session, found.id),
    )  # fmt: skip


def _chosen(name: str, allowed: Any) -> str:
    value = request.args.get(name, "")
    return value if value in allowed else ""


def _freshness(latest: Any, today: date) -> str:
    if latest is None:
        return _("no values yet")
    days = (today - latest.date()).days
    if days <= 0:
        return _("latest value today")
    return ngettext("latest value %(num)d day ago", "latest value %(num)d days ago", days)


@bp.get("/<institution_slug>/portfolio")
def portfolio(institution_slug: str) -> Any:
    found = _open_institution(institution_slug)
    db_session = db.session()
    region, level = _chosen("region", regions.ORDER), _chosen("level", [lv.value for lv in TenantLevel])
    by_slug = {g.slug: g for g in _governments(db_session, found.id)}
    sharing_ones = comparison.shared_with(db_session, found.id, ShareKind.PRIORITY_STATUS, EVERYTHING)
    today = now().date()
    rows = []
    for row in portfolio_rows(db_session, found.id):
        if (region and row.region != region) or (level and row.level != level):
            continue
        government = by_slug.get(row.slug)
        rows.append({
            "row": row,
            "shares": government is not None and government.id in sharing_ones,
            "percent": round(row.on_track_share * 100) if row.on_track_share is not None else None,
            "health": format_percent(row.on_track_share) if row.on_track_share is not None else None,
            "freshness": _freshness(row.latest_value_at, today),
            "regularity": format_percent(row.regularity) if row.regularity is not None else None,
        })  # fmt: skip
    return _bank_page("portfolio.html", found, rows=rows, region=region, level=level)


# ---- comparing diagnostics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareRequest:
    instrument: Instrument | None
    filters: comparison.Filters
    country: str
    pillar: str

    def args(self, **changes: str) -> dict[str, str]:
        """The query string of this comparison, with some values changed (for links and the CSV)."""
        values = {
            "instrument": self.instrument.key if self.instrument else "",
            "region": self.filters.region or "", "level": self.filters.level or "",
            "engagement": self.filters.engagement or "", "assessor": self.filters.assessor.value,
            "country": self.country, "pillar": self.pillar,
        }  # fmt: skip
        values.update(changes)
        return {key: value for key, value in values.items() if value}


def _compare_request() -> CompareRequest:
    instruments = current_registry().instruments()
    key = request.args.get("instrument", "")
    instrument = instruments.get(key) or (instruments[sorted(instruments)[0]] if instruments else None)
    try:
        assessor = Assessor(request.args.get("assessor", ""))
    except ValueError:
        assessor = Assessor.TECHNICAL_ASSISTANCE
    filters = comparison.Filters(
        region=_chosen("region", regions.ORDER) or None,
        level=_chosen("level", [lv.value for lv in TenantLevel]) or None,
        engagement=request.args.get("engagement", "").strip()[:40] or None, assessor=assessor,
    )  # fmt: skip
    return CompareRequest(instrument, filters, request.args.get("country", ""), request.args.get("pillar", ""))


def _colours(instrument: Instrument) -> list[str]:
    steps = instrument.scale.steps
    if all(step.colour for step in steps):
        return [str(step.colour) for step in steps]
    low, high = ([int(colour[i : i + 2], 16) for i in (1, 3, 5)] for colour in RAMP)
    n = max(len(steps) - 1, 1)
    return [
        "#{:02X}{:02X}{:02X}".format(*(round(a + (b - a) * k / n) for a, b in zip(low, high, strict=True)))
        for k in range(len(steps))
    ]


def _levels(instrument: Instrument) -> list[charts.Level]:
    """One level per step; a mean falls in the step it rounds down to, as in `Comparison.distribution`."""
    steps, colours = instrument.scale.steps, _colours(instrument)
    last = len(steps) - 1
    return [
        charts.Level(float(k) if k == last else k + 1 - 1e-6, colours[k], localized_text(steps[k].label))
        for k in range(len(steps))
    ]


def _plain(value: float) -> str:
    return number(value) if float(value).is_integer() else one_decimal(value)


def _figures(result: comparison.Comparison, chosen: comparison.Country | None) -> dict[str, Any]:
    instrument, labels = result.instrument, chart_labels()
    pillars = comparison.columns(instrument)
    names = [localized_text(p.label) for p in pillars]
    out: dict[str, Any] = {"heatmap": None, "radar": None, "bars": []}
    if not pillars or not result.countries:
        return out
    if any(column.component for column in pillars):
        title = _("%(instrument)s: latest wave by element", instrument=localized_text(instrument.name))
    else:
        title = _("%(instrument)s: latest wave by pillar", instrument=localized_text(instrument.name))
    out["heatmap"] = charts.heatmap(
        title=title, rows=[c.name for c in result.countries], columns=names,
        values=[[c.latest.get(p.key) for p in pillars] for c in result.countries], scale=_levels(instrument),
        fmt=lambda v: value_text(instrument, v), width=1100,
        labels=replace(labels, no_data=_("Incomplete"), category=_("Government")),
    )  # fmt: skip
    if chosen is not None and len(pillars) >= 3:
        out["radar"] = charts.radar(
            title=_("%(country)s against the peer median", country=chosen.name), axes=names,
            series=[charts.RadarSeries(chosen.name, [chosen.latest.get(p.key) for p in pillars], charts.PALETTE[0]),
                    charts.RadarSeries(_("Peer median"), [result.medians.get(p.key) for p in pillars],
                                       charts.PALETTE[1], dashed=True)],
            maximum=float(len(instrument.scale.steps) - 1), fmt=_plain, labels=labels,
        )  # fmt: skip
    steps = [localized_text(step.label) for step in instrument.scale.steps]
    for pillar, name in zip(pillars, names, strict=True):
        counts: list[float | None] = [float(n) for n in result.distribution(pillar.key)]
        out["bars"].append((name,
            charts.bars(title=name, categories=steps, values=counts, colours=_colours(instrument), fmt=_plain,
                        width=460, labels=replace(labels, category=_("Step"), value=_("Governments"))))
        )  # fmt: skip
    return out


def _comparison(db_session: Session, found: Institution, asked: CompareRequest) -> comparison.Comparison | None:
    if asked.instrument is None:
        return None
    return comparison.compare(db_session, found.id, asked.instrument, asked.filters)


@bp.get("/<institution_slug>/compare")
def compare(institution_slug: str) -> Any:
    found = _open_institution(institution_slug)
    db_session = db.session()
    asked = _compare_request()
    result = _comparison(db_session, found, asked)
    governments = _governments(db_session, found.id)
    context: dict[str, Any] = {"asked": asked, "result": result, "governments": governments,
                               "instruments": sorted(current_registry().instruments().items())}  # fmt: skip
    if result is not None and asked.instrument is not None:
        instrument, filters = asked.instrument, asked.filters
        chosen = next((c for c in result.countries if c.slug == asked.country), None) or (
            result.countries[0] if result.countries else None
        )
        pillars = comparison.columns(instrument)
        pillar = next((p for p in pillars if p.key == asked.pillar), pillars[0] if pillars else None)
        sharing_ones = comparison.shared_with(db_session, found.id, ShareKind.DIAGNOSTIC, instrument.key)
        in_view = [
            g for g in governments
            if (not filters.region or g.region == filters.region) and (not filters.level or g.level == filters.level)
            and (not filters.engagement or filters.engagement in g.codes)
        ]  # fmt: skip
        listed = {c.slug for c in result.countries}
        context.update(
            chosen=chosen, pillars=pillars, pillar=pillar, figures=_figures(result, chosen),
            unsummarised=[localized_text(p.label) for p in comparison.unsummarised(instrument)],
            by_element=any(column.component for column in pillars),
            ranking=result.ranking(pillar.key) if pillar else [],
            not_shared=[g for g in in_view if g.id not in sharing_ones],
            no_wave=[g for g in in_view if g.id in sharing_ones and g.slug not in listed],
            value_text=lambda v: value_text(instrument, v), change_text=lambda v: change_text(instrument, v),
            assessor_choices=ASSESSOR_CHOICES,
            # On an ordinal scale the radar draws the steps' ranks: say which number is which step.
            steps_key="" if instrument.scale.additive else ", ".join(
                f"{k} = {localized_text(s.label)}" for k, s in enumerate(instrument.scale.steps)
            ),
        )  # fmt: skip
    return _bank_page("compare.html", found, **context)


def _csv_cell(value: object) -> str:
    """Text as a spreadsheet will not run it: a cell that could start a formula is prefixed with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_RISKY) else text


def _csv_number(value: float | None) -> str:
    # Numbers are written by Python (digits, one point, a leading minus): a spreadsheet reads them as numbers.
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _csv_rows(result: comparison.Comparison, region_words: Callable[[str], str]) -> list[list[str]]:
    instrument = result.instrument
    rows = []
    for country in result.countries:
        _wave, held_on, title = country.waves[-1]
        compared = [(c.key, c.label, True) for c in comparison.columns(instrument)]
        compared += [(p.key, dict(p.label), False) for p in comparison.unsummarised(instrument)]
        for key, label, summarised in compared:
            value = country.latest.get(key)
            change = country.change(key)
            if not summarised:
                note = _("No summary: read item by item")
            elif value is None:
                note = _("Incomplete")
            else:
                note = ""
            step = ""
            if value is not None and float(value).is_integer():
                step = localized_text(instrument.scale.steps[int(value)].label)
            rows.append([
                _csv_cell(country.name), _csv_cell(country.country), _csv_cell(region_words(country.region)),
                _csv_cell(country.level), _csv_cell(title), held_on.isoformat(), _csv_cell(localized_text(label)),
                _csv_number(value), _csv_cell(step), _csv_number(result.medians.get(key)),
                _csv_number(change), _csv_cell(note),
            ])  # fmt: skip
    return rows


@bp.get("/<institution_slug>/compare.csv")
def compare_csv(institution_slug: str) -> Any:
    found = _open_institution(institution_slug)
    asked = _compare_request()
    result = _comparison(db.session(), found, asked)
    if result is None:
        abort(404)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Government"), _("Country"), _("Region"), _("Level"), _("Wave"), _("Held on"), _("Pillar"),
                     _("Value"), _("Step"), _("Peer median"), _("Change since the previous wave"), _("Note")])  # fmt: skip
    writer.writerows(_csv_rows(result, lambda key: str(REGION_LABELS.get(key, key))))
    name = f"{found.slug}-{result.instrument.key}-{now().date().isoformat()}.csv"
    return Response(
        "\ufeff" + out.getvalue(),  # the byte-order mark tells spreadsheets the file is UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _shares_diagnostic(db_session: Session, institution_id: uuid.UUID, tenant_id: uuid.UUID, instrument: str) -> bool:
    """Python's half of the rule (the only one on SQLite); PostgreSQL's policies apply it again to every row."""
    return tenant_id in comparison.shared_with(db_session, institution_id, ShareKind.DIAGNOSTIC, instrument)


@bp.get("/<institution_slug>/governments/<government_slug>/waves/<uuid:wave_id>")
def wave(institution_slug: str, government_slug: str, wave_id: uuid.UUID) -> Any:
    found = _open_institution(institution_slug)
    db_session = db.session()
    government = next((g for g in _governments(db_session, found.id) if g.slug == government_slug), None)
    if government is None:
        abort(404)
    waves, answers = DiagnosticWave.__table__, DiagnosticAnswer.__table__
    row = db_session.execute(select(waves).where(waves.c.tenant_id == government.id, waves.c.id == wave_id)).first()
    if row is None or not _shares_diagnostic(db_session, found.id, government.id, row.instrument):
        abort(404)  # not shared, or not there: the same answer
    instrument = current_registry().instruments().get(row.instrument)
    if instrument is None:
        abort(404)
    given: dict[Assessor, dict[str, Any]] = {a: {} for a in Assessor}
    for answer in db_session.execute(
        select(answers).where(answers.c.tenant_id == government.id, answers.c.wave_id == wave_id)
    ):
        given[Assessor(answer.assessor)][answer.item] = answer
    compared = _as_compared(instrument, given, request.args.get("assessor", ""))
    others = db_session.execute(
        select(waves.c.id, waves.c.title, waves.c.held_on)
        .where(waves.c.tenant_id == government.id, waves.c.instrument == row.instrument)
        .order_by(waves.c.held_on.desc())
    ).all()
    return _bank_page(
        "wave.html", found, government=government, wave=row, instrument=instrument, pillars=outline(instrument, given),
        others=others, compared=compared, **reading_helpers(),
    )  # fmt: skip


def _as_compared(instrument: Instrument, given: dict[Assessor, dict[str, Any]], asked: str) -> dict[str, Any]:
    """Each pillar as the comparison reads it: one assessor's answers, the other's where the first gave none."""
    try:
        first = Assessor(asked)
    except ValueError:
        first = comparison.Filters().assessor
    other = next(a for a in Assessor if a is not first)
    steps = {item: row.step for a in (other, first) for item, row in given[a].items()}
    texts = {}
    for pillar in instrument.pillars:
        unanswered = sum(1 for c in pillar.components for item in c.items if item.key not in steps)
        texts[pillar.key] = summary_text(
            instrument, pillar.aggregation, scoring.pillar_summary(instrument, pillar, steps), unanswered
        )
    return {"label": ASSESSOR_CHOICES[first], "texts": texts}
