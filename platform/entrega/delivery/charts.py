"""The workspace's charts: an indicator's values against its trajectory and target, the same SVG on the
pages and in the PDF reports."""

from __future__ import annotations

from entrega.delivery import periods
from entrega.delivery.facts import IndicatorView
from entrega.web import charts
from entrega.web.i18n import chart_labels, localized_text, number


def trajectory_chart(
    view: IndicatorView, fiscal_start: int = 1, *, width: int = 640, height: int = 300
) -> charts.Chart:
    """Needs a view loaded with `complete=True`: every value and the whole trajectory."""
    facts = view.facts
    expected = dict(facts.trajectory)
    if facts.baseline is not None and facts.baseline_period is not None:
        expected.setdefault(facts.baseline_period, facts.baseline)
    actual = {v.period: v.progress for v in facts.values}
    if facts.baseline_period is not None:
        actual.setdefault(facts.baseline_period, facts.baseline)  # type: ignore[arg-type]
    timeline = sorted(set(expected) | set(actual))
    indicator = view.indicator
    return charts.time_series(
        title=localized_text(indicator.name),
        periods=[periods.label(p, indicator.frequency, fiscal_start) for p in timeline],
        actual=[actual.get(p) for p in timeline],
        trajectory=[expected.get(p) for p in timeline] if facts.trajectory else None,
        target=facts.target,
        labels=chart_labels(),
        unit=indicator.unit,
        fmt=number,
        width=width,
        height=height,
    )
