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
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from entrega import db
from entrega.bank import comparison, portfolio_table, presentation, regions, services, sharing
from entrega.bank.models import EVERYTHING, Engagement, EngagementKind, Institution, InstitutionMember, Share, ShareKind
from entrega.bank.portfolio import PER_PAGE, portfolio_page
from entrega.bank.presentation import ASSESSOR_CHOICES, REGION_LABELS, csv_cell, csv_number
from entrega.delivery.models import Indicator, Priority
from entrega.diagnostics import scoring
from entrega.diagnostics.models import Assessor, DiagnosticAnswer, DiagnosticWave
from entrega.diagnostics.views import outline, reading_helpers, summary_text
from entrega.errors import Conflict, NotFound, flatten_messages
from entrega.extensions.access import tenant_model
from entrega.extensions.contract import Instrument
from entrega.extensions.registry import current_registry
from entrega.identity.access import current_user
from entrega.identity.models import User
from entrega.identity.roles import INSTITUTION_ENDPOINT_ROLES
from entrega.identity.services import now
from entrega.tenancy.binding import bind_institution
from entrega.tenancy.models import TenantLevel
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import navigation
from entrega.web.i18n import localized_text
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
        reports.setdefault(template.key, localized_text(template.label))
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


def open_institution(institution_slug: str) -> Institution:
    """The institution of the path, bound for the request; 404 for anyone who does not work for it."""
    user = current_user()
    if user is None:
        abort(redirect(url_for("identity_pages.sign_in_page", next=request.full_path if request.query_string
                               else request.path)))  # fmt: skip
    db_session = db.session()
    found, role = next(
        ((i, r) for i, r in navigation.belongings().institutions if i.slug == institution_slug), (None, None)
    )
    if found is None and user.is_platform_admin:
        found = db_session.scalar(select(Institution).where(Institution.slug == institution_slug))
    allowed = INSTITUTION_ENDPOINT_ROLES[request.endpoint or ""]
    if found is None or ((role is None or role.value not in allowed) and not user.is_platform_admin):
        abort(404)  # not a member: no hint that the institution exists
    bind_institution(db_session, found.id)
    return found


def bank_page(template: str, institution: Institution, **context: Any) -> str:
    return render_template(
        f"bank/{template}", institution=institution, region_labels=REGION_LABELS, kind_labels=KIND_LABELS,
        place=presentation.place,
        regions=regions.ORDER, levels=[level.value for level in TenantLevel], **context,
    )  # fmt: skip


@bp.get("/<institution_slug>/")
def institution(institution_slug: str) -> Any:
    found = open_institution(institution_slug)
    db_session = db.session()
    people = db_session.execute(
        select(User.name, User.email, InstitutionMember.role)
        .join(InstitutionMember, InstitutionMember.user_id == User.id)
        .where(InstitutionMember.institution_id == found.id)
        .order_by(User.name)
    ).all()
    governments = presentation.governments(db_session, found.id)
    statuses = comparison.shared_with(db_session, found.id, ShareKind.PRIORITY_STATUS, EVERYTHING)
    diagnostics = [
        (key, instrument, len(comparison.shared_with(db_session, found.id, ShareKind.DIAGNOSTIC, key)))
        for key, instrument in sorted(current_registry().instruments().items())
    ]
    return bank_page(
        "institution.html", found, people=people, governments=governments, diagnostics=diagnostics,
        sharing_statuses=len({g.id for g in governments} & statuses),
        engagements=services.engagements_of_institution(db_session, found.id),
    )  # fmt: skip


SLUG_MARK = "--government--"  # never a government's slug: slugs start with a letter


def _chosen(name: str, allowed: Any) -> str:
    value = request.args.get(name, "")
    return value if value in allowed else ""


@bp.get("/<institution_slug>/portfolio")
def portfolio(institution_slug: str) -> Any:
    found = open_institution(institution_slug)
    db_session = db.session()
    region, level = _chosen("region", regions.ORDER), _chosen("level", [lv.value for lv in TenantLevel])
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    listed, total = portfolio_page(db_session, found.id, region, level, page)
    rows = portfolio_table.rows(listed, found.name, now().date())
    first = (page - 1) * PER_PAGE + 1
    pages = {"first": first, "last": first + len(rows) - 1, "total": total,
             "previous": page - 1 if page > 1 else None, "next": page + 1 if first + len(rows) - 1 < total else None}  # fmt: skip
    return bank_page("portfolio.html", found, rows=rows, region=region, level=level, pages=pages)


# ---- comparing diagnostics ------------------------------------------------------------------------------------


@bp.get("/<institution_slug>/compare")
def compare(institution_slug: str) -> Any:
    found = open_institution(institution_slug)
    db_session = db.session()
    asked = presentation.compare_request(request.args)
    shown = presentation.context(db_session, found.id, asked, presentation.governments(db_session, found.id))
    if shown["result"] is not None:
        # Each government's latest wave, from one address built once: url_for per row is what a page of five
        # hundred governments would otherwise spend its time on.
        pattern = url_for("bank_pages.wave", institution_slug=found.slug, government_slug=SLUG_MARK,
                          wave_id=uuid.UUID(int=0), assessor=asked.filters.assessor.value)  # fmt: skip
        shown["wave_urls"] = {
            c.slug: pattern.replace(SLUG_MARK, c.slug).replace(str(uuid.UUID(int=0)), str(c.waves[-1][0]))
            for c in shown["result"].countries
        }
        shown["score_rows"] = presentation.score_rows(shown, shown["wave_urls"])
    return bank_page("compare.html", found, **shown)


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
                csv_cell(country.name), csv_cell(country.country), csv_cell(region_words(country.region)),
                csv_cell(country.level), csv_cell(title), held_on.isoformat(), csv_cell(localized_text(label)),
                csv_number(value), csv_cell(step), csv_number(result.medians.get(key)),
                csv_number(change), csv_cell(note),
            ])  # fmt: skip
    return rows


@bp.get("/<institution_slug>/compare.csv")
def compare_csv(institution_slug: str) -> Any:
    found = open_institution(institution_slug)
    asked = presentation.compare_request(request.args)
    result = presentation.run(db.session(), found.id, asked)
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
    found = open_institution(institution_slug)
    db_session = db.session()
    government = next((g for g in presentation.governments(db_session, found.id) if g.slug == government_slug), None)
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
    return bank_page(
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
