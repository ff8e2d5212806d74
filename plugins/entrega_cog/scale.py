"""The maturity scale every centre-of-government item is rated on (four ordered steps, not quantities), and
how components and functions are summarised from it."""

from __future__ import annotations

from entrega.extensions.contract import Aggregation, Scale, ScaleStep, texts

# Ordinal: "established" is better than "emerging", but not twice "nascent"; nothing here may be averaged.
MATURITY = Scale(
    key="cog_maturity",
    label=texts(en="Maturity", es="Madurez", pt="Maturidade", fr="Maturité"),
    steps=(
        ScaleStep(
            key="nascent",
            label=texts(en="Nascent", es="Incipiente", pt="Incipiente", fr="Naissant"),
            rank=0,
        ),
        ScaleStep(
            key="emerging",
            label=texts(en="Emerging", es="Emergente", pt="Emergente", fr="Émergent"),
            rank=1,
        ),
        ScaleStep(
            key="established",
            label=texts(en="Established", es="Establecido", pt="Estabelecido", fr="Établi"),
            rank=2,
        ),
        ScaleStep(
            key="advanced",
            label=texts(en="Advanced", es="Avanzado", pt="Avançado", fr="Avancé"),
            rank=3,
        ),
    ),
    additive=False,
)

# A component is summarised by its weakest item: a maturity scale is ordinal, so the lowest rating is the
# only honest summary (PEFA's M1), and a centre that runs routines but has no data to bring to them is not
# "established" at monitoring.
COMPONENT_RULE = Aggregation.WEAKEST_LINK

# A function is summarised by its weakest component too, rather than left unsummarised. Maturity models are
# read by stages (a function reaches a level only when every part of it has), and a function works no better
# than its weakest part: priorities without a delivery plan, reviews without follow-up. The summary gives the
# bank one comparable reading per function across countries; the instrument as a whole is never summarised,
# since the five functions are different things.
FUNCTION_RULE = Aggregation.WEAKEST_LINK
