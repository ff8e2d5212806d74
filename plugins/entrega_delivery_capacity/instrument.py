"""The delivery capacity rubric, assembled from the five stages of the delivery method."""

from __future__ import annotations

from entrega.extensions.contract import Instrument, texts
from entrega_delivery_capacity import culture, driving, foundation, planning, understanding
from entrega_delivery_capacity.scale import RATING

INSTRUMENT = Instrument(
    key="delivery_capacity",
    name=texts(
        en="Delivery capacity rubric",
        es="Rúbrica de capacidad de cumplimiento",
        pt="Rubrica de capacidade de entrega",
        fr="Grille d'évaluation de la capacité de mise en œuvre",
    ),
    description=texts(
        en="The fifteen elements of the delivery method, grouped in its five stages: develop a foundation for delivery, understand the delivery challenge, plan for delivery, drive delivery, and create an irreversible delivery culture. Each element is rated red, amber-red, amber-green or green on the evidence its guidance describes, and read on its own: stages are not given a colour.",
        es="Los quince elementos del método de cumplimiento, agrupados en sus cinco etapas: sentar las bases para el cumplimiento, comprender el desafío del cumplimiento, planificar el cumplimiento, impulsar el cumplimiento y crear una cultura de cumplimiento irreversible. Cada elemento se califica en rojo, ámbar-rojo, ámbar-verde o verde según la evidencia que describe su guía, y se lee por sí solo: las etapas no reciben un color.",
        pt="Os quinze elementos do método de entrega, agrupados em suas cinco etapas: construir as bases para a entrega, compreender o desafio da entrega, planejar a entrega, impulsionar a entrega e criar uma cultura de entrega irreversível. Cada elemento é classificado em vermelho, âmbar-vermelho, âmbar-verde ou verde segundo as evidências descritas em sua orientação, e lido isoladamente: as etapas não recebem uma cor.",
        fr="Les quinze éléments de la méthode de mise en œuvre, répartis en cinq étapes : poser les bases de la mise en œuvre, comprendre le défi de la mise en œuvre, planifier la mise en œuvre, piloter la mise en œuvre et instaurer une culture de la mise en œuvre irréversible. Chaque élément est noté rouge, orange-rouge, orange-vert ou vert selon les éléments probants décrits dans ses consignes, et se lit isolément : les étapes ne reçoivent pas de couleur.",
    ),
    scale=RATING,
    pillars=(
        foundation.PILLAR,
        understanding.PILLAR,
        planning.PILLAR,
        driving.PILLAR,
        culture.PILLAR,
    ),
)
