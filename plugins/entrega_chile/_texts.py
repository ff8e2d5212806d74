"""Builders that make a missing language a type error rather than a gap a reader finds on screen."""

from __future__ import annotations

from entrega.extensions.contract import Term, Texts


def texts(*, en: str, es: str, pt: str, fr: str) -> Texts:
    return {"en": en, "es": es, "pt": pt, "fr": fr}


def terms(*, en: tuple[str, str], es: tuple[str, str], pt: tuple[str, str], fr: tuple[str, str]) -> dict[str, Term]:
    """One vocabulary entry: (singular, plural) per language."""
    return {language: Term(*words) for language, words in (("en", en), ("es", es), ("pt", pt), ("fr", fr))}
