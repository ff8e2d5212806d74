"""REST resources of a tenant: the tenant itself and its ministries."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView
from flask_smorest import abort
from sqlalchemy.exc import IntegrityError

from entrega import db
from entrega.api import API_PREFIX, Blueprint, SelectPage
from entrega.errors import Conflict
from entrega.extensions.access import tenant_model
from entrega.identity.access import current_principal
from entrega.identity.roles import Permission
from entrega.tenancy import services
from entrega.tenancy.access import get_ministry
from entrega.tenancy.models import Ministry, Tenant
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.tenancy.schemas import MinistryPatchSchema, MinistryQuerySchema, MinistrySchema, TenantOutSchema

IN_USE = "Priorities, indicators, programmes or people still belong to this ministry: move them first."

blp = tenant_from_path(
    Blueprint(
        "tenancy",
        __name__,
        url_prefix=f"{API_PREFIX}/t/<tenant_slug>",
        description="A government (tenant) and its ministries and agencies.",
    )
)


@blp.route("")
class TenantResource(MethodView):
    @blp.response(200, TenantOutSchema)
    def get(self) -> Tenant:
        """The government this path names."""
        return current_tenant()


@blp.route("/ministries")
class Ministries(MethodView):
    @blp.arguments(MinistryQuerySchema, location="query")
    @blp.response(200, MinistrySchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, query: dict[str, Any]) -> Any:
        """Ministries and agencies, ordered by code."""
        return services.ministries_query(**query)

    @blp.arguments(MinistrySchema)
    @blp.response(201, MinistrySchema)
    def post(self, data: dict[str, Any]) -> Ministry:
        """Add a ministry or agency."""
        return services.create_ministry(db.session(), current_tenant(), data, tenant_model())


@blp.route("/ministries/<uuid:ministry_id>")
class MinistryResource(MethodView):
    @blp.etag
    @blp.response(200, MinistrySchema)
    def get(self, ministry_id: uuid.UUID) -> Ministry:
        return get_ministry(db.session(), ministry_id)

    @blp.etag
    @blp.arguments(MinistryPatchSchema)
    @blp.response(200, MinistrySchema)
    def patch(self, changes: dict[str, Any], ministry_id: uuid.UUID) -> Ministry:
        """Change some fields; send the ETag you read in If-Match, so no one's edit is lost."""
        ministry = get_ministry(db.session(), ministry_id)
        principal = current_principal()
        # A focal point writes only for their own ministry.
        if (
            principal is not None
            and not principal.can(Permission.EDIT_MINISTRIES)
            and ministry.id != principal.ministry_id
        ):
            abort(403)
        blp.check_etag(ministry, MinistrySchema)
        return services.update_ministry(db.session(), current_tenant(), ministry, changes, tenant_model())

    @blp.etag
    @blp.response(204)
    def delete(self, ministry_id: uuid.UUID) -> None:
        """Remove a ministry that has no agencies under it and that nothing else names (409 otherwise)."""
        ministry = get_ministry(db.session(), ministry_id)
        blp.check_etag(ministry, MinistrySchema)
        try:
            services.delete_ministry(db.session(), ministry_id)
        except IntegrityError as error:
            # Priorities, indicators, milestones, programmes or members still name it: the database refuses.
            db.session().rollback()
            raise Conflict(IN_USE) from error
