"""Stage 4: drive delivery."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_delivery_capacity.scale import ELEMENT_RULE, STAGE_RULE

ESTABLISH_ROUTINES = InstrumentComponent(
    key="establish_routines",
    label=texts(
        en="4A. Establish routines to drive and monitor performance",
        es="4A. Establecer rutinas para impulsar y monitorear el desempeño",
        pt="4A. Estabelecer rotinas para impulsionar e monitorar o desempenho",
        fr="4A. Instaurer des routines pour piloter et suivre la performance",
    ),
    items=(
        InstrumentItem(
            key="performance_routines",
            label=texts(
                en="Regular routines (monthly notes, stocktakes with the leader, delivery reports) review progress against the trajectories and end in decisions",
                es="Rutinas periódicas (notas mensuales, reuniones de balance con el líder, informes de cumplimiento) revisan el avance frente a las trayectorias y terminan en decisiones",
                pt="Rotinas periódicas (notas mensais, reuniões de balanço com o líder, relatórios de entrega) revisam o progresso frente às trajetórias e terminam em decisões",
                fr="Des routines régulières (notes mensuelles, revues d'avancement avec le dirigeant, rapports de mise en œuvre) examinent les progrès au regard des trajectoires et débouchent sur des décisions",
            ),
            guidance=texts(
                en="Evidence: the calendar of routines actually held over the last six months, the packs prepared for them and the decisions recorded. Red: routines are missing or often cancelled; green: they run to schedule and the leader attends.",
                es="Evidencia: el calendario de las rutinas efectivamente realizadas en los últimos seis meses, los documentos preparados y las decisiones registradas. Rojo: no hay rutinas o se cancelan a menudo; verde: se cumplen según el calendario y el líder asiste.",
                pt="Evidências: o calendário das rotinas efetivamente realizadas nos últimos seis meses, os materiais preparados e as decisões registradas. Vermelho: não há rotinas ou elas são canceladas com frequência; verde: seguem o calendário e o líder participa.",
                fr="Éléments probants : le calendrier des routines effectivement tenues au cours des six derniers mois, les dossiers préparés et les décisions consignées. Rouge : routines absentes ou souvent annulées ; vert : elles se tiennent comme prévu et le dirigeant y assiste.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

SOLVE_PROBLEMS = InstrumentComponent(
    key="solve_problems",
    label=texts(
        en="4B. Solve problems early and rigorously",
        es="4B. Resolver los problemas de forma temprana y rigurosa",
        pt="4B. Resolver os problemas cedo e com rigor",
        fr="4B. Résoudre les problèmes tôt et avec rigueur",
    ),
    items=(
        InstrumentItem(
            key="problems_solved_early",
            label=texts(
                en="Problems are spotted early, sorted by severity and tackled with a rigorous, proportionate response",
                es="Los problemas se detectan a tiempo, se clasifican según su gravedad y se abordan con una respuesta rigurosa y proporcionada",
                pt="Os problemas são detectados cedo, classificados por gravidade e enfrentados com uma resposta rigorosa e proporcional",
                fr="Les problèmes sont repérés tôt, classés selon leur gravité et traités par une réponse rigoureuse et proportionnée",
            ),
            guidance=texts(
                en="Evidence: recent problems, when they were first flagged, how their severity was judged and what was done, from routine follow-up to an intensive priority review. Red: problems surface only when targets are missed.",
                es="Evidencia: problemas recientes, cuándo se señalaron por primera vez, cómo se juzgó su gravedad y qué se hizo, desde un seguimiento de rutina hasta una revisión intensiva de la prioridad. Rojo: los problemas solo salen a la luz cuando se incumplen las metas.",
                pt="Evidências: problemas recentes, quando foram sinalizados pela primeira vez, como sua gravidade foi avaliada e o que foi feito, de um acompanhamento de rotina a uma revisão intensiva da prioridade. Vermelho: os problemas só aparecem quando as metas não são cumpridas.",
                fr="Éléments probants : des problèmes récents, la date de leur premier signalement, la façon dont leur gravité a été jugée et ce qui a été fait, du suivi courant à une revue approfondie de la priorité. Rouge : les problèmes n'apparaissent que lorsque les cibles sont manquées.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

SUSTAIN_MOMENTUM = InstrumentComponent(
    key="sustain_momentum",
    label=texts(
        en="4C. Sustain and continually build momentum",
        es="4C. Mantener y reforzar continuamente el impulso",
        pt="4C. Manter e reforçar continuamente o ímpeto",
        fr="4C. Maintenir et renforcer sans cesse la dynamique",
    ),
    items=(
        InstrumentItem(
            key="momentum_sustained",
            label=texts(
                en="The system persists through distractions and setbacks, challenges the status quo and celebrates success",
                es="El sistema persevera ante las distracciones y los reveses, cuestiona el statu quo y celebra los logros",
                pt="O sistema persevera diante das distrações e dos reveses, questiona o status quo e celebra os sucessos",
                fr="Le système persévère malgré les distractions et les revers, remet en cause le statu quo et célèbre les réussites",
            ),
            guidance=texts(
                en="Evidence: how routines and priorities held up through crises, budget cuts or changes of minister, and how successes were recognised. Red: delivery stalls whenever attention moves elsewhere.",
                es="Evidencia: cómo se mantuvieron las rutinas y las prioridades frente a crisis, recortes presupuestarios o cambios de ministro, y cómo se reconocieron los logros. Rojo: el cumplimiento se detiene cada vez que la atención se desplaza a otra parte.",
                pt="Evidências: como as rotinas e as prioridades resistiram a crises, cortes orçamentários ou trocas de ministro, e como os sucessos foram reconhecidos. Vermelho: a entrega para sempre que a atenção se volta para outro lado.",
                fr="Éléments probants : la manière dont les routines et les priorités ont résisté aux crises, aux coupes budgétaires ou aux changements de ministre, et dont les réussites ont été reconnues. Rouge : la mise en œuvre s'enlise dès que l'attention se porte ailleurs.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

PILLAR = InstrumentPillar(
    key="driving",
    label=texts(
        en="4. Drive delivery",
        es="4. Impulsar el cumplimiento",
        pt="4. Impulsionar a entrega",
        fr="4. Piloter la mise en œuvre",
    ),
    components=(ESTABLISH_ROUTINES, SOLVE_PROBLEMS, SUSTAIN_MOMENTUM),
    aggregation=STAGE_RULE,
)
