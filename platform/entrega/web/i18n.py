"""Languages: the user's choice, then the tenant's default, then the browser's, then English."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from babel.numbers import get_currency_name
from flask import Flask, g, request, session
from flask_babel import Babel, format_decimal, get_locale, get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from entrega.tenancy.codes import UI_LOCALES
from entrega.tenancy.models import pick_translation
from entrega.web.charts import SeriesLabels


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
    # Flask-Babel's template callables look the catalogue up on every call (a page makes dozens); these look it
    # up once per request and locale.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _catalogue().ugettext(s),
        ngettext=lambda s, p, n: _catalogue().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: _catalogue().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update(
        current_locale=current_locale,
        level_label=level_label,
        country_label=country_label,
        currency_label=currency_label,
        localized=localized,
        number=number,
        role_label=role_label,
    )
    app.jinja_env.filters["json_text"] = json_text


# Phrases by language, maker and value; emptied when full. Only makers whose words depend on nothing else
# belong here (not a tenant's vocabulary): babel's formatting is what long tables otherwise spend time on.
_PHRASES: dict[tuple[Hashable, ...], str] = {}
PHRASES_KEPT = 20_000


def phrasebook() -> Callable[..., str]:
    """`phrase(make, *values)`: `make(*values)` in the page's language, formatted once per process. `make` must be
    a module-level function of its values alone (a date it depends on, such as today, is one of them)."""
    locale = str(get_locale() or "en")

    def phrase(make: Callable[..., str], *values: Hashable) -> str:
        key = (locale, make, *values)
        found = _PHRASES.get(key)
        if found is None:
            if len(_PHRASES) >= PHRASES_KEPT:
                _PHRASES.clear()
            found = _PHRASES[key] = make(*values)
        return found

    return phrase


def _catalogue() -> Any:
    # Kept with the locale it was read for: `force_locale` (reports and exports) changes the locale mid-request.
    locale = get_locale()
    found = g.get("entrega_catalogue")
    if found is None or found[0] is not locale:
        found = g.entrega_catalogue = (locale, get_translations())
    return found[1]


def current_locale() -> str:
    """The page's language as a BCP 47 tag, for `<html lang>`."""
    return str(get_locale() or "en").replace("_", "-")


def level_label(level: object) -> str:
    labels = {"national": _l("National"), "state": _l("State"), "municipal": _l("Municipal")}
    return str(labels.get(str(getattr(level, "value", level)), level))


def country_label(alpha_2: str) -> str:
    """The country's name in the reader's language, from the CLDR data Babel ships."""
    return str(get_locale().territories.get(alpha_2, alpha_2)) if get_locale() else alpha_2


def _pick(texts: dict[str, str], fallback: str | None) -> tuple[str, str, str]:
    locale = str(get_locale() or "en")
    tenant = g.get("tenant")
    text, lang = pick_translation(texts, locale, fallback or (tenant.default_locale if tenant else "en"))
    return text, lang, locale


def localized_text(texts: dict[str, str], fallback: str | None = None) -> str:
    """Typed content as plain text in the reader's language, or the best fallback (for charts, titles)."""
    return _pick(texts, fallback)[0]


def number(value: float) -> str:
    """A number in the reader's locale: 1,234.5 · 1.234,5 · 1 234,5."""
    return str(format_decimal(value))


def currency_label(code: str) -> str:
    return f"{get_currency_name(code, locale=str(get_locale() or 'en'))} ({code})"


def localized(texts: dict[str, str], fallback: str | None = None) -> Markup:
    """Typed content in the reader's language; when it is missing, another language, marked as such."""
    text, lang, locale = _pick(texts, fallback)
    if lang == locale or lang == locale.split("_")[0]:
        return Markup('<span lang="{}">{}</span>').format(lang, text)
    return Markup('<span lang="{}">{}</span> <span class="tag" title="{}">{}</span>').format(
        lang, text, _("Not yet translated; shown in another language"), lang
    )


def chart_labels() -> SeriesLabels:
    """The words every chart shows, in the reader's language."""
    return SeriesLabels(
        actual=_("Actual"),
        trajectory=_("Trajectory"),
        target=_("Target"),
        period=_("Period"),
        no_data=_("No data"),
        category=_("Category"),
        value=_("Value"),
        alt_time_series=_("{title}, {first} to {last}: latest actual value {value} ({period})."),
        alt_time_series_empty=_("{title}, {first} to {last}: no actual values yet."),
        alt_target=_("The target is {target}."),
        alt_bars=_("{title}: highest {high_category} ({high}), lowest {low_category} ({low})."),
        alt_heatmap=_("{title}: {rows} rows by {columns} columns, coloured by level ({levels})."),
        alt_radar=_("{title}: {series} compared across {count} axes on a scale of 0 to {maximum}."),
        alt_empty=_("{title}: no data."),
        alt_missing=_("Some values are missing."),
    )


def role_label(role: object) -> str:
    from entrega.identity.roles import ROLE_LABELS

    return str(ROLE_LABELS.get(role, role))  # type: ignore[call-overload]


def json_text(value: object) -> str:
    """A stored JSON value as readable text, in any script (the template escapes it)."""
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)
