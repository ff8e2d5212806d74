"""Four languages: complete catalogs, the order in which the language is chosen, locale formatting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask

from entrega.config import REPO_ROOT
from tests.conftest import TwoTenants, sign_in_as

TRANSLATIONS = REPO_ROOT / "platform" / "entrega" / "web" / "translations"


def _catalog(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return read_po(handle)


def test_the_template_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "--no-location", "-k", "_l",
         "-k", "lazy_pgettext:1c,2", "-o", str(fresh), "."],
        cwd=REPO_ROOT, check=True, capture_output=True,
    )  # fmt: skip
    extracted = {(m.context, m.id) for m in _catalog(fresh) if m.id}
    committed = {(m.context, m.id) for m in _catalog(TRANSLATIONS / "messages.pot") if m.id}
    assert extracted == committed, "run `make translations` and translate what is new"


@pytest.mark.parametrize("language", ["es", "pt", "fr"])
def test_every_message_is_translated(language: str) -> None:
    template = {m.id for m in _catalog(TRANSLATIONS / "messages.pot") if m.id}
    catalog = _catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    translated = {
        m.id for m in catalog if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    assert template - translated == set()


def test_the_users_choice_beats_the_tenants_default_which_beats_the_browser(
    app: Flask, two_tenants: TwoTenants
) -> None:
    client = sign_in_as(app.test_client(), two_tenants.b_head)
    assert '<html lang="fr">' in client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    page = client.get("/t/beta/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="pt">' in page  # beta's default language
    with client.session_transaction() as session:
        session["locale"] = "es"
    assert '<html lang="es">' in client.get("/t/beta/", headers={"Accept-Language": "fr"}).get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "heading", "number"),
    [("en", "Ministries and agencies", "12,345.5"), ("es", "Ministerios y organismos", "12.345,5"),
     ("pt", "Ministérios e órgãos", "12.345,5"), ("fr", "Ministères et organismes", "12\u202f345,5")],
)  # fmt: skip
def test_pages_and_numbers_follow_the_language(
    app: Flask, two_tenants: TwoTenants, language: str, heading: str, number: str
) -> None:
    from entrega.web.i18n import number as format_number

    client = sign_in_as(app.test_client(), two_tenants.a_head, language)
    assert heading in client.get("/t/alpha/ministries").get_data(as_text=True)
    with app.test_request_context(headers={"Accept-Language": language}):
        assert format_number(12345.5) == number
