"""The comparison's PDF keeps each ranking's caption (the element's or pillar's name) on the page of its table."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from entrega.reports.render import REPORTS_STATIC, app_fetcher, render_pdf


def _ranking(name: str, rows: int) -> str:
    body = "".join(f"<tr><td>{n}</td><th scope='row'>Government {n}</th><td>Green</td><td>= no change</td></tr>"
                   for n in range(1, rows + 1))  # fmt: skip
    return (
        f'<div class="ranked"><table class="data ranking"><caption>{name}</caption><thead><tr><th>Rank</th>'
        f"<th>Government</th><th>Score</th><th>Change</th></tr></thead><tbody>{body}</tbody></table></div>"
    )


def test_a_ranking_never_leaves_its_caption_on_the_page_before() -> None:
    # Tables of six rows after text that fills most of a page: the second falls where a page ends.
    filler = "<p>" + "A government's latest shared wave. " * 120 + "</p>"
    rankings = "".join(_ranking(f"Element {k}", 6) for k in range(1, 9))
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="/reports/static/print.css"></head>'
        f'<body class="report bank-comparison"><section class="per-column">{filler}{rankings}</section></body></html>'
    )
    pdf = render_pdf(html, app_fetcher("", Path(REPORTS_STATIC)))
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.data)).pages]
    assert len(pages) >= 2
    for k in range(1, 9):
        page = next(text for text in pages if f"Element {k}" in text)
        assert "Government 1" in page.split(f"Element {k}", 1)[1], f"Element {k} is cut from its table"
