"""Roles and permissions: the one table in code that decides every access."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Role(enum.StrEnum):
    """A person's role inside one government (a membership)."""

    UNIT_HEAD = "unit_head"
    ANALYST = "analyst"
    FOCAL_POINT = "focal_point"  # a ministry's focal point: writes only for that ministry
    VIEWER = "viewer"
    CONFIGURATOR = "configurator"  # a technical-assistance team member configuring this government's model


# How each role is named on the pages.
ROLE_LABELS = {
    Role.UNIT_HEAD: _l("Unit head"),
    Role.ANALYST: _l("Analyst"),
    Role.FOCAL_POINT: _l("Ministry focal point"),
    Role.VIEWER: _l("Viewer"),
    Role.CONFIGURATOR: _l("Technical-assistance configurator"),
}


class Permission(enum.StrEnum):
    VIEW = "view"  # read the government's pages and API
    EDIT_MINISTRIES = "edit_ministries"
    EDIT_OWN_MINISTRY = "edit_own_ministry"  # a focal point, for the ministry of their membership only
    CONFIGURE_MODEL = "configure_model"
    MANAGE_MEMBERS = "manage_members"
    VIEW_AUDIT = "view_audit"
    MANAGE_ENGAGEMENTS = "manage_engagements"  # link the government to a bank's operations
    EDIT_PLAN = "edit_plan"  # priorities, indicators and their sheets, targets, trajectories, milestones, budget
    ENTER_DATA = "enter_data"  # measurements of every ministry's indicators
    ENTER_OWN_DATA = "enter_own_data"  # a focal point, for the indicators their ministry owns
    REVIEW_DATA = "review_data"  # validate a submitted value, or return it with a reason
    PUBLISH_DATA = "publish_data"  # publish a validated value
    RUN_ROUTINES = "run_routines"  # meetings, agendas, decisions, actions, data calls, assessments
    UPDATE_OWN_ACTIONS = "update_own_actions"  # a focal point reports progress on their ministry's actions
    ASSESS_DIAGNOSTICS = "assess_diagnostics"  # answer a diagnostic wave (as the government or as technical assistance)


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.UNIT_HEAD: frozenset(
        {
            Permission.VIEW,
            Permission.EDIT_MINISTRIES,
            Permission.CONFIGURE_MODEL,
            Permission.MANAGE_MEMBERS,
            Permission.VIEW_AUDIT,
            Permission.MANAGE_ENGAGEMENTS,
            Permission.EDIT_PLAN,
            Permission.ENTER_DATA,
            Permission.REVIEW_DATA,
            Permission.PUBLISH_DATA,
            Permission.RUN_ROUTINES,
            Permission.ASSESS_DIAGNOSTICS,
        }
    ),
    Role.ANALYST: frozenset(
        {
            Permission.VIEW,
            Permission.EDIT_MINISTRIES,
            Permission.EDIT_PLAN,
            Permission.ENTER_DATA,
            Permission.REVIEW_DATA,
            Permission.RUN_ROUTINES,
            Permission.ASSESS_DIAGNOSTICS,
        }
    ),
    Role.FOCAL_POINT: frozenset(
        {Permission.VIEW, Permission.EDIT_OWN_MINISTRY, Permission.ENTER_OWN_DATA, Permission.UPDATE_OWN_ACTIONS}
    ),
    Role.VIEWER: frozenset({Permission.VIEW}),
    Role.CONFIGURATOR: frozenset({Permission.VIEW, Permission.CONFIGURE_MODEL, Permission.ASSESS_DIAGNOSTICS}),
}

