"""The values plugins hand to the platform. Plain frozen dataclasses: a plugin builds them, the platform
reads them; nothing here touches the database.

Every text a person reads is a `Texts` mapping of language to text and must include English ("en"),
the fallback when the reader's language is missing.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema

Texts = dict[str, str]
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class PluginKind(enum.StrEnum):
    DELIVERY_MODEL = "delivery_model"  # exactly one per tenant: the country's model
    EXTENSION = "extension"  # adds fields, routines or reports on top of the model
    INSTRUMENT = "instrument"  # a diagnostic instrument the bank compares across countries


class CommonRating(enum.StrEnum):
    """The platform's common four-step scale, onto which every model maps its own ratings."""

    OFF_TRACK = "off_track"
    AT_RISK = "at_risk"
    ON_TRACK_WITH_ISSUES = "on_track_with_issues"
    ON_TRACK = "on_track"


class Polarity(enum.StrEnum):
    UP = "up"  # more is better
    DOWN = "down"  # less is better


class Frequency(enum.StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    BIMONTHLY = "bimonthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"


# The words a model may rename. Pages ask for these keys, never for the bare English word.
VOCABULARY_KEYS = (
    "priority",
    "target",
    "indicator",
    "trajectory",
    "milestone",
    "delivery_chain",
    "delivery_plan",
    "routine",
    "stocktake",
    "assessment",
    "action",
    "delivery_report",
    "league_table",
    "delivery_unit",
    "ministry",
)


@dataclass(frozen=True)
class PluginManifest:
    """Who a plugin is. `name` must equal its entry-point name."""

    name: str
    kind: PluginKind
    version: str
    platform: str  # PEP 440 specifier the platform's version must satisfy, e.g. ">=0.1,<1"
    title: Texts
    description: Texts
    config_schema: type[Schema] | None = None


@dataclass(frozen=True)
class Term:
    singular: str
    plural: str


# term key → language → the word
Vocabulary = dict[str, dict[str, Term]]


@dataclass(frozen=True)
class RatingLevel:
    """One step of a model's own rating scale, and where it sits on the common scale."""

    key: str
    label: Texts
    colour: str  # "#rrggbb"
    common: CommonRating

    def __post_init__(self) -> None:
        if not _HEX_COLOUR.match(self.colour):
            raise ValueError(f"rating level {self.key!r}: colour must be #rrggbb, not {self.colour!r}")


@dataclass(frozen=True)
class JudgementArea:
    key: str
    label: Texts
    question: Texts


@dataclass(frozen=True)
class AssessmentFramework:
    """How the unit judges each priority: its levels (best first) and the areas it looks at."""

    name: Texts
    levels: tuple[RatingLevel, ...]
    areas: tuple[JudgementArea, ...]

    def common_scale(self) -> dict[str, CommonRating]:
        """The mapping of this model's ratings onto the common scale, for cross-country comparison."""
        return {level.key: level.common for level in self.levels}


@dataclass(frozen=True)
class StatusRule:
    """How far behind its trajectory an indicator may be and still count as on track.

    The shortfall is measured against the progress planned from the baseline to the expected value
    (or against the expected value itself when there is no baseline): 0.05 means five per cent.
    """

    on_track_within: float
    issues_within: float
    at_risk_within: float

    def __post_init__(self) -> None:
        if not 0 <= self.on_track_within <= self.issues_within <= self.at_risk_within:
            raise ValueError("status bands must widen: on_track_within ≤ issues_within ≤ at_risk_within")

    def rate(self, actual: float, expected: float, polarity: Polarity, baseline: float | None = None) -> CommonRating:
        shortfall = expected - actual if Polarity(polarity) is Polarity.UP else actual - expected
        scale = abs(expected - baseline) if baseline is not None and expected != baseline else abs(expected)
        relative = shortfall / scale if scale else (0.0 if shortfall <= 0 else float("inf"))
        if relative <= self.on_track_within:
            return CommonRating.ON_TRACK
        if relative <= self.issues_within:
            return CommonRating.ON_TRACK_WITH_ISSUES
        if relative <= self.at_risk_within:
            return CommonRating.AT_RISK
        return CommonRating.OFF_TRACK


@dataclass(frozen=True)
class PeriodCalendar:
    fiscal_year_start_month: int  # 1 = January
    frequencies: tuple[Frequency, ...]  # reporting frequencies indicators may use
    default_frequency: Frequency

    def __post_init__(self) -> None:
        if not 1 <= self.fiscal_year_start_month <= 12:
            raise ValueError("fiscal_year_start_month must be 1 to 12")
        if self.default_frequency not in self.frequencies:
            raise ValueError("the default frequency must be one of the frequencies")


class AgendaOrder(enum.StrEnum):
    WORST_FIRST = "worst_first"  # off track and deteriorating first, then missing data, then overdue actions
    BY_PRIORITY = "by_priority"  # the unit's own order of priorities
    BY_AGENCY = "by_agency"  # one agency at a time (Stat meetings)


@dataclass(frozen=True)
class RoutineTemplate:
    key: str
    kind: str  # stocktake, stat_meeting, monthly_note, delivery_report, monitoring_meeting, progress_report, …
    label: Texts
    cadence: Frequency
    agenda: AgendaOrder
    chaired_by_leader: bool
    pre_read: str | None = None  # key of the report template used as the pre-read pack


@dataclass(frozen=True)
class ReportTemplate:
    key: str
    label: Texts
    kind: str  # stocktake_pack, analyst_memo, follow_up, delivery_report, league_table, progress_report, …
    sections: tuple[str, ...]


class FieldType(enum.StrEnum):
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    DATE = "date"


@dataclass(frozen=True)
class ExtraField:
    """A field a model adds to a core entity; stored as validated JSON on that entity."""

    entity: str  # priority, indicator, target, ministry, milestone
    key: str
    label: Texts
    type: FieldType
    required: bool = False
    choices: tuple[tuple[str, Texts], ...] = field(default_factory=tuple)


def texts(*, en: str, es: str, pt: str, fr: str) -> Texts:
    """A text in the platform's four interface languages; a missing one is a type error, not a gap on screen."""
    return {"en": en, "es": es, "pt": pt, "fr": fr}


def terms(*, en: tuple[str, str], es: tuple[str, str], pt: tuple[str, str], fr: tuple[str, str]) -> dict[str, Term]:
    """One vocabulary entry: (singular, plural) in each of the four languages."""
    return {language: Term(*words) for language, words in (("en", en), ("es", es), ("pt", pt), ("fr", fr))}


def fiscal_year_start_month_field(default: int) -> Any:
    """The configuration field most models share: the month the government's fiscal year begins."""
    from marshmallow import fields, validate

    return fields.Integer(
        strict=True,
        load_default=default,
        validate=validate.Range(1, 12, error="The fiscal year starts in a month from 1 to 12, not {input}."),
        metadata={
            "label": texts(
                en="First month of the fiscal year",
                es="Primer mes del año fiscal",
                pt="Primeiro mês do exercício fiscal",
                fr="Premier mois de l'exercice budgétaire",
            )
        },
    )


def copied(vocabulary: Vocabulary) -> Vocabulary:
    """A copy of a model's vocabulary, so that adjusting the words for one tenant changes no other."""
    return {key: dict(words) for key, words in vocabulary.items()}


# ---- diagnostic instruments --------------------------------------------------------------------------------


class Aggregation(enum.StrEnum):
    """How a component or pillar is summarised from what it holds."""

    AVERAGE = "average"  # the mean of the parts: only on a scale whose steps are numbers that add up
    WEAKEST_LINK = "weakest_link"  # the lowest part (PEFA's M1): an ordinal scale's honest summary
    NONE = "none"  # no summary: the parts are read one by one


@dataclass(frozen=True)
class ScaleStep:
    key: str
    label: Texts
    rank: int  # 0 is the lowest; steps are ordered by rank
    colour: str | None = None

    def __post_init__(self) -> None:
        if self.colour is not None and not _HEX_COLOUR.match(self.colour):
            raise ValueError(f"scale step {self.key!r}: colour must be #rrggbb, not {self.colour!r}")


@dataclass(frozen=True)
class Scale:
    """The answers an item takes. `additive` says whether ranks are quantities (0–5 scores) that may be
    averaged; an ordinal scale (A–D, four colours) is not, and the platform never adds it up."""

    key: str
    label: Texts
    steps: tuple[ScaleStep, ...]
    additive: bool

    def __post_init__(self) -> None:
        ranks = [step.rank for step in self.steps]
        if len(self.steps) < 2 or sorted(ranks) != list(range(len(ranks))):
            raise ValueError(f"scale {self.key!r}: give two or more steps ranked 0, 1, 2, …")

    def step(self, key: str) -> ScaleStep:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)


