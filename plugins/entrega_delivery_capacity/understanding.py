"""Stage 2: understand the delivery challenge."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_delivery_capacity.scale import ELEMENT_RULE, STAGE_RULE

EVALUATE_PERFORMANCE = InstrumentComponent(
    key="evaluate_performance",
    label=texts(
        en="2A. Evaluate past and present performance",
        es="2A. Evaluar el desempeño pasado y presente",
        pt="2A. Avaliar o desempenho passado e presente",
        fr="2A. Évaluer la performance passée et actuelle",
    ),
    items=(
        InstrumentItem(
            key="performance_evaluated",
            label=texts(
                en="Baselines and trends for each priority are known, with benchmarks against comparable places and breakdowns that show where performance varies",
                es="Se conocen las líneas de base y las tendencias de cada prioridad, con comparaciones con lugares similares y desagregaciones que muestran dónde varía el desempeño",
                pt="As linhas de base e as tendências de cada prioridade são conhecidas, com comparações com lugares semelhantes e desagregações que mostram onde o desempenho varia",
                fr="Les situations de référence et les tendances de chaque priorité sont connues, avec des comparaisons avec des territoires similaires et des ventilations montrant où la performance varie",
            ),
            guidance=texts(
                en="Evidence: the analyses behind each priority: time series, international or regional benchmarks, and data broken down by region, school, facility or group. Red: no baseline for most priorities.",
                es="Evidencia: los análisis detrás de cada prioridad: series temporales, comparaciones internacionales o regionales, y datos desagregados por región, escuela, establecimiento o grupo. Rojo: no hay línea de base para la mayoría de las prioridades.",
                pt="Evidências: as análises por trás de cada prioridade: séries históricas, comparações internacionais ou regionais, e dados desagregados por região, escola, unidade ou grupo. Vermelho: não há linha de base para a maioria das prioridades.",
                fr="Éléments probants : les analyses qui sous-tendent chaque priorité : séries chronologiques, comparaisons internationales ou régionales, et données ventilées par région, école, établissement ou groupe. Rouge : pas de situation de référence pour la plupart des priorités.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

UNDERSTAND_DRIVERS = InstrumentComponent(
    key="understand_drivers",
    label=texts(
        en="2B. Understand drivers of performance and relevant system activities",
        es="2B. Comprender los factores del desempeño y las actividades del sistema que inciden en él",
        pt="2B. Compreender os fatores do desempenho e as atividades do sistema que o influenciam",
        fr="2B. Comprendre les déterminants de la performance et les activités du système qui s'y rapportent",
    ),
    items=(
        InstrumentItem(
            key="drivers_understood",
            label=texts(
                en="The drivers of each outcome are understood, the delivery chain is mapped, and current programmes are assessed for their effect on those drivers",
                es="Se comprenden los factores que determinan cada resultado, la cadena de implementación está mapeada y se ha evaluado el efecto de los programas actuales sobre esos factores",
                pt="Os fatores que determinam cada resultado são compreendidos, a cadeia de entrega está mapeada e o efeito dos programas atuais sobre esses fatores foi avaliado",
                fr="Les déterminants de chaque résultat sont compris, la chaîne de mise en œuvre est cartographiée et l'effet des programmes en cours sur ces déterminants est évalué",
            ),
            guidance=texts(
                en="Evidence: driver analyses (issue trees, causal maps), maps of the delivery chain from the centre to the front line, and an inventory of programmes with their cost and impact. Red: programmes are listed with no link to the outcome.",
                es="Evidencia: análisis de factores (árboles de problemas, mapas causales), mapas de la cadena de implementación desde el centro hasta la primera línea, y un inventario de programas con su costo e impacto. Rojo: los programas se enumeran sin ningún vínculo con el resultado.",
                pt="Evidências: análises de fatores (árvores de problemas, mapas causais), mapas da cadeia de entrega do centro até a linha de frente, e um inventário de programas com seu custo e impacto. Vermelho: os programas são listados sem nenhum vínculo com o resultado.",
                fr="Éléments probants : analyses des déterminants (arbres des problèmes, cartes causales), cartes de la chaîne de mise en œuvre du centre jusqu'au terrain, et inventaire des programmes avec leur coût et leur impact. Rouge : les programmes sont listés sans aucun lien avec le résultat.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

PILLAR = InstrumentPillar(
    key="understanding",
    label=texts(
        en="2. Understand the delivery challenge",
        es="2. Comprender el desafío del cumplimiento",
        pt="2. Compreender o desafio da entrega",
        fr="2. Comprendre le défi de la mise en œuvre",
    ),
    components=(EVALUATE_PERFORMANCE, UNDERSTAND_DRIVERS),
    aggregation=STAGE_RULE,
)
