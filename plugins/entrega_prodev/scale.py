"""The SEP's score: 0 (the practice does not exist) to 5 (the optimal situation), and how it is summarised."""

from __future__ import annotations

from entrega.extensions.contract import Aggregation, Scale, ScaleStep, texts

# A step's key is its score and its rank is the same number: on this scale a rank is a quantity.
SCORE = Scale(
    key="prodev_score",
    label=texts(en="Score (0–5)", es="Puntaje (0–5)", pt="Pontuação (0–5)", fr="Note (0–5)"),
    steps=(
        ScaleStep(
            key="0",
            label=texts(en="0 — Not in place", es="0 — Inexistente", pt="0 — Inexistente", fr="0 — Inexistant"),
            rank=0,
        ),
        ScaleStep(
            key="1",
            label=texts(en="1 — Incipient", es="1 — Incipiente", pt="1 — Incipiente", fr="1 — Embryonnaire"),
            rank=1,
        ),
        ScaleStep(
            key="2",
            label=texts(
                en="2 — Early development",
                es="2 — Desarrollo inicial",
                pt="2 — Desenvolvimento inicial",
                fr="2 — Développement initial",
            ),
            rank=2,
        ),
        ScaleStep(
            key="3",
            label=texts(
                en="3 — Intermediate development",
                es="3 — Desarrollo intermedio",
                pt="3 — Desenvolvimento intermediário",
                fr="3 — Développement intermédiaire",
            ),
            rank=3,
        ),
        ScaleStep(
            key="4",
            label=texts(
                en="4 — Advanced development",
                es="4 — Desarrollo avanzado",
                pt="4 — Desenvolvimento avançado",
                fr="4 — Développement avancé",
            ),
            rank=4,
        ),
        ScaleStep(
            key="5",
            label=texts(en="5 — Optimal", es="5 — Óptimo", pt="5 — Ótimo", fr="5 — Optimal"),
            rank=5,
        ),
    ),
    additive=True,
)

# The SEP averages: items into components, components into pillars. It is how the IDB reported the pillars
# (financial management 2.9, budgeting for results 1.9) and how waves and countries are compared.
AVERAGE = Aggregation.AVERAGE
