"""Server-side SVG charts shared by the web pages and the PDF reports, so both show the same picture.

Each function returns a `Chart`: the SVG, an accessible data table with the same numbers, and a text
alternative. All visible words arrive translated from the caller; numbers are formatted only by the
caller's `fmt`. Render one in a template with the `figure` macro of `charts/figure.html`.
"""

from entrega.web.charts.bars import bars
from entrega.web.charts.common import PALETTE, Chart, Formatter, SeriesLabels, default_fmt, nice_ticks
from entrega.web.charts.heatmap import Level, heatmap
from entrega.web.charts.radar import RadarSeries, radar
from entrega.web.charts.timeseries import time_series

__all__ = [
    "PALETTE",
    "Chart",
    "Formatter",
    "Level",
    "RadarSeries",
    "SeriesLabels",
    "bars",
    "default_fmt",
    "heatmap",
    "nice_ticks",
    "radar",
    "time_series",
]
