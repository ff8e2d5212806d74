"""The delivery capacity rubric: the fifteen elements of the delivery method (Barber, Moffit and Kihn,
"Deliverology 101"), grouped in its five stages, each element rated red, amber-red, amber-green or green."""

from __future__ import annotations

from entrega.extensions.contract import Instrument, PluginKind, PluginManifest, texts
from entrega.extensions.hookspecs import hookimpl
from entrega_delivery_capacity.instrument import INSTRUMENT

NAME = "entrega_delivery_capacity"
VERSION = "1.0.0"


@hookimpl
def entrega_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        kind=PluginKind.INSTRUMENT,
        version=VERSION,
        platform=">=0.1,<1",
        title=texts(
            en="Delivery capacity rubric",
            es="Rúbrica de capacidad de cumplimiento",
            pt="Rubrica de capacidade de entrega",
            fr="Grille d'évaluation de la capacité de mise en œuvre",
        ),
        description=texts(
            en="A review of a government's capacity to deliver its priorities: the fifteen elements of the delivery method, in its five stages, each rated red, amber-red, amber-green or green on the evidence described for it.",
            es="Una revisión de la capacidad de un gobierno para cumplir sus prioridades: los quince elementos del método de cumplimiento, en sus cinco etapas, cada uno calificado en rojo, ámbar-rojo, ámbar-verde o verde según la evidencia descrita para él.",
            pt="Uma revisão da capacidade de um governo de entregar suas prioridades: os quinze elementos do método de entrega, em suas cinco etapas, cada um classificado em vermelho, âmbar-vermelho, âmbar-verde ou verde segundo as evidências descritas para ele.",
            fr="Une revue de la capacité d'un gouvernement à mettre en œuvre ses priorités : les quinze éléments de la méthode de mise en œuvre, répartis en cinq étapes, chacun noté rouge, orange-rouge, orange-vert ou vert selon les éléments probants décrits pour lui.",
        ),
    )


@hookimpl
def entrega_instruments() -> list[Instrument]:
    return [INSTRUMENT]
