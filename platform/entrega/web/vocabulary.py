"""The tenant's words: its delivery model renames the generic ones (priority, stocktake, …) everywhere.

Templates and views call `term("stocktake", plural=True)`, never the bare word, so a page says
"stocktake" in a PMDU-style unit, "reunião de monitoramento" in Pernambuco, and "Stat meeting" in CitiStat.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from entrega.extensions.access import tenant_model

GENERIC = {
    "priority": (_l("priority"), _l("priorities")),
    "target": (_l("target"), _l("targets")),
    "indicator": (_l("indicator"), _l("indicators")),
    "trajectory": (_l("trajectory"), _l("trajectories")),
    "milestone": (_l("milestone"), _l("milestones")),
    "delivery_chain": (_l("delivery chain"), _l("delivery chains")),
    "delivery_plan": (_l("delivery plan"), _l("delivery plans")),
    "routine": (_l("routine"), _l("routines")),
    "stocktake": (_l("stocktake"), _l("stocktakes")),
    "assessment": (_l("assessment"), _l("assessments")),
    "action": (_l("action"), _l("actions")),
    "delivery_report": (_l("delivery report"), _l("delivery reports")),
    "league_table": (_l("league table"), _l("league tables")),
    "delivery_unit": (_l("delivery unit"), _l("delivery units")),
    "ministry": (_l("ministry"), _l("ministries")),
}


def term(key: str, plural: bool = False, capital: bool = False) -> str:
    """The tenant's word for `key` in the reader's language, else the generic word, translated."""
    model = tenant_model()
    word = model.term(key, str(get_locale() or "en"), plural=plural) if model else None
    if word is None:
        word = str(GENERIC[key][1 if plural else 0])
    return word[:1].upper() + word[1:] if capital else word


def init_app(app: Flask) -> None:
    app.jinja_env.globals["term"] = term
