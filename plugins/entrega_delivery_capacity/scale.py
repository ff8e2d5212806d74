"""The four-colour rating of each element, and how elements and stages are summarised."""

from __future__ import annotations

from entrega.extensions.contract import Aggregation, Scale, ScaleStep, texts

# The same darkened traffic-light colours as the PMDU model's ratings, so one judgement looks the same
# everywhere on the platform. Each has at least 4.7:1 contrast against white (WCAG AA for normal text), so a
# rating reads on a white page and as white text on a coloured badge.
RATING = Scale(
    key="delivery_rag",
    label=texts(
        en="Four-colour rating",
        es="Calificación en cuatro colores",
        pt="Classificação em quatro cores",
        fr="Notation en quatre couleurs",
    ),
    steps=(
        ScaleStep(
            key="red",
            label=texts(en="Red", es="Rojo", pt="Vermelho", fr="Rouge"),
            rank=0,
            colour="#b3261e",
        ),
        ScaleStep(
            key="amber_red",
            label=texts(en="Amber-red", es="Ámbar-rojo", pt="Âmbar-vermelho", fr="Orange-rouge"),
            rank=1,
            colour="#b35c00",
        ),
        ScaleStep(
            key="amber_green",
            label=texts(en="Amber-green", es="Ámbar-verde", pt="Âmbar-verde", fr="Orange-vert"),
            rank=2,
            colour="#667a00",
        ),
        ScaleStep(
            key="green",
            label=texts(en="Green", es="Verde", pt="Verde", fr="Vert"),
            rank=3,
            colour="#1b7a3a",
        ),
    ),
    additive=False,
)

# Each element is a component holding the one statement it is rated on; with a single item the weakest
# link is that item's rating, so the element shows its own colour, and an element that later gains
# sub-questions is still summarised honestly for an ordinal scale.
ELEMENT_RULE = Aggregation.WEAKEST_LINK

# The stages are not summarised. They are the order in which a delivery unit builds its method, not parts of
# one capability: a young unit is rightly red on "sustain and continually build momentum" while green on its
# foundations, and a stage colour would hide which element needs work. The rubric is read element by element.
STAGE_RULE = Aggregation.NONE
