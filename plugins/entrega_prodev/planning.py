"""Pillar 1: planning for results: a strategic, participatory and operational plan."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_prodev.scale import AVERAGE

STRATEGIC_PLANNING = InstrumentComponent(
    key="strategic_planning",
    label=texts(
        en="Strategic capacity of planning",
        es="Capacidad estratégica de planificación",
        pt="Capacidade estratégica de planejamento",
        fr="Capacité stratégique de planification",
    ),
    items=(
        InstrumentItem(
            key="medium_term_plan",
            label=texts(
                en="A medium-term government plan sets objectives, programmes, targets and indicators",
                es="Un plan de gobierno de mediano plazo establece objetivos, programas, metas e indicadores",
                pt="Um plano de governo de médio prazo estabelece objetivos, programas, metas e indicadores",
                fr="Un plan de gouvernement à moyen terme fixe des objectifs, des programmes, des cibles et des indicateurs",
            ),
            guidance=texts(
                en="Evidence: the national development plan in force and its results matrix. Score 5 when every objective has programmes, quantified targets and indicators with baselines; 0 when no plan is in force.",
                es="Evidencia: el plan nacional de desarrollo vigente y su matriz de resultados. Puntaje 5 cuando cada objetivo tiene programas, metas cuantificadas e indicadores con línea de base; 0 cuando no hay un plan vigente.",
                pt="Evidências: o plano nacional de desenvolvimento vigente e sua matriz de resultados. Pontuação 5 quando cada objetivo tem programas, metas quantificadas e indicadores com linha de base; 0 quando não há plano vigente.",
                fr="Éléments probants : le plan national de développement en vigueur et sa matrice de résultats. Note 5 lorsque chaque objectif est doté de programmes, de cibles chiffrées et d'indicateurs avec situation de référence ; 0 en l'absence de plan en vigueur.",
            ),
        ),
        InstrumentItem(
            key="long_term_vision",
            label=texts(
                en="A long-term national vision or strategy guides the medium-term plan",
                es="Una visión o estrategia nacional de largo plazo orienta el plan de mediano plazo",
                pt="Uma visão ou estratégia nacional de longo prazo orienta o plano de médio prazo",
                fr="Une vision ou une stratégie nationale à long terme oriente le plan à moyen terme",
            ),
            guidance=texts(
                en="Evidence: a long-term vision (ten years or more) and the references to it in the medium-term plan. Score higher when the vision was agreed beyond the governing party and has survived a change of government.",
                es="Evidencia: una visión de largo plazo (diez años o más) y las referencias a ella en el plan de mediano plazo. Asigne un puntaje más alto cuando la visión fue acordada más allá del partido de gobierno y se ha mantenido tras un cambio de gobierno.",
                pt="Evidências: uma visão de longo prazo (dez anos ou mais) e as referências a ela no plano de médio prazo. Atribua pontuação mais alta quando a visão foi pactuada para além do partido do governo e se manteve após uma mudança de governo.",
                fr="Éléments probants : une vision à long terme (dix ans ou plus) et les références qui y sont faites dans le plan à moyen terme. Notez plus haut lorsque la vision a été convenue au-delà du parti au pouvoir et a survécu à un changement de gouvernement.",
            ),
        ),
        InstrumentItem(
            key="planning_body",
            label=texts(
                en="A planning institution with a legal mandate and enough capacity coordinates national and sector planning",
                es="Una institución de planificación con mandato legal y capacidad suficiente coordina la planificación nacional y sectorial",
                pt="Uma instituição de planejamento com mandato legal e capacidade suficiente coordena o planejamento nacional e setorial",
                fr="Une institution de planification dotée d'un mandat légal et de capacités suffisantes coordonne la planification nationale et sectorielle",
            ),
            guidance=texts(
                en="Evidence: the law creating the planning body, its staff and budget, and the guidelines it issues to ministries. Score 0 when no institution has the mandate; 5 when every ministry applies its methods.",
                es="Evidencia: la ley de creación del organismo de planificación, su personal y presupuesto, y los lineamientos que emite a los ministerios. Puntaje 0 cuando ninguna institución tiene el mandato; 5 cuando todos los ministerios aplican sus metodologías.",
                pt="Evidências: a lei de criação do órgão de planejamento, seu pessoal e orçamento, e as diretrizes que emite aos ministérios. Pontuação 0 quando nenhuma instituição tem o mandato; 5 quando todos os ministérios aplicam suas metodologias.",
                fr="Éléments probants : la loi créant l'organisme de planification, ses effectifs et son budget, et les directives qu'il adresse aux ministères. Note 0 lorsqu'aucune institution n'a ce mandat ; 5 lorsque tous les ministères appliquent ses méthodes.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

PARTICIPATORY_PLANNING = InstrumentComponent(
    key="participatory_planning",
    label=texts(
        en="Participatory planning",
        es="Carácter participativo de la planificación",
        pt="Caráter participativo do planejamento",
        fr="Caractère participatif de la planification",
    ),
    items=(
        InstrumentItem(
            key="legislature_involved",
            label=texts(
                en="The legislature discusses or approves the medium-term plan",
                es="El poder legislativo discute o aprueba el plan de mediano plazo",
                pt="O Poder Legislativo discute ou aprova o plano de médio prazo",
                fr="Le Parlement débat du plan à moyen terme ou l'approuve",
            ),
            guidance=texts(
                en="Evidence: the legal requirement and the record of the latest plan's debate or approval. Score 0 when the legislature plays no role; 5 when it approves the plan and receives regular reports on it.",
                es="Evidencia: la exigencia legal y el registro del debate o de la aprobación del último plan. Puntaje 0 cuando el poder legislativo no interviene; 5 cuando aprueba el plan y recibe informes periódicos sobre su cumplimiento.",
                pt="Evidências: a exigência legal e o registro do debate ou da aprovação do último plano. Pontuação 0 quando o Legislativo não participa; 5 quando aprova o plano e recebe relatórios periódicos sobre sua execução.",
                fr="Éléments probants : l'obligation légale et la trace du débat ou de l'approbation du dernier plan. Note 0 lorsque le Parlement n'intervient pas ; 5 lorsqu'il approuve le plan et reçoit des rapports réguliers sur sa mise en œuvre.",
            ),
        ),
        InstrumentItem(
            key="civil_society_consulted",
            label=texts(
                en="Civil society and subnational governments take part in preparing the plan through formal mechanisms",
                es="La sociedad civil y los gobiernos subnacionales participan en la elaboración del plan mediante mecanismos formales",
                pt="A sociedade civil e os governos subnacionais participam da elaboração do plano por meio de mecanismos formais",
                fr="La société civile et les collectivités territoriales participent à l'élaboration du plan par des mécanismes formels",
            ),
            guidance=texts(
                en="Evidence: the consultation mechanisms in law or regulation, the records of the consultations held and the changes made to the plan as a result. One-off events that left no trace in the plan score 1 or 2.",
                es="Evidencia: los mecanismos de consulta previstos en leyes o reglamentos, los registros de las consultas realizadas y los cambios introducidos en el plan como resultado. Los eventos puntuales que no dejaron huella en el plan obtienen 1 o 2.",
                pt="Evidências: os mecanismos de consulta previstos em lei ou regulamento, os registros das consultas realizadas e as mudanças feitas no plano em decorrência delas. Eventos pontuais que não deixaram marca no plano recebem 1 ou 2.",
                fr="Éléments probants : les mécanismes de consultation prévus par la loi ou les règlements, les comptes rendus des consultations tenues et les modifications apportées au plan en conséquence. Des événements ponctuels sans trace dans le plan obtiennent 1 ou 2.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

OPERATIONAL_PLANNING = InstrumentComponent(
    key="operational_planning",
    label=texts(
        en="Operational planning",
        es="Carácter operativo de la planificación",
        pt="Caráter operacional do planejamento",
        fr="Caractère opérationnel de la planification",
    ),
    items=(
        InstrumentItem(
            key="sector_plans_aligned",
            label=texts(
                en="Sector and institutional plans are aligned with the objectives of the national plan",
                es="Los planes sectoriales e institucionales están alineados con los objetivos del plan nacional",
                pt="Os planos setoriais e institucionais estão alinhados com os objetivos do plano nacional",
                fr="Les plans sectoriels et institutionnels sont alignés sur les objectifs du plan national",
            ),
            guidance=texts(
                en="Evidence: a sample of sector plans, with their objectives checked against the national plan. Score 5 when every sector plan traces its objectives to the national plan; 0 when there are no sector plans.",
                es="Evidencia: una muestra de planes sectoriales, con sus objetivos cotejados con el plan nacional. Puntaje 5 cuando todos los planes sectoriales vinculan sus objetivos con el plan nacional; 0 cuando no hay planes sectoriales.",
                pt="Evidências: uma amostra de planos setoriais, com seus objetivos cotejados com o plano nacional. Pontuação 5 quando todos os planos setoriais vinculam seus objetivos ao plano nacional; 0 quando não há planos setoriais.",
                fr="Éléments probants : un échantillon de plans sectoriels, dont les objectifs sont rapprochés de ceux du plan national. Note 5 lorsque chaque plan sectoriel rattache ses objectifs au plan national ; 0 en l'absence de plans sectoriels.",
            ),
        ),
        InstrumentItem(
            key="annual_operational_plans",
            label=texts(
                en="Institutions prepare annual operational plans with outputs, targets and responsible units",
                es="Las instituciones elaboran planes operativos anuales con productos, metas y unidades responsables",
                pt="As instituições elaboram planos operacionais anuais com produtos, metas e unidades responsáveis",
                fr="Les institutions élaborent des plans opérationnels annuels précisant produits, cibles et unités responsables",
            ),
            guidance=texts(
                en="Evidence: the annual operational plans of a sample of ministries. Score higher when outputs are quantified, each has a responsible unit, and the plans are linked to the budget.",
                es="Evidencia: los planes operativos anuales de una muestra de ministerios. Asigne un puntaje más alto cuando los productos están cuantificados, cada uno tiene una unidad responsable y los planes están vinculados con el presupuesto.",
                pt="Evidências: os planos operacionais anuais de uma amostra de ministérios. Atribua pontuação mais alta quando os produtos são quantificados, cada um tem uma unidade responsável e os planos estão vinculados ao orçamento.",
                fr="Éléments probants : les plans opérationnels annuels d'un échantillon de ministères. Notez plus haut lorsque les produits sont chiffrés, que chacun a une unité responsable et que les plans sont reliés au budget.",
            ),
        ),
        InstrumentItem(
            key="results_chains",
            label=texts(
                en="Programmes set out their expected outputs and outcomes in a results chain with indicators",
                es="Los programas exponen sus productos y resultados esperados en una cadena de resultados con indicadores",
                pt="Os programas apresentam seus produtos e resultados esperados em uma cadeia de resultados com indicadores",
                fr="Les programmes présentent leurs produits et résultats attendus dans une chaîne de résultats assortie d'indicateurs",
            ),
            guidance=texts(
                en="Evidence: programme documents or logical frameworks of the main programmes. Score 0 when programmes list activities only; 5 when all main programmes have results chains with output and outcome indicators.",
                es="Evidencia: documentos de programa o marcos lógicos de los principales programas. Puntaje 0 cuando los programas solo enumeran actividades; 5 cuando todos los programas principales tienen cadenas de resultados con indicadores de producto y de resultado.",
                pt="Evidências: documentos de programa ou marcos lógicos dos principais programas. Pontuação 0 quando os programas só listam atividades; 5 quando todos os programas principais têm cadeias de resultados com indicadores de produto e de resultado.",
                fr="Éléments probants : documents de programme ou cadres logiques des principaux programmes. Note 0 lorsque les programmes ne listent que des activités ; 5 lorsque tous les grands programmes disposent de chaînes de résultats avec des indicateurs de produit et de résultat.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

PILLAR = InstrumentPillar(
    key="planning_for_results",
    label=texts(
        en="Planning for results",
        es="Planificación orientada a resultados",
        pt="Planejamento orientado a resultados",
        fr="Planification axée sur les résultats",
    ),
    components=(STRATEGIC_PLANNING, PARTICIPATORY_PLANNING, OPERATIONAL_PLANNING),
    aggregation=AVERAGE,
)
