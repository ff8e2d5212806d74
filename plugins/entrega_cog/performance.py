"""Function 3: monitoring and improvement of performance: knowing where each priority stands, and acting
when it slips."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_cog.scale import COMPONENT_RULE, FUNCTION_RULE

PROGRESS_MONITORING = InstrumentComponent(
    key="progress_monitoring",
    label=texts(
        en="Monitoring progress",
        es="Seguimiento del avance",
        pt="Acompanhamento do progresso",
        fr="Suivi des progrès",
    ),
    items=(
        InstrumentItem(
            key="timely_indicators",
            label=texts(
                en="Each priority has indicators with baselines, and data frequent enough to manage by",
                es="Cada prioridad tiene indicadores con línea de base y datos con la frecuencia suficiente para gestionar",
                pt="Cada prioridade tem indicadores com linha de base e dados com frequência suficiente para a gestão",
                fr="Chaque priorité a des indicateurs avec une situation de référence et des données assez fréquentes pour piloter",
            ),
            guidance=texts(
                en="Evidence: the indicator sheets and the date of the latest data for each priority. Advanced: most indicators are updated monthly or quarterly; nascent: annual data, or none, for most priorities.",
                es="Evidencia: las fichas de los indicadores y la fecha de los últimos datos de cada prioridad. Avanzado: la mayoría de los indicadores se actualiza mensual o trimestralmente; incipiente: datos anuales, o ninguno, para la mayoría de las prioridades.",
                pt="Evidências: as fichas dos indicadores e a data dos últimos dados de cada prioridade. Avançado: a maioria dos indicadores é atualizada mensal ou trimestralmente; incipiente: dados anuais, ou nenhum, para a maioria das prioridades.",
                fr="Éléments probants : les fiches des indicateurs et la date des dernières données de chaque priorité. Avancé : la plupart des indicateurs sont actualisés chaque mois ou chaque trimestre ; naissant : des données annuelles, ou aucune, pour la plupart des priorités.",
            ),
        ),
        InstrumentItem(
            key="leader_routines",
            label=texts(
                en="The centre reviews progress on the priorities with the leader in regular routines",
                es="El centro de gobierno revisa el avance de las prioridades con el jefe de gobierno en rutinas periódicas",
                pt="O centro de governo revisa o progresso das prioridades com o chefe de governo em rotinas periódicas",
                fr="Le centre de gouvernement fait le point sur l'avancement des priorités avec le chef du gouvernement lors de routines régulières",
            ),
            guidance=texts(
                en="Evidence: the calendar of review meetings held over the last twelve months, who chaired them, and the briefing packs. Established: meetings happen as scheduled; advanced: the leader chairs them and they end with decisions.",
                es="Evidencia: el calendario de las reuniones de seguimiento realizadas en los últimos doce meses, quién las presidió y los documentos de apoyo. Establecido: las reuniones se celebran según lo programado; avanzado: el jefe de gobierno las preside y terminan con decisiones.",
                pt="Evidências: o calendário das reuniões de monitoramento realizadas nos últimos doze meses, quem as presidiu e os materiais de apoio. Estabelecido: as reuniões ocorrem conforme o previsto; avançado: o chefe de governo as preside e elas terminam com decisões.",
                fr="Éléments probants : le calendrier des revues tenues au cours des douze derniers mois, leur présidence et les dossiers préparatoires. Établi : les réunions se tiennent comme prévu ; avancé : le chef du gouvernement les préside et elles débouchent sur des décisions.",
            ),
        ),
        InstrumentItem(
            key="data_verified",
            label=texts(
                en="The centre checks the quality of reported data against field visits and independent sources",
                es="El centro de gobierno verifica la calidad de los datos reportados mediante visitas de campo y fuentes independientes",
                pt="O centro de governo verifica a qualidade dos dados reportados por meio de visitas de campo e fontes independentes",
                fr="Le centre de gouvernement vérifie la qualité des données déclarées par des visites de terrain et des sources indépendantes",
            ),
            guidance=texts(
                en="Evidence: data-quality checks, field-visit reports and cases where reported figures were corrected. Nascent: ministries' figures are accepted as reported.",
                es="Evidencia: verificaciones de calidad de datos, informes de visitas de campo y casos en que se corrigieron cifras reportadas. Incipiente: las cifras de los ministerios se aceptan tal como se reportan.",
                pt="Evidências: verificações de qualidade dos dados, relatórios de visitas de campo e casos em que números reportados foram corrigidos. Incipiente: os números dos ministérios são aceitos como reportados.",
                fr="Éléments probants : contrôles de la qualité des données, rapports de visites de terrain et cas où des chiffres déclarés ont été corrigés. Naissant : les chiffres des ministères sont acceptés tels quels.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

PERFORMANCE_IMPROVEMENT = InstrumentComponent(
    key="performance_improvement",
    label=texts(
        en="Improving performance",
        es="Mejora del desempeño",
        pt="Melhoria do desempenho",
        fr="Amélioration de la performance",
    ),
    items=(
        InstrumentItem(
            key="problem_solving",
            label=texts(
                en="When a priority goes off track, the centre and the ministry analyse the causes and agree corrective actions with deadlines",
                es="Cuando una prioridad se desvía, el centro de gobierno y el ministerio analizan las causas y acuerdan acciones correctivas con plazos",
                pt="Quando uma prioridade sai da trajetória, o centro de governo e o ministério analisam as causas e pactuam ações corretivas com prazos",
                fr="Lorsqu'une priorité s'écarte de sa trajectoire, le centre de gouvernement et le ministère en analysent les causes et conviennent d'actions correctives assorties d'échéances",
            ),
            guidance=texts(
                en="Evidence: two or three recent cases of priorities off track, with the analysis made and the actions agreed. Nascent: problems are reported but nothing follows; advanced: a root-cause analysis and a written action plan within weeks.",
                es="Evidencia: dos o tres casos recientes de prioridades desviadas, con el análisis realizado y las acciones acordadas. Incipiente: los problemas se informan pero no tienen consecuencias; avanzado: un análisis de causas y un plan de acción escrito en pocas semanas.",
                pt="Evidências: dois ou três casos recentes de prioridades fora da trajetória, com a análise feita e as ações pactuadas. Incipiente: os problemas são relatados mas nada acontece; avançado: uma análise de causas e um plano de ação escrito em poucas semanas.",
                fr="Éléments probants : deux ou trois cas récents de priorités ayant décroché, avec l'analyse conduite et les actions convenues. Naissant : les problèmes sont signalés sans suite ; avancé : une analyse des causes profondes et un plan d'action écrit en quelques semaines.",
            ),
        ),
        InstrumentItem(
            key="actions_followed_up",
            label=texts(
                en="Agreed actions are followed up at each routine until they are closed",
                es="Las acciones acordadas se revisan en cada rutina hasta que se cierran",
                pt="As ações pactuadas são acompanhadas em cada rotina até serem concluídas",
                fr="Les actions convenues sont suivies à chaque routine jusqu'à leur clôture",
            ),
            guidance=texts(
                en="Evidence: the action log across successive meetings. Check whether actions from earlier meetings reappear with their status, and what share was closed on time.",
                es="Evidencia: el registro de acciones a lo largo de reuniones sucesivas. Verifique si las acciones de reuniones anteriores reaparecen con su estado y qué proporción se cerró a tiempo.",
                pt="Evidências: o registro de ações ao longo de reuniões sucessivas. Verifique se as ações de reuniões anteriores reaparecem com sua situação e que proporção foi concluída no prazo.",
                fr="Éléments probants : le registre des actions au fil des réunions successives. Vérifiez si les actions des réunions précédentes réapparaissent avec leur état d'avancement et quelle part a été clôturée dans les délais.",
            ),
        ),
        InstrumentItem(
            key="support_to_ministries",
            label=texts(
                en="The centre gives ministries analytical and problem-solving support, not only requests for reports",
                es="El centro de gobierno brinda a los ministerios apoyo analítico y para resolver problemas, no solo solicitudes de informes",
                pt="O centro de governo oferece aos ministérios apoio analítico e na solução de problemas, não apenas pedidos de relatórios",
                fr="Le centre de gouvernement apporte aux ministères un appui analytique et une aide à la résolution de problèmes, et pas seulement des demandes de rapports",
            ),
            guidance=texts(
                en="Evidence: joint problem-solving exercises, delivery labs or field reviews led with ministries, and how ministries describe the centre. A centre seen only as a collector of reports rates no higher than emerging.",
                es="Evidencia: ejercicios conjuntos de resolución de problemas, laboratorios de implementación o revisiones de campo realizados con los ministerios, y cómo los ministerios describen al centro. Un centro visto solo como recolector de informes no supera emergente.",
                pt="Evidências: exercícios conjuntos de solução de problemas, laboratórios de entrega ou revisões de campo conduzidos com os ministérios, e como os ministérios descrevem o centro. Um centro visto apenas como coletor de relatórios não passa de emergente.",
                fr="Éléments probants : exercices conjoints de résolution de problèmes, laboratoires de mise en œuvre ou revues de terrain menés avec les ministères, et la manière dont les ministères décrivent le centre. Un centre perçu comme simple collecteur de rapports ne dépasse pas émergent.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

PILLAR = InstrumentPillar(
    key="performance",
    label=texts(
        en="Monitoring and improvement of performance",
        es="Monitoreo y mejora del desempeño",
        pt="Monitoramento e melhoria do desempenho",
        fr="Suivi et amélioration de la performance",
    ),
    components=(PROGRESS_MONITORING, PERFORMANCE_IMPROVEMENT),
    aggregation=FUNCTION_RULE,
)
