"""The delivery workspace's pages: the priorities overview, the priority page, the indicator sheet, data entry."""

from __future__ import annotations

from flask import Blueprint

from entrega.tenancy.request import tenant_from_path

bp = tenant_from_path(Blueprint("delivery_pages", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates"))
