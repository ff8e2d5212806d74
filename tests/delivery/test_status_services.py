"""The judgement the whole workspace shares: an indicator against its trajectory, a priority rolled up,
the early warning's reasons and the data-quality score, loaded from the database on both backends."""

from __future__ import annotations

from datetime import date

from entrega.db import Engines
from entrega.delivery import facts
from entrega.delivery.warning import Level, Signal
from entrega.extensions.contract import CommonRating
from entrega.tenancy.binding import tenant_session
from tests.conftest import TwoTenants
from tests.factories import create_indicator, create_priority, record_values

TODAY = date(2025, 6, 15)
PATH = [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 7)]  # 12 in January … 22 in June


def _load(engines: Engines, tenant_id: object) -> list[facts.PriorityView]:
    with tenant_session(engines, tenant_id) as db_session:  # type: ignore[arg-type]
        return facts.load(db_session, None, TODAY)


def test_an_indicator_behind_its_trajectory_puts_its_priority_on_alert(
    engines: Engines, two_tenants: TwoTenants
) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    on_path = create_indicator(engines, two_tenants.a, priority, baseline=(date(2024, 12, 1), 10.0), trajectory=PATH)
    behind = create_indicator(engines, two_tenants.a, priority, baseline=(date(2024, 12, 1), 10.0), trajectory=PATH)
    record_values(engines, two_tenants.a, on_path, [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 5)])
    record_values(engines, two_tenants.a, behind, [(date(2025, 1, 1), 12.0), (date(2025, 2, 1), 12.0),
                                                   (date(2025, 3, 1), 12.0), (date(2025, 4, 1), 11.0)], note="strike")  # fmt: skip

    [view] = _load(engines, two_tenants.a.id)
    ratings = {i.indicator.code: i.status.rating for i in view.indicators}
    assert ratings == {on_path.code: CommonRating.ON_TRACK, behind.code: CommonRating.OFF_TRACK}
    assert view.rating is CommonRating.OFF_TRACK and view.level is Level.ALERT
    signals = {(r.signal, r.subject) for r in view.reasons}
    assert (Signal.OFF_TRAJECTORY, behind.code) in signals
    assert (Signal.WORSENING, behind.code) in signals
    # May's data was due on 20 June; April's on 20 May: nothing is missing yet on 15 June.
    assert not any(r.signal is Signal.DATA_MISSING for r in view.reasons)
    assert _load(engines, two_tenants.b.id) == []  # beta sees none of it


def test_missing_data_and_quality(engines: Engines, two_tenants: TwoTenants) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    sparse = create_indicator(engines, two_tenants.a, priority, baseline=(date(2024, 12, 1), 10.0), trajectory=PATH,
                              definition="Share of …", formula="a / b", owner_person="Dr. Ruiz")  # fmt: skip
    record_values(engines, two_tenants.a, sparse, [(date(2025, 1, 1), 12.0)], status="published")
    [view] = _load(engines, two_tenants.a.id)
    [indicator] = view.indicators
    assert indicator.status.missing_count == 3  # February, March and April are due and missing
    assert indicator.status.latest_missing == date(2025, 4, 1)
    assert indicator.status.quality.sheet == 7 / 8  # everything but the target
    assert indicator.status.quality.completeness == 1 / 4
    assert indicator.status.quality.evidence == 0.0
    assert view.level is Level.WATCH
