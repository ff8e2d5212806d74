"""An indicator over time: actual values against the trajectory and the target."""

from __future__ import annotations

import math
from collections.abc import Callable

from entrega.web.charts.common import (
    AXIS,
    GRID,
    MUTED,
    PALETTE,
    WHITE,
    Chart,
    Formatter,
    SeriesLabels,
    assemble,
    cell,
    clean,
    data_table,
    default_fmt,
    esc,
    marker,
    nice_strides,
    nice_ticks,
    num,
    path_d,
    sentence,
    svg_line,
    svg_text,
    text_width,
    value_domain,
    with_unit,
)

ACTUAL_COLOUR = PALETTE[0]
TRAJECTORY_COLOUR = MUTED
TARGET_COLOUR = PALETTE[1]
TRAJECTORY_DASH = "6 4"
TARGET_DASH = "8 3 2 3"
MAX_X_LABELS = 16


def time_series(
    *,
    title: str,
    periods: list[str],
    actual: list[float | None],
    trajectory: list[float | None] | None = None,
    target: float | None = None,
    target_label: str = "Target",
    labels: SeriesLabels | None = None,
    unit: str = "",
    fmt: Formatter = default_fmt,
    width: int = 640,
    height: int = 300,
) -> Chart:
    labels = labels or SeriesLabels()
    if target_label == "Target":
        target_label = labels.target
    if len(actual) != len(periods) or (trajectory is not None and len(trajectory) != len(periods)):
        raise ValueError("actual and trajectory need one value per period")
    acts = [clean(v) for v in actual]
    plan = [clean(v) for v in trajectory] if trajectory is not None else None
    goal = clean(target)
    known = [v for v in [*acts, *(plan or []), goal] if v is not None]
    ticks = nice_ticks(*value_domain(known))

    top, bottom = 40.0, height - 28.0
    right = width - 16.0
    count = len(periods)
    # The first period label is centred on its point and must not be clipped by the left edge.
    first_label = text_width(periods[0]) / 2 + 4 if periods else 0.0
    left = max(36.0, max(text_width(fmt(t)) for t in ticks) + 14, first_label)
    band = (right - left) / max(count, 1)

    def x(i: int) -> float:
        return left + band * (i + 0.5)

    def y(v: float) -> float:
        return top + (ticks[-1] - v) / (ticks[-1] - ticks[0]) * (bottom - top)

    body = _legend(labels, target_label, with_plan=plan is not None, with_target=goal is not None)
    if unit:
        body.append(svg_text(left, top - 10, unit, size=11, fill=MUTED, extra=' class="unit"'))
    for t in ticks:
        body.append(svg_line(left, y(t), right, y(t), AXIS if t == 0 and ticks[0] < 0 else GRID, extra=' class="grid"'))
        body.append(svg_text(left - 6, y(t) + 4, fmt(t), anchor="end", fill=MUTED, extra=' class="y-tick"'))
    body.append(svg_line(left, bottom, right, bottom, AXIS))
    body.extend(_x_labels(periods, x, bottom, right - left))

    if goal is not None:
        body.extend(_target_line(goal, y(goal), left, right, f"{target_label}: {fmt(goal)}"))
    if plan is not None:
        body.append(_series_path(plan, x, y, TRAJECTORY_COLOUR, "trajectory", f' stroke-dasharray="{TRAJECTORY_DASH}"'))
    body.append(_series_path(acts, x, y, ACTUAL_COLOUR, "actual", ""))
    radius = max(2.0, min(4.0, band / 3))
    for i, v in enumerate(acts):
        if v is not None:
            tip = f"{periods[i]} · {labels.actual}: {fmt(v)}"
            body.append(f'<g class="point"><title>{esc(tip)}</title>{marker(0, x(i), y(v), ACTUAL_COLOUR, radius)}</g>')
    if not any(v is not None for v in acts):
        body.append(svg_text((left + right) / 2, (top + bottom) / 2, labels.no_data, anchor="middle", fill=MUTED))

    alt = _alt(title, periods, acts, goal, labels, fmt)
    columns = [with_unit(labels.actual, unit)] + ([with_unit(labels.trajectory, unit)] if plan is not None else [])
    rows = [
        (p, [cell(acts[i], fmt, labels.no_data)] + ([cell(plan[i], fmt, labels.no_data)] if plan is not None else []))
        for i, p in enumerate(periods)
    ]
    caption = title if goal is None else f"{title} ({target_label}: {fmt(goal)}{' ' + unit if unit else ''})"
    return Chart(
        svg=assemble("ts", title, alt, width, height, body),
        table=data_table(caption, labels.period, columns, rows),
        alt=alt,
    )


