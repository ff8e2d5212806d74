"""Languages: the user's choice, then the tenant's default, then the browser's, then English."""

from __future__ import annotations

from flask import Flask, g, request, session
from flask_babel import Babel, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from entrega.tenancy.codes import UI_LOCALES
from entrega.tenancy.models import pick_translation


def select_locale() -> str:
    chosen = session.get("locale")
    if chosen in UI_LOCALES:
        return str(chosen)
    tenant = g.get("tenant")
    if tenant is not None:
        base = tenant.default_locale.replace("-", "_").split("_")[0]
        if base in UI_LOCALES:
            return base
    return request.accept_languages.best_match(UI_LOCALES) or "en"


def select_timezone() -> str | None:
    tenant = g.get("tenant")
    return tenant.time_zone if tenant is not None else None


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "web/translations")
    Babel(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.globals.update(
        current_locale=current_locale, level_label=level_label, country_label=country_label, localized=localized
    )


def current_locale() -> str:
    """The page's language as a BCP 47 tag, for `<html lang>`."""
    return str(get_locale() or "en").replace("_", "-")


def level_label(level: object) -> str:
    labels = {"national": _l("National"), "state": _l("State"), "municipal": _l("Municipal")}
    return str(labels.get(str(getattr(level, "value", level)), level))


def country_label(alpha_2: str) -> str:
    """The country's name in the reader's language, from the CLDR data Babel ships."""
    return str(get_locale().territories.get(alpha_2, alpha_2)) if get_locale() else alpha_2


def localized(texts: dict[str, str], fallback: str | None = None) -> Markup:
    """Typed content in the reader's language; when it is missing, another language, marked as such."""
    locale = str(get_locale() or "en")
    tenant = g.get("tenant")
    text, lang = pick_translation(texts, locale, fallback or (tenant.default_locale if tenant else "en"))
    if lang == locale or lang == locale.split("_")[0]:
        return Markup('<span lang="{}">{}</span>').format(lang, text)
    return Markup('<span lang="{}">{}</span> <span class="tag" title="{}">{}</span>').format(
        lang, text, _("Not yet translated; shown in another language"), lang
    )
