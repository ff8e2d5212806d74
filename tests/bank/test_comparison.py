"""Comparing governments on an instrument, from what each shared with the bank: summaries by the
instrument's rule, the peer median, change between waves, rankings with ties, filters."""

from __future__ import annotations

import math
import random
from datetime import date

import pytest
from sqlalchemy import select

from entrega.audit.services import acting_as
from entrega.bank import comparison, sharing, summaries
from entrega.bank import services as bank
from entrega.bank.models import Engagement, EngagementKind, ShareKind
from entrega.db import Engines
from entrega.diagnostics import services as diagnostics
from entrega.diagnostics.models import Assessor
from entrega.extensions.contract import (
    Aggregation,
    Instrument,
    InstrumentComponent,
    InstrumentItem,
    InstrumentPillar,
    Scale,
    ScaleStep,
)
from entrega.tenancy.binding import bind_institution, tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant
from tests.factories import create_tenant

T = {"en": "x"}
SEP = Instrument(
    "sep", T, T, Scale("scores", T, tuple(ScaleStep(str(n), T, n) for n in range(6)), additive=True),
    tuple(
        InstrumentPillar(p, T, (InstrumentComponent(f"{p}.c", T, (InstrumentItem(f"{p}.1", T), InstrumentItem(f"{p}.2", T)),
                                                     Aggregation.AVERAGE),), Aggregation.AVERAGE)
        for p in ("planning", "budgeting")
    ),
)  # fmt: skip


def _assessed(engines: Engines, tenant: Tenant, institution: object, waves: list[tuple[date, dict[str, str]]],
              *, share: bool = True, assessor: Assessor = Assessor.GOVERNMENT) -> None:  # fmt: skip
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        engagement = Engagement(institution_id=institution, code=f"{tenant.slug}-L1", kind=EngagementKind.LOAN,
                                title="Results", starts_on=date(2024, 1, 1))  # type: ignore[arg-type]  # fmt: skip
        db_session.add(engagement)
        db_session.flush()
        for held_on, answers in waves:
            wave = diagnostics.open_wave(db_session, {"sep": SEP}, "sep", f"Wave {held_on.year}", held_on)
            for item, step in answers.items():
                diagnostics.answer(db_session, SEP, wave, item, assessor, step, f"Report {item}")
        if share:
            sharing.grant(db_session, engagement, ShareKind.DIAGNOSTIC, "sep", {"sep"})
        db_session.commit()


@pytest.fixture
def countries(engines: Engines) -> object:
    with acting_as("test"), cross_tenant_session(engines, reason="test: bank") as db_session:
        idb = bank.create_institution(db_session, "idb", "IDB").id
        db_session.commit()
    peru = create_tenant(engines, slug="peru", name="Peru", country="PE")
    chile = create_tenant(engines, slug="chile", name="Chile", country="CL")
    jamaica = create_tenant(
        engines, slug="jamaica", name="Jamaica", country="JM", languages=["en"], default_locale="en"
    )
    hidden = create_tenant(engines, slug="hidden", name="Hidden", country="CO")
    _assessed(engines, peru, idb, [(date(2023, 5, 1), dict.fromkeys(("planning.1", "planning.2", "budgeting.1", "budgeting.2"), "1")),
                                   (date(2025, 5, 1), {"planning.1": "3", "planning.2": "2", "budgeting.1": "2", "budgeting.2": "2"})])  # fmt: skip
    _assessed(
        engines,
        chile,
        idb,
        [(date(2025, 3, 1), {"planning.1": "3", "planning.2": "2", "budgeting.1": "4", "budgeting.2": "4"})],
    )
    _assessed(
        engines, jamaica, idb, [(date(2025, 4, 1), {"planning.1": "1", "planning.2": "2"})]
    )  # budgeting unanswered
    _assessed(engines, hidden, idb, [(date(2025, 4, 1), dict.fromkeys(("planning.1", "planning.2"), "5"))], share=False)
    return idb


def _compare(engines: Engines, idb: object, **filters: object) -> comparison.Comparison:
    with engines.Session() as db_session:
        bind_institution(db_session, idb)  # type: ignore[arg-type]
        return comparison.compare(db_session, idb, SEP, comparison.Filters(**filters))  # type: ignore[arg-type]


