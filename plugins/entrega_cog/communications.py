"""Function 5: communications and accountability: one government message about the priorities, and
public, checkable accounts of the results."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_cog.scale import COMPONENT_RULE, FUNCTION_RULE

COORDINATED_COMMUNICATION = InstrumentComponent(
    key="coordinated_communication",
    label=texts(
        en="Coordinated communication",
        es="Comunicación coordinada",
        pt="Comunicação coordenada",
        fr="Communication coordonnée",
    ),
    items=(
        InstrumentItem(
            key="single_narrative",
            label=texts(
                en="The government explains its priorities through one narrative that ministries follow",
                es="El gobierno explica sus prioridades con un solo relato que los ministerios siguen",
                pt="O governo explica suas prioridades com uma única narrativa que os ministérios seguem",
                fr="Le gouvernement présente ses priorités à travers un récit unique que les ministères reprennent",
            ),
            guidance=texts(
                en="Evidence: the government's core messages and a sample of ministers' speeches and press releases. Nascent: each ministry tells its own story; advanced: ministries consistently tie their announcements to the priorities.",
                es="Evidencia: los mensajes centrales del gobierno y una muestra de discursos y comunicados de los ministros. Incipiente: cada ministerio cuenta su propia historia; avanzado: los ministerios vinculan sistemáticamente sus anuncios con las prioridades.",
                pt="Evidências: as mensagens centrais do governo e uma amostra de discursos e notas à imprensa dos ministros. Incipiente: cada ministério conta sua própria história; avançado: os ministérios vinculam sistematicamente seus anúncios às prioridades.",
                fr="Éléments probants : les messages clés du gouvernement et un échantillon de discours et communiqués des ministres. Naissant : chaque ministère raconte sa propre histoire ; avancé : les ministères rattachent systématiquement leurs annonces aux priorités.",
            ),
        ),
        InstrumentItem(
            key="communications_grid",
            label=texts(
                en="The centre plans ministries' announcements in a shared calendar and coordinates their spokespeople",
                es="El centro de gobierno planifica los anuncios de los ministerios en un calendario compartido y coordina a sus voceros",
                pt="O centro de governo planeja os anúncios dos ministérios em um calendário compartilhado e coordena seus porta-vozes",
                fr="Le centre de gouvernement planifie les annonces des ministères dans un calendrier commun et coordonne leurs porte-parole",
            ),
            guidance=texts(
                en="Evidence: the announcements calendar (the communications grid), the coordination meeting and who attends it. Count recent clashes or contradictory announcements: frequent ones point to nascent or emerging.",
                es="Evidencia: el calendario de anuncios (la grilla de comunicación), la reunión de coordinación y quiénes asisten. Cuente los choques o anuncios contradictorios recientes: si son frecuentes, indican incipiente o emergente.",
                pt="Evidências: o calendário de anúncios (a grade de comunicação), a reunião de coordenação e quem dela participa. Conte os choques ou anúncios contraditórios recentes: se forem frequentes, indicam incipiente ou emergente.",
                fr="Éléments probants : le calendrier des annonces (la grille de communication), la réunion de coordination et ses participants. Comptez les télescopages ou annonces contradictoires récents : s'ils sont fréquents, ils indiquent naissant ou émergent.",
            ),
        ),
        InstrumentItem(
            key="results_communicated",
            label=texts(
                en="Communication reports results for citizens, not only activities and spending",
                es="La comunicación informa resultados para la ciudadanía, no solo actividades y gasto",
                pt="A comunicação informa resultados para a população, não apenas atividades e gastos",
                fr="La communication rend compte des résultats pour les citoyens, et pas seulement des activités et des dépenses",
            ),
            guidance=texts(
                en="Evidence: a sample of the government's communications over the last quarter, sorted into results (change for citizens) and activities (events, inaugurations, amounts spent). Mostly activities means no higher than emerging.",
                es="Evidencia: una muestra de las comunicaciones del gobierno del último trimestre, clasificadas en resultados (cambios para la ciudadanía) y actividades (eventos, inauguraciones, montos gastados). Si predominan las actividades, no más que emergente.",
                pt="Evidências: uma amostra das comunicações do governo no último trimestre, classificadas em resultados (mudanças para a população) e atividades (eventos, inaugurações, valores gastos). Se predominarem as atividades, não mais do que emergente.",
                fr="Éléments probants : un échantillon des communications du gouvernement du dernier trimestre, classées en résultats (changements pour les citoyens) et activités (événements, inaugurations, montants dépensés). Si les activités dominent, pas plus qu'émergent.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

ACCOUNTABILITY = InstrumentComponent(
    key="accountability",
    label=texts(
        en="Accountability for results",
        es="Rendición de cuentas por resultados",
        pt="Prestação de contas por resultados",
        fr="Redevabilité pour les résultats",
    ),
    items=(
        InstrumentItem(
            key="progress_published",
            label=texts(
                en="Progress on the priorities is published regularly, with data the public can check",
                es="El avance de las prioridades se publica periódicamente, con datos que el público puede verificar",
                pt="O progresso das prioridades é publicado periodicamente, com dados que o público pode verificar",
                fr="L'avancement des priorités est publié régulièrement, avec des données que le public peut vérifier",
            ),
            guidance=texts(
                en="Evidence: published progress reports or a results portal, their dates, and whether they show indicators against targets, including those off track. Reports that show only successes rate no higher than emerging.",
                es="Evidencia: informes de avance publicados o un portal de resultados, sus fechas, y si muestran los indicadores frente a las metas, incluidos los desviados. Los informes que solo muestran éxitos no superan emergente.",
                pt="Evidências: relatórios de progresso publicados ou um portal de resultados, suas datas, e se mostram os indicadores frente às metas, inclusive os fora da trajetória. Relatórios que mostram apenas sucessos não passam de emergente.",
                fr="Éléments probants : rapports d'avancement publiés ou portail des résultats, leurs dates, et s'ils présentent les indicateurs au regard des cibles, y compris ceux qui décrochent. Des rapports ne montrant que des réussites ne dépassent pas émergent.",
            ),
        ),
        InstrumentItem(
            key="citizen_feedback",
            label=texts(
                en="Citizens' views and complaints about priority services are gathered and discussed in the centre's reviews",
                es="Las opiniones y los reclamos de la ciudadanía sobre los servicios prioritarios se recogen y se discuten en las revisiones del centro de gobierno",
                pt="As opiniões e reclamações da população sobre os serviços prioritários são coletadas e discutidas nas revisões do centro de governo",
                fr="Les avis et les réclamations des citoyens sur les services prioritaires sont recueillis et examinés lors des revues du centre de gouvernement",
            ),
            guidance=texts(
                en="Evidence: satisfaction surveys, complaint channels and their data, and review packs that use them. Feedback that is collected but never reaches decisions means emerging.",
                es="Evidencia: encuestas de satisfacción, canales de reclamos y sus datos, y documentos de revisión que los utilizan. Una retroalimentación que se recoge pero nunca llega a las decisiones significa emergente.",
                pt="Evidências: pesquisas de satisfação, canais de reclamação e seus dados, e materiais de revisão que os utilizam. Um retorno que é coletado mas nunca chega às decisões significa emergente.",
                fr="Éléments probants : enquêtes de satisfaction, canaux de réclamation et leurs données, et dossiers de revue qui les exploitent. Des retours recueillis mais qui n'atteignent jamais les décisions signifient émergent.",
            ),
        ),
        InstrumentItem(
            key="oversight_reporting",
            label=texts(
                en="The government reports on the priorities to the legislature and responds to oversight bodies",
                es="El gobierno informa sobre las prioridades al poder legislativo y responde a los órganos de control",
                pt="O governo presta contas das prioridades ao Legislativo e responde aos órgãos de controle",
                fr="Le gouvernement rend compte des priorités au Parlement et répond aux organes de contrôle",
            ),
            guidance=texts(
                en="Evidence: reports or hearings before the legislature on the priorities, and the government's responses to the audit institution and the ombudsman. Advanced: reporting is regular and the responses are published.",
                es="Evidencia: informes o comparecencias ante el poder legislativo sobre las prioridades, y las respuestas del gobierno a la entidad fiscalizadora y a la defensoría del pueblo. Avanzado: los informes son periódicos y las respuestas se publican.",
                pt="Evidências: relatórios ou audiências no Legislativo sobre as prioridades, e as respostas do governo ao tribunal de contas e à ouvidoria. Avançado: a prestação de contas é periódica e as respostas são publicadas.",
                fr="Éléments probants : rapports ou auditions devant le Parlement sur les priorités, et réponses du gouvernement à l'institution supérieure de contrôle et au médiateur. Avancé : les comptes sont rendus régulièrement et les réponses sont publiées.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

PILLAR = InstrumentPillar(
    key="communications",
    label=texts(
        en="Communications and accountability",
        es="Comunicación y rendición de cuentas",
        pt="Comunicação e prestação de contas",
        fr="Communication et redevabilité",
    ),
    components=(COORDINATED_COMMUNICATION, ACCOUNTABILITY),
    aggregation=FUNCTION_RULE,
)
