"""Pillar 4: programme and project management: choosing public investment well, and managing the goods and
services the main sectors deliver for results."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_prodev.scale import AVERAGE

PUBLIC_INVESTMENT = InstrumentComponent(
    key="public_investment",
    label=texts(
        en="Ex-ante evaluation and prioritisation of investment projects",
        es="Evaluación ex ante y priorización de proyectos de inversión",
        pt="Avaliação ex ante e priorização de projetos de investimento",
        fr="Évaluation ex ante et hiérarchisation des projets d'investissement",
    ),
    items=(
        InstrumentItem(
            key="ex_ante_evaluation",
            label=texts(
                en="A national public investment system appraises projects ex ante, with common methods, before they enter the budget",
                es="Un sistema nacional de inversión pública evalúa ex ante los proyectos, con metodologías comunes, antes de que entren al presupuesto",
                pt="Um sistema nacional de investimento público avalia ex ante os projetos, com metodologias comuns, antes que entrem no orçamento",
                fr="Un système national d'investissement public évalue ex ante les projets, selon des méthodes communes, avant leur inscription au budget",
            ),
            guidance=texts(
                en="Evidence: the system's legal basis, its appraisal methods (cost-benefit, cost-effectiveness) and the share of investment spending appraised. Score 0 when projects reach the budget without appraisal.",
                es="Evidencia: la base legal del sistema, sus metodologías de evaluación (costo-beneficio, costo-efectividad) y la proporción del gasto de inversión evaluada. Puntaje 0 cuando los proyectos llegan al presupuesto sin evaluación.",
                pt="Evidências: a base legal do sistema, suas metodologias de avaliação (custo-benefício, custo-efetividade) e a proporção do gasto de investimento avaliada. Pontuação 0 quando os projetos chegam ao orçamento sem avaliação.",
                fr="Éléments probants : la base juridique du système, ses méthodes d'évaluation (coûts-avantages, coût-efficacité) et la part des dépenses d'investissement évaluées. Note 0 lorsque les projets arrivent au budget sans évaluation.",
            ),
        ),
        InstrumentItem(
            key="investment_prioritised",
            label=texts(
                en="Projects are prioritised by their contribution to the plan's objectives and their social return",
                es="Los proyectos se priorizan según su contribución a los objetivos del plan y su rentabilidad social",
                pt="Os projetos são priorizados segundo sua contribuição para os objetivos do plano e seu retorno social",
                fr="Les projets sont hiérarchisés selon leur contribution aux objectifs du plan et leur rentabilité socio-économique",
            ),
            guidance=texts(
                en="Evidence: the prioritisation criteria and the ranking used in the latest budget. Score lower when projects are funded outside the ranking.",
                es="Evidencia: los criterios de priorización y el orden de prelación utilizado en el último presupuesto. Asigne un puntaje más bajo cuando se financian proyectos fuera de ese orden.",
                pt="Evidências: os critérios de priorização e a classificação utilizada no último orçamento. Atribua pontuação mais baixa quando projetos são financiados fora dessa classificação.",
                fr="Éléments probants : les critères de hiérarchisation et le classement utilisé pour le dernier budget. Notez plus bas lorsque des projets sont financés hors de ce classement.",
            ),
        ),
        InstrumentItem(
            key="project_bank",
            label=texts(
                en="A project bank records every investment project, its appraisal and its progress",
                es="Un banco de proyectos registra cada proyecto de inversión, su evaluación y su avance",
                pt="Um banco de projetos registra cada projeto de investimento, sua avaliação e seu andamento",
                fr="Une banque de projets enregistre chaque projet d'investissement, son évaluation et son avancement",
            ),
            guidance=texts(
                en="Evidence: the project bank, its coverage and how current its physical and financial progress data are. Score 5 when it covers all projects and is updated at least every quarter.",
                es="Evidencia: el banco de proyectos, su cobertura y qué tan actualizados están sus datos de avance físico y financiero. Puntaje 5 cuando cubre todos los proyectos y se actualiza al menos cada trimestre.",
                pt="Evidências: o banco de projetos, sua cobertura e quão atualizados estão seus dados de andamento físico e financeiro. Pontuação 5 quando cobre todos os projetos e é atualizado pelo menos a cada trimestre.",
                fr="Éléments probants : la banque de projets, sa couverture et la fraîcheur de ses données d'avancement physique et financier. Note 5 lorsqu'elle couvre tous les projets et est mise à jour au moins chaque trimestre.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

SECTOR_MANAGEMENT = InstrumentComponent(
    key="sector_management",
    label=texts(
        en="Sector management of goods and services",
        es="Gestión sectorial de bienes y servicios",
        pt="Gestão setorial de bens e serviços",
        fr="Gestion sectorielle des biens et services",
    ),
    items=(
        InstrumentItem(
            key="sector_medium_term_plans",
            label=texts(
                en="The main service sectors (education, health, social protection, infrastructure) have medium-term plans with targets aligned with the national plan",
                es="Los principales sectores de servicios (educación, salud, protección social, infraestructura) tienen planes de mediano plazo con metas alineadas con el plan nacional",
                pt="Os principais setores de serviços (educação, saúde, proteção social, infraestrutura) têm planos de médio prazo com metas alinhadas ao plano nacional",
                fr="Les principaux secteurs de services (éducation, santé, protection sociale, infrastructures) disposent de plans à moyen terme dont les cibles sont alignées sur le plan national",
            ),
            guidance=texts(
                en="Evidence: the plan in force in each sector and its targets. Score 5 when all four sectors have plans with quantified targets traced to the national plan.",
                es="Evidencia: el plan vigente de cada sector y sus metas. Puntaje 5 cuando los cuatro sectores tienen planes con metas cuantificadas vinculadas con el plan nacional.",
                pt="Evidências: o plano vigente de cada setor e suas metas. Pontuação 5 quando os quatro setores têm planos com metas quantificadas vinculadas ao plano nacional.",
                fr="Éléments probants : le plan en vigueur dans chaque secteur et ses cibles. Note 5 lorsque les quatre secteurs ont des plans aux cibles chiffrées rattachées au plan national.",
            ),
        ),
        InstrumentItem(
            key="service_standards",
            label=texts(
                en="Sectors set quality standards for the goods and services they deliver and measure against them",
                es="Los sectores fijan estándares de calidad para los bienes y servicios que prestan y los miden",
                pt="Os setores definem padrões de qualidade para os bens e serviços que prestam e os medem",
                fr="Les secteurs fixent des normes de qualité pour les biens et services qu'ils fournissent et en mesurent le respect",
            ),
            guidance=texts(
                en="Evidence: published service standards (waiting times, coverage, learning outcomes) and the latest measurements against them. Score 0 when there are no standards.",
                es="Evidencia: estándares de servicio publicados (tiempos de espera, cobertura, aprendizajes) y las últimas mediciones frente a ellos. Puntaje 0 cuando no hay estándares.",
                pt="Evidências: padrões de serviço publicados (tempos de espera, cobertura, aprendizagem) e as últimas medições em relação a eles. Pontuação 0 quando não há padrões.",
                fr="Éléments probants : normes de service publiées (délais d'attente, couverture, acquis scolaires) et dernières mesures au regard de ces normes. Note 0 en l'absence de normes.",
            ),
        ),
        InstrumentItem(
            key="sector_information_systems",
            label=texts(
                en="Sector information systems record the goods and services delivered, their cost and who received them",
                es="Los sistemas de información sectoriales registran los bienes y servicios entregados, su costo y quiénes los recibieron",
                pt="Os sistemas de informação setoriais registram os bens e serviços entregues, seu custo e quem os recebeu",
                fr="Les systèmes d'information sectoriels enregistrent les biens et services fournis, leur coût et leurs bénéficiaires",
            ),
            guidance=texts(
                en="Evidence: the sectors' management information systems (for example registers of schools or health facilities, beneficiary registries) and whether they link outputs to costs. Score by coverage and reliability.",
                es="Evidencia: los sistemas de información de gestión de los sectores (por ejemplo, registros de escuelas o de establecimientos de salud, registros de beneficiarios) y si vinculan productos con costos. Puntúe según su cobertura y confiabilidad.",
                pt="Evidências: os sistemas de informação gerencial dos setores (por exemplo, cadastros de escolas ou de unidades de saúde, cadastros de beneficiários) e se vinculam produtos a custos. Pontue conforme sua cobertura e confiabilidade.",
                fr="Éléments probants : les systèmes d'information de gestion des secteurs (par exemple registres des écoles ou des formations sanitaires, registres des bénéficiaires) et le lien qu'ils établissent entre produits et coûts. Notez selon leur couverture et leur fiabilité.",
            ),
        ),
        InstrumentItem(
            key="sector_results_accountability",
            label=texts(
                en="Sector managers answer for results through targets and periodic performance reviews",
                es="Los responsables sectoriales rinden cuentas por resultados mediante metas y revisiones periódicas del desempeño",
                pt="Os gestores setoriais respondem por resultados por meio de metas e revisões periódicas de desempenho",
                fr="Les responsables sectoriels rendent compte des résultats au moyen de cibles et de revues périodiques de la performance",
            ),
            guidance=texts(
                en="Evidence: the targets assigned to sector managers and the records of the performance reviews held in the last year. Score 1 or 2 when reviews look at spending only.",
                es="Evidencia: las metas asignadas a los responsables sectoriales y los registros de las revisiones de desempeño del último año. Puntaje 1 o 2 cuando las revisiones solo miran la ejecución del gasto.",
                pt="Evidências: as metas atribuídas aos gestores setoriais e os registros das revisões de desempenho do último ano. Pontuação 1 ou 2 quando as revisões olham apenas a execução da despesa.",
                fr="Éléments probants : les cibles assignées aux responsables sectoriels et les comptes rendus des revues de performance de la dernière année. Note 1 ou 2 lorsque les revues ne portent que sur l'exécution des dépenses.",
            ),
        ),
    ),
    aggregation=AVERAGE,
)

PILLAR = InstrumentPillar(
    key="programme_and_project_management",
    label=texts(
        en="Programme and project management",
        es="Gestión de programas y proyectos",
        pt="Gestão de programas e projetos",
        fr="Gestion des programmes et des projets",
    ),
    components=(PUBLIC_INVESTMENT, SECTOR_MANAGEMENT),
    aggregation=AVERAGE,
)
