"""Error pages: in the reader's language, and never a trace, a path or a query."""

from __future__ import annotations

import pytest
from flask import Flask, abort


@pytest.fixture
def failing_app(app: Flask) -> Flask:
    def forbidden() -> None:
        abort(403)

    def broken() -> None:
        raise RuntimeError("SELECT secret FROM somewhere /srv/entrega/secret.py")

    app.add_url_rule("/_test/forbidden", view_func=forbidden)
    app.add_url_rule("/_test/broken", view_func=broken)
    app.add_url_rule("/api/v1/_test/broken", "api_broken", view_func=broken)
    return app


@pytest.mark.parametrize(
    ("path", "status", "language", "title"),
    [
        ("/nowhere", 404, "en", "Page not found"),
        ("/nowhere", 404, "es", "Página no encontrada"),
        ("/_test/forbidden", 403, "pt", "Acesso negado"),
        ("/_test/forbidden", 403, "fr", "Accès refusé"),
        ("/_test/broken", 500, "es", "Algo salió mal"),
        ("/_test/broken", 500, "fr", "Une erreur est survenue"),
    ],
)
def test_error_pages_speak_the_readers_language(
    failing_app: Flask, path: str, status: int, language: str, title: str
) -> None:
    response = failing_app.test_client().get(path, headers={"Accept-Language": language})
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in html
    assert f'<html lang="{language}">' in html
    for leak in ("Traceback", "RuntimeError", "SELECT", "/srv/"):
        assert leak not in html


def test_an_api_error_is_json_in_the_one_shape_without_internals(failing_app: Flask) -> None:
    response = failing_app.test_client().get("/api/v1/_test/broken")
    assert response.status_code == 500
    assert set(response.json) == {"code", "status", "message"}
    assert "SELECT" not in response.get_data(as_text=True)
