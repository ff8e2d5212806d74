"""Responses compressed for the reader's connection.

A bank's comparison of four hundred governments is megabytes of HTML, and delivery units and ministries often
work over slow links; gzip takes such a page to a twentieth of its size. Only what the client accepts is
compressed, and only text worth it. Two kinds are left alone: what is sent straight from a file (static
assets, reports, exports), and answers that carry an ETag, since a strong ETag names exactly one
representation and `If-Match` compares it strongly. Pages that hold the anti-forgery token are safe to
compress because the token is masked afresh on every render (`security.csrf_token`, against BREACH).
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = frozenset({"text/html", "text/csv", "text/plain", "application/json", "image/svg+xml"})
SMALLEST = 1024  # bytes: below this, the header and the work cost more than they save
LEVEL = 3  # about nine tenths of level 6's saving on our pages, for half its time


def init_app(app: Flask) -> None:
    app.after_request(compress)


def compress(response: Response) -> Response:
    if (
        response.mimetype not in COMPRESSIBLE
        or response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
        or "ETag" in response.headers
    ):
        return response
    response.vary.add("Accept-Encoding")  # caches keep both forms apart, compressed or not
    if request.accept_encodings["gzip"] <= 0 or response.status_code in (204, 304):
        return response
    data = response.get_data()
    if len(data) < SMALLEST:
        return response
    response.set_data(gzip.compress(data, LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response
