"""Shared parts of the server-side charts: result type, labels, scale, palette, SVG and table building.

The same SVG goes into the web page and into the WeasyPrint PDF, so everything here sticks to plain
SVG 1.1 with presentation attributes: the page's CSP forbids inline styles, and WeasyPrint ignores
CSS variables, `currentColor` and `foreignObject`.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

Formatter = Callable[[float], str]

# Every colour here has at least 3:1 contrast against white (graphics) and TEXT/MUTED at least 4.5:1 (text);
# tests/web/test_charts.py checks it, so a palette change cannot silently break WCAG 2.1 AA.
PALETTE: tuple[str, ...] = ("#0B5CAD", "#B35806", "#1B7837", "#6A3D9A", "#B2182B", "#00727A")
TEXT = "#1A1A1A"
MUTED = "#595959"
AXIS = "#595959"
GRID = "#DDDDDD"
WHITE = "#FFFFFF"
MISSING_FILL = "#F2F2F2"
MISSING_MARK = "#767676"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
FONT_SIZE = 12
_NICE_STEPS = (1.0, 2.0, 2.5, 5.0)
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class Chart:
    svg: Markup
    table: Markup
    alt: str


@dataclass(frozen=True)
class SeriesLabels:
    """Visible words of a chart, already translated by the caller.

    The `alt_*` fields are sentence templates with `{name}` placeholders so the text alternative can be
    translated as whole sentences rather than stitched from English fragments.
    """

    actual: str = "Actual"
    trajectory: str = "Trajectory"
    target: str = "Target"
    period: str = "Period"
    no_data: str = "No data"
    category: str = "Category"
    value: str = "Value"
    alt_time_series: str = "{title}, {first} to {last}: latest actual value {value} ({period})."
    alt_time_series_empty: str = "{title}, {first} to {last}: no actual values yet."
    alt_target: str = "The target is {target}."
    alt_bars: str = "{title}: highest {high_category} ({high}), lowest {low_category} ({low})."
    alt_heatmap: str = "{title}: {rows} rows by {columns} columns, coloured by level ({levels})."
    alt_radar: str = "{title}: {series} compared across {count} axes on a scale of 0 to {maximum}."
    alt_empty: str = "{title}: no data."
    alt_missing: str = "Some values are missing."


class _Keep(dict[str, str]):
    """Leaves unknown placeholders visible instead of crashing a page over a mistranslated template."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def sentence(template: str, **values: object) -> str:
    return template.format_map(_Keep({k: str(v) for k, v in values.items()}))


def default_fmt(value: float) -> str:
    """Compact and locale-neutral (1.5k, 2.3M, 0.25); callers pass a locale-aware formatter for real pages."""
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return _significant(value / limit) + suffix
    return _significant(value)


def _significant(value: float) -> str:
    if value == 0:
        return "0"
    decimals = min(6, max(0, 2 - math.floor(math.log10(abs(value)))))
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def clean(value: float | None) -> float | None:
    """NaN and infinities are missing data, never something to draw."""
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return float(value)


def esc(text: object) -> str:
    return str(escape(str(text)))


def num(value: float) -> str:
    """Coordinates rounded so output is short and byte-for-byte stable."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough width for layout; SVG cannot measure text, and the PDF must not depend on the browser."""
    return len(text) * size * 0.6


def truncate(text: str, max_width: float, size: float = FONT_SIZE) -> str:
    limit = max(1, int(max_width / (size * 0.6) + 1e-6))
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def check_colour(colour: str) -> str:
    if not _HEX.match(colour):
        raise ValueError(f"colours must be hex like #1A2B3C, got {colour!r}")
    return colour


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


@functools.lru_cache(maxsize=256)  # a heatmap asks for the same few colours once per cell
def luminance(colour: str) -> float:
    h = check_colour(colour).lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str) -> str:
    return TEXT if contrast(fill, TEXT) >= contrast(fill, WHITE) else WHITE


def nice_ticks(low: float, high: float) -> list[float]:
    """4 to 6 evenly spaced round numbers (steps of 1, 2, 2.5 or 5 × 10^k) covering [low, high]."""
    low, high = min(low, high), max(low, high)
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    exponent = math.floor(math.log10(high - low))
    best: tuple[tuple[float, int], list[float]] | None = None
    for exp in range(exponent - 2, exponent + 2):
        for mult in _NICE_STEPS:
            step = mult * 10.0**exp
            first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
            count = last - first + 1
            if not 4 <= count <= 6:
                continue
            # Tightest covering span wins, so the data fills the plot; then the count closest to 5.
            key = ((last - first) * step, abs(count - 5))
            if best is None or key < best[0]:
                best = key, [float(f"{k * step:.12g}") + 0.0 for k in range(first, last + 1)]
    assert best is not None, "some nice step always yields 4-6 ticks"
    return best[1]


