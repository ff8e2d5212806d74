"""A government's own pages: its profile and its ministries and agencies."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from sqlalchemy import select

from entrega import db
from entrega.tenancy.models import Ministry
from entrega.tenancy.request import current_tenant, tenant_from_path

bp = tenant_from_path(Blueprint("tenancy_pages", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates"))


@bp.get("/")
def overview() -> Any:
    tenant = current_tenant()
    ministries = list(db.session().scalars(select(Ministry).order_by(Ministry.code)))
    children: dict[Any, list[Ministry]] = {}
    for ministry in ministries:
        children.setdefault(ministry.parent_id, []).append(ministry)
    return render_template(
        "tenancy/overview.html",
        tenant=tenant,
        roots=children.get(None, []),
        children=children,
        count=len(ministries),
    )
