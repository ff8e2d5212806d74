"""The IDB's PRODEV evaluation system (SEP) of managing for development results: five pillars of the public
management cycle, from planning to evaluation, each scored 0 to 5."""

from __future__ import annotations

from entrega.extensions.contract import Instrument, PluginKind, PluginManifest, texts
from entrega.extensions.hookspecs import hookimpl
from entrega_prodev.instrument import INSTRUMENT

NAME = "entrega_prodev"
VERSION = "1.0.0"


@hookimpl
def entrega_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        kind=PluginKind.INSTRUMENT,
        version=VERSION,
        platform=">=0.1,<1",
        title=texts(
            en="PRODEV SEP: managing for development results (IDB)",
            es="SEP del PRODEV: gestión para resultados en el desarrollo (BID)",
            pt="SEP do PRODEV: gestão para resultados no desenvolvimento (BID)",
            fr="SEP du PRODEV : gestion axée sur les résultats de développement (BID)",
        ),
        description=texts(
            en="The IDB's PRODEV evaluation system: planning for results, budgeting for results, public financial management, programme and project management, and monitoring and evaluation, each scored 0 to 5 and averaged, as in the IDB's comparisons across Latin America and the Caribbean.",
            es="El sistema de evaluación PRODEV del BID: planificación orientada a resultados, presupuesto por resultados, gestión financiera pública, gestión de programas y proyectos, y monitoreo y evaluación, cada uno puntuado de 0 a 5 y promediado, como en las comparaciones del BID en América Latina y el Caribe.",
            pt="O sistema de avaliação PRODEV do BID: planejamento orientado a resultados, orçamento por resultados, gestão financeira pública, gestão de programas e projetos, e monitoramento e avaliação, cada um pontuado de 0 a 5 e com média calculada, como nas comparações do BID na América Latina e no Caribe.",
            fr="Le système d'évaluation PRODEV de la BID : planification axée sur les résultats, budgétisation axée sur les résultats, gestion des finances publiques, gestion des programmes et des projets, suivi et évaluation, chacun noté de 0 à 5 et moyenné, comme dans les comparaisons de la BID en Amérique latine et dans les Caraïbes.",
        ),
    )


@hookimpl
def entrega_instruments() -> list[Instrument]:
    return [INSTRUMENT]
