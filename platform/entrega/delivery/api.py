"""REST resources of the delivery workspace: priorities, indicators, targets, trajectories, measurements,
evidence, milestones, delivery chains and budget."""

from __future__ import annotations

from flask_smorest import Blueprint

from entrega.api import API_PREFIX
from entrega.tenancy.request import tenant_from_path

blp = tenant_from_path(
    Blueprint(
        "delivery",
        __name__,
        url_prefix=f"{API_PREFIX}/t/<tenant_slug>",
        description="The delivery workspace: priorities, indicators, targets, trajectories, data and budget.",
    )
)
