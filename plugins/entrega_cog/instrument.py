"""The centre-of-government functions instrument, assembled from its five functions."""

from __future__ import annotations

from entrega.extensions.contract import Instrument, texts
from entrega_cog import communications, performance, policy_coordination, politics, strategic_management
from entrega_cog.scale import MATURITY

INSTRUMENT = Instrument(
    key="cog_functions",
    name=texts(
        en="Centre-of-government functions",
        es="Funciones del centro de gobierno",
        pt="Funções do centro de governo",
        fr="Fonctions du centre de gouvernement",
    ),
    description=texts(
        en="How mature each of the five functions of the centre of government is: strategic management of priority goals, policy coordination, monitoring and improvement of performance, management of the politics of policies, and communications and accountability. Each item is rated nascent, emerging, established or advanced on the evidence its guidance describes; a component, and a function, is only as mature as its least mature part.",
        es="Qué tan maduras son las cinco funciones del centro de gobierno: gestión estratégica de las prioridades, coordinación de políticas, monitoreo y mejora del desempeño, gestión política de las políticas, y comunicación y rendición de cuentas. Cada ítem se califica como incipiente, emergente, establecido o avanzado según la evidencia que describe su guía; un componente, y una función, es tan maduro como su parte menos madura.",
        pt="Quão maduras são as cinco funções do centro de governo: gestão estratégica das prioridades, coordenação de políticas, monitoramento e melhoria do desempenho, gestão política das políticas, e comunicação e prestação de contas. Cada item é classificado como incipiente, emergente, estabelecido ou avançado segundo as evidências descritas em sua orientação; um componente, e uma função, é tão maduro quanto a sua parte menos madura.",
        fr="Le degré de maturité des cinq fonctions du centre de gouvernement : gestion stratégique des priorités, coordination des politiques, suivi et amélioration de la performance, gestion politique des politiques publiques, communication et redevabilité. Chaque élément est noté naissant, émergent, établi ou avancé selon les éléments probants décrits dans ses consignes ; une composante, comme une fonction, n'est pas plus mature que sa partie la moins mature.",
    ),
    scale=MATURITY,
    pillars=(
        strategic_management.PILLAR,
        policy_coordination.PILLAR,
        performance.PILLAR,
        politics.PILLAR,
        communications.PILLAR,
    ),
)
