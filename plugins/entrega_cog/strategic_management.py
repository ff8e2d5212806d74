"""Function 1: strategic management of the government's priority goals: choosing a few priorities and
planning how they will be delivered."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_cog.scale import COMPONENT_RULE, FUNCTION_RULE

PRIORITY_SETTING = InstrumentComponent(
    key="priority_setting",
    label=texts(
        en="Setting the government's priorities",
        es="Definición de las prioridades del gobierno",
        pt="Definição das prioridades do governo",
        fr="Définition des priorités du gouvernement",
    ),
    items=(
        InstrumentItem(
            key="few_measurable_priorities",
            label=texts(
                en="Government priorities are few, explicit and have measurable targets",
                es="Las prioridades del gobierno son pocas, explícitas y tienen metas medibles",
                pt="As prioridades do governo são poucas, explícitas e têm metas mensuráveis",
                fr="Les priorités du gouvernement sont peu nombreuses, explicites et assorties de cibles mesurables",
            ),
            guidance=texts(
                en="Look for the official list of priorities (government plan, decree or cabinet decision). Advanced: a handful of priorities, each with a baseline, a numeric target and a date; nascent: no list, or dozens of broad intentions without targets.",
                es="Busque la lista oficial de prioridades (plan de gobierno, decreto o acuerdo del gabinete). Avanzado: un número reducido de prioridades, cada una con línea de base, meta numérica y fecha; incipiente: no hay lista, o hay decenas de intenciones generales sin metas.",
                pt="Procure a lista oficial de prioridades (plano de governo, decreto ou decisão do gabinete). Avançado: um número reduzido de prioridades, cada uma com linha de base, meta numérica e prazo; incipiente: não há lista, ou há dezenas de intenções genéricas sem metas.",
                fr="Cherchez la liste officielle des priorités (programme de gouvernement, décret ou décision du Conseil des ministres). Avancé : une poignée de priorités, chacune avec une situation de référence, une cible chiffrée et une échéance ; naissant : aucune liste, ou des dizaines d'intentions générales sans cible.",
            ),
        ),
        InstrumentItem(
            key="leader_owns_priorities",
            label=texts(
                en="The head of government has personally endorsed the priorities, and the centre keeps the single authoritative list",
                es="El jefe de gobierno ha respaldado personalmente las prioridades y el centro de gobierno mantiene la única lista oficial",
                pt="O chefe de governo endossou pessoalmente as prioridades e o centro de governo mantém a única lista oficial",
                fr="Le chef du gouvernement a personnellement validé les priorités et le centre de gouvernement tient la seule liste de référence",
            ),
            guidance=texts(
                en="Evidence: public statements or a signed decision by the leader, and whether ministries cite the same list as the centre. Interview two or three ministries: different lists, or no list at all, point to a lower rating.",
                es="Evidencia: declaraciones públicas o una decisión firmada por el jefe de gobierno, y si los ministerios citan la misma lista que el centro. Entreviste a dos o tres ministerios: listas distintas, o ninguna lista, indican una calificación más baja.",
                pt="Evidências: declarações públicas ou uma decisão assinada pelo chefe de governo, e se os ministérios citam a mesma lista que o centro. Entreviste dois ou três ministérios: listas diferentes, ou nenhuma lista, indicam uma classificação mais baixa.",
                fr="Éléments probants : déclarations publiques ou décision signée du chef du gouvernement, et concordance entre la liste citée par les ministères et celle du centre. Interrogez deux ou trois ministères : des listes divergentes, ou l'absence de liste, justifient une note plus basse.",
            ),
        ),
        InstrumentItem(
            key="evidence_based_selection",
            label=texts(
                en="Priorities are chosen on evidence of citizens' needs, cost and feasibility",
                es="Las prioridades se eligen con base en evidencia sobre las necesidades de la ciudadanía, su costo y su viabilidad",
                pt="As prioridades são escolhidas com base em evidências sobre as necessidades da população, seu custo e sua viabilidade",
                fr="Les priorités sont choisies au vu d'éléments probants sur les besoins des citoyens, les coûts et la faisabilité",
            ),
            guidance=texts(
                en="Evidence: diagnostic studies, costings or option papers prepared when the priorities were selected. Nascent: priorities taken from the campaign without analysis; advanced: each priority backed by a documented diagnosis and costed options.",
                es="Evidencia: diagnósticos, costeos o documentos de opciones preparados al seleccionar las prioridades. Incipiente: prioridades tomadas de la campaña sin análisis; avanzado: cada prioridad respaldada por un diagnóstico documentado y opciones costeadas.",
                pt="Evidências: diagnósticos, estimativas de custo ou notas de opções elaboradas na seleção das prioridades. Incipiente: prioridades extraídas da campanha sem análise; avançado: cada prioridade apoiada em diagnóstico documentado e opções com custos estimados.",
                fr="Éléments probants : diagnostics, chiffrages ou notes d'options préparés lors du choix des priorités. Naissant : priorités reprises du programme électoral sans analyse ; avancé : chaque priorité repose sur un diagnostic documenté et des options chiffrées.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

PRIORITY_PLANNING = InstrumentComponent(
    key="priority_planning",
    label=texts(
        en="Planning the delivery of priorities",
        es="Planificación del cumplimiento de las prioridades",
        pt="Planejamento da entrega das prioridades",
        fr="Planification de la mise en œuvre des priorités",
    ),
    items=(
        InstrumentItem(
            key="delivery_plans_agreed",
            label=texts(
                en="Each priority has a delivery plan agreed with the lead ministry, with milestones, owners and a trajectory",
                es="Cada prioridad tiene un plan de implementación acordado con el ministerio responsable, con hitos, responsables y una trayectoria",
                pt="Cada prioridade tem um plano de entrega pactuado com o ministério responsável, com marcos, responsáveis e uma trajetória",
                fr="Chaque priorité dispose d'un plan de mise en œuvre convenu avec le ministère chef de file, avec des jalons, des responsables et une trajectoire",
            ),
            guidance=texts(
                en="Review a sample of delivery plans. Established: plans exist for most priorities, with named owners and dated milestones; advanced: every plan also has a trajectory for its target and is revised after each review.",
                es="Revise una muestra de planes de implementación. Establecido: existen planes para la mayoría de las prioridades, con responsables nombrados e hitos fechados; avanzado: todos los planes incluyen además una trayectoria para su meta y se revisan después de cada reunión de seguimiento.",
                pt="Examine uma amostra de planos de entrega. Estabelecido: há planos para a maioria das prioridades, com responsáveis nomeados e marcos datados; avançado: todos os planos têm também uma trajetória para a meta e são revistos após cada reunião de monitoramento.",
                fr="Examinez un échantillon de plans de mise en œuvre. Établi : la plupart des priorités ont un plan avec des responsables nommés et des jalons datés ; avancé : chaque plan comporte aussi une trajectoire vers sa cible et est révisé après chaque revue.",
            ),
        ),
        InstrumentItem(
            key="priorities_funded",
            label=texts(
                en="Priorities are funded in the annual budget and protected in the medium-term expenditure ceilings",
                es="Las prioridades están financiadas en el presupuesto anual y protegidas en los techos de gasto de mediano plazo",
                pt="As prioridades estão financiadas no orçamento anual e protegidas nos tetos de gasto de médio prazo",
                fr="Les priorités sont financées dans le budget annuel et protégées dans les plafonds de dépenses à moyen terme",
            ),
            guidance=texts(
                en="Evidence: budget lines or programmes tagged to each priority, and the finance ministry's role in setting the priorities. Nascent: no link can be traced; advanced: the centre and finance review the funding of the priorities together in every budget cycle.",
                es="Evidencia: partidas o programas presupuestarios vinculados a cada prioridad, y el papel del ministerio de Hacienda en la definición de las prioridades. Incipiente: no se puede rastrear ningún vínculo; avanzado: el centro de gobierno y Hacienda revisan juntos el financiamiento de las prioridades en cada ciclo presupuestario.",
                pt="Evidências: rubricas ou programas orçamentários vinculados a cada prioridade, e o papel do ministério da Fazenda na definição das prioridades. Incipiente: nenhum vínculo pode ser rastreado; avançado: o centro de governo e a Fazenda revisam juntos o financiamento das prioridades a cada ciclo orçamentário.",
                fr="Éléments probants : lignes ou programmes budgétaires rattachés à chaque priorité, et rôle du ministère des Finances dans le choix des priorités. Naissant : aucun lien n'est traçable ; avancé : le centre et les Finances examinent ensemble le financement des priorités à chaque cycle budgétaire.",
            ),
        ),
        InstrumentItem(
            key="strategic_capacity",
            label=texts(
                en="The centre has a dedicated team with the analytical skills to turn priorities into plans",
                es="El centro de gobierno cuenta con un equipo dedicado con las capacidades analíticas para convertir las prioridades en planes",
                pt="O centro de governo conta com uma equipe dedicada com as capacidades analíticas para transformar as prioridades em planos",
                fr="Le centre de gouvernement dispose d'une équipe dédiée ayant les compétences analytiques pour traduire les priorités en plans",
            ),
            guidance=texts(
                en="Evidence: the team's mandate, staffing and profiles, and examples of its analytical work. Nascent: planning is left to each ministry or to political advisers; advanced: a stable, skilled team whose analyses shape the leader's decisions.",
                es="Evidencia: el mandato, la dotación y los perfiles del equipo, y ejemplos de su trabajo analítico. Incipiente: la planificación queda en manos de cada ministerio o de asesores políticos; avanzado: un equipo estable y calificado cuyos análisis orientan las decisiones del jefe de gobierno.",
                pt="Evidências: o mandato, o quadro de pessoal e os perfis da equipe, e exemplos do seu trabalho analítico. Incipiente: o planejamento fica a cargo de cada ministério ou de assessores políticos; avançado: uma equipe estável e qualificada cujas análises orientam as decisões do chefe de governo.",
                fr="Éléments probants : mandat, effectifs et profils de l'équipe, exemples de ses travaux d'analyse. Naissant : la planification est laissée à chaque ministère ou aux conseillers politiques ; avancé : une équipe stable et qualifiée dont les analyses éclairent les décisions du chef du gouvernement.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

PILLAR = InstrumentPillar(
    key="strategic_management",
    label=texts(
        en="Strategic management of priority goals",
        es="Gestión estratégica de las prioridades de gobierno",
        pt="Gestão estratégica das prioridades de governo",
        fr="Gestion stratégique des priorités du gouvernement",
    ),
    components=(PRIORITY_SETTING, PRIORITY_PLANNING),
    aggregation=FUNCTION_RULE,
)