@dataclass(frozen=True)
class InstrumentItem:
    key: str
    label: Texts
    guidance: Texts | None = None  # what evidence supports each answer


@dataclass(frozen=True)
class InstrumentComponent:
    key: str
    label: Texts
    items: tuple[InstrumentItem, ...]
    aggregation: Aggregation


@dataclass(frozen=True)
class InstrumentPillar:
    key: str
    label: Texts
    components: tuple[InstrumentComponent, ...]
    aggregation: Aggregation


@dataclass(frozen=True)
class Instrument:
    """A diagnostic the bank compares across countries: pillars → components → items, on one scale, each level
    summarised by its own rule. Refuses to average a scale that does not add up."""

    key: str
    name: Texts
    description: Texts
    scale: Scale
    pillars: tuple[InstrumentPillar, ...]

    def __post_init__(self) -> None:
        keys = [item.key for pillar in self.pillars for component in pillar.components for item in component.items]
        if len(keys) != len(set(keys)):
            raise ValueError(f"instrument {self.key!r}: item keys must be unique")
        rules = [p.aggregation for p in self.pillars] + [c.aggregation for p in self.pillars for c in p.components]
        if Aggregation.AVERAGE in rules and not self.scale.additive:
            raise ValueError(
                f"instrument {self.key!r}: its scale {self.scale.key!r} does not add up, so nothing averages it"
            )

    def items(self) -> list[InstrumentItem]:
        return [item for pillar in self.pillars for component in pillar.components for item in component.items]
