"""A living delivery workspace for each demo government: five priorities owned by its ministries, two or
three indicators each with a baseline, a target and an S-shaped or straight trajectory, two years or so of
monthly and quarterly values in every state of review (with gaps, late values, notes where a value is off
track, evidence, one value returned and one corrected), milestones (some late), delivery chains with weak
links, and budget programmes with monthly execution (one under-executed).

Deterministic: the same government gets the same workspace on the same day. Idempotent: a government that
already has priorities is left alone. Written through the services (validated and audited), except the
values' first versions, which are inserted with the dates they would have arrived on so that timeliness
reads as it would in a real unit (the services stamp the present moment).
"""

from __future__ import annotations

import hashlib
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from entrega.audit.services import acting_as, record
from entrega.db import Engines
from entrega.delivery import measurements, periods, services
from entrega.delivery.facts import Judge
from entrega.delivery.models import Indicator, Measurement, MeasurementStatus, Priority
from entrega.delivery.trajectories import Shape, draw
from entrega.extensions.contract import CommonRating, ExtraField, FieldType, Frequency, Texts
from entrega.extensions.extra_fields import definitions
from entrega.extensions.runtime import ResolvedModel
from entrega.identity.services import now
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.models import Ministry, Tenant


def T(en: str, es: str, pt: str, fr: str) -> Texts:
    """A text in the four interface languages, positional so the catalogue reads as a table."""
    return {"en": en, "es": es, "pt": pt, "fr": fr}


@dataclass(frozen=True)
class IndicatorSpec:
    name: Texts
    definition: Texts
    formula: str
    unit: str
    source: Texts
    polarity: str
    baseline: float
    target: float
    shape: Shape
    behaviour: str  # on_track, lagging, off_track, worsening, gappy
    frequency: Frequency = Frequency.MONTHLY
    accumulation: str = "level"
    decimals: int = 1
    owner: str = ""  # a theme of ministry when not the priority's own (an agency under it)


@dataclass(frozen=True)
class PrioritySpec:
    theme: str
    name: Texts
    aim: Texts
    approach: Texts
    recovery: Texts
    sponsor: Texts
    sdg: tuple[str, ...]
    indicators: tuple[IndicatorSpec, ...]
    milestones: tuple[tuple[Texts, int, str], ...]  # title, months from today, status
    chain: tuple[tuple[Texts, Texts, Texts | None], ...]  # actor, role, weakness (None: a sound link)
    programme: Texts
    execution: float  # share of the allocation executed month by month


# Which ministry owns a theme, by the codes of the demo governments (tenants/*.toml); else round robin.
THEMES = {
    "health": ("MS", "SES", "MINSAL", "MSPP", "MOHW"),
    "education": ("MEC", "SEE", "MINEDUC", "MENFP", "MOEY"),
    "education_agency": ("MEC-INEP", "MINEDUC-JUNAEB"),
    "security": ("SDS", "MININT", "MNS"),
    "police": ("SDS-PM", "MNS-JCF"),
    "finance": ("MPO", "SEPLAG", "MEF", "OPM", "SEGPRES"),
    "jobs": ("CC", "SEGPRES", "SEPLAG", "MEF", "OPM"),
}

