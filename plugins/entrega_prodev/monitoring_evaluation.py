"""Pillar 5: monitoring and evaluation: the statistics it rests on, monitoring of the government's plan and
programmes, and evaluation of what they achieve."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_prodev.scale import AVERAGE

STATISTICS = InstrumentComponent(
    key="statistics",
    label=texts(
        en="Statistics systems",
        es="Sistemas de información estadística",
        pt="Sistemas de informação estatística",
        fr="Systèmes d'information statistique",
    ),
    items=(
        InstrumentItem(
            key="statistics_office",
            label=texts(
                en="The national statistics office is independent by law and has the resources to produce core statistics",
                es="La oficina nacional de estadística es independiente por ley y cuenta con los recursos para producir las estadísticas básicas",
                pt="O instituto nacional de estatística é independente por lei e dispõe dos recursos para produzir as estatísticas básicas",
                fr="L'institut national de la statistique est indépendant en droit et dispose des ressources nécessaires pour produire les statistiques de base",
            ),
            guidance=texts(
                en="Evidence: the statistics law, the office's budget and staffing, and a national statistics plan. Score lower when core series are interrupted for lack of funds.",
                es="Evidencia: la ley de estadística, el presupuesto y el personal de la oficina, y un plan estadístico nacional. Asigne un puntaje más bajo cuando las series básicas se interrumpen por falta de recursos.",
                pt="Evidências: a lei de estatística, o orçamento e o pessoal do instituto, e um plano estatístico nacional. Atribua pontuação mais baixa quando as séries básicas são interrompidas por falta de recursos.",
                fr="Éléments probants : la loi statistique, le budget et les effectifs de l'institut, et une stratégie nationale de développement de la statistique. Notez plus bas lorsque des séries de base sont interrompues faute de moyens.",
            ),
        ),
        InstrumentItem(
            key="censuses_and_surveys",
            label=texts(
                en="Censuses and household surveys are carried out regularly and their data are published",
                es="Los censos y las encuestas de hogares se realizan con regularidad y sus datos se publican",
                pt="Os censos e as pesquisas domiciliares são realizados regularmente e seus dados são publicados",
                fr="Les recensements et les enquêtes auprès des ménages sont réalisés régulièrement et leurs données sont publiées",
            ),
            guidance=texts(
                en="Evidence: the dates of the last population census and household surveys, and access to their microdata. Score 5 for a census within ten years, annual household surveys and open microdata.",
                es="Evidencia: las fechas del último censo de población y de las encuestas de hogares, y el acceso a sus microdatos. Puntaje 5 con un censo de los últimos diez años, encuestas de hogares anuales y microdatos abiertos.",
                pt="Evidências: as datas do último censo demográfico e das pesquisas domiciliares, e o acesso aos seus microdados. Pontuação 5 com um censo dos últimos dez anos, pesquisas domiciliares anuais e microdados abertos.",
                fr="Éléments probants : les dates du dernier recensement de la population et des enquêtes auprès des ménages, et l'accès à leurs microdonnées. Note 5 pour un recensement de moins de dix ans, des enquêtes annuelles auprès des ménages et des microdonnées ouvertes.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

MONITORING = InstrumentComponent(
    key="monitoring",
    label=texts(
        en="Monitoring of government management",
        es="Monitoreo de la gestión gubernamental",
        pt="Monitoramento da gestão governamental",
        fr="Suivi de l'action gouvernementale",
    ),
    items=(
        InstrumentItem(
            key="plan_monitored",
            label=texts(
                en="An institution monitors the plan's objectives and targets with indicators, baselines and regular reports",
                es="Una institución da seguimiento a los objetivos y las metas del plan con indicadores, líneas de base e informes periódicos",
                pt="Uma instituição monitora os objetivos e as metas do plano com indicadores, linhas de base e relatórios periódicos",
                fr="Une institution suit les objectifs et les cibles du plan au moyen d'indicateurs, de situations de référence et de rapports réguliers",
            ),
            guidance=texts(
                en="Evidence: the monitoring mandate, the set of indicators and the latest monitoring reports. Score 0 when nobody monitors the plan; 5 when reports are regular, complete and public.",
                es="Evidencia: el mandato de monitoreo, el conjunto de indicadores y los últimos informes de seguimiento. Puntaje 0 cuando nadie da seguimiento al plan; 5 cuando los informes son periódicos, completos y públicos.",
                pt="Evidências: o mandato de monitoramento, o conjunto de indicadores e os últimos relatórios de monitoramento. Pontuação 0 quando ninguém monitora o plano; 5 quando os relatórios são periódicos, completos e públicos.",
                fr="Éléments probants : le mandat de suivi, le jeu d'indicateurs et les derniers rapports de suivi. Note 0 lorsque personne ne suit le plan ; 5 lorsque les rapports sont réguliers, complets et publics.",
            ),
        ),
        InstrumentItem(
            key="monitoring_information_system",
            label=texts(
                en="A monitoring information system gathers programme data and makes them available to decision makers and the public",
                es="Un sistema de información de monitoreo reúne los datos de los programas y los pone a disposición de quienes toman decisiones y del público",
                pt="Um sistema de informação de monitoramento reúne os dados dos programas e os disponibiliza aos tomadores de decisão e ao público",
                fr="Un système d'information de suivi rassemble les données des programmes et les met à la disposition des décideurs et du public",
            ),
            guidance=texts(
                en="Evidence: the system, the programmes it covers, how often data are entered and who can see them. Score by coverage, timeliness and openness.",
                es="Evidencia: el sistema, los programas que cubre, la frecuencia con que se cargan los datos y quién puede consultarlos. Puntúe según la cobertura, la oportunidad y la apertura.",
                pt="Evidências: o sistema, os programas que cobre, a frequência com que os dados são inseridos e quem pode consultá-los. Pontue conforme a cobertura, a tempestividade e a abertura.",
                fr="Éléments probants : le système, les programmes qu'il couvre, la fréquence de saisie des données et qui peut les consulter. Notez selon la couverture, la fraîcheur et l'ouverture des données.",
            ),
        ),
        InstrumentItem(
            key="monitoring_used",
            label=texts(
                en="Monitoring findings are used in budget and management decisions",
                es="Los hallazgos del monitoreo se utilizan en las decisiones presupuestarias y de gestión",
                pt="As constatações do monitoramento são utilizadas nas decisões orçamentárias e de gestão",
                fr="Les constats du suivi sont utilisés dans les décisions budgétaires et de gestion",
            ),
            guidance=texts(
                en="Evidence: documented decisions (reallocations, corrective actions, programme redesigns) that cite monitoring reports. Score 1 or 2 when reports are produced but no decision can be traced to them.",
                es="Evidencia: decisiones documentadas (reasignaciones, acciones correctivas, rediseños de programas) que citan informes de monitoreo. Puntaje 1 o 2 cuando se producen informes pero no se puede rastrear ninguna decisión basada en ellos.",
                pt="Evidências: decisões documentadas (realocações, ações corretivas, redesenhos de programas) que citam relatórios de monitoramento. Pontuação 1 ou 2 quando os relatórios são produzidos mas nenhuma decisão pode ser atribuída a eles.",
                fr="Éléments probants : décisions documentées (réaffectations, actions correctives, refontes de programmes) qui citent les rapports de suivi. Note 1 ou 2 lorsque des rapports sont produits mais qu'aucune décision ne peut leur être rattachée.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

EVALUATION = InstrumentComponent(
    key="evaluation",
    label=texts(
        en="Evaluation of programmes and policies",
        es="Evaluación de programas y políticas",
        pt="Avaliação de programas e políticas",
        fr="Évaluation des programmes et des politiques",
    ),
    items=(
        InstrumentItem(
            key="evaluation_framework",
            label=texts(
                en="A legal and institutional framework assigns responsibility for evaluating programmes and policies",
                es="Un marco legal e institucional asigna la responsabilidad de evaluar los programas y las políticas",
                pt="Um marco legal e institucional atribui a responsabilidade de avaliar os programas e as políticas",
                fr="Un cadre juridique et institutionnel attribue la responsabilité de l'évaluation des programmes et des politiques",
            ),
            guidance=texts(
                en="Evidence: the law or regulation on evaluation, the body responsible, its budget and its methodological guidelines. Score 0 when evaluation depends entirely on donors.",
                es="Evidencia: la ley o el reglamento sobre evaluación, el organismo responsable, su presupuesto y sus lineamientos metodológicos. Puntaje 0 cuando la evaluación depende por completo de los donantes.",
                pt="Evidências: a lei ou o regulamento sobre avaliação, o órgão responsável, seu orçamento e suas diretrizes metodológicas. Pontuação 0 quando a avaliação depende inteiramente dos doadores.",
                fr="Éléments probants : la loi ou le règlement sur l'évaluation, l'organe responsable, son budget et ses lignes directrices méthodologiques. Note 0 lorsque l'évaluation dépend entièrement des bailleurs de fonds.",
            ),
        ),
        InstrumentItem(
            key="evaluation_agenda",
            label=texts(
                en="Programmes are evaluated under an annual agenda, with impact, process and design evaluations",
                es="Los programas se evalúan según una agenda anual, con evaluaciones de impacto, de procesos y de diseño",
                pt="Os programas são avaliados segundo uma agenda anual, com avaliações de impacto, de processo e de desenho",
                fr="Les programmes sont évalués selon un programme annuel, au moyen d'évaluations d'impact, de processus et de conception",
            ),
            guidance=texts(
                en="Evidence: the evaluation agenda and the evaluations completed over the last three years, with the share of spending they cover. Score by coverage and by the rigour of the methods used.",
                es="Evidencia: la agenda de evaluaciones y las evaluaciones concluidas en los últimos tres años, con la proporción del gasto que cubren. Puntúe según la cobertura y el rigor de los métodos utilizados.",
                pt="Evidências: a agenda de avaliações e as avaliações concluídas nos últimos três anos, com a proporção da despesa que cobrem. Pontue conforme a cobertura e o rigor dos métodos utilizados.",
                fr="Éléments probants : le programme d'évaluations et les évaluations achevées au cours des trois dernières années, avec la part des dépenses qu'elles couvrent. Notez selon la couverture et la rigueur des méthodes employées.",
            ),
        ),
        InstrumentItem(
            key="evaluation_used",
            label=texts(
                en="Evaluation results are published and lead to agreed improvements that are followed up",
                es="Los resultados de las evaluaciones se publican y dan lugar a mejoras acordadas a las que se da seguimiento",
                pt="Os resultados das avaliações são publicados e levam a melhorias pactuadas que são acompanhadas",
                fr="Les résultats des évaluations sont publiés et donnent lieu à des améliorations convenues qui font l'objet d'un suivi",
            ),
            guidance=texts(
                en="Evidence: published evaluation reports, management responses or improvement commitments, and their follow-up. Score 5 when every evaluation has a published response and the commitments are tracked until met.",
                es="Evidencia: informes de evaluación publicados, respuestas de la gestión o compromisos de mejora, y su seguimiento. Puntaje 5 cuando cada evaluación tiene una respuesta publicada y los compromisos se siguen hasta su cumplimiento.",
                pt="Evidências: relatórios de avaliação publicados, respostas da gestão ou compromissos de melhoria, e seu acompanhamento. Pontuação 5 quando cada avaliação tem uma resposta publicada e os compromissos são acompanhados até seu cumprimento.",
                fr="Éléments probants : rapports d'évaluation publiés, réponses de la direction ou engagements d'amélioration, et leur suivi. Note 5 lorsque chaque évaluation fait l'objet d'une réponse publiée et que les engagements sont suivis jusqu'à leur réalisation.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

PILLAR = InstrumentPillar(
    key="monitoring_and_evaluation",
    label=texts(
        en="Monitoring and evaluation",
        es="Monitoreo y evaluación",
        pt="Monitoramento e avaliação",
        fr="Suivi et évaluation",
    ),
    components=(STATISTICS, MONITORING, EVALUATION),
    aggregation=AVERAGE,
)
