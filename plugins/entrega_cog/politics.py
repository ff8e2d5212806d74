"""Function 4: management of the politics of policies: making priority reforms politically viable, in the
legislature and with the actors whose support they need."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_cog.scale import COMPONENT_RULE, FUNCTION_RULE

POLITICAL_VIABILITY = InstrumentComponent(
    key="political_viability",
    label=texts(
        en="Political viability of proposals",
        es="Viabilidad política de las propuestas",
        pt="Viabilidade política das propostas",
        fr="Viabilité politique des propositions",
    ),
    items=(
        InstrumentItem(
            key="viability_assessed",
            label=texts(
                en="Proposals reaching the leader include an assessment of their political viability and of who will support or oppose them",
                es="Las propuestas que llegan al jefe de gobierno incluyen una evaluación de su viabilidad política y de quiénes las apoyarán o se opondrán a ellas",
                pt="As propostas que chegam ao chefe de governo incluem uma avaliação da sua viabilidade política e de quem as apoiará ou se oporá a elas",
                fr="Les propositions soumises au chef du gouvernement comprennent une évaluation de leur viabilité politique et de leurs soutiens et opposants probables",
            ),
            guidance=texts(
                en="Evidence: a sample of briefing notes to the leader. Nascent: technical content only; advanced: each note weighs support and opposition, timing and the concessions a reform may require.",
                es="Evidencia: una muestra de notas informativas al jefe de gobierno. Incipiente: solo contenido técnico; avanzado: cada nota sopesa apoyos y oposiciones, el momento oportuno y las concesiones que la reforma pueda exigir.",
                pt="Evidências: uma amostra de notas informativas ao chefe de governo. Incipiente: apenas conteúdo técnico; avançado: cada nota pondera apoios e oposições, o momento oportuno e as concessões que a reforma possa exigir.",
                fr="Éléments probants : un échantillon de notes adressées au chef du gouvernement. Naissant : contenu uniquement technique ; avancé : chaque note pèse soutiens et oppositions, calendrier et concessions qu'une réforme peut exiger.",
            ),
        ),
        InstrumentItem(
            key="legislative_agenda",
            label=texts(
                en="The centre manages a legislative agenda aligned with the priorities and tracks each bill",
                es="El centro de gobierno gestiona una agenda legislativa alineada con las prioridades y da seguimiento a cada proyecto de ley",
                pt="O centro de governo gerencia uma agenda legislativa alinhada com as prioridades e acompanha cada projeto de lei",
                fr="Le centre de gouvernement gère un programme législatif aligné sur les priorités et suit chaque projet de loi",
            ),
            guidance=texts(
                en="Evidence: the legislative agenda, a bill tracker with status and next steps, and the share of priority bills passed. Nascent: bills are sent without a plan for their passage.",
                es="Evidencia: la agenda legislativa, un tablero de seguimiento de proyectos de ley con su estado y próximos pasos, y la proporción de proyectos prioritarios aprobados. Incipiente: los proyectos se envían sin un plan para su aprobación.",
                pt="Evidências: a agenda legislativa, um painel de acompanhamento dos projetos de lei com situação e próximos passos, e a proporção de projetos prioritários aprovados. Incipiente: os projetos são enviados sem um plano para sua aprovação.",
                fr="Éléments probants : le programme législatif, un tableau de suivi des projets de loi avec leur état et les prochaines étapes, et la part des projets prioritaires adoptés. Naissant : les projets sont déposés sans stratégie d'adoption.",
            ),
        ),
        InstrumentItem(
            key="coalition_negotiation",
            label=texts(
                en="Negotiations on priority reforms with the governing coalition, the opposition and the legislature are led or coordinated by the centre",
                es="Las negociaciones de las reformas prioritarias con la coalición de gobierno, la oposición y el poder legislativo son conducidas o coordinadas por el centro de gobierno",
                pt="As negociações das reformas prioritárias com a coalizão de governo, a oposição e o Legislativo são conduzidas ou coordenadas pelo centro de governo",
                fr="Les négociations sur les réformes prioritaires avec la coalition gouvernementale, l'opposition et le Parlement sont menées ou coordonnées par le centre de gouvernement",
            ),
            guidance=texts(
                en="Evidence: who negotiated recent priority reforms, and whether separate deals struck by ministries contradicted each other. Advanced: one negotiating line, set at the centre and respected by ministers.",
                es="Evidencia: quién negoció las reformas prioritarias recientes y si los acuerdos separados de los ministerios se contradijeron. Avanzado: una sola línea de negociación, fijada en el centro y respetada por los ministros.",
                pt="Evidências: quem negociou as reformas prioritárias recentes e se os acordos separados dos ministérios se contradisseram. Avançado: uma única linha de negociação, definida no centro e respeitada pelos ministros.",
                fr="Éléments probants : qui a négocié les réformes prioritaires récentes, et si des accords conclus séparément par les ministères se sont contredits. Avancé : une ligne de négociation unique, fixée par le centre et respectée par les ministres.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

STAKEHOLDER_ENGAGEMENT = InstrumentComponent(
    key="stakeholder_engagement",
    label=texts(
        en="Engagement with stakeholders",
        es="Relación con los actores interesados",
        pt="Relacionamento com as partes interessadas",
        fr="Dialogue avec les parties prenantes",
    ),
    items=(
        InstrumentItem(
            key="stakeholder_strategy",
            label=texts(
                en="Each priority reform has a map of stakeholders, their positions and a strategy for engaging them",
                es="Cada reforma prioritaria cuenta con un mapa de actores, sus posiciones y una estrategia para involucrarlos",
                pt="Cada reforma prioritária conta com um mapa de atores, suas posições e uma estratégia para envolvê-los",
                fr="Chaque réforme prioritaire dispose d'une cartographie des parties prenantes, de leurs positions et d'une stratégie pour les associer",
            ),
            guidance=texts(
                en="Evidence: stakeholder maps and engagement plans for the priority reforms, and records of the meetings held. Emerging: maps exist for a few reforms; advanced: they are updated as positions change.",
                es="Evidencia: mapas de actores y planes de relacionamiento de las reformas prioritarias, y registros de las reuniones realizadas. Emergente: existen mapas para algunas reformas; avanzado: se actualizan a medida que cambian las posiciones.",
                pt="Evidências: mapas de atores e planos de relacionamento das reformas prioritárias, e registros das reuniões realizadas. Emergente: há mapas para algumas reformas; avançado: são atualizados à medida que as posições mudam.",
                fr="Éléments probants : cartographies des parties prenantes et plans de dialogue des réformes prioritaires, comptes rendus des réunions tenues. Émergent : des cartographies existent pour quelques réformes ; avancé : elles sont mises à jour au gré de l'évolution des positions.",
            ),
        ),
        InstrumentItem(
            key="subnational_agreement",
            label=texts(
                en="The role of subnational governments in the priorities is negotiated and agreed with them",
                es="El papel de los gobiernos subnacionales en las prioridades se negocia y se acuerda con ellos",
                pt="O papel dos governos subnacionais nas prioridades é negociado e pactuado com eles",
                fr="Le rôle des collectivités territoriales dans les priorités est négocié et convenu avec elles",
            ),
            guidance=texts(
                en="Evidence: agreements, compacts or transfers tied to the priorities, and forums where the centre meets governors or mayors. Where subnational governments deliver part of a priority, no agreement means nascent.",
                es="Evidencia: convenios, pactos o transferencias vinculados a las prioridades, y espacios en que el centro se reúne con gobernadores o alcaldes. Cuando los gobiernos subnacionales ejecutan parte de una prioridad, la ausencia de acuerdo significa incipiente.",
                pt="Evidências: convênios, pactos ou transferências vinculados às prioridades, e fóruns em que o centro se reúne com governadores ou prefeitos. Quando os governos subnacionais executam parte de uma prioridade, a ausência de acordo significa incipiente.",
                fr="Éléments probants : conventions, contrats ou transferts liés aux priorités, et instances où le centre rencontre gouverneurs ou maires. Lorsque des collectivités territoriales mettent en œuvre une partie d'une priorité, l'absence d'accord signifie naissant.",
            ),
        ),
        InstrumentItem(
            key="social_dialogue",
            label=texts(
                en="The centre keeps a regular dialogue on the priorities with civil society, business and unions",
                es="El centro de gobierno mantiene un diálogo periódico sobre las prioridades con la sociedad civil, el sector empresarial y los sindicatos",
                pt="O centro de governo mantém um diálogo periódico sobre as prioridades com a sociedade civil, o setor empresarial e os sindicatos",
                fr="Le centre de gouvernement entretient un dialogue régulier sur les priorités avec la société civile, les entreprises et les syndicats",
            ),
            guidance=texts(
                en="Evidence: the forums or councils used, how often they met, and examples of priorities adjusted after consultation. Occasional meetings without consequence point to emerging.",
                es="Evidencia: los foros o consejos utilizados, su frecuencia de reunión y ejemplos de prioridades ajustadas tras la consulta. Reuniones ocasionales sin consecuencias indican emergente.",
                pt="Evidências: os fóruns ou conselhos utilizados, a frequência das reuniões e exemplos de prioridades ajustadas após a consulta. Reuniões ocasionais sem consequências indicam emergente.",
                fr="Éléments probants : les forums ou conseils utilisés, la fréquence de leurs réunions et des exemples de priorités ajustées après consultation. Des réunions occasionnelles sans suite indiquent émergent.",
            ),
        ),
    ),
    aggregation=COMPONENT_RULE,
)

PILLAR = InstrumentPillar(
    key="politics",
    label=texts(
        en="Management of the politics of policies",
        es="Gestión política de las políticas",
        pt="Gestão política das políticas",
        fr="Gestion politique des politiques publiques",
    ),
    components=(POLITICAL_VIABILITY, STAKEHOLDER_ENGAGEMENT),
    aggregation=FUNCTION_RULE,
)