# The catalogue reads as a table of texts in four languages: kept as written rather than one string a line.
# fmt: off
CATALOGUE: tuple[PrioritySpec, ...] = (
    PrioritySpec(
        theme="health",
        name=T("Fewer children die before their fifth birthday", "Menos niños mueren antes de cumplir cinco años",
               "Menos crianças morrem antes dos cinco anos", "Moins d'enfants meurent avant cinq ans"),
        aim=T("Cut under-five mortality by a third in four years.", "Reducir en un tercio la mortalidad infantil en cuatro años.",
              "Reduzir em um terço a mortalidade na infância em quatro anos.", "Réduire d'un tiers la mortalité infantile en quatre ans."),
        approach=T("Vaccinate every child, keep medicines in every health post, and follow up every newborn at home.",
                   "Vacunar a cada niño, mantener medicamentos en cada posta y visitar a cada recién nacido en su casa.",
                   "Vacinar cada criança, manter medicamentos em cada posto e visitar cada recém-nascido em casa.",
                   "Vacciner chaque enfant, garder des médicaments dans chaque poste de santé et suivre chaque nouveau-né à domicile."),
        recovery=T("Mobile vaccination teams go to the districts that fall behind.",
                   "Equipos móviles de vacunación van a los distritos rezagados.",
                   "Equipes móveis de vacinação vão aos distritos atrasados.",
                   "Des équipes mobiles de vaccination vont dans les districts en retard."),
        sponsor=T("Minister of Health", "Ministra de Salud", "Ministra da Saúde", "Ministre de la Santé"),
        sdg=("3.2", "3.b"),
        indicators=(
            IndicatorSpec(
                T("Under-five mortality rate", "Tasa de mortalidad en menores de cinco años",
                  "Taxa de mortalidade na infância", "Taux de mortalité des moins de cinq ans"),
                T("Deaths of children under five per 1,000 live births in the period.",
                  "Muertes de menores de cinco años por cada 1.000 nacidos vivos en el período.",
                  "Óbitos de menores de cinco anos por 1.000 nascidos vivos no período.",
                  "Décès d'enfants de moins de cinq ans pour 1 000 naissances vivantes sur la période."),
                "deaths_under_5 / live_births * 1000", "‰",
                T("Vital statistics registry", "Registro civil", "Registro civil", "État civil"),
                "down", 18.0, 12.0, Shape.S_CURVE, "on_track"),
            IndicatorSpec(
                T("Children fully vaccinated at 12 months", "Niños con esquema completo a los 12 meses",
                  "Crianças com vacinação completa aos 12 meses", "Enfants complètement vaccinés à 12 mois"),
                T("Share of children aged 12 months who received every vaccine of the schedule.",
                  "Proporción de niños de 12 meses con todas las vacunas del calendario.",
                  "Proporção de crianças de 12 meses com todas as vacinas do calendário.",
                  "Part des enfants de 12 mois ayant reçu tous les vaccins du calendrier."),
                "fully_vaccinated / children_12_months * 100", "%",
                T("Immunisation registry", "Registro de inmunizaciones", "Sistema de imunizações", "Registre de vaccination"),
                "up", 78.0, 95.0, Shape.S_CURVE, "lagging"),
            IndicatorSpec(
                T("Health posts with essential medicines in stock", "Postas con medicamentos esenciales en stock",
                  "Postos com medicamentos essenciais em estoque", "Postes de santé avec médicaments essentiels en stock"),
                T("Share of health posts reporting no stock-out of the 20 tracer medicines.",
                  "Proporción de postas sin quiebre de stock de los 20 medicamentos trazadores.",
                  "Proporção de postos sem ruptura dos 20 medicamentos traçadores.",
                  "Part des postes sans rupture des 20 médicaments traceurs."),
                "posts_without_stockout / posts_reporting * 100", "%",
                T("Logistics information system", "Sistema logístico", "Sistema de logística", "Système logistique"),
                "up", 62.0, 90.0, Shape.LINEAR, "gappy"),
        ),
        milestones=(
            (T("Cold chain installed in every district", "Cadena de frío instalada en todos los distritos",
               "Rede de frio instalada em todos os distritos", "Chaîne du froid installée dans chaque district"), -9, "done"),
            (T("Home visits for every newborn", "Visitas domiciliarias a cada recién nacido",
               "Visitas domiciliares a cada recém-nascido", "Visites à domicile pour chaque nouveau-né"), -2, "in_progress"),
            (T("New vaccine added to the schedule", "Nueva vacuna en el calendario",
               "Nova vacina no calendário", "Nouveau vaccin au calendrier"), 5, "planned"),
        ),
        chain=(
            (T("Minister of Health", "Ministra de Salud", "Ministra da Saúde", "Ministre de la Santé"),
             T("Chairs the monthly review", "Preside la revisión mensual", "Preside a revisão mensal", "Préside la revue mensuelle"), None),
            (T("Immunisation programme", "Programa de inmunizaciones", "Programa de imunizações", "Programme de vaccination"),
             T("Buys and distributes vaccines", "Compra y distribuye vacunas", "Compra e distribui vacinas", "Achète et distribue les vaccins"), None),
            (T("District health teams", "Equipos de salud distritales", "Equipes distritais de saúde", "Équipes sanitaires de district"),
             T("Keep the cold chain and the registry", "Mantienen la cadena de frío y el registro", "Mantêm a rede de frio e o registro", "Tiennent la chaîne du froid et le registre"),
             T("Half the districts lack a nurse trained in the registry; training is under way.",
               "La mitad de los distritos no tiene enfermera capacitada en el registro; la capacitación está en curso.",
               "Metade dos distritos não tem enfermeira treinada no sistema; o treinamento está em curso.",
               "La moitié des districts n'a pas d'infirmière formée au registre ; la formation est en cours.")),
            (T("Health posts", "Postas de salud", "Postos de saúde", "Postes de santé"),
             T("Vaccinate and follow up every child", "Vacunan y siguen a cada niño", "Vacinam e acompanham cada criança", "Vaccinent et suivent chaque enfant"), None),
        ),
        programme=T("Child health and immunisation", "Salud infantil e inmunizaciones", "Saúde da criança e imunizações", "Santé de l'enfant et vaccination"),
        execution=0.93,
    ),
    PrioritySpec(
        theme="education",
        name=T("Every child reads by the end of second grade", "Todos los niños leen al terminar segundo básico",
               "Toda criança lê ao final do segundo ano", "Chaque enfant sait lire à la fin du CE1"),
        aim=T("Seven in ten second-graders reading at grade level.", "Siete de cada diez alumnos de segundo leen al nivel esperado.",
              "Sete em cada dez alunos do segundo ano leem no nível esperado.", "Sept élèves de CE1 sur dix lisent au niveau attendu."),
        approach=T("Coach teachers in the classroom, give every child books to take home, and test reading every term.",
                   "Acompañar a los docentes en el aula, dar libros a cada niño y evaluar la lectura cada trimestre.",
                   "Acompanhar os professores em sala, dar livros a cada criança e avaliar a leitura a cada trimestre.",
                   "Accompagner les enseignants en classe, donner des livres à chaque enfant et évaluer la lecture chaque trimestre."),
        recovery=T("Tutoring in small groups for the schools below the line.", "Tutorías en grupos pequeños para las escuelas bajo la meta.",
                   "Reforço em pequenos grupos para as escolas abaixo da meta.", "Du soutien en petits groupes pour les écoles sous la cible."),
        sponsor=T("Minister of Education", "Ministro de Educación", "Ministro da Educação", "Ministre de l'Éducation"),
        sdg=("4.1",),
        indicators=(
            IndicatorSpec(
                T("Second-graders reading at grade level", "Alumnos de segundo que leen al nivel esperado",
                  "Alunos do segundo ano que leem no nível esperado", "Élèves de CE1 lisant au niveau attendu"),
                T("Share of second-graders who pass the term's reading assessment.",
                  "Proporción de alumnos de segundo que aprueban la evaluación de lectura del trimestre.",
                  "Proporção de alunos do segundo ano aprovados na avaliação de leitura do trimestre.",
                  "Part des élèves de CE1 qui réussissent l'évaluation de lecture du trimestre."),
                "passing / assessed * 100", "%",
                T("Term reading assessment", "Evaluación trimestral de lectura", "Avaliação trimestral de leitura", "Évaluation trimestrielle de lecture"),
                "up", 45.0, 70.0, Shape.S_CURVE, "off_track", frequency=Frequency.QUARTERLY, owner="education_agency"),
            IndicatorSpec(
                T("Daily school attendance", "Asistencia escolar diaria", "Frequência escolar diária", "Assiduité scolaire quotidienne"),
                T("Average share of enrolled pupils present each school day.",
                  "Promedio de alumnos matriculados presentes cada día de clases.",
                  "Média de alunos matriculados presentes em cada dia letivo.",
                  "Part moyenne des élèves inscrits présents chaque jour de classe."),
                "days_present / days_enrolled * 100", "%",
                T("School management system", "Sistema de gestión escolar", "Sistema de gestão escolar", "Système de gestion scolaire"),
                "up", 84.0, 93.0, Shape.LINEAR, "on_track"),
        ),
        milestones=(
            (T("Reading coaches hired", "Tutores de lectura contratados", "Tutores de leitura contratados", "Coachs de lecture recrutés"), -6, "done"),
            (T("Books delivered to every school", "Libros entregados a todas las escuelas", "Livros entregues a todas as escolas", "Livres livrés dans chaque école"), -1, "in_progress"),
            (T("Second reading assessment published", "Segunda evaluación de lectura publicada", "Segunda avaliação de leitura publicada", "Deuxième évaluation de lecture publiée"), 4, "planned"),
        ),
        chain=(
            (T("Minister of Education", "Ministro de Educación", "Ministro da Educação", "Ministre de l'Éducation"),
             T("Answers for the target", "Responde por la meta", "Responde pela meta", "Répond de la cible"), None),
            (T("Regional education offices", "Direcciones regionales de educación", "Diretorias regionais de ensino", "Directions régionales de l'éducation"),
             T("Deploy coaches and books", "Despliegan tutores y libros", "Distribuem tutores e livros", "Déploient coachs et livres"),
             T("Coaches reach only a third of the schools; the regions lack vehicles.",
               "Los tutores llegan solo a un tercio de las escuelas; faltan vehículos en las regiones.",
               "Os tutores chegam a apenas um terço das escolas; faltam veículos nas regiões.",
               "Les coachs n'atteignent qu'un tiers des écoles ; les régions manquent de véhicules.")),
            (T("School principals", "Directores de escuela", "Diretores de escola", "Directeurs d'école"),
             T("Protect reading time every day", "Protegen el tiempo de lectura cada día", "Protegem o tempo de leitura todos os dias", "Protègent le temps de lecture chaque jour"), None),
            (T("Teachers", "Docentes", "Professores", "Enseignants"),
             T("Teach and assess reading", "Enseñan y evalúan la lectura", "Ensinam e avaliam a leitura", "Enseignent et évaluent la lecture"), None),
        ),
        programme=T("Early-grade reading", "Lectura en los primeros años", "Alfabetização nos anos iniciais", "Lecture dans les premières classes"),
        execution=0.45,
    ),
    PrioritySpec(
        theme="security",
        name=T("Fewer homicides in the most violent municipalities", "Menos homicidios en los municipios más violentos",
               "Menos homicídios nos municípios mais violentos", "Moins d'homicides dans les communes les plus violentes"),
        aim=T("A third fewer homicides in the twenty most violent municipalities.", "Un tercio menos de homicidios en los veinte municipios más violentos.",
              "Um terço a menos de homicídios nos vinte municípios mais violentos.", "Un tiers d'homicides en moins dans les vingt communes les plus violentes."),
        approach=T("Focused patrols where violence concentrates, faster investigations, and prevention with young people.",
                   "Patrullaje focalizado donde se concentra la violencia, investigaciones más rápidas y prevención con jóvenes.",
                   "Policiamento focado onde a violência se concentra, investigações mais rápidas e prevenção com jovens.",
                   "Des patrouilles ciblées là où la violence se concentre, des enquêtes plus rapides et de la prévention avec les jeunes."),
        recovery=T("Weekly problem-solving meetings with the municipalities off track.", "Reuniones semanales de resolución de problemas con los municipios rezagados.",
                   "Reuniões semanais de resolução de problemas com os municípios atrasados.", "Des réunions hebdomadaires de résolution de problèmes avec les communes en retard."),
        sponsor=T("Minister of Security", "Ministro del Interior y Seguridad", "Secretário de Defesa Social", "Ministre de la Sécurité"),
        sdg=("16.1",),
        indicators=(
            IndicatorSpec(
                T("Homicide rate", "Tasa de homicidios", "Taxa de homicídios", "Taux d'homicides"),
                T("Homicides per 100,000 inhabitants, annualised.", "Homicidios por cada 100.000 habitantes, anualizados.",
                  "Homicídios por 100 mil habitantes, anualizados.", "Homicides pour 100 000 habitants, annualisés."),
                "homicides * 12 / population * 100000", "/100k",
                T("Police and forensic records", "Registros policiales y forenses", "Registros policiais e periciais", "Registres de police et médico-légaux"),
                "down", 32.0, 22.0, Shape.S_CURVE, "lagging"),
            IndicatorSpec(
                T("Homicides cleared", "Homicidios esclarecidos", "Homicídios esclarecidos", "Homicides élucidés"),
                T("Share of the period's homicides with a suspect charged.", "Proporción de homicidios del período con un imputado.",
                  "Proporção dos homicídios do período com suspeito indiciado.", "Part des homicides de la période avec un suspect mis en cause."),
                "cleared / homicides * 100", "%",
                T("Criminal investigation records", "Registros de investigación criminal", "Inquéritos policiais", "Dossiers d'enquête"),
                "up", 28.0, 45.0, Shape.LINEAR, "on_track", owner="police"),
        ),
        milestones=(
            (T("Hot-spot maps shared with every station", "Mapas de puntos críticos en todas las comisarías", "Mapas de manchas criminais em todas as delegacias", "Cartes des points chauds dans chaque commissariat"), -10, "done"),
            (T("Homicide squads in the ten worst municipalities", "Brigadas de homicidios en los diez peores municipios", "Delegacias de homicídios nos dez piores municípios", "Brigades criminelles dans les dix pires communes"), -3, "in_progress"),
            (T("Youth prevention centres open", "Centros de prevención juvenil abiertos", "Centros de prevenção juvenil abertos", "Centres de prévention pour les jeunes ouverts"), 6, "planned"),
        ),
        chain=(
            (T("Minister of Security", "Ministro de Seguridad", "Secretário de Defesa Social", "Ministre de la Sécurité"),
             T("Chairs the weekly review", "Preside la revisión semanal", "Preside a reunião semanal", "Préside la revue hebdomadaire"), None),
            (T("Police command", "Mando policial", "Comando da polícia", "Commandement de la police"),
             T("Assigns patrols to hot spots", "Asigna patrullas a puntos críticos", "Aloca o policiamento nas manchas", "Affecte les patrouilles aux points chauds"), None),
            (T("Forensic service", "Servicio forense", "Polícia científica", "Service médico-légal"),
             T("Returns evidence within 30 days", "Entrega peritajes en 30 días", "Entrega laudos em 30 dias", "Rend les expertises sous 30 jours"),
             T("A backlog of 1,200 reports delays the investigations.", "Un rezago de 1.200 informes retrasa las investigaciones.",
               "Um acúmulo de 1.200 laudos atrasa as investigações.", "Un retard de 1 200 rapports ralentit les enquêtes.")),
            (T("Police stations", "Comisarías", "Delegacias", "Commissariats"),
             T("Patrol and investigate", "Patrullan e investigan", "Patrulham e investigam", "Patrouillent et enquêtent"), None),
        ),
        programme=T("Citizen security", "Seguridad ciudadana", "Segurança cidadã", "Sécurité citoyenne"),
        execution=0.88,
    ),
    PrioritySpec(
        theme="finance",
        name=T("Public investment delivered on time", "Inversión pública entregada a tiempo",
               "Investimento público entregue no prazo", "Investissement public livré à temps"),
        aim=T("Three in four investment projects finished on schedule, and suppliers paid within 30 days.",
              "Tres de cada cuatro proyectos terminados a tiempo y proveedores pagados en 30 días.",
              "Três em cada quatro projetos concluídos no prazo e fornecedores pagos em 30 dias.",
              "Trois projets sur quatre livrés à temps, et les fournisseurs payés sous 30 jours."),
        approach=T("A single project pipeline, monthly reviews of every large project, and electronic payments.",
                   "Una cartera única de proyectos, revisión mensual de cada gran proyecto y pagos electrónicos.",
                   "Uma carteira única de projetos, revisão mensal de cada grande projeto e pagamentos eletrônicos.",
                   "Un portefeuille unique de projets, une revue mensuelle de chaque grand projet et des paiements électroniques."),
        recovery=T("Projects two months late go to the leader's stocktake.", "Los proyectos con dos meses de atraso van a la revisión con el mandatario.",
                   "Projetos com dois meses de atraso vão à reunião com o governador.", "Les projets en retard de deux mois passent au bilan avec le chef du gouvernement."),
        sponsor=T("Minister of Finance", "Ministra de Hacienda", "Secretária de Planejamento", "Ministre des Finances"),
        sdg=("16.6",),
        indicators=(
            IndicatorSpec(
                T("Investment projects on schedule", "Proyectos de inversión en plazo", "Projetos de investimento no prazo", "Projets d'investissement dans les délais"),
                T("Share of active projects whose physical progress is within a month of plan.",
                  "Proporción de proyectos activos con avance físico a menos de un mes del plan.",
                  "Proporção de projetos ativos com avanço físico a menos de um mês do plano.",
                  "Part des projets actifs dont l'avancement physique est à moins d'un mois du plan."),
                "on_schedule / active_projects * 100", "%",
                T("Public investment system", "Sistema de inversión pública", "Sistema de investimentos", "Système d'investissement public"),
                "up", 51.0, 75.0, Shape.LINEAR, "on_track"),
            IndicatorSpec(
                T("Days to pay suppliers", "Días de pago a proveedores", "Prazo de pagamento a fornecedores", "Délai de paiement des fournisseurs"),
                T("Median days from an accepted invoice to payment.", "Mediana de días entre la factura aceptada y el pago.",
                  "Mediana de dias entre a nota aceita e o pagamento.", "Nombre médian de jours entre la facture acceptée et le paiement."),
                "median(paid_on - accepted_on)", "days",
                T("Treasury payment system", "Sistema de pagos de la tesorería", "Sistema de pagamentos do tesouro", "Système de paiement du Trésor"),
                "down", 74.0, 30.0, Shape.S_CURVE, "worsening", decimals=0),
        ),
        milestones=(
            (T("Single project pipeline live", "Cartera única de proyectos en operación", "Carteira única de projetos em operação", "Portefeuille unique de projets en service"), -12, "done"),
            (T("Electronic invoices in every ministry", "Factura electrónica en todos los ministerios", "Nota eletrônica em todas as secretarias", "Facture électronique dans chaque ministère"), -4, "in_progress"),
            (T("Payment law regulated", "Reglamento de la ley de pagos", "Regulamentação da lei de pagamentos", "Décret d'application de la loi sur les paiements"), 1, "planned"),
        ),
        chain=(
            (T("Minister of Finance", "Ministra de Hacienda", "Secretária de Planejamento", "Ministre des Finances"),
             T("Owns the pipeline and the treasury", "Responsable de la cartera y la tesorería", "Responsável pela carteira e pelo tesouro", "Responsable du portefeuille et du Trésor"), None),
            (T("Investment directorate", "Dirección de inversiones", "Diretoria de investimentos", "Direction des investissements"),
             T("Reviews every large project monthly", "Revisa cada gran proyecto mensualmente", "Revisa cada grande projeto mensalmente", "Revoit chaque grand projet chaque mois"), None),
            (T("Sector ministries' finance units", "Unidades financieras de los ministerios", "Unidades financeiras das secretarias", "Services financiers des ministères"),
             T("Accept invoices within five days", "Aceptan facturas en cinco días", "Aceitam notas em cinco dias", "Acceptent les factures sous cinq jours"),
             T("Invoices wait for paper signatures in four ministries.", "Las facturas esperan firmas en papel en cuatro ministerios.",
               "As notas aguardam assinaturas em papel em quatro secretarias.", "Les factures attendent des signatures papier dans quatre ministères.")),
        ),
        programme=T("Public investment management", "Gestión de la inversión pública", "Gestão do investimento público", "Gestion de l'investissement public"),
        execution=0.97,
    ),
    PrioritySpec(
        theme="jobs",
        name=T("Young people in work or training", "Jóvenes que estudian o trabajan", "Jovens estudando ou trabalhando", "Des jeunes en emploi ou en formation"),
        aim=T("Forty thousand young people trained, and more than half of them in a job within six months.",
              "Cuarenta mil jóvenes capacitados, y más de la mitad con empleo en seis meses.",
              "Quarenta mil jovens capacitados, e mais da metade empregados em seis meses.",
              "Quarante mille jeunes formés, dont plus de la moitié en emploi sous six mois."),
        approach=T("Courses designed with employers, stipends tied to attendance, and placement services.",
                   "Cursos diseñados con empleadores, becas ligadas a la asistencia y servicios de colocación.",
                   "Cursos desenhados com empregadores, bolsas ligadas à frequência e serviços de colocação.",
                   "Des cours conçus avec les employeurs, des bourses liées à l'assiduité et des services de placement."),
        recovery=T("Shift places to the courses with the best job outcomes.", "Trasladar cupos a los cursos con mejores resultados de empleo.",
                   "Remanejar vagas para os cursos com melhores resultados de emprego.", "Déplacer les places vers les cours qui mènent le plus à l'emploi."),
        sponsor=T("Head of the Presidency", "Ministro Secretario General de la Presidencia", "Ministro-Chefe da Casa Civil", "Secrétaire général de la Présidence"),
        sdg=("8.6",),
        indicators=(
            IndicatorSpec(
                T("Trainees in a job within six months", "Egresados con empleo a los seis meses", "Egressos empregados em seis meses", "Stagiaires en emploi sous six mois"),
                T("Share of the period's graduates with a formal job six months later.",
                  "Proporción de egresados del período con empleo formal seis meses después.",
                  "Proporção de egressos do período com emprego formal seis meses depois.",
                  "Part des diplômés de la période en emploi formel six mois plus tard."),
                "employed_after_6_months / graduates * 100", "%",
                T("Social security records", "Registros de seguridad social", "Registros da previdência", "Fichiers de la sécurité sociale"),
                "up", 38.0, 55.0, Shape.S_CURVE, "on_track"),
            IndicatorSpec(
                T("Young people who started a course", "Jóvenes que iniciaron un curso", "Jovens que iniciaram um curso", "Jeunes ayant commencé une formation"),
                T("Young people aged 18 to 29 who started a course in the period; progress is the total since the start.",
                  "Jóvenes de 18 a 29 años que iniciaron un curso en el período; el avance es el total desde el inicio.",
                  "Jovens de 18 a 29 anos que iniciaram um curso no período; o avanço é o total desde o início.",
                  "Jeunes de 18 à 29 ans ayant commencé une formation sur la période ; le progrès est le total depuis le début."),
                "count(enrolments)", "people",
                T("Training management system", "Sistema de gestión de la capacitación", "Sistema de gestão de cursos", "Système de gestion des formations"),
                "up", 0.0, 40000.0, Shape.S_CURVE, "on_track", accumulation="incremental", decimals=0),
        ),
        milestones=(
            (T("Employer councils set up", "Consejos de empleadores constituidos", "Conselhos de empregadores instalados", "Conseils d'employeurs installés"), -8, "done"),
            (T("Placement service in every region", "Servicio de colocación en todas las regiones", "Serviço de colocação em todas as regiões", "Service de placement dans chaque région"), 3, "in_progress"),
        ),
        chain=(
            (T("Presidency delivery unit", "Unidad de cumplimiento de la Presidencia", "Unidade de entrega da Presidência", "Unité de mise en œuvre de la Présidence"),
             T("Convenes the ministries monthly", "Convoca a los ministerios mensualmente", "Convoca as pastas mensalmente", "Réunit les ministères chaque mois"), None),
            (T("Training providers", "Instituciones de capacitación", "Instituições de formação", "Organismes de formation"),
             T("Run the courses employers asked for", "Dictan los cursos que piden los empleadores", "Oferecem os cursos pedidos pelos empregadores", "Assurent les cours demandés par les employeurs"), None),
            (T("Employers", "Empleadores", "Empregadores", "Employeurs"),
             T("Offer internships and jobs", "Ofrecen prácticas y empleos", "Oferecem estágios e vagas", "Offrent stages et emplois"), None),
        ),
        programme=T("Youth employment and training", "Empleo y capacitación juvenil", "Emprego e qualificação de jovens", "Emploi et formation des jeunes"),
        execution=0.9,
    ),
)

