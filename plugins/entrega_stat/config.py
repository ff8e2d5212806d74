"""What a tenant may tune in the Stat model, validated before any hook sees it. `metadata` gives the
configuration page a label and a hint in each language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from entrega.extensions.contract import fiscal_year_start_month_field, texts

Flavour = Literal["citistat", "statestat"]
FLAVOURS: tuple[Flavour, ...] = ("citistat", "statestat")


class StatConfigSchema(Schema):
    # A city runs CitiStat with its agencies; a state runs StateStat with its departments and
    # organises its goals in categories. The words and fields follow.
    flavour = fields.String(
        load_default="citistat",
        validate=validate.OneOf(FLAVOURS, error="flavour must be one of {choices}, not {input!r}."),
        metadata={
            "label": texts(en="Programme", es="Programa", pt="Programa", fr="Programme"),
            "description": texts(
                en="citistat: a city and its agencies; statestat: a state, its departments and categorised strategic goals.",
                es="citistat: una ciudad y sus agencias; statestat: un estado, sus departamentos y objetivos estratégicos por categoría.",
                pt="citistat: uma cidade e seus órgãos; statestat: um estado, seus departamentos e objetivos estratégicos por categoria.",
                fr="citistat : une ville et ses organismes ; statestat : un État, ses départements et des objectifs stratégiques par catégorie.",
            ),
        },
    )
    # Baltimore met every two weeks; a weekly rhythm suits a crisis, a four-weekly one a small city.
    meeting_every_weeks = fields.Integer(
        strict=True,
        load_default=2,
        validate=validate.OneOf([1, 2, 4], error="Stat meetings are held every 1, 2 or 4 weeks, not {input}."),
        metadata={
            "label": texts(
                en="Weeks between Stat meetings",
                es="Semanas entre sesiones Stat",
                pt="Semanas entre reuniões Stat",
                fr="Semaines entre deux séances Stat",
            ),
            "description": texts(
                en="Also the rhythm at which agencies submit their metric templates.",
                es="También el ritmo al que las agencias envían sus plantillas de métricas.",
                pt="Também o ritmo em que os órgãos enviam suas planilhas de métricas.",
                fr="C'est aussi le rythme auquel les organismes remettent leurs gabarits d'indicateurs.",
            ),
        },
    )
    # Baltimore City and the State of Maryland both start their fiscal year on 1 July.
    fiscal_year_start_month = fiscal_year_start_month_field(7)
    near_goal_within = fields.Float(
        load_default=0.10,
        validate=validate.Range(0, 0.5, error="near_goal_within must be between {min} and {max}, not {input}."),
        metadata={
            "label": texts(
                en="Near goal within (share of planned progress)",
                es="Cerca de la meta dentro de (fracción del avance previsto)",
                pt="Perto da meta dentro de (fração do avanço previsto)",
                fr="Proche de l'objectif dans la limite de (part de la progression prévue)",
            ),
            "description": texts(
                en="Only a metric at or beyond its goal is meeting it; a shortfall up to this share is near goal.",
                es="Solo una métrica en su meta o por encima la cumple; un déficit hasta esta fracción está cerca de la meta.",
                pt="Só uma métrica na meta ou acima dela a atinge; um déficit até esta fração está perto da meta.",
                fr="Seul un indicateur à son objectif ou au-delà l'atteint ; un écart jusqu'à cette part est proche de l'objectif.",
            ),
        },
    )
    below_goal_within = fields.Float(
        load_default=0.25,
        validate=validate.Range(0, 1, error="below_goal_within must be between {min} and {max}, not {input}."),
        metadata={
            "label": texts(
                en="Below goal within (beyond: far below goal)",
                es="Por debajo de la meta dentro de (más allá: muy por debajo)",
                pt="Abaixo da meta dentro de (além disso: muito abaixo)",
                fr="En deçà de l'objectif dans la limite de (au-delà : très en deçà)",
            ),
        },
    )

    @validates_schema
    def _bands_widen(self, data: dict[str, Any], **_: Any) -> None:
        near, below = data["near_goal_within"], data["below_goal_within"]
        if near > below:
            raise ValidationError(
                f"near_goal_within ({near}) may not exceed below_goal_within ({below}).", "near_goal_within"
            )


@dataclass(frozen=True)
class StatSettings:
    flavour: Flavour
    meeting_every_weeks: int
    fiscal_year_start_month: int
    near_goal_within: float
    below_goal_within: float

    @property
    def programme(self) -> str:
        """The name the programme goes by, in every language."""
        return "CitiStat" if self.flavour == "citistat" else "StateStat"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> StatSettings:
        # Loading again is idempotent for these field types and fills defaults should a caller pass
        # a raw or partial mapping instead of the platform's loaded one.
        return cls(**StatConfigSchema().load(dict(config)))