# Every tenant endpoint and the permission it needs: "blueprint.view" for pages, "blueprint.Resource.method"
# for the API's resources. An endpoint missing here is refused (a test checks that every route is listed).
ENDPOINT_PERMISSIONS: dict[str, Permission] = {
    # pages
    "tenancy_pages.overview": Permission.VIEW,
    "tenancy_pages.ministries": Permission.VIEW,
    "model_pages.model": Permission.VIEW,
    "model_pages.save_model": Permission.CONFIGURE_MODEL,
    "identity_tenant.members": Permission.MANAGE_MEMBERS,
    "identity_tenant.invite": Permission.MANAGE_MEMBERS,
    "identity_tenant.change_member": Permission.MANAGE_MEMBERS,
    "identity_tenant.tokens": Permission.VIEW,
    "identity_tenant.create_token": Permission.VIEW,
    "identity_tenant.revoke_token": Permission.VIEW,
    "identity_tenant.audit": Permission.VIEW_AUDIT,
    "identity_tenant.audit_export": Permission.VIEW_AUDIT,
    "bank_tenant.engagements": Permission.VIEW,
    "bank_tenant.add_engagement": Permission.MANAGE_ENGAGEMENTS,
    # API
    "tenancy.TenantResource.get": Permission.VIEW,
    "tenancy.Ministries.get": Permission.VIEW,
    "tenancy.Ministries.post": Permission.EDIT_MINISTRIES,
    "tenancy.MinistryResource.get": Permission.VIEW,
    "tenancy.MinistryResource.patch": Permission.EDIT_OWN_MINISTRY,
    "tenancy.MinistryResource.delete": Permission.EDIT_MINISTRIES,
    "tenant_model.TenantModelResource.get": Permission.VIEW,
    "tenant_model.TenantModelResource.put": Permission.CONFIGURE_MODEL,
    "tenant_model.CloneModel.post": Permission.CONFIGURE_MODEL,
    # delivery workspace: API
    "delivery.Priorities.get": Permission.VIEW,
    "delivery.Priorities.post": Permission.EDIT_PLAN,
    "delivery.PriorityResource.get": Permission.VIEW,
    "delivery.PriorityResource.patch": Permission.EDIT_PLAN,
    "delivery.PriorityResource.delete": Permission.EDIT_PLAN,
    "delivery.PriorityStatus.get": Permission.VIEW,
    "delivery.StatusOverview.get": Permission.VIEW,
    "delivery.Indicators.get": Permission.VIEW,
    "delivery.Indicators.post": Permission.EDIT_PLAN,
    "delivery.IndicatorResource.get": Permission.VIEW,
    "delivery.IndicatorResource.patch": Permission.EDIT_PLAN,
    "delivery.IndicatorBaseline.get": Permission.VIEW,
    "delivery.IndicatorBaseline.put": Permission.EDIT_PLAN,
    "delivery.IndicatorTargets.get": Permission.VIEW,
    "delivery.IndicatorTargets.post": Permission.EDIT_PLAN,
    "delivery.IndicatorTrajectory.get": Permission.VIEW,
    "delivery.IndicatorTrajectory.put": Permission.EDIT_PLAN,
    "delivery.TrajectoryDraft.post": Permission.EDIT_PLAN,  # saves nothing, but only serves a trajectory PUT
    "delivery.IndicatorMeasurements.get": Permission.VIEW,
    "delivery.IndicatorMeasurements.post": Permission.ENTER_OWN_DATA,  # the service enforces the ministry
    "delivery.MeasurementResource.get": Permission.VIEW,
    "delivery.MeasurementCorrections.post": Permission.ENTER_OWN_DATA,
    "delivery.MeasurementReview.post": Permission.REVIEW_DATA,  # publishing also needs PUBLISH_DATA
    "delivery.MeasurementEvidence.get": Permission.VIEW,
    "delivery.MeasurementEvidence.post": Permission.ENTER_OWN_DATA,
    "delivery.EvidenceFile.get": Permission.VIEW,
    "delivery.PriorityMilestones.get": Permission.VIEW,
    "delivery.PriorityMilestones.post": Permission.EDIT_PLAN,
    "delivery.MilestoneResource.get": Permission.VIEW,
    "delivery.MilestoneResource.patch": Permission.EDIT_PLAN,
    "delivery.MilestoneResource.delete": Permission.EDIT_PLAN,
    "delivery.PriorityChain.get": Permission.VIEW,
    "delivery.PriorityChain.put": Permission.EDIT_PLAN,
    "delivery.BudgetProgrammes.get": Permission.VIEW,
    "delivery.BudgetProgrammes.post": Permission.EDIT_PLAN,
    "delivery.BudgetProgrammeResource.get": Permission.VIEW,
    "delivery.BudgetEntries.get": Permission.VIEW,
    "delivery.BudgetEntries.put": Permission.EDIT_PLAN,
    "delivery.PriorityProgrammes.get": Permission.VIEW,
    "delivery.PriorityProgrammes.post": Permission.EDIT_PLAN,
    "delivery.PriorityProgrammeLink.delete": Permission.EDIT_PLAN,
    # end of delivery workspace: API
    # delivery workspace: pages
    "delivery_pages.priorities": Permission.VIEW,
    "delivery_pages.priority": Permission.VIEW,
    "delivery_pages.new_priority": Permission.EDIT_PLAN,
    "delivery_pages.edit_priority": Permission.EDIT_PLAN,
    "delivery_pages.add_milestone": Permission.EDIT_PLAN,
    "delivery_pages.update_milestone": Permission.EDIT_PLAN,
    "delivery_pages.set_chain": Permission.EDIT_PLAN,
    "delivery_pages.add_programme": Permission.EDIT_PLAN,
    "delivery_pages.link_programme": Permission.EDIT_PLAN,
    "delivery_pages.unlink_programme": Permission.EDIT_PLAN,
    "delivery_pages.set_budget_entry": Permission.EDIT_PLAN,
    "delivery_data.indicator": Permission.VIEW,
    "delivery_data.new_indicator": Permission.EDIT_PLAN,
    "delivery_data.edit_indicator": Permission.EDIT_PLAN,
    "delivery_data.set_baseline": Permission.EDIT_PLAN,
    "delivery_data.revise_target": Permission.EDIT_PLAN,
    "delivery_data.set_trajectory": Permission.EDIT_PLAN,  # drawing a preview saves nothing, but only serves a save
    "delivery_data.data_entry": Permission.ENTER_OWN_DATA,
    "delivery_data.submit_value": Permission.ENTER_OWN_DATA,  # the service enforces the ministry
    "delivery_data.correct_value": Permission.ENTER_OWN_DATA,
    "delivery_data.add_evidence": Permission.ENTER_OWN_DATA,
    "delivery_data.evidence": Permission.VIEW,
    "delivery_data.review": Permission.REVIEW_DATA,
    "delivery_data.review_value": Permission.REVIEW_DATA,  # publishing also needs PUBLISH_DATA
    # end of delivery workspace: pages
    # routines: pages and reports
    "routines_pages.routines": Permission.VIEW,
    "routines_pages.set_up_routines": Permission.RUN_ROUTINES,
    "routines_pages.plan_meeting": Permission.RUN_ROUTINES,
    "routines_pages.meeting": Permission.VIEW,
    "routines_pages.reorder_agenda": Permission.RUN_ROUTINES,
    "routines_pages.add_agenda_item": Permission.RUN_ROUTINES,
    "routines_pages.edit_agenda_item": Permission.RUN_ROUTINES,
    "routines_pages.remove_agenda_item": Permission.RUN_ROUTINES,
    "routines_pages.hold_meeting": Permission.RUN_ROUTINES,
    "routines_pages.cancel_meeting": Permission.RUN_ROUTINES,
    "routines_pages.add_decision": Permission.RUN_ROUTINES,
    "routines_pages.add_action": Permission.RUN_ROUTINES,
    "routines_pages.actions": Permission.VIEW,
    "routines_pages.update_action": Permission.UPDATE_OWN_ACTIONS,  # the view limits a focal point to their ministry
    "routines_pages.assessments": Permission.VIEW,
    "routines_pages.open_round": Permission.RUN_ROUTINES,
    "routines_pages.assessment_round": Permission.VIEW,
    "routines_pages.assess_priority": Permission.RUN_ROUTINES,
    "routines_pages.data_calls": Permission.VIEW,
    "routines_pages.create_data_call": Permission.RUN_ROUTINES,
    "routines_pages.data_call": Permission.VIEW,
    "reports_pages.reports": Permission.VIEW,
    "reports_pages.rows": Permission.VIEW,
    "reports_pages.request_report": Permission.VIEW,  # asking for a PDF of what one may read
    "reports_pages.download": Permission.VIEW,
    "reports_api.Reports.get": Permission.VIEW,
    "reports_api.Reports.post": Permission.VIEW,
    "reports_api.ReportResource.get": Permission.VIEW,
    "reports_api.ReportFile.get": Permission.VIEW,
    # end of routines: pages and reports
    # bank: sharing and diagnostics
    "bank_tenant.sharing": Permission.VIEW,  # everyone may read what the government shares
    "bank_tenant.grant_share": Permission.MANAGE_ENGAGEMENTS,
    "bank_tenant.revoke_share": Permission.MANAGE_ENGAGEMENTS,
    "diagnostics_pages.waves": Permission.VIEW,
    "diagnostics_pages.open_wave": Permission.ASSESS_DIAGNOSTICS,
    "diagnostics_pages.wave": Permission.VIEW,
    "diagnostics_pages.answer": Permission.ASSESS_DIAGNOSTICS,  # the view picks the assessor from the role
    "diagnostics_pages.close_wave": Permission.ASSESS_DIAGNOSTICS,
    # end of bank: sharing and diagnostics
    # delivery workspace: imports and exports (pages and API)
    "delivery_imports.imports": Permission.ENTER_OWN_DATA,
    "delivery_imports.upload": Permission.ENTER_OWN_DATA,  # indicators also need EDIT_PLAN (checked in the view)
    "delivery_imports.import_row": Permission.ENTER_OWN_DATA,
    "delivery_imports.error_report": Permission.ENTER_OWN_DATA,
    "delivery_imports.template": Permission.ENTER_OWN_DATA,
    "delivery_imports.export_indicators": Permission.VIEW,
    "delivery_imports.export_measurements": Permission.VIEW,
    "delivery_imports_api.Imports.get": Permission.ENTER_OWN_DATA,
    "delivery_imports_api.Imports.post": Permission.ENTER_OWN_DATA,  # indicators also need EDIT_PLAN (in code)
    "delivery_imports_api.ImportResource.get": Permission.ENTER_OWN_DATA,
    "delivery_imports_api.ImportErrors.get": Permission.ENTER_OWN_DATA,
    "delivery_imports_api.Template.get": Permission.ENTER_OWN_DATA,
    "delivery_imports_api.IndicatorsCsv.get": Permission.VIEW,
    "delivery_imports_api.IndicatorsXlsx.get": Permission.VIEW,
    "delivery_imports_api.MeasurementsCsv.get": Permission.VIEW,
    "delivery_imports_api.MeasurementsXlsx.get": Permission.VIEW,
    # end of delivery workspace: imports and exports
    # the indicator library
    "library_pages.library": Permission.VIEW,
    "library_pages.map_indicator": Permission.EDIT_PLAN,
    "library_pages.unmap_indicator": Permission.EDIT_PLAN,
    # end of the indicator library
}

