"""HTML → PDF with WeasyPrint, under a URL fetcher that resolves only what a government's report may use.

A report's HTML names its assets under `ASSET_ORIGIN`, a host that can never resolve (RFC 2606 `.invalid`):
`/static/…` is the app's own static folder, `/reports/static/…` the reports' print stylesheet, and
`/t/<slug>/…` the government's own assets, which only the pack being rendered can hand in. `data:` URIs are
decoded when they hold an SVG or PNG image. Everything else is refused: `file:` reads, http(s) anywhere,
another government's path, a path that climbs out of its folder, a type that is not a stylesheet, a font or
an image. A refused fetch stops the rendering (`fail_on_errors`): every URL in our templates is ours, so a
refusal means a bug or an injection, and a PDF silently missing a part is worse than a clear failure.
"""

from __future__ import annotations

import base64
import logging
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from weasyprint import HTML
from weasyprint.logger import PROGRESS_LOGGER
from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSET_ORIGIN = "https://entrega.invalid"
STYLESHEET_URL = f"{ASSET_ORIGIN}/reports/static/print.css"
REPORTS_STATIC = Path(__file__).resolve().parent / "static"
# What a report may load, by file suffix: its stylesheets, their fonts, and images.
ASSET_TYPES = {
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
DATA_TYPES = frozenset({"image/svg+xml", "image/png"})


class AssetRefused(ValueError):
    """A URL a report may not fetch."""


class ReportFetcher(URLFetcher):
    """Resolves the app's static assets by path prefix, the government's own assets, and image data URIs."""

    def __init__(
        self,
        tenant_slug: str,
        static_roots: Mapping[str, Path],
        tenant_assets: Mapping[str, tuple[bytes, str]] | None = None,
    ) -> None:
        super().__init__(timeout=1, allowed_protocols=("data", "https"), allow_redirects=False, fail_on_errors=True)
        self.tenant_slug = tenant_slug
        # Longest prefix first, so `/reports/static/` is not read as a file of some shorter root.
        self.static_roots = sorted(((p, r.resolve()) for p, r in static_roots.items()), key=lambda i: -len(i[0]))
        self.tenant_assets = dict(tenant_assets or {})

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return self._data(url)
        parts = urlsplit(url)
        if f"{parts.scheme.lower()}://{parts.netloc.lower()}" != ASSET_ORIGIN or parts.query:
            raise AssetRefused(f"a report may not fetch {url!r}")
        path = unquote(parts.path)
        if path.startswith("/t/"):
            own = f"/t/{self.tenant_slug}/"
            if not path.startswith(own):
                raise AssetRefused(f"another government's asset: {url!r}")
            found = self.tenant_assets.get(path[len(own) :])
            if found is None:
                raise AssetRefused(f"no such asset of this government: {url!r}")
            body, content_type = found
            return URLFetcherResponse(url, body, {"Content-Type": content_type})
        for prefix, root in self.static_roots:
            if path.startswith(prefix):
                return self._file(url, root, path[len(prefix) :])
        raise AssetRefused(f"a report may not fetch {url!r}")

    def _file(self, url: str, root: Path, relative: str) -> URLFetcherResponse:
        content_type = ASSET_TYPES.get(Path(relative).suffix.lower())
        target = (root / relative).resolve()
        if content_type is None or not target.is_relative_to(root) or not target.is_file():
            raise AssetRefused(f"not an asset a report may use: {url!r}")
        return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": content_type})

    def _data(self, url: str) -> URLFetcherResponse:
        header, comma, payload = url[5:].partition(",")
        params = [p.strip().lower() for p in header.split(";")]
        if not comma or params[0] not in DATA_TYPES:
            raise AssetRefused("only SVG and PNG images may be given as data: URIs")
        raw = unquote_to_bytes(payload)
        body = base64.b64decode(raw, validate=False) if "base64" in params[1:] else raw
        return URLFetcherResponse(url[:40], body, {"Content-Type": params[0]})


def app_fetcher(tenant_slug: str, app_static: Path, tenant_assets: Mapping[str, tuple[bytes, str]] | None = None):
    """The fetcher for one government's report: the app's static folder and the reports' own."""
    return ReportFetcher(
        tenant_slug, {"/static/": app_static, "/reports/static/": REPORTS_STATIC}, tenant_assets
    )  # fmt: skip


# ---- progress ----------------------------------------------------------------------------------------------
# WeasyPrint logs "Step 5 - Creating layout - Page N" as it lays each page out: the only sign of progress
# inside the long part of a render. Those lines are of no use in the logs, so they stop here; the page
# number goes to whoever is rendering in this thread.

_PAGE = re.compile(r"Creating layout - Page (\d+)")
_listener = threading.local()


class _PageProgress(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        callback = getattr(_listener, "on_page", None)
        if callback is None:
            return
        found = _PAGE.search(record.getMessage())
        if found:
            try:
                callback(int(found[1]))
            except Exception:  # progress is a courtesy: it never stops a render
                logging.getLogger(__name__).exception("progress callback failed")


PROGRESS_LOGGER.setLevel(logging.INFO)
PROGRESS_LOGGER.propagate = False
if not any(isinstance(h, _PageProgress) for h in PROGRESS_LOGGER.handlers):
    PROGRESS_LOGGER.addHandler(_PageProgress())


@contextmanager
def _pages_reported_to(on_page: Callable[[int], None] | None) -> Iterator[None]:
    previous = getattr(_listener, "on_page", None)
    _listener.on_page = on_page
    try:
        yield
    finally:
        _listener.on_page = previous


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_pdf(html: str, fetcher: ReportFetcher, on_page: Callable[[int], None] | None = None) -> RenderedPdf:
    """Lay `html` out and write the PDF; `on_page(n)` hears of each page as it is laid out."""
    with _pages_reported_to(on_page):
        document = HTML(string=html, base_url=f"{ASSET_ORIGIN}/", url_fetcher=fetcher).render()
        data = document.write_pdf()
    return RenderedPdf(data, len(document.pages))
