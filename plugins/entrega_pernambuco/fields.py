"""What Pernambuco records on a priority goal: where it sits in the strategy map and the state, whether it
was agreed in writing, and which budget action pays for it."""

from __future__ import annotations

from entrega.extensions.contract import ExtraField, FieldType, Texts, texts
from entrega_pernambuco.config import PernambucoSettings


def _place(name: str) -> Texts:
    """A place name, the same in every language."""
    return texts(pt=name, en=name, es=name, fr=name)


# The twelve development regions (Regiões de Desenvolvimento) the state plans and reports by.
DEVELOPMENT_REGIONS: tuple[tuple[str, Texts], ...] = (
    ("sertao_sao_francisco", _place("Sertão do São Francisco")),
    ("sertao_araripe", _place("Sertão do Araripe")),
    ("sertao_itaparica", _place("Sertão de Itaparica")),
    ("sertao_central", _place("Sertão Central")),
    ("sertao_pajeu", _place("Sertão do Pajeú")),
    ("sertao_moxoto", _place("Sertão do Moxotó")),
    ("agreste_meridional", _place("Agreste Meridional")),
    ("agreste_central", _place("Agreste Central")),
    ("agreste_setentrional", _place("Agreste Setentrional")),
    ("mata_sul", _place("Mata Sul")),
    ("mata_norte", _place("Mata Norte")),
    (
        "regiao_metropolitana",
        texts(
            pt="Região Metropolitana",
            en="Metropolitan Region",
            es="Región Metropolitana",
            fr="Région métropolitaine",
        ),
    ),
)


def extra_fields(settings: PernambucoSettings) -> list[ExtraField]:
    return [
        ExtraField(
            entity="priority",
            key="strategic_objective",
            label=texts(
                pt="Objetivo estratégico",
                en="Strategic objective",
                es="Objetivo estratégico",
                fr="Objectif stratégique",
            ),
            type=FieldType.TEXT,
            # Every goal hangs from the strategy map; a goal with no objective is outside the model.
            required=True,
        ),
        ExtraField(
            entity="priority",
            key="development_region",
            label=texts(
                pt="Região de desenvolvimento",
                en="Development region",
                es="Región de desarrollo",
                fr="Région de développement",
            ),
            type=FieldType.CHOICE,
            required=settings.region_required,
            choices=DEVELOPMENT_REGIONS,
        ),
        ExtraField(
            entity="priority",
            key="goal_agreement_signed",
            label=texts(
                pt="Pactuação da meta assinada",
                en="Goal agreement signed",
                es="Pacto de la meta firmado",
                fr="Accord sur l'objectif signé",
            ),
            type=FieldType.BOOLEAN,
        ),
        ExtraField(
            entity="priority",
            key="budget_action_loa",
            label=texts(
                pt="Ação orçamentária (LOA)",
                en="Budget action (LOA)",
                es="Acción presupuestaria (LOA)",
                fr="Action budgétaire (LOA)",
            ),
            # The code of the action in the annual budget law, so a goal without money shows.
            type=FieldType.TEXT,
        ),
    ]