# Permissions that a broader one includes.
IMPLIED: dict[Permission, frozenset[Permission]] = {
    Permission.EDIT_MINISTRIES: frozenset({Permission.EDIT_OWN_MINISTRY}),
    Permission.ENTER_DATA: frozenset({Permission.ENTER_OWN_DATA}),
    Permission.RUN_ROUTINES: frozenset({Permission.UPDATE_OWN_ACTIONS}),
}


def allows(role: Role, needed: Permission) -> bool:
    granted = ROLE_PERMISSIONS[role]
    return needed in granted or any(needed in IMPLIED.get(p, frozenset()) for p in granted)


def may_grant(granter: Role, granted: Role) -> bool:
    """A token or an invitation never carries more than its giver holds."""
    return all(allows(granter, permission) for permission in ROLE_PERMISSIONS[granted])


# A bank's own pages: which of its people may open them (bank specialists see a government's data only
# through what that government shares with their institution, never through a tenant role).
INSTITUTION_ENDPOINT_ROLES: dict[str, frozenset[str]] = {
    "bank_pages.institution": frozenset({"specialist", "manager"}),
    "bank_pages.portfolio": frozenset({"specialist", "manager"}),
    "bank_pages.compare": frozenset({"specialist", "manager"}),
    "bank_pages.compare_csv": frozenset({"specialist", "manager"}),
    "bank_pages.wave": frozenset({"specialist", "manager"}),
    # bank documents: comparison exports and shared reports
    "bank_exports.documents": frozenset({"specialist", "manager"}),
    "bank_exports.export_rows": frozenset({"specialist", "manager"}),
    "bank_exports.request_export": frozenset({"specialist", "manager"}),
    "bank_exports.export_file": frozenset({"specialist", "manager"}),
    "bank_exports.shared_report_file": frozenset({"specialist", "manager"}),
    # end of bank documents
    "library_bank.library": frozenset({"specialist", "manager"}),
    "library_bank.definition": frozenset({"specialist", "manager"}),
    "library_bank.definition_csv": frozenset({"specialist", "manager"}),
}
