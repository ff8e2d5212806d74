"""Stage 5: create an irreversible delivery culture."""

from __future__ import annotations

from entrega.extensions.contract import InstrumentComponent, InstrumentItem, InstrumentPillar, texts
from entrega_delivery_capacity.scale import ELEMENT_RULE, STAGE_RULE

BUILD_SYSTEM_CAPACITY = InstrumentComponent(
    key="build_system_capacity",
    label=texts(
        en="5A. Build system capacity all the time",
        es="5A. Desarrollar permanentemente las capacidades del sistema",
        pt="5A. Desenvolver permanentemente a capacidade do sistema",
        fr="5A. Renforcer en permanence les capacités du système",
    ),
    items=(
        InstrumentItem(
            key="system_capacity",
            label=texts(
                en="People across the delivery chain build the skills of delivery (problem solving, data analysis, planning) through deliberate training and practice",
                es="Las personas a lo largo de la cadena de implementación desarrollan las capacidades del cumplimiento (resolución de problemas, análisis de datos, planificación) mediante capacitación y práctica deliberadas",
                pt="As pessoas ao longo da cadeia de entrega desenvolvem as competências da entrega (solução de problemas, análise de dados, planejamento) por meio de capacitação e prática deliberadas",
                fr="Les acteurs de toute la chaîne de mise en œuvre développent les compétences de la mise en œuvre (résolution de problèmes, analyse de données, planification) grâce à une formation et une pratique délibérées",
            ),
            guidance=texts(
                en="Evidence: a capacity-building plan, training delivered beyond the delivery unit, and ministries that run routines of their own. Red: capacity sits only in the delivery unit.",
                es="Evidencia: un plan de desarrollo de capacidades, capacitaciones impartidas más allá de la unidad de cumplimiento y ministerios que llevan sus propias rutinas. Rojo: la capacidad está solo en la unidad de cumplimiento.",
                pt="Evidências: um plano de desenvolvimento de capacidades, capacitações realizadas além da unidade de entrega e ministérios que conduzem suas próprias rotinas. Vermelho: a capacidade está apenas na unidade de entrega.",
                fr="Éléments probants : un plan de renforcement des capacités, des formations dispensées au-delà de l'unité de mise en œuvre et des ministères qui animent leurs propres routines. Rouge : la capacité ne se trouve que dans l'unité de mise en œuvre.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

COMMUNICATE_MESSAGE = InstrumentComponent(
    key="communicate_message",
    label=texts(
        en="5B. Communicate the delivery message",
        es="5B. Comunicar el mensaje del cumplimiento",
        pt="5B. Comunicar a mensagem da entrega",
        fr="5B. Communiquer le message de la mise en œuvre",
    ),
    items=(
        InstrumentItem(
            key="delivery_message",
            label=texts(
                en="A consistent message about the aspiration and the progress made reaches the public, the system's staff and its front line",
                es="Un mensaje coherente sobre la aspiración y los avances logrados llega al público, al personal del sistema y a la primera línea",
                pt="Uma mensagem coerente sobre a aspiração e o progresso alcançado chega ao público, aos servidores do sistema e à linha de frente",
                fr="Un message cohérent sur l'ambition et les progrès accomplis parvient au public, au personnel du système et aux agents de terrain",
            ),
            guidance=texts(
                en="Evidence: the communication plan, messages to staff and the public over the last six months, and whether front-line staff can say what the priorities are. Red: no communication beyond announcements.",
                es="Evidencia: el plan de comunicación, los mensajes al personal y al público en los últimos seis meses, y si el personal de primera línea sabe cuáles son las prioridades. Rojo: no hay comunicación más allá de los anuncios.",
                pt="Evidências: o plano de comunicação, as mensagens aos servidores e ao público nos últimos seis meses, e se os servidores da linha de frente sabem quais são as prioridades. Vermelho: não há comunicação além dos anúncios.",
                fr="Éléments probants : le plan de communication, les messages adressés au personnel et au public au cours des six derniers mois, et la capacité des agents de terrain à citer les priorités. Rouge : aucune communication au-delà des annonces.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

UNLEASH_ALCHEMY_OF_RELATIONSHIPS = InstrumentComponent(
    key="unleash_alchemy_of_relationships",
    label=texts(
        en="5C. Unleash the “alchemy of relationships”",
        es="5C. Desatar la «alquimia de las relaciones»",
        pt="5C. Liberar a “alquimia dos relacionamentos”",
        fr="5C. Libérer « l'alchimie des relations »",
    ),
    items=(
        InstrumentItem(
            key="alchemy_of_relationships",
            label=texts(
                en="Relationships of trust between the delivery unit, ministries and the front line turn the routines into shared commitment rather than compliance",
                es="Relaciones de confianza entre la unidad de cumplimiento, los ministerios y la primera línea convierten las rutinas en un compromiso compartido y no en un mero cumplimiento formal",
                pt="Relações de confiança entre a unidade de entrega, os ministérios e a linha de frente transformam as rotinas em compromisso compartilhado, e não em mera conformidade",
                fr="Des relations de confiance entre l'unité de mise en œuvre, les ministères et le terrain font des routines un engagement partagé plutôt qu'une simple conformité",
            ),
            guidance=texts(
                en="Evidence: interviews with ministries and front-line managers on how they see the delivery unit, and cases where problems were raised early by those who own them. Red: the unit is seen as an inspector to be kept at bay.",
                es="Evidencia: entrevistas con ministerios y directivos de primera línea sobre cómo ven a la unidad de cumplimiento, y casos en que los propios responsables plantearon los problemas a tiempo. Rojo: la unidad es vista como un inspector del que hay que protegerse.",
                pt="Evidências: entrevistas com ministérios e gestores da linha de frente sobre como veem a unidade de entrega, e casos em que os próprios responsáveis levantaram os problemas cedo. Vermelho: a unidade é vista como um fiscal do qual é preciso se proteger.",
                fr="Éléments probants : entretiens avec les ministères et les responsables de terrain sur la façon dont ils perçoivent l'unité de mise en œuvre, et cas où les problèmes ont été signalés tôt par ceux qui en ont la charge. Rouge : l'unité est perçue comme un inspecteur dont il faut se protéger.",
            ),
        ),
    ),
    aggregation=ELEMENT_RULE,
)

PILLAR = InstrumentPillar(
    key="culture",
    label=texts(
        en="5. Create an irreversible delivery culture",
        es="5. Crear una cultura de cumplimiento irreversible",
        pt="5. Criar uma cultura de entrega irreversível",
        fr="5. Instaurer une culture de la mise en œuvre irréversible",
    ),
    components=(BUILD_SYSTEM_CAPACITY, COMMUNICATE_MESSAGE, UNLEASH_ALCHEMY_OF_RELATIONSHIPS),
    aggregation=STAGE_RULE,
)