PEOPLE = ("Ana Souza", "Carlos Pérez", "Marie-Ange Joseph", "Andrea Brown", "João Lima", "Valentina Rojas",
          "Jean-Robert Pierre", "Kimberly Campbell", "Luis Fernández", "Beatriz Almeida")
NOTES = T(
    "Below the trajectory: field teams were reassigned; a recovery plan goes to the next stocktake.",
    "Bajo la trayectoria: los equipos de terreno fueron reasignados; un plan de recuperación va a la próxima revisión.",
    "Abaixo da trajetória: as equipes de campo foram remanejadas; um plano de recuperação vai à próxima reunião.",
    "Sous la trajectoire : les équipes de terrain ont été réaffectées ; un plan de rattrapage passe au prochain bilan.",
)
RETURN_REASON = T(
    "The figure does not match the registry's monthly report: check the denominator and resubmit.",
    "La cifra no coincide con el informe mensual del registro: revise el denominador y vuelva a enviarla.",
    "O número não confere com o relatório mensal do sistema: confira o denominador e reenvie.",
    "Le chiffre ne correspond pas au rapport mensuel du registre : vérifiez le dénominateur et renvoyez-le.",
)
CORRECTION_NOTE = T(
    "Late reports from two districts were added.", "Se agregaron informes tardíos de dos distritos.",
    "Foram incluídos relatórios atrasados de dois distritos.", "Des rapports tardifs de deux districts ont été ajoutés.",
)
# fmt: on


