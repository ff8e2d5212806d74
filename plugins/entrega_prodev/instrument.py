"""The PRODEV SEP instrument, assembled from its five pillars."""

from __future__ import annotations

from entrega.extensions.contract import Instrument, texts
from entrega_prodev import budgeting, financial_management, monitoring_evaluation, planning, programmes
from entrega_prodev.scale import SCORE

INSTRUMENT = Instrument(
    key="prodev_sep",
    name=texts(
        en="PRODEV SEP: managing for development results",
        es="SEP del PRODEV: gestión para resultados en el desarrollo",
        pt="SEP do PRODEV: gestão para resultados no desenvolvimento",
        fr="SEP du PRODEV : gestion axée sur les résultats de développement",
    ),
    description=texts(
        en="How far a government manages for development results across the five pillars of the public management cycle. Each item is scored from 0 (not in place) to 5 (optimal) on the evidence its guidance describes; components and pillars are the average of their parts.",
        es="En qué medida un gobierno gestiona para resultados en el desarrollo en los cinco pilares del ciclo de gestión pública. Cada ítem se puntúa de 0 (inexistente) a 5 (óptimo) según la evidencia que describe su guía; los componentes y los pilares son el promedio de sus partes.",
        pt="Em que medida um governo faz gestão para resultados no desenvolvimento nos cinco pilares do ciclo de gestão pública. Cada item é pontuado de 0 (inexistente) a 5 (ótimo) segundo as evidências descritas em sua orientação; os componentes e os pilares são a média de suas partes.",
        fr="Dans quelle mesure un gouvernement pratique la gestion axée sur les résultats de développement dans les cinq piliers du cycle de gestion publique. Chaque élément est noté de 0 (inexistant) à 5 (optimal) selon les éléments probants décrits dans ses consignes ; les composantes et les piliers sont la moyenne de leurs parties.",
    ),
    scale=SCORE,
    pillars=(
        planning.PILLAR,
        budgeting.PILLAR,
        financial_management.PILLAR,
        programmes.PILLAR,
        monitoring_evaluation.PILLAR,
    ),
)
