"""A grid of rows × columns coloured by level: e.g. indicators × quarters, or countries × pillars."""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple

from entrega.web.charts.common import (
    MISSING_FILL,
    MISSING_MARK,
    TEXT,
    WHITE,
    Chart,
    Formatter,
    SeriesLabels,
    assemble,
    check_colour,
    clean,
    data_table,
    default_fmt,
    esc,
    num,
    sentence,
    svg_line,
    svg_text,
    text_on,
    text_width,
    truncate,
)

CELL_HEIGHT = 24.0
HEADER = 28.0
SWATCH = 14.0


class Level(NamedTuple):
    upper: float  # inclusive upper bound
    colour: str
    label: str


def level_for(value: float, scale: list[Level]) -> Level:
    """The first level whose upper bound is ≥ value; values above every bound fall in the last level."""
    return next((level for level in scale if value <= level.upper), scale[-1])


def heatmap(
    *,
    title: str,
    rows: list[str],
    columns: list[str],
    values: list[list[float | None]],
    scale: list[Level],
    fmt: Formatter = default_fmt,
    width: int = 640,
    labels: SeriesLabels | None = None,
) -> Chart:
    labels = labels or SeriesLabels()
    scale = [Level(float(u), check_colour(c), lbl) for u, c, lbl in scale]
    if not scale or any(a.upper >= b.upper for a, b in pairwise(scale)):
        raise ValueError("scale needs at least one level, with strictly increasing upper bounds")
    if len(values) != len(rows) or any(len(r) != len(columns) for r in values):
        raise ValueError("values must have one list per row, each with one value per column")
    grid = [[clean(v) for v in r] for r in values]

    label_area = min(width * 0.35, max([text_width(r) for r in rows] or [0]) + 16)
    col_w = (width - label_area - 8) / max(len(columns), 1)
    grid_bottom = HEADER + CELL_HEIGHT * len(rows)
    legend, legend_height = _legend(scale, labels.no_data, width, grid_bottom + 14)
    height = grid_bottom + 14 + legend_height + 8

    body: list[str] = []
    for j, name in enumerate(columns):
        cx = label_area + col_w * (j + 0.5)
        shown = truncate(name, col_w - 6)
        body.append(f'<g class="column"><title>{esc(name)}</title>')
        body.append(svg_text(cx, HEADER - 10, shown, anchor="middle", extra=' font-weight="bold"'))
        body.append("</g>")
    paint = _Painter(scale, labels, fmt, col_w)
    for i, name in enumerate(rows):
        y = HEADER + CELL_HEIGHT * i
        body.append(f'<g class="row"><title>{esc(name)}</title>')
        body.append(svg_text(label_area - 8, y + CELL_HEIGHT / 2 + 4, truncate(name, label_area - 16), anchor="end"))
        body.append("</g>")
        for j, v in enumerate(grid[i]):
            body.append(paint.cell(label_area + col_w * j, y, v, f"{name} · {columns[j]}"))
    body.extend(legend)

    alt = _alt(title, rows, columns, grid, scale, labels)
    table_rows = [(name, [paint.words(v) for v in grid[i]]) for i, name in enumerate(rows)]
    return Chart(
        svg=assemble("heat", title, alt, width, height, body),
        table=data_table(title, labels.category, columns, table_rows),
        alt=alt,
    )


def _describe(value: float | None, scale: list[Level], labels: SeriesLabels, fmt: Formatter) -> str:
    # The level's name goes beside the number, so the table carries what the colour says.
    return labels.no_data if value is None else f"{fmt(value)} ({level_for(value, scale).label})"


class _Painter:
    """Cells of one width, with what each distinct value looks like worked out once: a grid of hundreds of
    governments repeats a few steps thousands of times."""

    def __init__(self, scale: list[Level], labels: SeriesLabels, fmt: Formatter, width: float) -> None:
        self.scale, self.labels, self.fmt, self.width = scale, labels, fmt, width
        self._size = f'width="{num(width)}" height="{num(CELL_HEIGHT)}" stroke="{WHITE}" stroke-width="2"'
        self._words: dict[float | None, str] = {}
        self._looks: dict[float, tuple[str, str | None, str]] = {}  # fill, the label if it fits, its colour

    def words(self, value: float | None) -> str:
        found = self._words.get(value)
        if found is None:
            found = self._words[value] = _describe(value, self.scale, self.labels, self.fmt)
        return found

    def _look(self, value: float) -> tuple[str, str | None, str]:
        found = self._looks.get(value)
        if found is None:
            fill, text = level_for(value, self.scale).colour, self.fmt(value)
            fits = text_width(text, 11) <= self.width - 6
            found = self._looks[value] = (fill, text if fits else None, text_on(fill))
        return found

    def cell(self, x: float, y: float, value: float | None, where: str) -> str:
        w, h = self.width, CELL_HEIGHT
        box = f'x="{num(x)}" y="{num(y)}" {self._size}'
        tip = esc(f"{where}: {self.words(value)}")
        if value is None:
            return (
                f'<g class="cell missing"><title>{tip}</title><rect {box} fill="{MISSING_FILL}"/>'
                f"{svg_line(x + 4, y + h - 4, x + w - 4, y + 4, MISSING_MARK, 1.5)}</g>"
            )
        fill, text, on = self._look(value)
        label = "" if text is None else svg_text(x + w / 2, y + h / 2 + 4, text, anchor="middle", size=11, fill=on)
        return f'<g class="cell"><title>{tip}</title><rect {box} fill="{fill}"/>{label}</g>'


def _legend(scale: list[Level], no_data: str, width: float, top: float) -> tuple[list[str], float]:
    """Swatches flow left to right and wrap, so long translated level names never run off the edge."""
    entries = [(level.label, level.colour, False) for level in scale] + [(no_data, MISSING_FILL, True)]
    out, x, y = ['<g class="legend">'], 8.0, top
    for text, colour, missing in entries:
        item = SWATCH + 6 + text_width(text) + 16
        if x > 8 and x + item > width - 8:
            x, y = 8.0, y + SWATCH + 8
        # A grey outline keeps pale swatches visible against the white page.
        out.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(SWATCH)}" height="{num(SWATCH)}" fill="{colour}" '
            f'stroke="{MISSING_MARK}" stroke-width="1"/>'
        )
        if missing:
            out.append(svg_line(x + 2, y + SWATCH - 2, x + SWATCH - 2, y + 2, MISSING_MARK, 1.5))
        out.append(svg_text(x + SWATCH + 6, y + SWATCH - 3, truncate(text, width - 40), fill=TEXT))
        x += item
    out.append("</g>")
    return out, y - top + SWATCH


def _alt(
    title: str,
    rows: list[str],
    columns: list[str],
    grid: list[list[float | None]],
    scale: list[Level],
    labels: SeriesLabels,
) -> str:
    known = [v for r in grid for v in r if v is not None]
    if not known:
        return sentence(labels.alt_empty, title=title)
    counts = {level.label: 0 for level in scale}
    for v in known:
        counts[level_for(v, scale).label] += 1
    levels = ", ".join(f"{name} {n}" for name, n in counts.items() if n)
    text = sentence(labels.alt_heatmap, title=title, rows=len(rows), columns=len(columns), levels=levels)
    return text if len(known) == len(rows) * len(columns) else f"{text} {labels.alt_missing}"
