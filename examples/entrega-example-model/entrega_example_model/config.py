"""The tenant's configuration for this model, i.e. the `[model.config]` table of `tenants/<slug>.toml`.

Every field has a default, so a tenant that writes no `[model.config]` at all gets a working model (the
platform checks exactly that when it loads the plugin). Errors are reported per field, worded for the
technical-assistance team configuring the tenant. `metadata` gives the configuration page a label and a
hint in each language.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from entrega.extensions.contract import Frequency, fiscal_year_start_month_field

# How often each secretariat's agreement is reviewed, in months, and the platform frequency that stands
# for it. Four-monthly reviews (quadrimestral, common in Brazilian municipalities) are left out: the
# platform's `Frequency` has no four-monthly step to put them on.
REVIEW_FREQUENCIES: dict[int, Frequency] = {
    2: Frequency.BIMONTHLY,
    3: Frequency.QUARTERLY,
    6: Frequency.SEMIANNUAL,
}


class ResultsAgreementConfig(Schema):
    review_every_months = fields.Integer(
        strict=True,
        load_default=3,
        validate=validate.OneOf(
            sorted(REVIEW_FREQUENCIES), error="Agreements are reviewed every 2, 3 or 6 months, not {input}."
        ),
        metadata={
            "label": {
                "en": "Months between reviews",
                "es": "Meses entre revisiones",
                "pt": "Meses entre revisões",
                "fr": "Mois entre deux revues",
            },
            "description": {
                "en": "Sets the review cadence, its name and the indicators' default reporting frequency.",
                "es": "Fija la cadencia de la revisión, su nombre y la frecuencia de reporte por defecto.",
                "pt": "Define a cadência da revisão, seu nome e a frequência padrão de reporte dos indicadores.",
                "fr": "Fixe la cadence de la revue, son nom et la fréquence de saisie par défaut.",
            },
        },
    )
    achieved_from = fields.Float(
        load_default=0.95,
        validate=validate.Range(0.5, 1.0, error="achieved_from must be between {min} and {max}, not {input}."),
        metadata={
            "label": {
                "en": "Achieved from (share of agreed progress)",
                "es": "Cumplido a partir de (fracción del avance acordado)",
                "pt": "Alcançado a partir de (fração do avanço pactuado)",
                "fr": "Atteint à partir de (part de la progression convenue)",
            },
        },
    )
    partially_achieved_from = fields.Float(
        load_default=0.70,
        validate=validate.Range(
            0.0, 1.0, error="partially_achieved_from must be between {min} and {max}, not {input}."
        ),
        metadata={
            "label": {
                "en": "Partially achieved from (share of agreed progress)",
                "es": "Parcialmente cumplido a partir de (fracción del avance acordado)",
                "pt": "Parcialmente alcançado a partir de (fração do avanço pactuado)",
                "fr": "Partiellement atteint à partir de (part de la progression convenue)",
            },
        },
    )
    fiscal_year_start_month = fiscal_year_start_month_field(1)
    mayor_chairs_reviews = fields.Boolean(
        load_default=True,
        metadata={
            "label": {
                "en": "The mayor chairs the reviews",
                "es": "El alcalde preside las revisiones",
                "pt": "O prefeito preside as revisões",
                "fr": "Le maire préside les revues",
            },
        },
    )
    performance_bonus = fields.Boolean(
        load_default=False,
        metadata={
            "label": {
                "en": "Agreements pay a team bonus",
                "es": "Los acuerdos pagan un bono de equipo",
                "pt": "Os acordos pagam prêmio de produtividade",
                "fr": "Les contrats versent une prime d'équipe",
            },
            "description": {
                "en": "Adds a weight to each goal, bonus eligibility to each secretariat and scores to the ranking.",
                "es": "Añade un peso a cada meta, la elegibilidad al bono a cada secretaría y notas al ranking.",
                "pt": "Acrescenta peso a cada meta, elegibilidade ao prêmio a cada secretaria e notas ao ranking.",
                "fr": "Ajoute un poids à chaque cible, l'éligibilité à la prime et des notes au classement.",
            },
        },
    )

    @validates_schema
    def _bands_in_order(self, data: dict[str, Any], **_: Any) -> None:
        achieved = data.get("achieved_from")
        partial = data.get("partially_achieved_from")
        if achieved is not None and partial is not None and partial > achieved:
            raise ValidationError(
                f"partially_achieved_from ({partial}) may not exceed achieved_from ({achieved}).",
                "partially_achieved_from",
            )
