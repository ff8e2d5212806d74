"""What the PMDU records about a priority beyond the core: who answers for it and whether its chain is known."""

from __future__ import annotations

from entrega.extensions.contract import ExtraField, FieldType, texts

EXTRA_FIELDS: tuple[ExtraField, ...] = (
    ExtraField(
        entity="priority",
        key="lead_official",
        label=texts(
            en="Lead official",
            es="Funcionario responsable",
            pt="Responsável principal",
            fr="Haut fonctionnaire responsable",
        ),
        type=FieldType.TEXT,
        # Selectivity only works when every priority has one named person the leader can ask.
        required=True,
    ),
    ExtraField(
        entity="priority",
        key="delivery_chain_reviewed",
        label=texts(
            en="Delivery chain reviewed",
            es="Cadena de implementación revisada",
            pt="Cadeia de entrega revisada",
            fr="Chaîne de mise en œuvre examinée",
        ),
        type=FieldType.BOOLEAN,
    ),
    ExtraField(
        entity="priority",
        key="delivery_chain_reviewed_on",
        label=texts(
            en="Delivery chain last reviewed on",
            es="Última revisión de la cadena de implementación",
            pt="Última revisão da cadeia de entrega",
            fr="Dernier examen de la chaîne de mise en œuvre",
        ),
        type=FieldType.DATE,
    ),
    ExtraField(
        entity="target",
        key="psa_reference",
        label=texts(
            en="Public Service Agreement reference",
            es="Referencia del acuerdo de servicio público",
            pt="Referência do acordo de serviço público",
            fr="Référence de l'accord de service public",
        ),
        type=FieldType.TEXT,
    ),
)
