"""Server-side SVG charts: valid, accessible, CSP-safe SVG, with a data table that carries the same numbers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

import entrega.web
from entrega.web.charts import (
    PALETTE,
    Chart,
    Level,
    RadarSeries,
    SeriesLabels,
    bars,
    heatmap,
    nice_ticks,
    radar,
    time_series,
)
from entrega.web.charts.common import MUTED, TEXT, WHITE, contrast

NS = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "g", "rect", "line", "path", "polyline", "circle", "text", "title", "desc"}
MONTHS = [f"{2017 + i // 12}-{i % 12 + 1:02d}" for i in range(96)]
SCALE = [Level(40, "#B2182B", "Off track"), Level(70, "#F4A582", "At risk"), Level(100, "#1B7837", "On track")]
EVIL = "<script>alert(1)</script>"


def _ts(**overrides: object) -> Chart:
    args: dict[str, object] = {
        "title": "Vaccination coverage",
        "periods": ["2019", "2020", "2021", "2022", "2023", "2024"],
        "actual": [61.0, 64.5, None, 70.0, 72.5, 75.0],
        "trajectory": [60.0, 64.0, 68.0, 72.0, 76.0, 80.0],
        "target": 85.0,
        "unit": "%",
    }
    args.update(overrides)
    return time_series(**args)  # type: ignore[arg-type]


def _all_charts() -> dict[str, Chart]:
    return {
        "time_series": _ts(),
        "time_series_empty": _ts(actual=[None] * 6, trajectory=None, target=None),
        "time_series_single": _ts(periods=["2024"], actual=[42.0], trajectory=None),
        "time_series_negative": _ts(actual=[-5.0, -2.0, None, 1.0, 3.0, -1.5], trajectory=None, target=2.0),
        "time_series_96": _ts(periods=MONTHS, actual=[float(i) for i in range(96)], trajectory=None, target=None),
        "bars": bars(title="Budget executed", categories=["Health", "Education", "Roads"], values=[0.8, None, 0.45]),
        "heatmap": heatmap(
            title="Indicators by quarter",
            rows=[f"Indicator {i}" for i in range(30)],
            columns=["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"],
            values=[[None if (i + j) % 7 == 0 else float((i * 7 + j * 13) % 100) for j in range(6)] for i in range(30)],
            scale=SCALE,
        ),
        "radar": radar(
            title="Delivery capacity",
            axes=["Planning", "Monitoring", "Data", "Routines"],
            series=[
                RadarSeries("Chile", [3.0, 4.0, None, 2.0], PALETTE[0], False),
                RadarSeries("Peru", [2, 3, 4, 4], PALETTE[1], True),
            ],
            maximum=5,
        ),
    }


def _svg(chart: Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # noqa: S314 - our own output, not untrusted input


def _table(chart: Chart) -> ET.Element:
    return ET.fromstring(str(chart.table))  # noqa: S314 - our own output, not untrusted input


def _texts(root: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}text") if cls in (e.get("class") or "").split()]


def _rows(chart: Chart) -> dict[str, list[str]]:
    return {
        tr.find("th").text or "": [td.text or "" for td in tr.findall("td")]  # type: ignore[union-attr]
        for tr in _table(chart).iter("tr")
        if tr.find("th") is not None and tr.find("th").get("scope") == "row"  # type: ignore[union-attr]
    }


@pytest.mark.parametrize("name", list(_all_charts()))
def test_every_chart_is_accessible_plain_svg_that_weasyprint_and_the_csp_accept(name: str) -> None:
    chart = _all_charts()[name]
    text = str(chart.svg)
    root = _svg(chart)
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert (
        root.get("width")
        and root.get("height")
        and root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    )
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    assert root.find(f"{NS}title").get("id") == title_id  # type: ignore[union-attr]
    assert root.find(f"{NS}desc").get("id") == desc_id  # type: ignore[union-attr]
    assert root.find(f"{NS}desc").text == chart.alt and chart.alt  # type: ignore[union-attr]
    assert {e.tag.removeprefix(NS) for e in root.iter()} <= ALLOWED
    for forbidden in ("style=", "<style", "currentColor", "var(", "foreignObject", "<script"):
        assert forbidden not in text
    table = _table(chart)
    assert table.find("caption") is not None
    assert all(th.get("scope") == "col" for th in table.find("thead").iter("th"))  # type: ignore[union-attr]
    assert all(tr.find("th").get("scope") == "row" for tr in table.find("tbody").iter("tr"))  # type: ignore[union-attr]


def test_a_gap_in_actuals_breaks_the_line_and_draws_no_marker_for_the_missing_period() -> None:
    root = _svg(_ts())
    actual = next(p for p in root.iter(f"{NS}path") if p.get("class") == "actual")
    assert actual.get("d", "").count("M") == 2
    points = [g for g in root.iter(f"{NS}g") if g.get("class") == "point"]
    tips = [g.find(f"{NS}title").text for g in points]  # type: ignore[union-attr]
    assert len(points) == 5 and not any(t and t.startswith("2021") for t in tips)
    # The x of the missing period appears in no segment: the line is never interpolated across it.
    labels = {t.text: float(t.get("x", 0)) for t in _texts(root, "x-label")}
    xs = {float(x) for x in re.findall(r"[ML]([\d.]+) ", actual.get("d", ""))}
    assert labels["2021"] not in xs and labels["2020"] in xs and labels["2022"] in xs


def test_the_target_line_sits_at_the_targets_value_on_the_y_axis() -> None:
    root = _svg(_ts())
    ticks = [(float(t.text or ""), float(t.get("y", 0)) - 4) for t in _texts(root, "y-tick")]
    (v0, y0), (v1, y1) = ticks[0], ticks[-1]
    expected = y0 + (85.0 - v0) * (y1 - y0) / (v1 - v0)
    target = next(e for e in root.iter(f"{NS}line") if e.get("class") == "target")
    assert float(target.get("y1", 0)) == pytest.approx(expected, abs=0.1) == float(target.get("y2", 0))
    assert any("Target: 85" in (t.text or "") for t in _texts(root, "target-label"))


def test_the_table_lists_every_period_with_no_data_for_gaps() -> None:
    chart = _ts()
    rows = _rows(chart)
    assert list(rows) == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert rows["2021"] == ["No data", "68"] and rows["2020"] == ["64.5", "64"]
    assert [th.text for th in _table(chart).find("thead").iter("th")] == ["Period", "Actual (%)", "Trajectory (%)"]  # type: ignore[union-attr]


def test_labels_and_numbers_come_from_the_caller() -> None:
    labels = SeriesLabels(
        actual="Real", trajectory="Trayectoria", period="Periodo", no_data="Sin datos", alt_missing="Faltan datos."
    )
    chart = _ts(labels=labels, target_label="Meta", fmt=lambda v: f"{v:.1f}".replace(".", ","))
    rows = _rows(chart)
    assert rows["2021"] == ["Sin datos", "68,0"] and rows["2020"] == ["64,5", "64,0"]
    assert "Meta: 85,0" in str(chart.svg) and "Trayectoria" in str(chart.svg)
    assert "Faltan datos." in chart.alt and "75,0" in chart.alt


@pytest.mark.parametrize(
    ("low", "high"), [(0, 1), (61, 85), (-5.2, 3.1), (0.001, 0.0013), (1e6, 3.2e6), (7, 7), (0, 0), (-40, -3), (3, 997)]
)
def test_ticks_are_four_to_six_round_numbers_covering_the_range(low: float, high: float) -> None:
    ticks = nice_ticks(low, high)
    assert 4 <= len(ticks) <= 6
    assert ticks[0] <= low and ticks[-1] >= high
    steps = {round(b - a, 12) for a, b in pairwise(ticks)}
    assert len(steps) == 1
    mantissa = f"{steps.pop():e}".split("e")[0]
    assert float(mantissa) in (1.0, 2.0, 2.5, 5.0)


def test_the_y_axis_covers_actual_trajectory_and_target_and_includes_zero_when_close() -> None:
    def tick_values(chart: Chart) -> list[float]:
        return [float(t.text or "") for t in _texts(_svg(chart), "y-tick")]

    ticks = tick_values(
        _ts(actual=[10.0, 20.0, None, 30.0, 35.0, 40.0], trajectory=[5, 15, 25, 35, 45, 55], target=60.0)
    )
    assert ticks[0] == 0 and ticks[-1] >= 60 and 4 <= len(ticks) <= 6
    # Far from zero, the axis hugs the data so the trend stays visible.
    assert tick_values(_ts(trajectory=None, target=None))[0] > 0
    negative = tick_values(_all_charts()["time_series_negative"])
    assert negative[0] <= -5 and negative[-1] >= 3


def test_96_monthly_periods_keep_at_most_16_x_labels() -> None:
    labels = [t.text for t in _texts(_svg(_all_charts()["time_series_96"]), "x-label")]
    assert 2 <= len(labels) <= 16 and labels[0] == "2017-01"
    assert len(_rows(_all_charts()["time_series_96"])) == 96


def test_an_all_missing_series_still_renders_axes_and_a_no_data_note() -> None:
    chart = _all_charts()["time_series_empty"]
    root = _svg(chart)
    assert not [p for p in root.iter(f"{NS}path") if p.get("class") == "actual"]
    assert any(t.text == "No data" for t in root.iter(f"{NS}text"))
    assert len(_texts(root, "y-tick")) >= 4 and len(_texts(root, "x-label")) == 6
    assert set(_rows(chart)["2022"]) == {"No data"}


def test_a_single_period_is_one_marker_without_a_line() -> None:
    root = _svg(_all_charts()["time_series_single"])
    assert len([g for g in root.iter(f"{NS}g") if g.get("class") == "point"]) == 1
    assert "L" not in next(p for p in root.iter(f"{NS}path") if p.get("class") == "actual").get("d", "")


def test_every_piece_of_text_is_escaped() -> None:
    charts = [
        _ts(title=EVIL, periods=[EVIL, "2020"], actual=[1.0, 2.0], trajectory=None, unit=EVIL, target_label=EVIL),
        bars(title=EVIL, categories=[EVIL], values=[1.0], unit=EVIL),
        heatmap(title=EVIL, rows=[EVIL], columns=[EVIL], values=[[1.0]], scale=[Level(5, "#1B7837", EVIL)]),
        radar(title=EVIL, axes=[EVIL, "b", "c"], series=[RadarSeries(EVIL, [1, 2, 3], PALETTE[0], False)], maximum=3),
    ]
    for chart in charts:
        for html in (str(chart.svg), str(chart.table)):
            assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert _svg(chart).find(f"{NS}title").text == EVIL  # type: ignore[union-attr]


def test_identical_inputs_give_identical_bytes_and_different_inputs_different_ids() -> None:
    assert _ts().svg == _ts().svg and _ts().table == _ts().table
    ids = {_svg(c).get("aria-labelledby") for c in [*_all_charts().values(), _ts(target=90.0), _ts(title="Other")]}
    assert len(ids) == len(_all_charts()) + 2


def test_bars_show_no_data_instead_of_a_bar_and_truncate_long_labels_with_the_full_one_in_the_title() -> None:
    long = "Ministry of Health and Social Protection of the Republic and its agencies"
    chart = bars(title="Budget", categories=[long, "Education", "Roads"], values=[120.0, None, -30.0], unit="US$ m")
    root = _svg(chart)
    groups = [g for g in root.iter(f"{NS}g") if g.get("class") == "bar"]
    assert len(groups) == 3
    shown = next(t for t in groups[0].iter(f"{NS}text") if t.get("class") == "category").text or ""
    assert shown.endswith("…") and len(shown) < len(long)
    assert groups[0].find(f"{NS}title").text == f"{long}: 120 US$ m"  # type: ignore[union-attr]
    assert groups[1].find(f"{NS}rect") is None
    assert [t.text for t in groups[1].iter(f"{NS}text") if t.get("class") == "no-data"] == ["No data"]
    assert _rows(chart) == {long: ["120"], "Education": ["No data"], "Roads": ["-30"]}
    negative = groups[2].find(f"{NS}rect")
    positive = groups[0].find(f"{NS}rect")
    assert float(negative.get("x", 0)) + float(negative.get("width", 0)) == pytest.approx(float(positive.get("x", 0)))  # type: ignore[union-attr]


def test_bar_height_grows_with_the_number_of_categories() -> None:
    small = bars(title="t", categories=["a", "b"], values=[1.0, 2.0])
    big = bars(title="t", categories=[str(i) for i in range(20)], values=[float(i) for i in range(20)])
    assert float(_svg(big).get("height", 0)) > float(_svg(small).get("height", 0)) * 5


def test_heatmap_cells_follow_the_scale_boundaries_with_contrasting_text() -> None:
    chart = heatmap(
        title="Levels",
        rows=["r"],
        columns=["a", "b", "c", "d", "e", "f"],
        values=[[40, 40.5, 70, 99, 120, None]],
        scale=SCALE,
    )
    cells = [g for g in _svg(chart).iter(f"{NS}g") if "cell" in (g.get("class") or "")]
    fills = [c.find(f"{NS}rect").get("fill") for c in cells]  # type: ignore[union-attr]
    assert fills[:5] == ["#B2182B", "#F4A582", "#F4A582", "#1B7837", "#1B7837"]
    missing = cells[5]
    assert (
        missing.get("class") == "cell missing"
        and missing.find(f"{NS}line") is not None
        and missing.find(f"{NS}text") is None
    )
    for c in cells[:5]:
        fill, text = c.find(f"{NS}rect").get("fill"), c.find(f"{NS}text").get("fill")  # type: ignore[union-attr]
        assert contrast(fill or "", text or "") >= 4.5
    assert _rows(chart)["r"] == [
        "40 (Off track)",
        "40.5 (At risk)",
        "70 (At risk)",
        "99 (On track)",
        "120 (On track)",
        "No data",
    ]
    legend = [t.text for t in _svg(chart).iter(f"{NS}text")][-4:]
    assert legend == ["Off track", "At risk", "On track", "No data"]


def test_heatmap_rejects_an_unsorted_scale() -> None:
    with pytest.raises(ValueError, match="increasing"):
        heatmap(title="t", rows=["r"], columns=["c"], values=[[1.0]], scale=list(reversed(SCALE)))


def test_radar_needs_three_axes_and_reports_missing_values() -> None:
    with pytest.raises(ValueError, match="3 axes"):
        radar(title="t", axes=["a", "b"], series=[RadarSeries("s", [1, 2], PALETTE[0], False)], maximum=5)
    chart = _all_charts()["radar"]
    assert _rows(chart)["Data"] == ["No data", "4"]
    assert "missing" in chart.alt
    polygons = [p for p in _svg(chart).iter(f"{NS}path") if p.get("class") == "series"]
    assert len(polygons) == 2 and all(p.get("d", "").endswith("Z") for p in polygons)
    assert polygons[1].get("stroke-dasharray") and not polygons[0].get("stroke-dasharray")


def test_palette_and_text_colours_meet_wcag_aa_against_white() -> None:
    assert all(contrast(c, WHITE) >= 3 for c in PALETTE)
    assert contrast(TEXT, WHITE) >= 4.5 and contrast(MUTED, WHITE) >= 4.5


def test_the_figure_macro_renders_svg_caption_and_data_table() -> None:
    templates = Path(entrega.web.__file__).parent / "templates"
    env = Environment(loader=FileSystemLoader(templates), autoescape=True)
    page = env.from_string(
        '{% from "charts/figure.html" import figure %}{{ figure(chart, caption, summary_label="Show the data") }}'
    )
    chart = _ts()
    html = page.render(chart=chart, caption=Markup("<i>x</i>") + EVIL)
    assert html.count("<figure") == 1 and str(chart.svg) in html and str(chart.table) in html
    assert "<summary>Show the data</summary>" in html
    assert "<figcaption><i>x</i>&lt;script&gt;" in html