def value_domain(values: Iterable[float]) -> tuple[float, float]:
    """Data range, widened to zero when zero is close enough not to flatten the differences."""
    data = list(values)
    if not data:
        return 0.0, 1.0
    low, high = min(data), max(data)
    if low == high and low != 0:
        # One distinct value reads best as a bar-like distance from zero.
        return min(low, 0.0), max(high, 0.0)
    if low >= 0 and low <= high * 0.5:
        low = 0.0
    elif high <= 0 and high >= low * 0.5:
        high = 0.0
    return low, high


def nice_strides(count: int, max_labels: int) -> int:
    """Label every n-th period, n from a calendar-friendly sequence (months, quarters, years)."""
    for stride in (1, 2, 3, 4, 6, 12, 24, 36, 48, 60, 120, 240, 600, 1200):
        if math.ceil(count / stride) <= max_labels:
            return stride
    return math.ceil(count / max_labels)


def svg_text(
    x: float, y: float, text: str, *, anchor: str = "start", size: int = FONT_SIZE, fill: str = TEXT, extra: str = ""
) -> str:
    return (
        f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{extra}>'
        f"{esc(text)}</text>"
    )


def svg_line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1, extra: str = "") -> str:
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{stroke}" '
        f'stroke-width="{num(width)}"{extra}/>'
    )


def marker(shape: int, x: float, y: float, colour: str, size: float = 4) -> str:
    """Distinct marker shapes, so series differ by more than colour (WCAG 1.4.1)."""
    kind = shape % 4
    if kind == 0:
        return (
            f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(size)}" fill="{colour}" stroke="{WHITE}" stroke-width="1"/>'
        )
    if kind == 1:
        points = [(x - size, y - size), (x + size, y - size), (x + size, y + size), (x - size, y + size)]
    elif kind == 2:
        points = [(x, y - size * 1.2), (x + size * 1.1, y + size * 0.8), (x - size * 1.1, y + size * 0.8)]
    else:
        points = [(x, y - size * 1.3), (x + size * 1.3, y), (x, y + size * 1.3), (x - size * 1.3, y)]
    return f'<path d="{path_d([points], close=True)}" fill="{colour}" stroke="{WHITE}" stroke-width="1"/>'


def path_d(segments: Iterable[Sequence[tuple[float, float]]], *, close: bool = False) -> str:
    parts = []
    for segment in segments:
        if segment:
            head, *tail = segment
            parts.append(f"M{num(head[0])} {num(head[1])}" + "".join(f" L{num(x)} {num(y)}" for x, y in tail))
            if close:
                parts.append("Z")
    return " ".join(parts)


def assemble(kind: str, title: str, alt: str, width: float, height: float, body: Sequence[str]) -> Markup:
    """Wraps the drawing in an accessible <svg>; the ID hashes the drawn content, so it is stable per chart."""
    digest = hashlib.sha256("\x1f".join([kind, title, alt, num(width), num(height), *body]).encode()).hexdigest()
    cid = f"chart-{kind}-{digest[:12]}"
    w, h = num(width), num(height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" font-family="{esc(FONT)}" font-size="{FONT_SIZE}">'
        f'<title id="{cid}-title">{esc(title)}</title><desc id="{cid}-desc">{esc(alt)}</desc>'
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="{WHITE}"/>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every piece of text went through esc()  # nosec B704


def data_table(caption: str, corner: str, columns: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]]) -> Markup:
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in [corner, *columns])
    body = "".join(
        f'<tr><th scope="row">{esc(name)}</th>' + "".join(f"<td>{esc(cell)}</td>" for cell in cells) + "</tr>"
        for name, cells in rows
    )
    html = f'<table class="data"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return Markup(html)  # noqa: S704 - every cell went through esc()  # nosec B704


def with_unit(label: str, unit: str) -> str:
    return f"{label} ({unit})" if unit else label


def cell(value: float | None, fmt: Formatter, no_data: str) -> str:
    return no_data if value is None else fmt(value)
