"""Horizontal bars: one value per category (ministries, countries, programmes)."""

from __future__ import annotations

from entrega.web.charts.common import (
    AXIS,
    MUTED,
    PALETTE,
    WHITE,
    Chart,
    Formatter,
    SeriesLabels,
    assemble,
    cell,
    check_colour,
    clean,
    contrast,
    data_table,
    default_fmt,
    esc,
    num,
    sentence,
    svg_line,
    svg_text,
    text_width,
    truncate,
    with_unit,
)

ROW = 28.0
BAR = 18.0


def bars(
    *,
    title: str,
    categories: list[str],
    values: list[float | None],
    colours: list[str] | None = None,
    unit: str = "",
    fmt: Formatter = default_fmt,
    width: int = 640,
    labels: SeriesLabels | None = None,
) -> Chart:
    labels = labels or SeriesLabels()
    if len(values) != len(categories) or (colours is not None and len(colours) != len(categories)):
        raise ValueError("bars need one value (and one colour, if given) per category")
    vals = [clean(v) for v in values]
    fills = [check_colour(c) for c in colours] if colours else [PALETTE[0]] * len(categories)
    known = [v for v in vals if v is not None]
    low, high = min([0.0, *known]), max([0.0, *known])
    if low == high:
        high = 1.0

    top = 24.0 if unit else 8.0
    height = top + ROW * max(len(categories), 1) + 8
    label_area = min(width * 0.4, max([text_width(c) for c in categories] or [0]) + 16)
    # Room for the value printed past the end of the longest bar on each side of zero.
    pad_right = max([text_width(fmt(v)) + 10 for v in known if v >= 0] or [text_width(labels.no_data) + 10])
    pad_left = max([text_width(fmt(v)) + 10 for v in known if v < 0] or [0.0])
    left, right = label_area + pad_left, width - 8 - pad_right
    scale = (right - left) / (high - low)
    zero = left - low * scale

    body: list[str] = []
    if unit:
        body.append(svg_text(width - 8, 14, unit, anchor="end", size=11, fill=MUTED, extra=' class="unit"'))
    for i, (name, v, fill) in enumerate(zip(categories, vals, fills, strict=True)):
        row_top = top + ROW * i
        mid = row_top + ROW / 2
        shown = truncate(name, label_area - 16)
        tip = f"{name}: {cell(v, fmt, labels.no_data)}{' ' + unit if unit and v is not None else ''}"
        body.append(f'<g class="bar"><title>{esc(tip)}</title>')
        body.append(svg_text(label_area - 8, mid + 4, shown, anchor="end", extra=' class="category"'))
        if v is None:
            body.append(svg_text(zero + 6, mid + 4, labels.no_data, fill=MUTED, extra=' class="no-data"'))
        else:
            end = zero + v * scale
            x, w = min(zero, end), abs(end - zero)
            # A bar too pale against white gets an outline so its length is still visible (WCAG 1.4.11).
            outline = f' stroke="{AXIS}" stroke-width="1"' if contrast(fill, WHITE) < 3 else ""
            body.append(
                f'<rect x="{num(x)}" y="{num(mid - BAR / 2)}" width="{num(w)}" height="{num(BAR)}" '
                f'fill="{fill}"{outline}/>'
            )
            lx, anchor = (end + 5, "start") if v >= 0 else (end - 5, "end")
            body.append(svg_text(lx, mid + 4, fmt(v), anchor=anchor, extra=' class="value"'))
        body.append("</g>")
    body.append(svg_line(zero, top, zero, height - 8, AXIS))

    rows = [(name, [cell(v, fmt, labels.no_data)]) for name, v in zip(categories, vals, strict=True)]
    alt = _alt(title, categories, vals, labels, fmt)
    return Chart(
        svg=assemble("bars", title, alt, width, height, body),
        table=data_table(title, labels.category, [with_unit(labels.value, unit)], rows),
        alt=alt,
    )


def _alt(title: str, categories: list[str], vals: list[float | None], labels: SeriesLabels, fmt: Formatter) -> str:
    known = [(v, name) for name, v in zip(categories, vals, strict=True) if v is not None]
    if not known:
        return sentence(labels.alt_empty, title=title)
    high = max(known, key=lambda pair: pair[0])
    low = min(known, key=lambda pair: pair[0])
    text = sentence(
        labels.alt_bars, title=title, high_category=high[1], high=fmt(high[0]), low_category=low[1], low=fmt(low[0])
    )
    return text if len(known) == len(vals) else f"{text} {labels.alt_missing}"
