"""The report's URL fetcher resolves only the app's own static assets, this government's own assets and image
data URIs; everything else is refused, and a refused fetch stops the rendering."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from weasyprint.urls import FatalURLFetchingError

from entrega.reports.render import ASSET_ORIGIN, AssetRefused, ReportFetcher, app_fetcher, render_pdf

APP_STATIC = Path(__file__).resolve().parents[2] / "platform" / "entrega" / "web" / "static"


@pytest.fixture
def fetcher() -> ReportFetcher:
    return app_fetcher(
        "alpha", APP_STATIC, {"logo.svg": (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")}
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/x.css",
        "https://example.org/static/entrega.css",  # our paths on someone else's host
        f"{ASSET_ORIGIN}/t/beta/logo.svg",  # another government's asset
        f"{ASSET_ORIGIN}/t/alpha/missing.svg",
        f"{ASSET_ORIGIN}/static/../../../../etc/passwd",
        f"{ASSET_ORIGIN}/static/%2e%2e/%2e%2e/config.py",
        f"{ASSET_ORIGIN}/static/entrega.css?x=1",
        f"{ASSET_ORIGIN}/static/api-docs.js",  # not a stylesheet, a font or an image
        f"{ASSET_ORIGIN}/etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/x.css",
    ],
)
def test_everything_but_our_own_assets_is_refused(fetcher: ReportFetcher, url: str) -> None:
    with pytest.raises(AssetRefused):
        fetcher.fetch(url)


def test_the_apps_css_and_the_governments_own_assets_are_served(fetcher: ReportFetcher) -> None:
    css = fetcher.fetch(f"{ASSET_ORIGIN}/static/entrega.css")
    assert css.read() == (APP_STATIC / "entrega.css").read_bytes()
    assert css.content_type == "text/css"
    assert b"@page" in fetcher.fetch(f"{ASSET_ORIGIN}/reports/static/print.css").read()
    assert fetcher.fetch(f"{ASSET_ORIGIN}/t/alpha/logo.svg").content_type == "image/svg+xml"
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()
    assert fetcher.fetch(f"data:image/png;base64,{png}").read() == b"\x89PNG\r\n\x1a\n"


def test_a_refused_fetch_stops_the_rendering(fetcher: ReportFetcher) -> None:
    html = '<html><head><link rel="stylesheet" href="file:///etc/passwd"></head><body>x</body></html>'
    with pytest.raises(FatalURLFetchingError):
        render_pdf(html, fetcher)
    with pytest.raises(FatalURLFetchingError):
        render_pdf('<img src="http://example.org/tracker.png">', fetcher)


def test_allowed_assets_render(fetcher: ReportFetcher) -> None:
    html = f'<link rel="stylesheet" href="{ASSET_ORIGIN}/reports/static/print.css"><p>Hola</p>'
    pdf = render_pdf(html, fetcher)
    assert pdf.pages == 1 and pdf.data.startswith(b"%PDF")
