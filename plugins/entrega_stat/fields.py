"""What a Stat programme records beyond the core: the template a metric comes from, who submits it, and
(for StateStat) the category of each of the governor's strategic goals."""

from __future__ import annotations

from entrega.extensions.contract import ExtraField, FieldType, texts
from entrega_stat.config import StatSettings

# Maryland grouped its sixteen StateStat goals under four broad categories.
GOAL_CATEGORIES = (
    ("opportunity", texts(en="Opportunity", es="Oportunidad", pt="Oportunidade", fr="Opportunité")),
    ("security", texts(en="Security", es="Seguridad", pt="Segurança", fr="Sécurité")),
    ("sustainability", texts(en="Sustainability", es="Sostenibilidad", pt="Sustentabilidade", fr="Durabilité")),
    ("health", texts(en="Health", es="Salud", pt="Saúde", fr="Santé")),
)

# Whole phrases rather than a spliced-in word: the article changes with the noun's gender.
SUBMITTED_BY = {
    "citistat": texts(
        en="Submitted by the agency",
        es="Enviada por la agencia",
        pt="Enviada pelo órgão",
        fr="Remis par l'organisme",
    ),
    "statestat": texts(
        en="Submitted by the department",
        es="Enviada por el departamento",
        pt="Enviada pelo departamento",
        fr="Remis par le département",
    ),
}


def extra_fields(settings: StatSettings) -> list[ExtraField]:
    found: list[ExtraField] = [
        ExtraField(
            entity="indicator",
            key="metric_template",
            label=texts(
                en="Metric template",
                es="Plantilla de métricas",
                pt="Planilha de métricas",
                fr="Gabarit d'indicateurs",
            ),
            type=FieldType.TEXT,
        ),
        ExtraField(
            entity="indicator",
            key="submitted_by_agency",
            label=SUBMITTED_BY[settings.flavour],
            # False when the Stat office computes the metric itself from another source.
            type=FieldType.BOOLEAN,
        ),
    ]
    if settings.flavour == "statestat":
        found.append(
            ExtraField(
                entity="priority",
                key="goal_categories",
                label=texts(
                    en="Goal category",
                    es="Categoría del objetivo",
                    pt="Categoria do objetivo",
                    fr="Catégorie de l'objectif",
                ),
                type=FieldType.CHOICE,
                required=True,
                choices=GOAL_CATEGORIES,
            )
        )
    return found