# ---- seeding ---------------------------------------------------------------------------------------------


def seed_workspace(engines: Engines, tenant_ids: list[uuid.UUID], today: date | None = None) -> list[str]:
    """Give each government a workspace unless it has one; returns the slugs seeded. Needs an app context
    when a government has a delivery model (its extra fields and calendar apply)."""
    today = today or now().date()
    seeded = []
    for tenant_id in tenant_ids:
        with tenant_session(engines, tenant_id) as db_session:
            if db_session.scalar(select(exists().where(Priority.id.is_not(None)))):
                continue
            tenant = db_session.get(Tenant, tenant_id)
            assert tenant is not None
            _Seeder(db_session, tenant, _model_of(db_session), today).run()
            db_session.commit()
            seeded.append(tenant.slug)
    return seeded


def _model_of(db_session: Session) -> ResolvedModel | None:
    from entrega.extensions.registry import current_registry
    from entrega.extensions.runtime import resolve
    from entrega.extensions.services import current_model

    row = current_model(db_session)
    return resolve(current_registry(), row.as_config()) if row else None


class _Seeder:
    def __init__(self, db_session: Session, tenant: Tenant, model: ResolvedModel | None, today: date) -> None:
        self.db, self.tenant, self.model, self.today = db_session, tenant, model, today
        seed = int(hashlib.sha256(f"{tenant.slug}:{today.isoformat()}".encode()).hexdigest()[:12], 16)
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets  # nosec B311
        self.lang = tenant.default_locale.split("-")[0].split("_")[0]
        self.start = services.fiscal_start(model)
        self.ministries = list(db_session.scalars(select(Ministry).order_by(Ministry.code)))
        self.frequencies = model.calendar.frequencies if model else tuple(Frequency)
        self.corrected = self.returned = False

    def text(self, texts: Texts) -> str:
        return texts.get(self.lang) or texts["en"]

    def names(self, texts: Texts) -> dict[str, str]:
        return {lang: texts[lang] for lang in self.tenant.languages if lang in texts} or {self.lang: texts["en"]}

    def ministry(self, theme: str, index: int) -> Ministry:
        by_code = {m.code: m for m in self.ministries}
        found = next((by_code[code] for code in THEMES.get(theme, ()) if code in by_code), None)
        tops = [m for m in self.ministries if m.parent_id is None] or self.ministries
        return found or tops[index % len(tops)]

    def extra_values(self, entity: str, known: dict[str, Any]) -> dict[str, Any]:
        """Values for the model's extra fields of `entity`: the known ones, and plausible ones for the rest."""
        out: dict[str, Any] = {}
        for definition in definitions(self.model, entity):
            out[definition.key] = known.get(definition.key, self._plausible(definition, known))
        return out

    def _plausible(self, definition: ExtraField, known: dict[str, Any]) -> Any:
        if definition.type is FieldType.BOOLEAN:
            return self.rng.random() < 0.7
        if definition.type is FieldType.DATE:
            return (self.today - timedelta(days=self.rng.randint(20, 200))).isoformat()
        if definition.type is FieldType.NUMBER:
            return float(self.rng.randint(1, 9))
        if definition.type is FieldType.CHOICE:
            return self.rng.choice(definition.choices)[0]
        return known.get("_text", "—")

    def run(self) -> None:
        for index, spec in enumerate(CATALOGUE):
            self.priority(index, spec)

    def priority(self, index: int, spec: PrioritySpec) -> None:
        owner = self.ministry(spec.theme, index)
        sponsor = self.text(spec.sponsor)
        code = f"P{index + 1}"
        known = {"_text": sponsor, "lead_official": sponsor, "responsible_minister": sponsor,
                 "strategic_objective": self.text(spec.aim), "budget_action_loa": f"{code}-{2000 + index * 17}"}  # fmt: skip
        priority = services.create_priority(self.db, self.tenant, {
            "code": code, "name": self.names(spec.name), "aim": self.text(spec.aim), "approach": self.text(spec.approach),
            "recovery": self.text(spec.recovery), "owner_ministry_id": owner.id, "sponsor": sponsor,
            "sdg_targets": list(spec.sdg), "position": index + 1, "extra": self.extra_values("priority", known),
        }, self.model)  # fmt: skip
        for number, indicator_spec in enumerate(spec.indicators, start=1):
            self.indicator(priority, f"{code}.{number}", indicator_spec, owner)
        for title, months, status in spec.milestones:
            due = periods.add_months(self.today, months) + timedelta(days=self.rng.randint(0, 20))
            services.create_milestone(self.db, priority, {
                "title": self.text(title), "owner_ministry_id": owner.id, "owner_person": sponsor, "due_on": due,
                "status": status, "completed_on": due - timedelta(days=12) if status == "done" else None,
            })  # fmt: skip
        services.set_chain(self.db, priority, [
            {"actor": self.text(actor), "role": self.text(role), "ministry_id": owner.id if position < 2 else None,
             "weak": weakness is not None, "weakness": self.text(weakness) if weakness else ""}
            for position, (actor, role, weakness) in enumerate(spec.chain)
        ])  # fmt: skip
        self.budget(priority, spec, owner, index)

    def indicator(self, priority: Priority, code: str, spec: IndicatorSpec, owner: Ministry) -> None:
        frequency = spec.frequency if spec.frequency in self.frequencies else Frequency.MONTHLY
        ministry = self.ministry(spec.owner, 0) if spec.owner else owner
        if spec.owner and ministry.code not in THEMES[spec.owner]:
            ministry = owner
        source = self.text(spec.source)
        known = {"_text": source, "means_of_verification": source, "metric_template": f"{code} · {source}"}
        indicator = services.create_indicator(self.db, self.tenant, {
            "priority_id": priority.id, "code": code, "name": self.names(spec.name),
            "definition": self.text(spec.definition), "formula": spec.formula, "unit": spec.unit,
            "polarity": spec.polarity, "frequency": frequency, "accumulation": spec.accumulation, "source": source,
            "owner_ministry_id": ministry.id, "owner_person": self.rng.choice(PEOPLE),
            "disaggregation": ["sex", "region"] if spec.unit == "%" else [], "decimals": spec.decimals,
            "extra": self.extra_values("indicator", known),
        }, self.model)  # fmt: skip
        months_back = self.rng.randint(18, 30)
        base_period = periods.period_start(periods.add_months(self.today, -months_back), frequency, self.start)
        due = periods.period_start(periods.add_months(base_period, 48), frequency, self.start)
        services.set_baseline(self.db, indicator, spec.baseline, base_period, source, self.model)
        services.revise_target(self.db, indicator, spec.target, due, "", self.model)
        path = draw(spec.shape, base_period, spec.baseline, due, spec.target, frequency, self.start)
        services.set_trajectory(self.db, indicator, path, self.model)
        self.values(indicator, spec, dict(path), ministry)

    def values(self, indicator: Indicator, spec: IndicatorSpec, path: dict[date, float], ministry: Ministry) -> None:
        frequency, rule = indicator.frequency, Judge.of(self.model).rule
        closed = [p for p in path if periods.period_end(p, frequency) < self.today]
        gaps = {p for p in closed[:-3] if self.rng.random() < 0.05}
        if spec.behaviour == "gappy":
            gaps |= set(closed[-2:]) | set(self.rng.sample(closed[:-3], min(2, len(closed[:-3]))))
        series: list[tuple[date, float, str]] = []
        planned = progress = reported = spec.baseline
        for position, period in enumerate(closed):
            share = self._share(spec.behaviour, position / max(1, len(closed) - 1))
            if spec.accumulation == "incremental":  # what happened in the period: never below nothing
                progress += max(0.0, (path[period] - planned) * share * self.rng.uniform(0.85, 1.15))
                planned = path[period]
            else:
                noise = (spec.target - spec.baseline) * self.rng.uniform(-0.02, 0.02)
                progress = spec.baseline + (path[period] - spec.baseline) * share + noise
            if period in gaps:
                continue
            value = round(progress - reported if spec.accumulation == "incremental" else progress, spec.decimals)
            reported += value if spec.accumulation == "incremental" else 0.0
            # The rule the data-entry service applies: a value that puts the indicator off track carries a note.
            off_track = rule.rate(reported if spec.accumulation == "incremental" else value, path[period],
                                  indicator.polarity, spec.baseline) is CommonRating.OFF_TRACK  # fmt: skip
            series.append((period, value, self.text(NOTES) if off_track else ""))
        entered = [self._insert(indicator, *item, ministry, age=len(series) - i - 1) for i, item in enumerate(series)]
        self.db.flush()  # before the evidence: nothing orders the two tables' inserts but a flush
        for measurement in entered:
            record(self.db, "create", "measurement", measurement.id, None, measurements.audit_of(measurement))
            if self.rng.random() < 0.35:
                label = periods.label(measurement.period, frequency, self.start)
                content = f"indicator,period,value\n{indicator.code},{label},{measurement.value}\n".encode()
                measurements.add_evidence(self.db, measurement, indicator, f"{indicator.code}-{label}.csv", "text/csv",
                                          content, entrant=measurements.ANY_MINISTRY)  # fmt: skip
        self.returned_or_corrected(indicator, entered)

    @staticmethod
    def _share(behaviour: str, elapsed: float) -> float:
        """How much of the planned progress the indicator makes, as time passes (0 → 1)."""
        if behaviour == "lagging":
            return 1.0 - 0.22 * elapsed
        if behaviour == "off_track":
            return 1.0 - 0.7 * elapsed**1.5
        if behaviour == "worsening":
            return 1.0 if elapsed < 0.7 else 1.0 - 2.4 * (elapsed - 0.7)
        return 1.0

    def _insert(
        self, indicator: Indicator, period: date, value: float, note: str, ministry: Ministry, *, age: int
    ) -> Measurement:
        """A first version as it arrived (most by the due date, some late) and as far as its review went by
        now: the oldest published, the last few validated, the latest still submitted."""
        due = periods.data_due(period, indicator.frequency)
        late = self.rng.random() < 0.12
        day = due + timedelta(days=self.rng.randint(2, 25)) if late else due - timedelta(days=self.rng.randint(0, 15))
        day = min(day, self.today)
        moment = datetime.combine(day, time(9 + self.rng.randint(0, 8), self.rng.randint(0, 59)), tzinfo=UTC)
        status = (
            MeasurementStatus.PUBLISHED
            if age >= 3
            else MeasurementStatus.VALIDATED
            if age
            else MeasurementStatus.SUBMITTED
        )
        reviewed = min(moment + timedelta(days=self.rng.randint(1, 6)), now()) if age else None
        measurement = Measurement(
            id=uuid.uuid4(), indicator_id=indicator.id, period=period, breakdown="", version=1, value=float(value),
            source=indicator.source, note=note, entered_at=moment, channel="page", on_time=day <= due,
            entered_by=f"focal.{ministry.code.lower()}@{self.tenant.slug}.demo.entrega.invalid", status=status,
            reviewed_by=f"analyst@{self.tenant.slug}.demo.entrega.invalid" if age else None, reviewed_at=reviewed,
        )  # fmt: skip
        self.db.add(measurement)
        return measurement

    def returned_or_corrected(self, indicator: Indicator, entered: list[Measurement]) -> None:
        """Through the services, once per government: the latest value of a second indicator returned with a
        reason, and an older value of another corrected (a new version beside the first)."""
        if not self.returned and len(entered) > 1 and indicator.code.endswith(".2"):
            with acting_as(f"analyst@{self.tenant.slug}.demo.entrega.invalid"):
                measurements.review(self.db, entered[-1], "return", self.text(RETURN_REASON))
            self.returned = True
        elif not self.corrected and len(entered) > 5:
            older = entered[-5]
            note = " ".join(filter(None, (self.text(CORRECTION_NOTE), older.note)))
            with acting_as(older.entered_by):
                measurements.correct(self.db, older, indicator, round(older.value * 1.01, indicator.decimals),
                                     entrant=measurements.ANY_MINISTRY, note=note, model=self.model)  # fmt: skip
            self.corrected = True

    def budget(self, priority: Priority, spec: PrioritySpec, owner: Ministry, index: int) -> None:
        programme = services.create_programme(
            self.db, {"code": f"PRG-{101 + index}", "name": self.text(spec.programme), "ministry_id": owner.id}
        )
        services.link_programme(self.db, priority, programme)
        year = periods.period_start(self.today, Frequency.ANNUAL, self.start)
        monthly = Decimal(self.rng.randint(20, 240) * 100_000) / 12
        for offset in range(12):
            month = periods.add_months(year, offset)
            end = periods.period_end(month, Frequency.MONTHLY)
            elapsed = 1.0 if end < self.today else max(0.0, ((self.today - month).days + 1) / ((end - month).days + 1))
            executed = monthly * Decimal(str(round(elapsed * spec.execution * self.rng.uniform(0.92, 1.06), 3)))
            services.set_budget_entry(self.db, programme, month, monthly.quantize(Decimal("0.01")),
                                      executed.quantize(Decimal("0.01")))  # fmt: skip
