"""The real code lists a tenant is checked against: ISO 3166-1 and -2, ISO 4217, IANA zones, locales."""

from __future__ import annotations

import zoneinfo
from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError

# Locales the interface is translated into; a tenant's content may be in any valid language.
UI_LOCALES = ("en", "es", "pt", "fr")


def country_name(alpha_2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha_2.upper())
    return country.name if country else None


def is_country(code: str) -> bool:
    return len(code) == 2 and code.isupper() and country_name(code) is not None


def subdivision_country(code: str) -> str | None:
    """The ISO 3166-1 country an ISO 3166-2 code belongs to, or None when the code does not exist."""
    subdivision = pycountry.subdivisions.get(code=code)
    return subdivision.country_code if subdivision else None


def subdivision_name(code: str) -> str | None:
    subdivision = pycountry.subdivisions.get(code=code)
    return subdivision.name if subdivision else None


def is_currency(code: str) -> bool:
    return len(code) == 3 and code.isupper() and pycountry.currencies.get(alpha_3=code) is not None


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_time_zone(name: str) -> bool:
    return name in _time_zones()


def is_language(tag: str) -> bool:
    """A language tag Babel knows (`es`, `pt_BR`, `qu`); hyphens are accepted as in BCP 47."""
    try:
        Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True
