"""What a tenant may tune in the PMDU model, validated before any hook sees it. `metadata` gives the
configuration page a label and a hint in each language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from entrega.extensions.contract import fiscal_year_start_month_field, texts


class PmduConfigSchema(Schema):
    # Barber's stocktakes ran every two or three months: more often and the leader's time runs out,
    # less often and a slipping target is found too late to intervene.
    stocktake_every_months = fields.Integer(
        strict=True,
        load_default=3,
        validate=validate.OneOf([2, 3], error="Stocktakes are held every 2 or 3 months, not {input}."),
        metadata={
            "label": texts(
                en="Months between stocktakes",
                es="Meses entre reuniones de balance",
                pt="Meses entre reuniões de balanço",
                fr="Mois entre deux revues d'avancement",
            ),
            "description": texts(
                en="2 (bimonthly) or 3 (quarterly): how often the head of government takes stock of each priority.",
                es="2 (bimestral) o 3 (trimestral): cada cuánto el jefe de gobierno hace balance de cada prioridad.",
                pt="2 (bimestral) ou 3 (trimestral): a frequência com que o chefe de governo faz o balanço de cada prioridade.",
                fr="2 (bimestriel) ou 3 (trimestriel) : la fréquence à laquelle le chef du gouvernement fait le point sur chaque priorité.",
            ),
        },
    )
    monthly_notes = fields.Boolean(
        load_default=True,
        metadata={
            "label": texts(
                en="Monthly notes to the head of government",
                es="Notas mensuales al jefe de gobierno",
                pt="Notas mensais ao chefe de governo",
                fr="Notes mensuelles au chef du gouvernement",
            ),
        },
    )
    league_table = fields.Boolean(
        load_default=True,
        metadata={
            "label": texts(
                en="Publish a league table",
                es="Elaborar una tabla de clasificación",
                pt="Elaborar uma tabela de classificação",
                fr="Établir un tableau de classement",
            ),
            "description": texts(
                en="Ranks departments by likelihood of delivery in the delivery report; some governments prefer not to.",
                es="Ordena los ministerios por probabilidad de cumplimiento en el informe; algunos gobiernos prefieren no hacerlo.",
                pt="Ordena os ministérios pela probabilidade de entrega no relatório; alguns governos preferem não fazê-lo.",
                fr="Classe les ministères selon la probabilité de réalisation dans le rapport ; certains gouvernements s'en abstiennent.",
            ),
        },
    )
    # The UK government's financial year begins in April; other governments adopting the model differ.
    fiscal_year_start_month = fiscal_year_start_month_field(4)
    on_track_tolerance = fields.Float(
        load_default=0.05,
        validate=validate.Range(0, 0.5, error="on_track_tolerance must be between {min} and {max}, not {input}."),
        metadata={
            "label": texts(
                en="On track within (share of planned progress)",
                es="En curso dentro de (fracción del avance previsto)",
                pt="No rumo dentro de (fração do avanço previsto)",
                fr="En bonne voie dans la limite de (part de la progression prévue)",
            ),
            "description": texts(
                en="How far behind its trajectory an indicator may be and still count as on track: 0.05 is 5 %.",
                es="Cuánto puede atrasarse un indicador respecto de su trayectoria y seguir en curso: 0.05 es 5 %.",
                pt="Quanto um indicador pode ficar atrás da trajetória e ainda estar no rumo: 0.05 é 5 %.",
                fr="Le retard sur la trajectoire toléré pour rester en bonne voie : 0.05 vaut 5 %.",
            ),
        },
    )
    issues_tolerance = fields.Float(
        load_default=0.15,
        validate=validate.Range(0, 1, error="issues_tolerance must be between {min} and {max}, not {input}."),
        metadata={
            "label": texts(
                en="On track with issues within",
                es="En curso con problemas dentro de",
                pt="No rumo com problemas dentro de",
                fr="En bonne voie avec difficultés dans la limite de",
            ),
        },
    )
    at_risk_tolerance = fields.Float(
        load_default=0.30,
        validate=validate.Range(0, 1, error="at_risk_tolerance must be between {min} and {max}, not {input}."),
        metadata={
            "label": texts(
                en="At risk within (beyond: off track)",
                es="En riesgo dentro de (más allá: desviado)",
                pt="Em risco dentro de (além disso: fora do rumo)",
                fr="À risque dans la limite de (au-delà : hors trajectoire)",
            ),
        },
    )

    @validates_schema
    def _bands_widen(self, data: dict[str, Any], **_: Any) -> None:
        on_track, issues, at_risk = data["on_track_tolerance"], data["issues_tolerance"], data["at_risk_tolerance"]
        if on_track > issues:
            raise ValidationError(
                f"on_track_tolerance ({on_track}) may not exceed issues_tolerance ({issues}).", "on_track_tolerance"
            )
        if issues > at_risk:
            raise ValidationError(
                f"issues_tolerance ({issues}) may not exceed at_risk_tolerance ({at_risk}).", "issues_tolerance"
            )


@dataclass(frozen=True)
class PmduSettings:
    stocktake_every_months: int
    monthly_notes: bool
    league_table: bool
    fiscal_year_start_month: int
    on_track_tolerance: float
    issues_tolerance: float
    at_risk_tolerance: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PmduSettings:
        # Loading again is idempotent for these field types and fills defaults should a caller pass
        # a raw or partial mapping instead of the platform's loaded one.
        return cls(**PmduConfigSchema().load(dict(config)))
