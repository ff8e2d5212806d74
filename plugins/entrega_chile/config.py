"""What a tenant may tune in the Chilean model, validated before any hook sees it. `metadata` gives the
configuration page a label and a hint in each language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from marshmallow import Schema, fields, validate

from entrega.extensions.contract import texts

PublicReport = Literal["annual", "semiannual"]
ReviewCadence = Literal["monthly", "bimonthly"]


class ChileConfigSchema(Schema):
    # Chile published its progress report once a year; a government that wants more public pressure
    # publishes every six months.
    public_report = fields.String(
        load_default="annual",
        validate=validate.OneOf(
            ("annual", "semiannual"), error="public_report must be one of {choices}, not {input!r}."
        ),
        metadata={
            "label": texts(
                es="Frecuencia del reporte público de cumplimiento",
                en="Public progress report frequency",
                pt="Frequência do relatório público de cumprimento",
                fr="Fréquence du rapport public d'avancement",
            ),
            "description": texts(
                es="annual (anual) o semiannual (semestral).",
                en="annual or semiannual.",
                pt="annual (anual) ou semiannual (semestral).",
                fr="annual (annuel) ou semiannual (semestriel).",
            ),
        },
    )
    ministry_review_cadence = fields.String(
        load_default="monthly",
        validate=validate.OneOf(
            ("monthly", "bimonthly"), error="ministry_review_cadence must be one of {choices}, not {input!r}."
        ),
        metadata={
            "label": texts(
                es="Frecuencia de las revisiones con los ministerios",
                en="Frequency of reviews with ministries",
                pt="Frequência das revisões com os ministérios",
                fr="Fréquence des revues avec les ministères",
            ),
            "description": texts(
                es="monthly (mensual) o bimonthly (bimestral); fija también la frecuencia de reporte por defecto.",
                en="monthly or bimonthly; also sets the default reporting frequency.",
                pt="monthly (mensal) ou bimonthly (bimestral); define também a frequência padrão de reporte.",
                fr="monthly (mensuel) ou bimonthly (bimestriel) ; fixe aussi la fréquence de saisie par défaut.",
            ),
        },
    )


@dataclass(frozen=True)
class ChileSettings:
    public_report: PublicReport
    ministry_review_cadence: ReviewCadence

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ChileSettings:
        # Loading again is idempotent for these field types and fills defaults should a caller pass
        # a raw or partial mapping instead of the platform's loaded one.
        return cls(**ChileConfigSchema().load(dict(config)))
