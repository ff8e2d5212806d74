"""The IDB's centre-of-government functions diagnostic: the five functions a centre of government performs
(strategic management, policy coordination, monitoring and improvement of performance, management of the
politics of policies, communications and accountability), each rated on an ordinal maturity scale."""

from __future__ import annotations

from entrega.extensions.contract import Instrument, PluginKind, PluginManifest, texts
from entrega.extensions.hookspecs import hookimpl
from entrega_cog.instrument import INSTRUMENT

NAME = "entrega_cog"
VERSION = "1.0.0"


@hookimpl
def entrega_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        kind=PluginKind.INSTRUMENT,
        version=VERSION,
        platform=">=0.1,<1",
        title=texts(
            en="Centre-of-government functions (IDB/OECD)",
            es="Funciones del centro de gobierno (BID/OCDE)",
            pt="Funções do centro de governo (BID/OCDE)",
            fr="Fonctions du centre de gouvernement (BID/OCDE)",
        ),
        description=texts(
            en="A diagnostic of the five functions of the centre of government described by the IDB and the OECD, rated item by item on a four-step maturity scale, so that banks can compare centres of government across countries and over time.",
            es="Un diagnóstico de las cinco funciones del centro de gobierno descritas por el BID y la OCDE, calificadas ítem por ítem en una escala de madurez de cuatro niveles, para que los bancos puedan comparar centros de gobierno entre países y a lo largo del tiempo.",
            pt="Um diagnóstico das cinco funções do centro de governo descritas pelo BID e pela OCDE, classificadas item por item em uma escala de maturidade de quatro níveis, para que os bancos possam comparar centros de governo entre países e ao longo do tempo.",
            fr="Un diagnostic des cinq fonctions du centre de gouvernement décrites par la BID et l'OCDE, notées élément par élément sur une échelle de maturité à quatre niveaux, pour que les banques puissent comparer les centres de gouvernement d'un pays à l'autre et dans le temps.",
        ),
    )


@hookimpl
def entrega_instruments() -> list[Instrument]:
    return [INSTRUMENT]