def test_governments_compare_on_what_they_shared(engines: Engines, countries: object) -> None:
    result = _compare(engines, countries)
    names = [c.name for c in result.countries]
    assert names == ["Chile", "Jamaica", "Peru"]  # Hidden shared nothing (and PostgreSQL admits none of its rows)
    latest = {c.slug: c.latest for c in result.countries}
    assert latest["peru"] == {"planning": 2.5, "budgeting": 2.0}
    assert latest["jamaica"] == {"planning": 1.5, "budgeting": None}  # half-answered: no summary, never a guess
    peru = next(c for c in result.countries if c.slug == "peru")
    assert peru.change("planning") == 1.5 and peru.change("budgeting") == 1.0
    assert [(rank, c.slug) for rank, c, _ in result.ranking("planning")][:2] == [(1, "chile"), (1, "peru")]
    assert result.medians["planning"] == 2.5 and result.distribution("planning") == [0, 1, 2, 0, 0, 0]


def test_filters_by_region(engines: Engines, countries: object) -> None:
    assert [c.slug for c in _compare(engines, countries, region="caribbean").countries] == ["jamaica"]
    assert [c.slug for c in _compare(engines, countries, engagement="peru-L1").countries] == ["peru"]


COLOURS = Scale(
    "colours", T, tuple(ScaleStep(c, T, n) for n, c in enumerate(("red", "amber", "green"))), additive=False
)
RUBRIC = Instrument(
    "rubric", T, T, COLOURS,
    (InstrumentPillar("stage", T, tuple(
        InstrumentComponent(e, T, (InstrumentItem(f"{e}.1", T), InstrumentItem(f"{e}.2", T)), Aggregation.WEAKEST_LINK)
        for e in ("aspiration", "routines")), Aggregation.NONE),
     InstrumentPillar("notes", T, (InstrumentComponent("free", T, (InstrumentItem("free.1", T),), Aggregation.NONE),),
                      Aggregation.NONE)),
)  # fmt: skip


def test_an_instrument_that_rates_elements_on_their_own_is_compared_element_by_element(
    engines: Engines, countries: object
) -> None:
    """Stages without a summary are not averaged or guessed: their elements are compared, each by its own rule
    (weakest link here), and a part with no rule at any level is left out of every figure."""
    assert [c.key for c in comparison.columns(RUBRIC)] == ["aspiration", "routines"]
    assert [p.key for p in comparison.unsummarised(RUBRIC)] == ["notes"]
    for slug, steps in (("peru", ("green", "amber", "red", "green")), ("chile", ("green", "green", "amber", "amber"))):
        with acting_as("test"), engines.Session() as db_session:
            tenant_id = db_session.scalar(select(Tenant.id).where(Tenant.slug == slug))
        with acting_as("test"), tenant_session(engines, tenant_id) as db_session:
            wave = diagnostics.open_wave(db_session, {"rubric": RUBRIC}, "rubric", "Review", date(2025, 6, 1))
            for item, step in zip(("aspiration.1", "aspiration.2", "routines.1", "routines.2"), steps, strict=True):
                diagnostics.answer(db_session, RUBRIC, wave, item, Assessor.GOVERNMENT, step, "Minutes")
            diagnostics.answer(db_session, RUBRIC, wave, "free.1", Assessor.GOVERNMENT, "green", "Minutes")
            engagement = db_session.scalar(select(Engagement))
            sharing.grant(db_session, engagement, ShareKind.DIAGNOSTIC, "rubric", {"rubric"})
            db_session.commit()
    with engines.Session() as db_session:
        bind_institution(db_session, countries)  # type: ignore[arg-type]
        result = comparison.compare(db_session, countries, RUBRIC)  # type: ignore[arg-type]
    latest = {c.slug: c.latest for c in result.countries}
    assert latest == {"chile": {"aspiration": 2, "routines": 1}, "peru": {"aspiration": 1, "routines": 0}}
    assert [(rank, c.slug) for rank, c, _ in result.ranking("aspiration")] == [(1, "chile"), (2, "peru")]
    assert result.distribution("routines") == [1, 1, 0]


def test_whose_answers_are_read_first_is_the_comparison_s_choice(engines: Engines, countries: object) -> None:
    """Technical assistance's answer is read where it gave one, else the government's; asked the other way
    round, the government's comes first. Only the latest two waves count, latest by date."""
    with acting_as("test"), engines.Session() as db_session:
        chile = db_session.scalar(select(Tenant.id).where(Tenant.slug == "chile"))
    with acting_as("test"), tenant_session(engines, chile) as db_session:
        wave = diagnostics.open_wave(db_session, {"sep": SEP}, "sep", "Mission", date(2025, 9, 1))
        for item, (ours, theirs) in {"planning.1": ("4", "2"), "planning.2": ("4", "2"),
                                     "budgeting.1": ("5", None), "budgeting.2": ("5", None)}.items():  # fmt: skip
            diagnostics.answer(db_session, SEP, wave, item, Assessor.GOVERNMENT, ours, "Self-assessment")
            if theirs:
                diagnostics.answer(db_session, SEP, wave, item, Assessor.TECHNICAL_ASSISTANCE, theirs, "Mission")
        db_session.commit()
    by_assistance = next(c for c in _compare(engines, countries).countries if c.slug == "chile")
    assert by_assistance.latest == {"planning": 2.0, "budgeting": 5.0}
    assert by_assistance.previous == {"planning": 2.5, "budgeting": 4.0}  # the wave of March
    by_government = next(
        c for c in _compare(engines, countries, assessor=Assessor.GOVERNMENT).countries if c.slug == "chile"
    )
    assert by_government.latest == {"planning": 4.0, "budgeting": 5.0}


