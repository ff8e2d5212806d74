"""Stage 1: develop a foundation for delivery."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_delivery_capacity.scale import ELEMENT_RULE, STAGE_RULE

DEFINE_ASPIRATION = InstrumentComponent(
    key="define_aspiration",
    label=texts(
        en="1A. Define your aspiration",
        es="1A. Definir la aspiración",
        pt="1A. Definir a aspiração",
        fr="1A. Définir l'ambition",
    ),
    items=(
        InstrumentItem(
            key="aspiration_defined",
            label=texts(
                en="The system's leaders have set a small number of clear, ambitious and measurable aspirations for the outcomes citizens will see",
                es="Los líderes del sistema han fijado un número reducido de aspiraciones claras, ambiciosas y medibles sobre los resultados que verá la ciudadanía",
                pt="Os líderes do sistema definiram um número reduzido de aspirações claras, ambiciosas e mensuráveis sobre os resultados que a população verá",
                fr="Les dirigeants du système ont fixé un petit nombre d'ambitions claires, élevées et mesurables quant aux résultats que verront les citoyens",
            ),
            guidance=texts(
                en="Green: the aspiration is written down, publicly owned by the leader, expressed as outcomes with numbers and dates, and known across the system. Red: no agreed aspiration, or only a long list of activities.",
                es="Verde: la aspiración está escrita, el líder la asume públicamente, se expresa en resultados con cifras y fechas y es conocida en todo el sistema. Rojo: no hay una aspiración acordada, o solo una larga lista de actividades.",
                pt="Verde: a aspiração está escrita, é assumida publicamente pelo líder, expressa-se em resultados com números e datas e é conhecida em todo o sistema. Vermelho: não há aspiração pactuada, ou apenas uma longa lista de atividades.",
                fr="Vert : l'ambition est écrite, portée publiquement par le dirigeant, exprimée en résultats chiffrés et datés, et connue dans tout le système. Rouge : aucune ambition convenue, ou seulement une longue liste d'activités.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

REVIEW_CURRENT_STATE = InstrumentComponent(
    key="review_current_state",
    label=texts(
        en="1B. Review the current state of delivery",
        es="1B. Revisar el estado actual del cumplimiento",
        pt="1B. Revisar o estado atual da entrega",
        fr="1B. Faire le point sur l'état actuel de la mise en œuvre",
    ),
    items=(
        InstrumentItem(
            key="delivery_capacity_reviewed",
            label=texts(
                en="The current capacity to deliver the aspiration has been honestly assessed, and the gaps found are being addressed",
                es="Se ha evaluado con franqueza la capacidad actual para cumplir la aspiración y se están atendiendo las brechas encontradas",
                pt="A capacidade atual de entregar a aspiração foi avaliada com franqueza e as lacunas encontradas estão sendo tratadas",
                fr="La capacité actuelle à réaliser l'ambition a été évaluée avec franchise et les lacunes relevées sont en cours de traitement",
            ),
            guidance=texts(
                en="Green: a documented capacity review, discussed with the leader, with an action plan whose actions are under way. Red: no review, or one filed away without consequence.",
                es="Verde: una revisión de capacidades documentada, discutida con el líder, con un plan de acción cuyas acciones están en marcha. Rojo: no hay revisión, o se archivó sin consecuencias.",
                pt="Verde: uma revisão de capacidades documentada, discutida com o líder, com um plano de ação cujas ações estão em andamento. Vermelho: não há revisão, ou ela foi arquivada sem consequências.",
                fr="Vert : une revue des capacités documentée, discutée avec le dirigeant, assortie d'un plan d'action en cours d'exécution. Rouge : aucune revue, ou une revue classée sans suite.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

BUILD_DELIVERY_UNIT = InstrumentComponent(
    key="build_delivery_unit",
    label=texts(
        en="1C. Build the delivery unit",
        es="1C. Crear la unidad de cumplimiento",
        pt="1C. Criar a unidade de entrega",
        fr="1C. Créer l'unité de mise en œuvre",
    ),
    items=(
        InstrumentItem(
            key="delivery_unit_effective",
            label=texts(
                en="A small, skilled delivery unit reports directly to the leader and works only on the priorities",
                es="Una unidad de cumplimiento pequeña y calificada depende directamente del líder y trabaja solo en las prioridades",
                pt="Uma unidade de entrega pequena e qualificada responde diretamente ao líder e trabalha apenas nas prioridades",
                fr="Une unité de mise en œuvre restreinte et qualifiée rend compte directement au dirigeant et ne travaille que sur les priorités",
            ),
            guidance=texts(
                en="Evidence: the unit's mandate, reporting line, size, staff profiles and how it spends its time. Red: no unit, or one absorbed by other tasks; green: direct access to the leader, a full team with the right skills, no distractions.",
                es="Evidencia: el mandato de la unidad, su dependencia jerárquica, su tamaño, los perfiles de su personal y en qué emplea su tiempo. Rojo: no hay unidad, o está absorbida por otras tareas; verde: acceso directo al líder, un equipo completo con las capacidades adecuadas y sin distracciones.",
                pt="Evidências: o mandato da unidade, sua vinculação hierárquica, seu tamanho, os perfis da equipe e como emprega seu tempo. Vermelho: não há unidade, ou ela está absorvida por outras tarefas; verde: acesso direto ao líder, uma equipe completa com as competências certas e sem distrações.",
                fr="Éléments probants : le mandat de l'unité, son rattachement hiérarchique, sa taille, les profils de son personnel et l'emploi de son temps. Rouge : aucune unité, ou une unité absorbée par d'autres tâches ; vert : accès direct au dirigeant, une équipe complète aux compétences adéquates, sans dispersion.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

ESTABLISH_GUIDING_COALITION = InstrumentComponent(
    key="establish_guiding_coalition",
    label=texts(
        en="1D. Establish a guiding coalition",
        es="1D. Establecer una coalición rectora",
        pt="1D. Estabelecer uma coalizão orientadora",
        fr="1D. Constituer une coalition de pilotage",
    ),
    items=(
        InstrumentItem(
            key="guiding_coalition",
            label=texts(
                en="A small group of influential leaders inside and outside the system backs the priorities and meets to keep delivery on course",
                es="Un grupo reducido de líderes influyentes, dentro y fuera del sistema, respalda las prioridades y se reúne para mantener el rumbo del cumplimiento",
                pt="Um grupo reduzido de líderes influentes, dentro e fora do sistema, apoia as prioridades e se reúne para manter a entrega no rumo",
                fr="Un petit groupe de dirigeants influents, au sein du système et en dehors, soutient les priorités et se réunit pour maintenir le cap de la mise en œuvre",
            ),
            guidance=texts(
                en="Evidence: who belongs to the coalition, how often it meets and cases where it unblocked a problem. Red: the leader stands alone; green: the coalition has held through setbacks and speaks with one voice.",
                es="Evidencia: quiénes integran la coalición, con qué frecuencia se reúne y casos en que destrabó un problema. Rojo: el líder está solo; verde: la coalición se ha mantenido ante los reveses y habla con una sola voz.",
                pt="Evidências: quem integra a coalizão, com que frequência se reúne e casos em que destravou um problema. Vermelho: o líder está sozinho; verde: a coalizão se manteve diante dos reveses e fala com uma só voz.",
                fr="Éléments probants : la composition de la coalition, la fréquence de ses réunions et les cas où elle a débloqué un problème. Rouge : le dirigeant est seul ; vert : la coalition a tenu face aux revers et parle d'une seule voix.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

PILLAR = InstrumentPillar(
    key="foundation",
    label=texts(
        en="1. Develop a foundation for delivery",
        es="1. Sentar las bases para el cumplimiento",
        pt="1. Construir as bases para a entrega",
        fr="1. Poser les bases de la mise en œuvre",
    ),
    components=(DEFINE_ASPIRATION, REVIEW_CURRENT_STATE, BUILD_DELIVERY_UNIT, ESTABLISH_GUIDING_COALITION),
    aggregation=STAGE_RULE,
)
