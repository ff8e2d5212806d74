"""Pillar 3: public financial management: budget execution and accounting, procurement, and audit."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_prodev.scale import AVERAGE

BUDGET_AND_FINANCIAL_MANAGEMENT = InstrumentComponent(
    key="budget_and_financial_management",
    label=texts(
        en="Budget and financial management",
        es="Gestión presupuestaria y financiera",
        pt="Gestão orçamentária e financeira",
        fr="Gestion budgétaire et financière",
    ),
    items=(
        InstrumentItem(
            key="budget_credibility",
            label=texts(
                en="Actual spending stays close to the approved budget, in total and by programme",
                es="El gasto ejecutado se mantiene cerca del presupuesto aprobado, en total y por programa",
                pt="A despesa executada se mantém próxima do orçamento aprovado, no total e por programa",
                fr="Les dépenses exécutées restent proches du budget adopté, au total et par programme",
            ),
            guidance=texts(
                en="Evidence: approved and executed budgets for the last three years (the PEFA budget reliability indicators where available). Score 5 when deviations stay within 5 %; lower as they grow.",
                es="Evidencia: presupuestos aprobados y ejecutados de los últimos tres años (los indicadores PEFA de credibilidad del presupuesto, si existen). Puntaje 5 cuando las desviaciones no superan el 5 %; más bajo a medida que crecen.",
                pt="Evidências: orçamentos aprovados e executados dos últimos três anos (os indicadores PEFA de credibilidade orçamentária, quando disponíveis). Pontuação 5 quando os desvios ficam dentro de 5 %; menor à medida que crescem.",
                fr="Éléments probants : budgets adoptés et exécutés des trois dernières années (les indicateurs PEFA de crédibilité budgétaire, s'ils existent). Note 5 lorsque les écarts restent inférieurs à 5 % ; plus basse à mesure qu'ils augmentent.",
            ),
        ),
        InstrumentItem(
            key="integrated_financial_system",
            label=texts(
                en="An integrated financial management information system records budget execution, treasury and accounting for the central government",
                es="Un sistema integrado de administración financiera registra la ejecución presupuestaria, la tesorería y la contabilidad del gobierno central",
                pt="Um sistema integrado de administração financeira registra a execução orçamentária, a tesouraria e a contabilidade do governo central",
                fr="Un système intégré de gestion des finances publiques enregistre l'exécution budgétaire, la trésorerie et la comptabilité de l'administration centrale",
            ),
            guidance=texts(
                en="Evidence: the system's coverage (institutions and modules), whether a single treasury account operates, and how current its data are. Score by the share of central-government spending recorded in the system.",
                es="Evidencia: la cobertura del sistema (instituciones y módulos), si opera una cuenta única del tesoro y qué tan actualizados están sus datos. Puntúe según la proporción del gasto del gobierno central registrada en el sistema.",
                pt="Evidências: a cobertura do sistema (instituições e módulos), se opera uma conta única do tesouro e quão atualizados estão seus dados. Pontue conforme a proporção da despesa do governo central registrada no sistema.",
                fr="Éléments probants : la couverture du système (institutions et modules), l'existence d'un compte unique du Trésor et la fraîcheur des données. Notez selon la part des dépenses de l'administration centrale enregistrée dans le système.",
            ),
        ),
        InstrumentItem(
            key="accounts_on_time",
            label=texts(
                en="Government accounts are closed and presented on time, following recognised accounting standards",
                es="Las cuentas del gobierno se cierran y presentan a tiempo, conforme a normas contables reconocidas",
                pt="As contas do governo são encerradas e apresentadas no prazo, segundo normas contábeis reconhecidas",
                fr="Les comptes de l'État sont clôturés et présentés dans les délais, selon des normes comptables reconnues",
            ),
            guidance=texts(
                en="Evidence: the dates the latest annual accounts reached the audit institution, and the standards applied (for example IPSAS). Score 0 when the accounts are years late.",
                es="Evidencia: las fechas en que las últimas cuentas anuales llegaron a la entidad fiscalizadora superior y las normas aplicadas (por ejemplo, las NICSP). Puntaje 0 cuando las cuentas tienen años de atraso.",
                pt="Evidências: as datas em que as últimas contas anuais chegaram à entidade fiscalizadora superior e as normas aplicadas (por exemplo, as IPSAS). Pontuação 0 quando as contas estão anos atrasadas.",
                fr="Éléments probants : les dates de transmission des derniers comptes annuels à l'institution supérieure de contrôle et les normes appliquées (par exemple les normes IPSAS). Note 0 lorsque les comptes ont des années de retard.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

PROCUREMENT = InstrumentComponent(
    key="procurement",
    label=texts(
        en="Public procurement",
        es="Adquisiciones públicas",
        pt="Compras públicas",
        fr="Marchés publics",
    ),
    items=(
        InstrumentItem(
            key="procurement_law",
            label=texts(
                en="A procurement law makes open competition the rule across the public sector",
                es="Una ley de contrataciones públicas establece la licitación abierta como regla en todo el sector público",
                pt="Uma lei de compras públicas estabelece a licitação aberta como regra em todo o setor público",
                fr="Une loi sur les marchés publics fait de la mise en concurrence ouverte la règle dans tout le secteur public",
            ),
            guidance=texts(
                en="Evidence: the law, its coverage and the share of contract value awarded through open competition. Score lower when exceptions and direct awards are widespread.",
                es="Evidencia: la ley, su cobertura y la proporción del valor contratado por licitación abierta. Asigne un puntaje más bajo cuando las excepciones y las contrataciones directas son frecuentes.",
                pt="Evidências: a lei, sua cobertura e a proporção do valor contratado por licitação aberta. Atribua pontuação mais baixa quando as exceções e as contratações diretas são frequentes.",
                fr="Éléments probants : la loi, son champ d'application et la part de la valeur des marchés attribuée par mise en concurrence ouverte. Notez plus bas lorsque les dérogations et les marchés de gré à gré sont répandus.",
            ),
        ),
        InstrumentItem(
            key="e_procurement",
            label=texts(
                en="An electronic procurement system publishes opportunities, awards and contracts",
                es="Un sistema electrónico de contrataciones publica convocatorias, adjudicaciones y contratos",
                pt="Um sistema eletrônico de compras publica editais, adjudicações e contratos",
                fr="Un système électronique de passation des marchés publie les avis, les attributions et les contrats",
            ),
            guidance=texts(
                en="Evidence: the e-procurement portal, the institutions using it and the stages of the process it covers. Score 5 when every institution uses it for the whole cycle and its data are open.",
                es="Evidencia: el portal de contrataciones electrónicas, las instituciones que lo utilizan y las etapas del proceso que cubre. Puntaje 5 cuando todas las instituciones lo usan para todo el ciclo y sus datos son abiertos.",
                pt="Evidências: o portal de compras eletrônicas, as instituições que o utilizam e as etapas do processo que cobre. Pontuação 5 quando todas as instituições o usam para todo o ciclo e seus dados são abertos.",
                fr="Éléments probants : le portail de passation électronique, les institutions qui l'utilisent et les étapes de la procédure qu'il couvre. Note 5 lorsque toutes les institutions l'utilisent pour l'ensemble du cycle et que ses données sont ouvertes.",
            ),
        ),
        InstrumentItem(
            key="procurement_complaints",
            label=texts(
                en="Bidders can challenge procurement decisions before an independent body that rules within set deadlines",
                es="Los oferentes pueden impugnar las decisiones de contratación ante un órgano independiente que resuelve en plazos establecidos",
                pt="Os licitantes podem contestar as decisões de contratação perante um órgão independente que decide em prazos definidos",
                fr="Les soumissionnaires peuvent contester les décisions d'attribution devant un organe indépendant qui statue dans des délais fixés",
            ),
            guidance=texts(
                en="Evidence: the complaints mechanism, its independence from the procuring entities, and its decisions and response times over the last year.",
                es="Evidencia: el mecanismo de impugnación, su independencia respecto de las entidades contratantes, y sus resoluciones y plazos de respuesta en el último año.",
                pt="Evidências: o mecanismo de recursos, sua independência em relação às entidades contratantes, e suas decisões e prazos de resposta no último ano.",
                fr="Éléments probants : le mécanisme de recours, son indépendance vis-à-vis des entités adjudicatrices, et ses décisions et délais de réponse au cours de la dernière année.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

AUDIT = InstrumentComponent(
    key="audit",
    label=texts(
        en="Internal and external audit",
        es="Auditoría interna y externa",
        pt="Auditoria interna e externa",
        fr="Audit interne et externe",
    ),
    items=(
        InstrumentItem(
            key="internal_audit",
            label=texts(
                en="Internal audit units work in ministries under common standards and focus on risk and performance",
                es="Unidades de auditoría interna trabajan en los ministerios bajo normas comunes y se centran en los riesgos y el desempeño",
                pt="Unidades de auditoria interna atuam nos ministérios sob normas comuns e têm foco em riscos e desempenho",
                fr="Des services d'audit interne opèrent dans les ministères selon des normes communes et se concentrent sur les risques et la performance",
            ),
            guidance=texts(
                en="Evidence: the internal audit framework, the ministries it covers, annual audit plans and reports. Score 1 or 2 when audit is limited to checking transactions before payment.",
                es="Evidencia: el marco de auditoría interna, los ministerios que cubre, los planes anuales y los informes de auditoría. Puntaje 1 o 2 cuando la auditoría se limita al control previo de las transacciones.",
                pt="Evidências: o marco de auditoria interna, os ministérios que abrange, os planos anuais e os relatórios de auditoria. Pontuação 1 ou 2 quando a auditoria se limita ao controle prévio das transações.",
                fr="Éléments probants : le cadre de l'audit interne, les ministères couverts, les plans annuels et les rapports d'audit. Note 1 ou 2 lorsque l'audit se limite au contrôle a priori des opérations.",
            ),
        ),
        InstrumentItem(
            key="external_audit",
            label=texts(
                en="The supreme audit institution is independent, audits the government's accounts every year and publishes its reports",
                es="La entidad fiscalizadora superior es independiente, audita las cuentas del gobierno cada año y publica sus informes",
                pt="A entidade fiscalizadora superior é independente, audita as contas do governo todos os anos e publica seus relatórios",
                fr="L'institution supérieure de contrôle est indépendante, vérifie chaque année les comptes de l'État et publie ses rapports",
            ),
            guidance=texts(
                en="Evidence: the audit institution's legal independence, its annual audit of the accounts, the share of spending audited and its published reports. Score 0 when the accounts go unaudited.",
                es="Evidencia: la independencia legal de la entidad fiscalizadora, su auditoría anual de las cuentas, la proporción del gasto auditado y sus informes publicados. Puntaje 0 cuando las cuentas no se auditan.",
                pt="Evidências: a independência legal da entidade fiscalizadora, sua auditoria anual das contas, a proporção da despesa auditada e seus relatórios publicados. Pontuação 0 quando as contas não são auditadas.",
                fr="Éléments probants : l'indépendance juridique de l'institution de contrôle, son audit annuel des comptes, la part des dépenses auditées et ses rapports publiés. Note 0 lorsque les comptes ne sont pas audités.",
            ),
        ),
        InstrumentItem(
            key="audit_follow_up",
            label=texts(
                en="The executive acts on audit recommendations and the legislature examines audit reports",
                es="El poder ejecutivo atiende las recomendaciones de auditoría y el poder legislativo examina los informes de auditoría",
                pt="O Poder Executivo atende às recomendações de auditoria e o Legislativo examina os relatórios de auditoria",
                fr="L'exécutif donne suite aux recommandations d'audit et le Parlement examine les rapports d'audit",
            ),
            guidance=texts(
                en="Evidence: the follow-up register of recommendations with their status, and legislative hearings on audit reports. Score by the share of recommendations implemented.",
                es="Evidencia: el registro de seguimiento de las recomendaciones con su estado, y las sesiones legislativas sobre los informes de auditoría. Puntúe según la proporción de recomendaciones implementadas.",
                pt="Evidências: o registro de acompanhamento das recomendações com a sua situação, e as audiências legislativas sobre os relatórios de auditoria. Pontue conforme a proporção de recomendações implementadas.",
                fr="Éléments probants : le registre de suivi des recommandations et leur état, et les auditions parlementaires sur les rapports d'audit. Notez selon la part des recommandations mises en œuvre.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

PILLAR = InstrumentPillar(
    key="public_financial_management",
    label=texts(
        en="Public financial management",
        es="Gestión financiera pública",
        pt="Gestão financeira pública",
        fr="Gestion des finances publiques",
    ),
    components=(BUDGET_AND_FINANCIAL_MANAGEMENT, PROCUREMENT, AUDIT),
    aggregation=AVERAGE,
)