def _series_path(
    values: list[float | None],
    x: Callable[[int], float],
    y: Callable[[float], float],
    colour: str,
    name: str,
    extra: str,
) -> str:
    """One subpath per run of known values: a missing period breaks the line rather than being bridged."""
    runs: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
        else:
            runs[-1].append((x(i), y(v)))
    d = path_d(r for r in runs if r)
    if not d:
        return ""
    return (
        f'<path class="{name}" d="{d}" fill="none" stroke="{colour}" stroke-width="2" '
        f'stroke-linejoin="round" stroke-linecap="round"{extra}/>'
    )


def _x_labels(periods: list[str], x: Callable[[int], float], bottom: float, plot_width: float) -> list[str]:
    if not periods:
        return []
    label_width = max(text_width(p) for p in periods) + 10
    max_labels = max(1, min(MAX_X_LABELS, math.floor(plot_width / label_width)))
    out = []
    for i in range(0, len(periods), nice_strides(len(periods), max_labels)):
        out.append(svg_line(x(i), bottom, x(i), bottom + 4, AXIS))
        out.append(svg_text(x(i), bottom + 17, periods[i], anchor="middle", fill=MUTED, extra=' class="x-label"'))
    return out


def _target_line(goal: float, gy: float, left: float, right: float, label: str) -> list[str]:
    # A white plate behind the label keeps it readable where it crosses the data line.
    label_width = text_width(label, 11)
    return [
        svg_line(left, gy, right, gy, TARGET_COLOUR, 1.5, f' stroke-dasharray="{TARGET_DASH}" class="target"'),
        f'<rect x="{num(right - label_width - 8)}" y="{num(gy - 17)}" width="{num(label_width + 6)}" height="14" '
        f'fill="{WHITE}" fill-opacity="0.85"/>',
        svg_text(right - 4, gy - 6, label, anchor="end", size=11, fill=TARGET_COLOUR, extra=' class="target-label"'),
    ]


def _legend(labels: SeriesLabels, target_label: str, *, with_plan: bool, with_target: bool) -> list[str]:
    items: list[tuple[str, str, str, bool]] = [(labels.actual, ACTUAL_COLOUR, "", True)]
    if with_plan:
        items.append((labels.trajectory, TRAJECTORY_COLOUR, TRAJECTORY_DASH, False))
    if with_target:
        items.append((target_label, TARGET_COLOUR, TARGET_DASH, False))
    out, cursor = ['<g class="legend">'], 8.0
    for text, colour, dash, dot in items:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(svg_line(cursor, 14, cursor + 26, 14, colour, 2, extra))
        if dot:
            out.append(marker(0, cursor + 13, 14, colour, 3.5))
        out.append(svg_text(cursor + 32, 18, text))
        cursor += 32 + text_width(text) + 18
    return [*out, "</g>"]


def _alt(
    title: str, periods: list[str], acts: list[float | None], goal: float | None, labels: SeriesLabels, fmt: Formatter
) -> str:
    if not periods:
        return sentence(labels.alt_empty, title=title)
    known = [(p, v) for p, v in zip(periods, acts, strict=True) if v is not None]
    if known:
        parts = [
            sentence(
                labels.alt_time_series,
                title=title,
                first=periods[0],
                last=periods[-1],
                period=known[-1][0],
                value=fmt(known[-1][1]),
            )
        ]
    else:
        parts = [sentence(labels.alt_time_series_empty, title=title, first=periods[0], last=periods[-1])]
    if goal is not None:
        parts.append(sentence(labels.alt_target, target=fmt(goal)))
    if known and len(known) < len(periods):
        parts.append(labels.alt_missing)
    return " ".join(parts)
