"""Function 2: policy coordination: bodies where ministries work on cross-cutting priorities, review of
proposals before they reach a decision, and a known way of settling disagreements."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_cog.scale import COMPONENT_RULE, FUNCTION_RULE

COORDINATION_BODIES = InstrumentComponent(
    key="coordination_bodies",
    label=texts(
        en="Coordination bodies",
        es="Instancias de coordinación",
        pt="Instâncias de coordenação",
        fr="Instances de coordination",
    ),
    items=(
        InstrumentItem(
            key="interministerial_committees",
            label=texts(
                en="Cross-cutting priorities are handled in cabinet committees or interministerial bodies with clear mandates that meet regularly",
                es="Las prioridades transversales se tratan en comités del gabinete o instancias interministeriales con mandatos claros que se reúnen con regularidad",
                pt="As prioridades transversais são tratadas em comitês do gabinete ou instâncias interministeriais com mandatos claros que se reúnem regularmente",
                fr="Les priorités transversales sont traitées dans des comités ministériels ou des instances interministérielles au mandat clair qui se réunissent régulièrement",
            ),
            guidance=texts(
                en="Evidence: the instruments creating the bodies, meeting calendars, attendance and minutes for the last year. A body that exists on paper but rarely meets, or to which ministers send junior staff, supports no more than emerging.",
                es="Evidencia: los instrumentos de creación de las instancias, calendarios de reuniones, asistencia y actas del último año. Una instancia que existe en el papel pero rara vez se reúne, o a la que los ministros envían a funcionarios de bajo rango, no justifica más que emergente.",
                pt="Evidências: os atos de criação das instâncias, calendários de reuniões, presença e atas do último ano. Uma instância que existe no papel mas raramente se reúne, ou à qual os ministros enviam servidores de baixo escalão, não justifica mais do que emergente.",
                fr="Éléments probants : textes créant les instances, calendriers des réunions, présences et comptes rendus de la dernière année. Une instance qui existe sur le papier mais se réunit rarement, ou à laquelle les ministres délèguent des agents subalternes, ne justifie pas plus qu'émergent.",
            ),
        ),
        InstrumentItem(
            key="lead_ministry_named",
            label=texts(
                en="Every cross-cutting priority has a lead ministry, and the contribution of each other agency is defined",
                es="Cada prioridad transversal tiene un ministerio líder y está definida la contribución de cada una de las demás entidades",
                pt="Cada prioridade transversal tem um ministério líder e a contribuição de cada um dos demais órgãos está definida",
                fr="Chaque priorité transversale a un ministère chef de file et la contribution de chacune des autres administrations est définie",
            ),
            guidance=texts(
                en="Evidence: a responsibility matrix, or delivery plans naming the lead and the contributing agencies. Ask contributing agencies whether they know what is expected of them and by when.",
                es="Evidencia: una matriz de responsabilidades, o planes de implementación que nombran al líder y a las entidades que contribuyen. Pregunte a las entidades que contribuyen si saben qué se espera de ellas y para cuándo.",
                pt="Evidências: uma matriz de responsabilidades, ou planos de entrega que nomeiam o líder e os órgãos que contribuem. Pergunte aos órgãos que contribuem se sabem o que se espera deles e em que prazo.",
                fr="Éléments probants : une matrice des responsabilités, ou des plans de mise en œuvre désignant le chef de file et les administrations contributrices. Demandez aux administrations contributrices si elles savent ce que l'on attend d'elles et pour quand.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

POLICY_REVIEW = InstrumentComponent(
    key="policy_review",
    label=texts(
        en="Review of policy proposals",
        es="Revisión de las propuestas de política",
        pt="Revisão das propostas de política",
        fr="Examen des propositions de politique",
    ),
    items=(
        InstrumentItem(
            key="proposals_reviewed",
            label=texts(
                en="The centre reviews proposals before they reach the leader or cabinet, for consistency with the priorities, cost and legal soundness",
                es="El centro de gobierno revisa las propuestas antes de que lleguen al jefe de gobierno o al gabinete, en cuanto a su coherencia con las prioridades, su costo y su solidez jurídica",
                pt="O centro de governo revisa as propostas antes que cheguem ao chefe de governo ou ao gabinete, quanto à coerência com as prioridades, ao custo e à solidez jurídica",
                fr="Le centre de gouvernement examine les propositions avant qu'elles ne parviennent au chef du gouvernement ou au Conseil des ministres, au regard de leur cohérence avec les priorités, de leur coût et de leur solidité juridique",
            ),
            guidance=texts(
                en="Evidence: the rules of procedure for cabinet business and a sample of recent proposals with the centre's review notes. Nascent: proposals go straight to the leader; advanced: no proposal is tabled without the centre's written opinion.",
                es="Evidencia: el reglamento de funcionamiento del gabinete y una muestra de propuestas recientes con las notas de revisión del centro. Incipiente: las propuestas llegan directamente al jefe de gobierno; avanzado: ninguna propuesta se presenta sin la opinión escrita del centro.",
                pt="Evidências: as normas de funcionamento do gabinete e uma amostra de propostas recentes com as notas de revisão do centro. Incipiente: as propostas vão diretamente ao chefe de governo; avançado: nenhuma proposta é pautada sem o parecer escrito do centro.",
                fr="Éléments probants : le règlement intérieur du Conseil des ministres et un échantillon de propositions récentes avec les notes d'examen du centre. Naissant : les propositions vont directement au chef du gouvernement ; avancé : aucune proposition n'est inscrite à l'ordre du jour sans l'avis écrit du centre.",
            ),
        ),
        InstrumentItem(
            key="affected_ministries_consulted",
            label=texts(
                en="Proposals reach a decision with the views of finance, legal services and the ministries they affect",
                es="Las propuestas llegan a la decisión con la opinión de Hacienda, de los servicios jurídicos y de los ministerios afectados",
                pt="As propostas chegam à decisão com o parecer da Fazenda, da assessoria jurídica e dos ministérios afetados",
                fr="Les propositions arrivent à la décision accompagnées de l'avis des Finances, des services juridiques et des ministères concernés",
            ),
            guidance=texts(
                en="Evidence: records of consultation attached to proposals. Count recent decisions reversed or stalled because a ministry had not been consulted: frequent cases point to nascent or emerging.",
                es="Evidencia: constancias de consulta adjuntas a las propuestas. Cuente las decisiones recientes que se revirtieron o se estancaron porque no se consultó a un ministerio: los casos frecuentes indican incipiente o emergente.",
                pt="Evidências: registros de consulta anexados às propostas. Conte as decisões recentes revertidas ou paralisadas porque um ministério não foi consultado: casos frequentes indicam incipiente ou emergente.",
                fr="Éléments probants : traces des consultations jointes aux propositions. Comptez les décisions récentes annulées ou bloquées faute d'avoir consulté un ministère : des cas fréquents indiquent naissant ou émergent.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

DISPUTE_RESOLUTION = InstrumentComponent(
    key="dispute_resolution",
    label=texts(
        en="Resolving disagreements between ministries",
        es="Resolución de desacuerdos entre ministerios",
        pt="Resolução de divergências entre ministérios",
        fr="Règlement des désaccords entre ministères",
    ),
    items=(
        InstrumentItem(
            key="known_arbitration_route",
            label=texts(
                en="Disagreements between ministries are settled at the centre through a known procedure before they escalate to the leader",
                es="Los desacuerdos entre ministerios se resuelven en el centro de gobierno mediante un procedimiento conocido antes de escalar al jefe de gobierno",
                pt="As divergências entre ministérios são resolvidas no centro de governo por um procedimento conhecido antes de chegarem ao chefe de governo",
                fr="Les désaccords entre ministères sont tranchés au centre de gouvernement selon une procédure connue avant de remonter au chef du gouvernement",
            ),
            guidance=texts(
                en="Evidence: the arbitration procedure and recent cases, with how and when they were settled. Interviews should confirm that ministers accept the centre's arbitration; if only the leader settles disputes, the rating is emerging.",
                es="Evidencia: el procedimiento de arbitraje y casos recientes, con cómo y cuándo se resolvieron. Las entrevistas deben confirmar que los ministros aceptan el arbitraje del centro; si solo el jefe de gobierno resuelve las controversias, la calificación es emergente.",
                pt="Evidências: o procedimento de arbitragem e casos recentes, com como e quando foram resolvidos. As entrevistas devem confirmar que os ministros aceitam a arbitragem do centro; se apenas o chefe de governo resolve as controvérsias, a classificação é emergente.",
                fr="Éléments probants : la procédure d'arbitrage et des cas récents, avec la manière et le délai de leur règlement. Les entretiens doivent confirmer que les ministres acceptent l'arbitrage du centre ; si seul le chef du gouvernement tranche les différends, la note est émergent.",
            ),
        ),
        InstrumentItem(
            key="decisions_followed_up",
            label=texts(
                en="Decisions are recorded, sent to the ministries concerned and followed up until carried out",
                es="Las decisiones se registran, se comunican a los ministerios involucrados y se les da seguimiento hasta su ejecución",
                pt="As decisões são registradas, comunicadas aos ministérios envolvidos e acompanhadas até sua execução",
                fr="Les décisions sont consignées, transmises aux ministères concernés et suivies jusqu'à leur exécution",
            ),
            guidance=texts(
                en="Evidence: a decision log with owners and deadlines, and its status at the latest review. Advanced: the log is current and overdue decisions are raised at the next meeting.",
                es="Evidencia: un registro de decisiones con responsables y plazos, y su estado en la última revisión. Avanzado: el registro está al día y las decisiones vencidas se plantean en la reunión siguiente.",
                pt="Evidências: um registro de decisões com responsáveis e prazos, e a sua situação na última revisão. Avançado: o registro está atualizado e as decisões atrasadas são levadas à reunião seguinte.",
                fr="Éléments probants : un registre des décisions avec responsables et échéances, et son état lors de la dernière revue. Avancé : le registre est à jour et les décisions en retard sont soulevées à la réunion suivante.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

PILLAR = InstrumentPillar(
    key="policy_coordination",
    label=texts(
        en="Policy coordination",
        es="Coordinación de políticas",
        pt="Coordenação de políticas",
        fr="Coordination des politiques",
    ),
    components=(COORDINATION_BODIES, POLICY_REVIEW, DISPUTE_RESOLUTION),
    aggregation=FUNCTION_RULE,
)
