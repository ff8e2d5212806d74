"""What a tenant may tune in the Pernambuco model, validated before any hook sees it. `metadata` gives
the configuration page a label and a hint in each language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from marshmallow import Schema, fields, validate

from entrega.extensions.contract import texts

Cycle = Literal["monthly", "bimonthly"]
CYCLES: tuple[Cycle, ...] = ("monthly", "bimonthly")


class PernambucoConfigSchema(Schema):
    # The governor met each strategic objective monthly at first; states with more goals than time
    # move to a two-month cycle.
    monitoring_cycle = fields.String(
        load_default="monthly",
        validate=validate.OneOf(CYCLES, error="monitoring_cycle must be one of {choices}, not {input!r}."),
        metadata={
            "label": texts(
                pt="Ciclo de monitoramento",
                en="Monitoring cycle",
                es="Ciclo de monitoreo",
                fr="Cycle de suivi",
            ),
            "description": texts(
                pt="monthly (mensal) ou bimonthly (bimestral): a frequência das reuniões de monitoramento e da coleta de dados.",
                en="monthly or bimonthly: how often monitoring meetings are held and data are collected.",
                es="monthly (mensual) o bimonthly (bimestral): la frecuencia de las reuniones de monitoreo y de la recolección de datos.",
                fr="monthly (mensuel) ou bimonthly (bimestriel) : la fréquence des réunions de suivi et de la collecte des données.",
            ),
        },
    )
    # The strategy map is a four-year plan, but the model revisits it every year alongside the budget law.
    annual_strategy_review = fields.Boolean(
        load_default=True,
        metadata={
            "label": texts(
                pt="Revisão anual do mapa da estratégia",
                en="Annual review of the strategy map",
                es="Revisión anual del mapa estratégico",
                fr="Revue annuelle de la carte stratégique",
            ),
        },
    )
    # Statewide goals have no single development region; a tenant that regionalises every goal says so.
    region_required = fields.Boolean(
        load_default=False,
        metadata={
            "label": texts(
                pt="Toda meta tem região de desenvolvimento",
                en="Every goal has a development region",
                es="Toda meta tiene región de desarrollo",
                fr="Chaque objectif a une région de développement",
            ),
        },
    )


@dataclass(frozen=True)
class PernambucoSettings:
    monitoring_cycle: Cycle
    annual_strategy_review: bool
    region_required: bool

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PernambucoSettings:
        # Loading again is idempotent for these field types and fills defaults should a caller pass
        # a raw or partial mapping instead of the platform's loaded one.
        return cls(**PernambucoConfigSchema().load(dict(config)))