MEANS = [InstrumentComponent(f"m{n}", T, tuple(InstrumentItem(f"m{n}.{i}", T) for i in range(3)), Aggregation.AVERAGE)
         for n in range(3)]  # fmt: skip
LOOSE = InstrumentComponent("loose", T, (InstrumentItem("loose.1", T),), Aggregation.NONE)  # lends its item
THIRDS = Instrument(
    "thirds", T, T, Scale("scores", T, tuple(ScaleStep(str(n), T, n) for n in range(6)), additive=True),
    (InstrumentPillar("means", T, (*MEANS, LOOSE), Aggregation.AVERAGE),
     InstrumentPillar("weakest", T, tuple(
        InstrumentComponent(f"w{n}", T, tuple(InstrumentItem(f"w{n}.{i}", T) for i in range(2)), Aggregation.AVERAGE)
        for n in range(2)), Aggregation.WEAKEST_LINK),
     InstrumentPillar("elements", T, tuple(
        InstrumentComponent(f"e{n}", T, tuple(InstrumentItem(f"e{n}.{i}", T) for i in range(2)),
                            Aggregation.WEAKEST_LINK) for n in range(2)), Aggregation.NONE)),
)  # fmt: skip


@pytest.mark.parametrize("backend", ["pg"], indirect=True)
def test_postgresql_summarises_exactly_as_python_does(engines: Engines, countries: object) -> None:
    """The database's summaries (one statement) are Python's `scoring`, figure by figure, for every wave read:
    means of means, weakest links, elements, a component lending its item, unanswered items, either assessor
    first, and waves recorded out of order."""
    rng = random.Random(8)
    institution = countries
    tenants = [create_tenant(engines, slug=f"g{n:02d}", name=f"G{n:02d}", country="PE") for n in range(12)]
    for n, tenant in enumerate(tenants):
        with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
            engagement = Engagement(institution_id=institution, code=f"G{n}", kind=EngagementKind.LOAN, title="R",
                                    starts_on=date(2024, 1, 1))  # type: ignore[arg-type]  # fmt: skip
            db_session.add(engagement)
            db_session.flush()
            for year in rng.sample([2021, 2022, 2023, 2024, 2025], k=rng.randint(1, 4)):
                wave = diagnostics.open_wave(db_session, {"thirds": THIRDS}, "thirds", f"W{year}", date(year, 1, 1))
                for item in THIRDS.items():
                    for assessor in Assessor:
                        if rng.random() < 0.8:
                            diagnostics.answer(db_session, THIRDS, wave, item.key, assessor, str(rng.randint(0, 5)),
                                               "Evidence")  # fmt: skip
            sharing.grant(db_session, engagement, ShareKind.DIAGNOSTIC, "thirds", {"thirds"})
            db_session.commit()
    compared = comparison.columns(THIRDS)
    assert [c.key for c in compared] == ["means", "weakest", "e0", "e1"]
    with engines.Session() as db_session:
        bind_institution(db_session, institution)  # type: ignore[arg-type]
        result = comparison.compare(db_session, institution, THIRDS)  # type: ignore[arg-type]
        waves = {c.tenant_id: [w[0] for w in c.waves] for c in result.countries}
        latest_two = [ids[i] for ids in waves.values() for i in (-1, -2) if len(ids) >= -i]
        for assessor in Assessor:
            python = summaries.in_python(db_session, THIRDS, compared, assessor, list(waves), latest_two)
            database = summaries.in_database(db_session, THIRDS, compared, assessor, list(waves))
            assert set(database) == set(latest_two)
            for wave_id, figures in python.items():
                for key, rank in figures.items():
                    theirs = database[wave_id][key]
                    assert (rank is None) == (theirs is None), (wave_id, key, rank, theirs)
                    assert rank is None or math.isclose(rank, theirs, abs_tol=1e-12), (wave_id, key, rank, theirs)
    assert len(result.countries) == 12
    assert any(v is None for c in result.countries for v in c.latest.values())  # unanswered items were drawn
    assert any(v is not None and not float(v).is_integer() for c in result.countries for v in c.latest.values())
