"""Reports drawn from an assessment round (the one named, else the latest): the six-monthly delivery report,
each priority's judgement with its reasons beside what the data say, and the league table."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from entrega.delivery import facts
from entrega.delivery.charts import trajectory_chart
from entrega.delivery.status import RATING_ORDER
from entrega.routines import access, agenda, assessments
from entrega.routines.assessments import Standing
from entrega.routines.models import Assessment, AssessmentRound
from entrega.web import charts
from entrega.web.i18n import chart_labels, localized_text, number
from entrega.web.vocabulary import term

from .packs import Pack, PackInput, attention_first, base_context, fiscal_start, level_labels

CHART_SIZE = {"width": 640, "height": 180}
NOT_JUDGED_COLOUR = "#595959"
OPEN_ACTIONS_SHOWN = 20


def _rounds(inp: PackInput) -> tuple[AssessmentRound | None, AssessmentRound | None]:
    """The round reported on (the one named, else the latest) and the one before it."""
    every = assessments.rounds(inp.db_session)
    chosen = access.get_round(inp.db_session, inp.subject_id) if inp.subject_id else (every[0] if every else None)
    earlier = [r for r in every if chosen is not None and r.held_on < chosen.held_on]
    return chosen, earlier[0] if earlier else None


def _subtitle(inp: PackInput, round_: AssessmentRound | None) -> str:
    if round_ is None:
        return _("No assessment round yet · as of %(date)s", date=format_date(inp.today, "long"))
    return f"{round_.title} · {format_date(round_.held_on, 'long')}"


def _standings(inp: PackInput, round_: AssessmentRound | None) -> list[Standing]:
    if round_ is None or inp.model is None:
        return []
    return assessments.league_table(inp.db_session, inp.model, round_, inp.today)


def _level_bars(inp: PackInput, standings: list[Standing], title: str) -> charts.Chart | None:
    levels = level_labels(inp.model)
    if not levels:
        return None
    counts = Counter(s.level for s in standings)
    keys: list[str | None] = [*levels, None]
    return charts.bars(
        title=title, categories=[levels[k][0] if k else _("Not judged") for k in keys],
        values=[float(counts.get(k, 0)) for k in keys],
        colours=[levels[k][1] if k else NOT_JUDGED_COLOUR for k in keys], fmt=number, labels=chart_labels(),
        width=560,
    )  # fmt: skip


@dataclass
class Judged:
    standing: Standing
    view: facts.PriorityView | None
    overall: Assessment | None
    areas: list[tuple[str, Assessment]]  # (the area's label, its judgement), in the model's order
    chart_of: uuid.UUID | None  # the indicator drawn: the one needing attention most


def delivery_report(inp: PackInput) -> Pack:
    title = localized_text(inp.template.label, "en")
    round_, _earlier = _rounds(inp)
    subtitle = _subtitle(inp, round_)
    standings = _standings(inp, round_)
    inp.step(0.3)
    judgements = assessments.judgements(inp.db_session, round_.id) if round_ else {}
    areas = [(a.key, localized_text(a.label, "en")) for a in inp.model.framework.areas] if inp.model else []
    views = {v.priority.id: v for v in facts.load(inp.db_session, inp.model, inp.today)}
    with_charts = "trajectories" in inp.template.sections or not inp.template.sections
    entries: list[Judged] = []
    for standing in standings:
        view = views.get(standing.priority.id)
        given = judgements.get(standing.priority.id, {})
        worst = attention_first(view)[:1] if view and with_charts else []
        entries.append(Judged(
            standing, view, given.get(assessments.OVERALL),
            [(label, given[key]) for key, label in areas if key in given], worst[0].indicator.id if worst else None,
        ))  # fmt: skip
    drawn = [e.chart_of for e in entries if e.chart_of is not None]
    complete = {
        item.indicator.id: item
        for view in (facts.load(inp.db_session, inp.model, inp.today, indicator_ids=drawn, complete=True) if drawn else [])
        for item in view.indicators
    }  # fmt: skip
    start, drawn_charts = fiscal_start(inp), {}
    for n, indicator_id in enumerate(drawn):
        drawn_charts[indicator_id] = trajectory_chart(complete[indicator_id], start, **CHART_SIZE)
        inp.step(0.3 + 0.7 * (n + 1) / len(drawn))
    plural = term("priority", plural=True, capital=True)
    context = base_context(inp, title, subtitle) | {
        "round": round_, "entries": entries, "charts": drawn_charts, "levels": level_labels(inp.model),
        "summary": _level_bars(inp, standings, _("%(priorities)s by likelihood of delivery", priorities=plural)),
        "actions": agenda.open_actions(inp.db_session)[:OPEN_ACTIONS_SHOWN], "with_league_table":
        "league_table" in inp.template.sections or not inp.template.sections, "standings": standings,
    }  # fmt: skip
    return Pack("reports/print/delivery_report.html", title, subtitle, context, 3 + (len(entries) + 1) // 2)


@dataclass
class Ranked:
    standing: Standing
    change: str  # "better", "worse", "same", "new" (not judged in the round before), "" (not judged now)


def _change(now: Any, before: Any) -> str:
    if now is None:
        return ""
    if before is None:
        return "new"
    step = RATING_ORDER.index(before) - RATING_ORDER.index(now)
    return "same" if step == 0 else "better" if step < 0 else "worse"


def league_table(inp: PackInput) -> Pack:
    title = localized_text(inp.template.label, "en")
    round_, earlier = _rounds(inp)
    subtitle = _subtitle(inp, round_)
    standings = _standings(inp, round_)
    inp.step(0.6)
    common = inp.model.framework.common_scale() if inp.model else {}
    before: dict[uuid.UUID, Any] = {}
    if earlier is not None:
        for pid, given in assessments.judgements(inp.db_session, earlier.id).items():
            overall = given.get(assessments.OVERALL)
            before[pid] = common.get(overall.level) if overall else None
    ranked = [Ranked(s, _change(s.judged, before.get(s.priority.id))) for s in standings]
    by_ministry: dict[uuid.UUID, Counter[str | None]] = defaultdict(Counter)
    for s in standings:
        by_ministry[s.priority.owner_ministry_id][s.level] += 1
    plural = term("priority", plural=True, capital=True)
    context = base_context(inp, title, subtitle) | {
        "round": round_, "earlier": earlier, "ranked": ranked, "levels": level_labels(inp.model),
        "by_ministry": sorted(by_ministry.items(), key=lambda item: -sum(item[1].values())),
        "summary": _level_bars(inp, standings, _("%(priorities)s by likelihood of delivery", priorities=plural)),
        "change_words": {"better": _("Better"), "worse": _("Worse"), "same": _("Same"), "new": _("New"), "": "—"},
    }  # fmt: skip
    inp.step(1.0)
    return Pack("reports/print/league_table.html", title, subtitle, context, 2 + len(ranked) // 30)
