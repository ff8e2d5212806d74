"""A government's own pages: its profile, and its ministries and agencies."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from entrega import db
from entrega.extensions.access import tenant_model
from entrega.extensions.extra_fields import definitions
from entrega.tenancy import services
from entrega.tenancy.models import Ministry, MinistryKind
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import charts, navigation
from entrega.web.i18n import chart_labels, localized_text, number
from entrega.web.vocabulary import term

bp = tenant_from_path(Blueprint("tenancy_pages", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates"))

navigation.add("tenancy_pages.overview", _l("Overview"), scope="tenant", order=10)
navigation.add(
    "tenancy_pages.ministries", lambda: term("ministry", plural=True, capital=True), scope="tenant", order=90
)

KIND_LABELS = {
    MinistryKind.MINISTRY: _l("Ministry"),
    MinistryKind.SECRETARIAT: _l("Secretariat"),
    MinistryKind.AGENCY: _l("Agency"),
    MinistryKind.OFFICE: _l("Office"),
}


@bp.get("/")
def overview() -> Any:
    tenant = current_tenant()
    ministries = list(db.session().scalars(select(Ministry).order_by(Ministry.code)))
    children: dict[uuid.UUID | None, list[Ministry]] = {}
    for ministry in ministries:
        children.setdefault(ministry.parent_id, []).append(ministry)
    roots = children.get(None, [])
    chart = None
    if roots:
        chart = charts.bars(
            title=_("Agencies under each %(ministry)s", ministry=term("ministry")),
            categories=[localized_text(m.name) for m in roots],
            values=[float(len(children.get(m.id, []))) for m in roots],
            fmt=number,
            labels=chart_labels(),
        )
    return render_template(
        "tenancy/overview.html", tenant=tenant, roots=roots, children=children, count=len(ministries), chart=chart
    )


@bp.get("/ministries")
def ministries() -> Any:
    kind = request.args.get("kind") or None
    query = (request.args.get("q") or "").strip()[:100]
    selected_kind = MinistryKind(kind) if kind in {k.value for k in MinistryKind} else None
    rows = list(db.session().scalars(services.ministries_query(kind=selected_kind, q=query or None)))
    names = {row.id: row.name for row in db.session().execute(select(Ministry.id, Ministry.name))}
    total = db.session().scalar(select(func.count()).select_from(Ministry))
    template = "tenancy/_ministry_rows.html" if request.headers.get("HX-Request") else "tenancy/ministries.html"
    return render_template(
        template,
        extra_fields=definitions(tenant_model(), "ministry"),
        tenant=current_tenant(),
        rows=rows,
        parent_names=names,
        total=total,
        query=query,
        selected_kind=selected_kind,
        kind_labels=KIND_LABELS,
    )
