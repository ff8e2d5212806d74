"""What the Chilean model records beyond the core: the results and strategic objectives each goal sits
under (the public report is laid out by them), named owners at every level, and indicators that can be
checked from outside."""

from __future__ import annotations

from entrega.extensions.contract import ExtraField, FieldType, texts

EXTRA_FIELDS: tuple[ExtraField, ...] = (
    ExtraField(
        entity="priority",
        key="responsible_minister",
        label=texts(
            es="Ministro responsable del eje",
            en="Minister responsible for the axis",
            pt="Ministro responsável pelo eixo",
            fr="Ministre responsable de l'axe",
        ),
        type=FieldType.TEXT,
        required=True,
    ),
    ExtraField(
        entity="target",
        key="expected_result",
        label=texts(es="Resultado", en="Result", pt="Resultado", fr="Résultat"),
        type=FieldType.TEXT,
        required=True,
    ),
    ExtraField(
        entity="target",
        key="strategic_objective",
        label=texts(
            es="Objetivo estratégico",
            en="Strategic objective",
            pt="Objetivo estratégico",
            fr="Objectif stratégique",
        ),
        type=FieldType.TEXT,
        required=True,
    ),
    ExtraField(
        entity="target",
        key="diagnosis",
        label=texts(es="Diagnóstico", en="Diagnosis", pt="Diagnóstico", fr="Diagnostic"),
        type=FieldType.TEXT,
    ),
    ExtraField(
        entity="target",
        key="owner",
        label=texts(
            es="Responsable de la meta",
            en="Goal owner",
            pt="Responsável pela meta",
            fr="Responsable de l'objectif",
        ),
        type=FieldType.TEXT,
        # Named owners are the model: a goal nobody answers for is not reported.
        required=True,
    ),
    ExtraField(
        entity="target",
        key="in_public_report",
        label=texts(
            es="Incluida en el reporte público",
            en="Included in the public report",
            pt="Incluída no relatório público",
            fr="Inclus dans le rapport public",
        ),
        type=FieldType.BOOLEAN,
    ),
    ExtraField(
        entity="indicator",
        key="means_of_verification",
        label=texts(
            es="Medio de verificación",
            en="Means of verification",
            pt="Meio de verificação",
            fr="Moyen de vérification",
        ),
        # An objective indicator names a source someone outside the government can check.
        type=FieldType.TEXT,
        required=True,
    ),
    ExtraField(
        entity="milestone",
        key="action_owner",
        label=texts(
            es="Responsable de la acción",
            en="Action owner",
            pt="Responsável pela ação",
            fr="Responsable de l'action",
        ),
        type=FieldType.TEXT,
        required=True,
    ),
)
