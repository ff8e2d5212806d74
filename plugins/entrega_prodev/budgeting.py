"""Pillar 2: budgeting for results: a multi-year fiscal frame, a budget organised and allocated by results,
incentives to perform, and budget information the public can see."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_prodev.scale import AVERAGE

MEDIUM_TERM_FISCAL_FRAMEWORK = InstrumentComponent(
    key="medium_term_fiscal_framework",
    label=texts(
        en="Medium-term fiscal framework",
        es="Marco fiscal de mediano plazo",
        pt="Marco fiscal de médio prazo",
        fr="Cadre budgétaire à moyen terme",
    ),
    items=(
        InstrumentItem(
            key="fiscal_framework_in_place",
            label=texts(
                en="A medium-term fiscal framework projects revenue, spending and financing for at least three years and is updated every year",
                es="Un marco fiscal de mediano plazo proyecta ingresos, gastos y financiamiento por al menos tres años y se actualiza cada año",
                pt="Um marco fiscal de médio prazo projeta receitas, despesas e financiamento para pelo menos três anos e é atualizado anualmente",
                fr="Un cadre budgétaire à moyen terme projette les recettes, les dépenses et le financement sur au moins trois ans et est actualisé chaque année",
            ),
            guidance=texts(
                en="Evidence: the latest framework document, its horizon and date of update, and whether it is published with the budget. Score 0 when there is no multi-year projection.",
                es="Evidencia: el último documento del marco, su horizonte y fecha de actualización, y si se publica junto con el presupuesto. Puntaje 0 cuando no existe ninguna proyección plurianual.",
                pt="Evidências: o último documento do marco, seu horizonte e data de atualização, e se é publicado junto com o orçamento. Pontuação 0 quando não existe nenhuma projeção plurianual.",
                fr="Éléments probants : le dernier document de cadrage, son horizon et sa date d'actualisation, et sa publication avec le budget. Note 0 en l'absence de toute projection pluriannuelle.",
            ),
        ),
        InstrumentItem(
            key="fiscal_rules",
            label=texts(
                en="Fiscal rules or expenditure ceilings bind the annual budget to the medium-term framework",
                es="Reglas fiscales o techos de gasto vinculan el presupuesto anual con el marco de mediano plazo",
                pt="Regras fiscais ou tetos de gasto vinculam o orçamento anual ao marco de médio prazo",
                fr="Des règles budgétaires ou des plafonds de dépenses lient le budget annuel au cadre à moyen terme",
            ),
            guidance=texts(
                en="Evidence: the fiscal responsibility law or the ceilings, and the gap between the framework's projections and the budgets later approved. Score higher when ceilings are set by sector and deviations are explained in public.",
                es="Evidencia: la ley de responsabilidad fiscal o los techos, y la diferencia entre las proyecciones del marco y los presupuestos aprobados después. Asigne un puntaje más alto cuando los techos se fijan por sector y las desviaciones se explican públicamente.",
                pt="Evidências: a lei de responsabilidade fiscal ou os tetos, e a diferença entre as projeções do marco e os orçamentos aprovados depois. Atribua pontuação mais alta quando os tetos são fixados por setor e os desvios são explicados publicamente.",
                fr="Éléments probants : la loi de responsabilité budgétaire ou les plafonds, et l'écart entre les projections du cadre et les budgets adoptés ensuite. Notez plus haut lorsque les plafonds sont fixés par secteur et que les écarts sont expliqués publiquement.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

PERFORMANCE_BUDGETING = InstrumentComponent(
    key="performance_budgeting",
    label=texts(
        en="Performance-based budgeting",
        es="Presupuesto basado en el desempeño",
        pt="Orçamento baseado em desempenho",
        fr="Budgétisation fondée sur la performance",
    ),
    items=(
        InstrumentItem(
            key="programme_budget",
            label=texts(
                en="The budget is structured by programmes with objectives and performance indicators",
                es="El presupuesto se estructura por programas con objetivos e indicadores de desempeño",
                pt="O orçamento é estruturado por programas com objetivos e indicadores de desempenho",
                fr="Le budget est structuré en programmes assortis d'objectifs et d'indicateurs de performance",
            ),
            guidance=texts(
                en="Evidence: the budget law and its programme classification. Score by the share of spending classified in programmes that have objectives and indicators: 0 for none, 5 for nearly all.",
                es="Evidencia: la ley de presupuesto y su clasificación programática. Puntúe según la proporción del gasto clasificada en programas con objetivos e indicadores: 0 si no hay ninguna, 5 si es casi la totalidad.",
                pt="Evidências: a lei orçamentária e sua classificação programática. Pontue conforme a proporção da despesa classificada em programas com objetivos e indicadores: 0 se nenhuma, 5 se quase a totalidade.",
                fr="Éléments probants : la loi de finances et sa nomenclature par programmes. Notez selon la part des dépenses classée dans des programmes dotés d'objectifs et d'indicateurs : 0 pour aucune, 5 pour la quasi-totalité.",
            ),
        ),
        InstrumentItem(
            key="performance_informs_allocation",
            label=texts(
                en="Performance information is taken into account when the budget is allocated",
                es="La información de desempeño se toma en cuenta al asignar el presupuesto",
                pt="As informações de desempenho são levadas em conta na alocação do orçamento",
                fr="Les informations sur la performance sont prises en compte dans l'allocation du budget",
            ),
            guidance=texts(
                en="Evidence: budget circulars asking for performance information, and examples of allocations changed because of results or evaluations. Score 1 or 2 when indicators are reported but never discussed in budget negotiations.",
                es="Evidencia: circulares presupuestarias que solicitan información de desempeño, y ejemplos de asignaciones modificadas por resultados o evaluaciones. Puntaje 1 o 2 cuando los indicadores se reportan pero nunca se discuten en la negociación presupuestaria.",
                pt="Evidências: circulares orçamentárias que solicitam informações de desempenho, e exemplos de alocações alteradas em razão de resultados ou avaliações. Pontuação 1 ou 2 quando os indicadores são reportados mas nunca discutidos na negociação orçamentária.",
                fr="Éléments probants : circulaires budgétaires demandant des informations sur la performance, et exemples de crédits modifiés au vu des résultats ou d'évaluations. Note 1 ou 2 lorsque les indicateurs sont transmis mais jamais discutés lors des arbitrages budgétaires.",
            ),
        ),
        InstrumentItem(
            key="spending_effectiveness",
            label=texts(
                en="The effectiveness of spending is evaluated and the findings reach the ministry of finance",
                es="La efectividad del gasto se evalúa y sus conclusiones llegan al ministerio de Hacienda",
                pt="A efetividade do gasto é avaliada e suas conclusões chegam ao ministério da Fazenda",
                fr="L'efficacité de la dépense est évaluée et les conclusions parviennent au ministère des Finances",
            ),
            guidance=texts(
                en="Evidence: spending reviews or programme evaluations commissioned or used by the ministry of finance over the last three years. Score 0 when none has been done.",
                es="Evidencia: revisiones del gasto o evaluaciones de programas encargadas o utilizadas por el ministerio de Hacienda en los últimos tres años. Puntaje 0 cuando no se ha hecho ninguna.",
                pt="Evidências: revisões de gasto ou avaliações de programas encomendadas ou utilizadas pelo ministério da Fazenda nos últimos três anos. Pontuação 0 quando nenhuma foi feita.",
                fr="Éléments probants : revues des dépenses ou évaluations de programmes commandées ou utilisées par le ministère des Finances au cours des trois dernières années. Note 0 si aucune n'a été réalisée.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

MANAGEMENT_INCENTIVES = InstrumentComponent(
    key="management_incentives",
    label=texts(
        en="Incentives for effective management",
        es="Incentivos para la efectividad de la gestión",
        pt="Incentivos para a efetividade da gestão",
        fr="Incitations à une gestion efficace",
    ),
    items=(
        InstrumentItem(
            key="performance_agreements",
            label=texts(
                en="Institutions sign management agreements or performance contracts with targets agreed with the centre of government or finance",
                es="Las instituciones firman convenios de gestión o contratos de desempeño con metas acordadas con el centro de gobierno o con Hacienda",
                pt="As instituições firmam acordos de gestão ou contratos de desempenho com metas pactuadas com o centro de governo ou com a Fazenda",
                fr="Les institutions signent des contrats de gestion ou de performance dont les cibles sont convenues avec le centre de gouvernement ou les Finances",
            ),
            guidance=texts(
                en="Evidence: the legal basis, the agreements signed in the last year and the share of institutions they cover. Score higher when compliance is verified and published.",
                es="Evidencia: la base legal, los convenios firmados en el último año y la proporción de instituciones que cubren. Asigne un puntaje más alto cuando el cumplimiento se verifica y se publica.",
                pt="Evidências: a base legal, os acordos firmados no último ano e a proporção de instituições que abrangem. Atribua pontuação mais alta quando o cumprimento é verificado e publicado.",
                fr="Éléments probants : la base juridique, les contrats signés au cours de la dernière année et la part des institutions qu'ils couvrent. Notez plus haut lorsque le respect des engagements est vérifié et publié.",
            ),
        ),
        InstrumentItem(
            key="results_rewarded",
            label=texts(
                en="Institutions and teams that meet their targets receive recognition, management flexibility or budget incentives",
                es="Las instituciones y los equipos que cumplen sus metas reciben reconocimiento, flexibilidad de gestión o incentivos presupuestarios",
                pt="As instituições e equipes que cumprem suas metas recebem reconhecimento, flexibilidade de gestão ou incentivos orçamentários",
                fr="Les institutions et les équipes qui atteignent leurs cibles bénéficient d'une reconnaissance, d'assouplissements de gestion ou d'incitations budgétaires",
            ),
            guidance=texts(
                en="Evidence: the rules of the incentive scheme and its payments or awards in the last cycle, with the targets they were tied to. A scheme that exists on paper but has never been applied scores 1.",
                es="Evidencia: las reglas del esquema de incentivos y sus pagos o reconocimientos en el último ciclo, con las metas a las que estaban vinculados. Un esquema que existe en el papel pero nunca se ha aplicado obtiene 1.",
                pt="Evidências: as regras do esquema de incentivos e seus pagamentos ou reconhecimentos no último ciclo, com as metas às quais estavam vinculados. Um esquema que existe no papel mas nunca foi aplicado recebe 1.",
                fr="Éléments probants : les règles du dispositif d'incitation et ses versements ou distinctions lors du dernier cycle, avec les cibles auxquelles ils étaient liés. Un dispositif qui n'existe que sur le papier et n'a jamais été appliqué obtient 1.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

BUDGET_INFORMATION = InstrumentComponent(
    key="budget_information",
    label=texts(
        en="Dissemination of budget information",
        es="Difusión de la información presupuestaria",
        pt="Divulgação das informações orçamentárias",
        fr="Diffusion de l'information budgétaire",
    ),
    items=(
        InstrumentItem(
            key="budget_documents_published",
            label=texts(
                en="The budget proposal, the approved budget and execution reports are published in accessible formats",
                es="El proyecto de presupuesto, el presupuesto aprobado y los informes de ejecución se publican en formatos accesibles",
                pt="O projeto de orçamento, o orçamento aprovado e os relatórios de execução são publicados em formatos acessíveis",
                fr="Le projet de budget, le budget adopté et les rapports d'exécution sont publiés dans des formats accessibles",
            ),
            guidance=texts(
                en="Evidence: the finance ministry's website and the dates the documents appeared. Score 5 when all are published on time, as open data and with a citizens' budget; 0 when none is public.",
                es="Evidencia: el sitio web del ministerio de Hacienda y las fechas en que aparecieron los documentos. Puntaje 5 cuando todos se publican a tiempo, como datos abiertos y con un presupuesto ciudadano; 0 cuando ninguno es público.",
                pt="Evidências: o sítio do ministério da Fazenda e as datas em que os documentos foram publicados. Pontuação 5 quando todos são publicados no prazo, como dados abertos e com um orçamento cidadão; 0 quando nenhum é público.",
                fr="Éléments probants : le site du ministère des Finances et les dates de parution des documents. Note 5 lorsque tous sont publiés à temps, en données ouvertes et avec un budget citoyen ; 0 lorsqu'aucun n'est public.",
            ),
        ),
        InstrumentItem(
            key="performance_reports_published",
            label=texts(
                en="Performance information on budget programmes is published",
                es="La información de desempeño de los programas presupuestarios se publica",
                pt="As informações de desempenho dos programas orçamentários são publicadas",
                fr="Les informations sur la performance des programmes budgétaires sont publiées",
            ),
            guidance=texts(
                en="Evidence: published performance reports or annexes with the indicators and targets of budget programmes. Score by coverage and timeliness: 0 when none is published.",
                es="Evidencia: informes o anexos de desempeño publicados con los indicadores y las metas de los programas presupuestarios. Puntúe según la cobertura y la oportunidad: 0 cuando no se publica ninguno.",
                pt="Evidências: relatórios ou anexos de desempenho publicados com os indicadores e as metas dos programas orçamentários. Pontue conforme a cobertura e a tempestividade: 0 quando nenhum é publicado.",
                fr="Éléments probants : rapports ou annexes de performance publiés avec les indicateurs et les cibles des programmes budgétaires. Notez selon la couverture et les délais : 0 lorsqu'aucun n'est publié.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

PILLAR = InstrumentPillar(
    key="budgeting_for_results",
    label=texts(
        en="Budgeting for results",
        es="Presupuesto por resultados",
        pt="Orçamento por resultados",
        fr="Budgétisation axée sur les résultats",
    ),
    components=(MEDIUM_TERM_FISCAL_FRAMEWORK, PERFORMANCE_BUDGETING, MANAGEMENT_INCENTIVES, BUDGET_INFORMATION),
    aggregation=AVERAGE,
)
