"""Stage 3: plan for delivery."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_delivery_capacity.scale import ELEMENT_RULE, STAGE_RULE

DETERMINE_REFORM_STRATEGY = InstrumentComponent(
    key="determine_reform_strategy",
    label=texts(
        en="3A. Determine your reform strategy",
        es="3A. Definir la estrategia de reforma",
        pt="3A. Definir a estratégia de reforma",
        fr="3A. Définir la stratégie de réforme",
    ),
    items=(
        InstrumentItem(
            key="reform_strategy",
            label=texts(
                en="A coherent reform strategy states how the system will change (command and control, devolution and transparency, or quasi-markets), and the interventions follow from it",
                es="Una estrategia de reforma coherente establece cómo cambiará el sistema (mando y control, descentralización y transparencia, o cuasimercados) y las intervenciones se derivan de ella",
                pt="Uma estratégia de reforma coerente estabelece como o sistema mudará (comando e controle, descentralização e transparência, ou quase-mercados) e as intervenções decorrem dela",
                fr="Une stratégie de réforme cohérente précise comment le système va changer (commandement et contrôle, décentralisation et transparence, ou quasi-marchés) et les interventions en découlent",
            ),
            guidance=texts(
                en="Evidence: the strategy and the portfolio of interventions for each priority, checked for coherence with the strategy and with the drivers of performance. Red: a list of unrelated initiatives.",
                es="Evidencia: la estrategia y la cartera de intervenciones de cada prioridad, revisada en cuanto a su coherencia con la estrategia y con los factores del desempeño. Rojo: una lista de iniciativas inconexas.",
                pt="Evidências: a estratégia e a carteira de intervenções de cada prioridade, verificada quanto à coerência com a estratégia e com os fatores do desempenho. Vermelho: uma lista de iniciativas desconexas.",
                fr="Éléments probants : la stratégie et le portefeuille d'interventions de chaque priorité, dont on vérifie la cohérence avec la stratégie et avec les déterminants de la performance. Rouge : une liste d'initiatives sans lien entre elles.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

SET_TARGETS_AND_TRAJECTORIES = InstrumentComponent(
    key="set_targets_and_trajectories",
    label=texts(
        en="3B. Set targets and establish trajectories",
        es="3B. Fijar metas y establecer trayectorias",
        pt="3B. Definir metas e estabelecer trajetórias",
        fr="3B. Fixer des cibles et établir des trajectoires",
    ),
    items=(
        InstrumentItem(
            key="targets_and_trajectories",
            label=texts(
                en="Each priority has an ambitious, realistic target and a trajectory showing the progress expected period by period",
                es="Cada prioridad tiene una meta ambiciosa y realista y una trayectoria que muestra el avance esperado período a período",
                pt="Cada prioridade tem uma meta ambiciosa e realista e uma trajetória que mostra o progresso esperado período a período",
                fr="Chaque priorité a une cible ambitieuse et réaliste et une trajectoire indiquant les progrès attendus période par période",
            ),
            guidance=texts(
                en="Evidence: the targets, how they were set (benchmarks, agreement with those who deliver), and trajectories built from the expected effect of the interventions. Red: targets without trajectories, or trajectories drawn as straight lines.",
                es="Evidencia: las metas, cómo se fijaron (comparaciones, acuerdo con quienes ejecutan) y trayectorias construidas a partir del efecto esperado de las intervenciones. Rojo: metas sin trayectorias, o trayectorias trazadas como líneas rectas.",
                pt="Evidências: as metas, como foram definidas (comparações, pactuação com quem executa) e trajetórias construídas a partir do efeito esperado das intervenções. Vermelho: metas sem trajetórias, ou trajetórias traçadas como linhas retas.",
                fr="Éléments probants : les cibles, la manière dont elles ont été fixées (comparaisons, accord avec ceux qui mettent en œuvre) et des trajectoires construites à partir de l'effet attendu des interventions. Rouge : des cibles sans trajectoire, ou des trajectoires tracées en ligne droite.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

PRODUCE_DELIVERY_PLANS = InstrumentComponent(
    key="produce_delivery_plans",
    label=texts(
        en="3C. Produce delivery plans",
        es="3C. Elaborar planes de implementación",
        pt="3C. Elaborar planos de entrega",
        fr="3C. Élaborer les plans de mise en œuvre",
    ),
    items=(
        InstrumentItem(
            key="delivery_plans",
            label=texts(
                en="Delivery plans set out, for each priority, the interventions, the delivery chain, milestones, owners, resources and risks",
                es="Los planes de implementación detallan, para cada prioridad, las intervenciones, la cadena de implementación, los hitos, los responsables, los recursos y los riesgos",
                pt="Os planos de entrega detalham, para cada prioridade, as intervenções, a cadeia de entrega, os marcos, os responsáveis, os recursos e os riscos",
                fr="Les plans de mise en œuvre précisent, pour chaque priorité, les interventions, la chaîne de mise en œuvre, les jalons, les responsables, les ressources et les risques",
            ),
            guidance=texts(
                en="Evidence: the delivery plans themselves, and whether the people who must carry them out know and use them. Green: plans are living documents, revised after each routine; red: no plans, or plans nobody uses.",
                es="Evidencia: los propios planes de implementación, y si quienes deben ejecutarlos los conocen y los usan. Verde: los planes son documentos vivos que se revisan tras cada rutina; rojo: no hay planes, o nadie los usa.",
                pt="Evidências: os próprios planos de entrega, e se quem deve executá-los os conhece e os usa. Verde: os planos são documentos vivos, revistos após cada rotina; vermelho: não há planos, ou ninguém os usa.",
                fr="Éléments probants : les plans de mise en œuvre eux-mêmes, et le fait que ceux qui doivent les exécuter les connaissent et les utilisent. Vert : les plans sont des documents vivants, révisés après chaque routine ; rouge : aucun plan, ou des plans que personne n'utilise.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

PILLAR = InstrumentPillar(
    key="planning",
    label=texts(
        en="3. Plan for delivery",
        es="3. Planificar el cumplimiento",
        pt="3. Planejar a entrega",
        fr="3. Planifier la mise en œuvre",
    ),
    components=(DETERMINE_REFORM_STRATEGY, SET_TARGETS_AND_TRAJECTORIES, PRODUCE_DELIVERY_PLANS),
    aggregation=STAGE_RULE,
)
