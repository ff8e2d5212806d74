"""A radar (spider) chart: countries or governments compared across the same dimensions."""

from __future__ import annotations

import math
from typing import NamedTuple

from entrega.web.charts.common import (
    GRID,
    MUTED,
    Chart,
    Formatter,
    SeriesLabels,
    assemble,
    cell,
    check_colour,
    clean,
    data_table,
    default_fmt,
    esc,
    marker,
    path_d,
    sentence,
    svg_line,
    svg_text,
    text_width,
    truncate,
)

RINGS = 4
DASH = "6 4"


class RadarSeries(NamedTuple):
    name: str
    values: list[float | None]
    colour: str
    dashed: bool = False


def radar(
    *,
    title: str,
    axes: list[str],
    series: list[RadarSeries],
    maximum: float,
    fmt: Formatter = default_fmt,
    size: int = 360,
    labels: SeriesLabels | None = None,
) -> Chart:
    """`size` is the side of the square holding the rings; axis labels get their own margins beside it."""
    labels = labels or SeriesLabels()
    if len(axes) < 3:
        raise ValueError("a radar chart needs at least 3 axes")
    if not maximum > 0:
        raise ValueError("maximum must be positive")
    series = [RadarSeries(n, list(v), check_colour(c), bool(d)) for n, v, c, d in series]
    if any(len(s.values) != len(axes) for s in series):
        raise ValueError("each series needs one value per axis")
    grids = [[clean(v) for v in s.values] for s in series]

    side = min(140.0, max(text_width(a) for a in axes) + 14)
    width = size + 2 * side
    cx, cy, radius = width / 2, size / 2 + 4, size / 2 - 20
    n = len(axes)

    def point(k: int, r: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * k / n
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    body = ['<g class="grid">']
    for ring in range(1, RINGS + 1):
        r = radius * ring / RINGS
        body.append(f'<path d="{path_d([[point(k, r) for k in range(n)]], close=True)}" fill="none" stroke="{GRID}"/>')
    for k in range(n):
        body.append(svg_line(cx, cy, *point(k, radius), GRID))
    body.append("</g>")
    for ring in range(1, RINGS + 1):
        label = fmt(maximum * ring / RINGS)
        body.append(
            svg_text(cx + 4, cy - radius * ring / RINGS + 11, label, size=10, fill=MUTED, extra=' class="ring"')
        )
    for k, name in enumerate(axes):
        body.append(_axis_label(k, n, name, point(k, radius + 8), width))

    for index, (s, vals) in enumerate(zip(series, grids, strict=True)):
        # A missing value is drawn at the centre: the polygon must stay closed, and the alt text says it.
        scaled = [min(max(v or 0.0, 0.0), maximum) / maximum * radius for v in vals]
        dash = f' stroke-dasharray="{DASH}"' if s.dashed else ""
        body.append(
            f'<path class="series" d="{path_d([[point(k, r) for k, r in enumerate(scaled)]], close=True)}" '
            f'fill="{s.colour}" fill-opacity="0.1" stroke="{s.colour}" stroke-width="2" stroke-linejoin="round"{dash}/>'
        )
        for k, v in enumerate(vals):
            if v is not None:
                tip = f"{s.name} · {axes[k]}: {fmt(v)}"
                body.append(
                    f'<g class="point"><title>{esc(tip)}</title>{marker(index, *point(k, scaled[k]), s.colour)}</g>'
                )
    legend, legend_height = _legend(series, width, size + 16)
    body.extend(legend)

    alt = sentence(
        labels.alt_radar, title=title, series=", ".join(s.name for s in series), count=n, maximum=fmt(maximum)
    )
    if any(v is None for vals in grids for v in vals):
        alt = f"{alt} {labels.alt_missing}"
    rows = [(name, [cell(vals[k], fmt, labels.no_data) for vals in grids]) for k, name in enumerate(axes)]
    return Chart(
        svg=assemble("radar", title, alt, width, size + 16 + legend_height + 8, body),
        table=data_table(title, labels.category, [s.name for s in series], rows),
        alt=alt,
    )


def _axis_label(k: int, n: int, name: str, at: tuple[float, float], width: float) -> str:
    angle = -math.pi / 2 + 2 * math.pi * k / n
    cos, sin = math.cos(angle), math.sin(angle)
    anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
    x, y = at
    room = {"start": width - x - 4, "end": x - 4}.get(anchor, 2 * min(x, width - x) - 8)
    y += 4 + (6 if sin > 0.5 else 0)
    shown = truncate(name, room)
    return f'<g class="axis"><title>{esc(name)}</title>{svg_text(x, y, shown, anchor=anchor)}</g>'


def _legend(series: list[RadarSeries], width: float, top: float) -> tuple[list[str], float]:
    out, x, y = ['<g class="legend">'], 8.0, top
    for index, s in enumerate(series):
        item = 32 + text_width(s.name) + 18
        if x > 8 and x + item > width - 8:
            x, y = 8.0, y + 20
        dash = f' stroke-dasharray="{DASH}"' if s.dashed else ""
        out.append(svg_line(x, y + 7, x + 26, y + 7, s.colour, 2, dash))
        out.append(marker(index, x + 13, y + 7, s.colour, 3.5))
        out.append(svg_text(x + 32, y + 11, truncate(s.name, width - 48)))
        x += item
    out.append("</g>")
    return out, y - top + 14
