"""One of everything a government keeps, each text a person types written by `words(field)`: another government's
rows for the cross-tenant sweep, stored payloads for the cross-site scripting tests.

Rows are made through the services the pages and the API call, so they are what the product would store.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import Flask
from sqlalchemy import select

from entrega.audit.services import acting_as
from entrega.bank import sharing
from entrega.bank.models import EVERYTHING, Engagement, EngagementKind, ShareKind
from entrega.db import Engines
from entrega.delivery import imports, measurements
from entrega.delivery import services as delivery
from entrega.delivery.access import ANY_MINISTRY
from entrega.diagnostics import services as diagnostics
from entrega.diagnostics.models import Assessor
from entrega.extensions.contract import Frequency
from entrega.extensions.runtime import resolve
from entrega.extensions.services import set_model, validate_model
from entrega.identity import services as identity
from entrega.identity.models import ApiToken, User
from entrega.identity.roles import Role
from entrega.library import services as library
from entrega.library.models import Comparability
from entrega.routines import assessments, data_calls
from entrega.routines import services as routines
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant
from tests.factories import create_member, create_ministry, create_token

Words = Callable[[str], str]
PDF = b"%PDF-1.7\n%%EOF\n"
DIAGNOSTIC = "prodev_sep"
COMMON_KEY = "under5_mortality"  # a definition of the indicator library; see `load_library`
# Every field a person types, by the name `words` is asked for.
TEXT_FIELDS = (
    "ministry.name", "ministry.acronym", "person.name",
    "priority.name", "priority.aim", "priority.approach", "priority.recovery", "priority.sponsor",
    "priority.plan_alignment", "priority.lead_official", "indicator.name", "indicator.definition", "indicator.formula", "indicator.unit",
    "indicator.source", "indicator.owner_person", "mapping.note", "baseline.source", "target.reason", "measurement.note",
    "measurement.source", "measurement.return_reason", "evidence.filename", "milestone.title",
    "milestone.owner_person", "milestone.note", "chain.actor", "chain.role", "chain.weakness", "programme.code",
    "programme.name", "agenda.title", "agenda.note", "decision.text", "action.title", "action.owner_person",
    "action.evidence", "meeting.attendees", "meeting.summary", "round.title", "judgement.rationale",
    "call.title", "wave.title", "answer.evidence", "engagement.title", "import.filename", "import.cell",
    "vocabulary.priority",
)  # fmt: skip


@dataclass
class Workspace:
    tenant: Tenant
    ids: dict[str, str]  # by the name a route gives the id: priority_id, meeting_id, token …
    head: User  # a unit head of this government, signed in by the tests
    token: str  # the unit head's API token


def fill(app: Flask, engines: Engines, tenant: Tenant, institution_id: uuid.UUID, words: Words, code: str) -> Workspace:
    """A government on the PMDU model with one of everything, every text from `words` and every code starting
    with `code`, engaged with the institution and sharing all it can with it."""
    registry = app.extensions["entrega.plugins"]
    lang = tenant.languages[0]
    ministry = create_ministry(engines, tenant, name={lang: words("ministry.name")}, acronym=words("ministry.acronym"))
    head = create_member(engines, tenant, Role.UNIT_HEAD, name=words("person.name"))
    token = create_token(engines, tenant, head)
    config = validate_model(registry, {"delivery": "entrega_pmdu", "vocabulary": {
        lang: {"priority": [words("vocabulary.priority"), words("vocabulary.priority")]}}})  # fmt: skip
    ids: dict[str, str] = {"ministry_id": str(ministry.id), "user_id": str(head.id)}
    with acting_as(head.email), tenant_session(engines, tenant.id) as db_session:
        set_model(db_session, config)
        model = resolve(registry, config)
        found = db_session.get(Tenant, tenant.id)
        assert found is not None
        user = db_session.get(User, head.id)
        assert user is not None
        priority = delivery.create_priority(db_session, found, {
            "code": f"{code}-P1", "name": {lang: words("priority.name")}, "owner_ministry_id": ministry.id,
            "aim": words("priority.aim"), "approach": words("priority.approach"),
            "recovery": words("priority.recovery"), "sponsor": words("priority.sponsor"),
            "plan_alignment": words("priority.plan_alignment"), "extra": {"lead_official": words("priority.lead_official")},
        }, model)  # fmt: skip
        indicator = delivery.create_indicator(db_session, found, {
            "priority_id": priority.id, "code": f"{code}-I1", "name": {lang: words("indicator.name")},
            "owner_ministry_id": ministry.id, "polarity": "up", "frequency": "monthly", "accumulation": "level",
            "definition": words("indicator.definition"), "formula": words("indicator.formula"),
            "unit": words("indicator.unit"), "source": words("indicator.source"),
            "owner_person": words("indicator.owner_person"),
        }, model)  # fmt: skip
        delivery.set_baseline(db_session, indicator, 10.0, date(2024, 12, 1), words("baseline.source"), model)
        delivery.revise_target(db_session, indicator, 40.0, date(2026, 12, 1), words("target.reason"), model)
        library.map_indicator(db_session, indicator, COMMON_KEY, Comparability.PARTIAL, words("mapping.note"))
        delivery.set_trajectory(db_session, indicator, [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 13)], model)
        measurement = measurements.submit(db_session, indicator, date(2025, 1, 1), 11.0, entrant=ANY_MINISTRY,
                                          source=words("measurement.source"), note=words("measurement.note"))  # fmt: skip
        returned = measurements.submit(db_session, indicator, date(2025, 2, 1), 13.0, entrant=ANY_MINISTRY,
                                       source=words("measurement.source"), note=words("measurement.note"))  # fmt: skip
        measurements.review(db_session, returned, "return", words("measurement.return_reason"))
        evidence = measurements.add_evidence(db_session, measurement, indicator, words("evidence.filename") + ".pdf",
                                             "application/pdf", PDF, entrant=ANY_MINISTRY)  # fmt: skip
        milestone = delivery.create_milestone(db_session, priority, {
            "title": words("milestone.title"), "owner_person": words("milestone.owner_person"),
            "note": words("milestone.note"), "due_on": date(2025, 3, 1), "owner_ministry_id": ministry.id,
        })  # fmt: skip
        delivery.set_chain(db_session, priority, [{"actor": words("chain.actor"), "role": words("chain.role"),
                                                   "ministry_id": ministry.id, "weak": True,
                                                   "weakness": words("chain.weakness")}])  # fmt: skip
        programme = delivery.create_programme(db_session, {"code": words("programme.code"),
                                                           "name": words("programme.name")})  # fmt: skip
        delivery.link_programme(db_session, priority, programme)
        delivery.set_budget_entry(db_session, programme, date(2025, 1, 1), Decimal(1000), Decimal(100))
        [series, *_] = routines.ensure_series(db_session, model, date(2025, 1, 1))
        meeting = routines.plan_meeting(db_session, found, model, series, date(2025, 4, 1), date(2025, 3, 1))
        item = routines.add_agenda_item(db_session, meeting, words("agenda.title"), words("agenda.note"))
        routines.record_decision(db_session, meeting, words("decision.text"), priority.id)
        action = routines.add_action(db_session, meeting, {
            "title": words("action.title"), "owner_person": words("action.owner_person"), "due_on": date(2025, 5, 1),
            "owner_ministry_id": ministry.id, "priority_id": priority.id,
        })  # fmt: skip
        routines.update_action(db_session, action, {"evidence": words("action.evidence")})
        held = routines.plan_meeting(db_session, found, model, series, date(2025, 2, 1), date(2025, 3, 1))
        routines.add_action(db_session, held, {"title": words("action.title"), "due_on": date(2025, 2, 15),
                                               "owner_ministry_id": ministry.id})  # fmt: skip
        routines.hold_meeting(db_session, held, [words("meeting.attendees")], words("meeting.summary"))
        round_ = assessments.open_round(db_session, words("round.title"), date(2025, 6, 30))
        assessments.assess(db_session, model, round_, priority, assessments.OVERALL, model.framework.levels[-1].key,
                           words("judgement.rationale"))  # fmt: skip
        call = data_calls.create_call(db_session, words("call.title"), date(2025, 3, 1), Frequency.MONTHLY,
                                      date(2025, 4, 20))  # fmt: skip
        instruments = registry.instruments()
        wave = diagnostics.open_wave(db_session, instruments, DIAGNOSTIC, words("wave.title"), date(2025, 3, 1))
        diagnostics.answer(db_session, instruments[DIAGNOSTIC], wave, "medium_term_plan", Assessor.GOVERNMENT, "3",
                           words("answer.evidence"))  # fmt: skip
        engagement = Engagement(institution_id=institution_id, code=f"{code}-OP1", kind=EngagementKind.LOAN,
                                title=words("engagement.title"), starts_on=date(2025, 1, 1))  # fmt: skip
        db_session.add(engagement)
        db_session.flush()
        share = sharing.grant(db_session, engagement, ShareKind.DIAGNOSTIC, EVERYTHING, set(instruments))
        for kind in (ShareKind.PRIORITY_STATUS, ShareKind.INDICATOR_VALUES, ShareKind.REPORT):
            sharing.grant(db_session, engagement, kind, EVERYTHING, set(instruments))
        _invitation, invitation_token = identity.invite(db_session, f"guest-{uuid.uuid4().hex[:8]}@example.org",
                                                        Role.VIEWER, None, user)  # fmt: skip
        token_id = db_session.scalars(select(ApiToken.id).where(ApiToken.user_id == head.id)).one()
        db_session.commit()
        ids.update({
            "priority_id": str(priority.id), "indicator_id": str(indicator.id), "measurement_id": str(measurement.id),
            "evidence_id": str(evidence.id), "milestone_id": str(milestone.id), "programme_id": str(programme.id),
            "series_id": str(series.id), "meeting_id": str(meeting.id), "item_id": str(item.id),
            "action_id": str(action.id), "round_id": str(round_.id), "call_id": str(call.id),
            "engagement_id": str(engagement.id), "share_id": str(share.id), "wave_id": str(wave.id),
            "token_id": str(token_id), "token": invitation_token, "held_meeting_id": str(held.id),
        })  # fmt: skip
    ids["import_id"] = str(_rejected_import(engines, tenant, head.email, words))
    return Workspace(tenant, ids, head, token)


def load_library(engines: Engines) -> None:
    """The indicator library's curated definitions, as `entrega library sync` loads them."""
    with acting_as("test"), cross_tenant_session(engines, reason="test: indicator library") as db_session:
        library.sync(db_session)
        db_session.commit()


def _rejected_import(engines: Engines, tenant: Tenant, actor: str, words: Words) -> uuid.UUID:
    """A file of values naming an indicator that does not exist: its report repeats the cell as typed."""
    content = f"indicator,period,value\n{words('import.cell')},2025-01,1\n".encode()
    with acting_as(actor), tenant_session(engines, tenant.id) as db_session:
        data_import = imports.create_import(
            db_session, "measurements", words("import.filename") + ".csv", content, actor
        )
        db_session.commit()
        return imports.run_import(db_session, data_import.id).id
