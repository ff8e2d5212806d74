"""How a comparison of diagnostics is shown, alike on the bank's page and in its PDF: the request read from a
query string, the figures (drawn as SVG on the server), and everything else the two show."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from flask import g
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.bank import comparison, regions
from entrega.bank.models import Engagement, ShareKind
from entrega.delivery.spreadsheets import safe_text
from entrega.diagnostics.models import Assessor
from entrega.diagnostics.views import change_text, one_decimal, value_text
from entrega.extensions.contract import Instrument
from entrega.extensions.registry import current_registry
from entrega.tenancy.models import Tenant, TenantLevel
from entrega.web import charts
from entrega.web.i18n import chart_labels, country_label, level_label, localized_text, number

REGION_LABELS = {
    regions.ANDEAN: _l("Andean countries"),
    regions.SOUTHERN_CONE: _l("Southern Cone"),
    regions.CENTRAL_AMERICA: _l("Central America, Mexico, Panama and the Dominican Republic"),
    regions.CARIBBEAN: _l("Caribbean"),
    regions.OTHER: _l("Other regions"),
}
ASSESSOR_CHOICES = {
    Assessor.TECHNICAL_ASSISTANCE: _l("Technical assistance's, else the government's"),
    Assessor.GOVERNMENT: _l("The government's, else technical assistance's"),
}
# A sequential ramp for scales whose steps carry no colour of their own: light (lowest) to dark (highest).
RAMP = ("#DCEAF7", "#08306B")


@dataclass(frozen=True)
class Government:
    """A government the institution has engagements with, as its pages list it."""

    id: uuid.UUID
    slug: str
    name: str
    country: str
    level: str
    region: str
    codes: tuple[str, ...]


def governments(db_session: Session, institution_id: uuid.UUID) -> list[Government]:
    """The governments the institution has engagements with (the `institution_side` policy admits these)."""
    engagements, tenants = Engagement.__table__, Tenant.__table__
    found: dict[uuid.UUID, tuple[Any, list[str]]] = {}
    for row in db_session.execute(
        select(tenants.c.id, tenants.c.slug, tenants.c.name, tenants.c.country, tenants.c.level, engagements.c.code)
        .join(engagements, engagements.c.tenant_id == tenants.c.id)
        .where(engagements.c.institution_id == institution_id)
        .order_by(tenants.c.name, engagements.c.code)
    ):
        found.setdefault(row.id, (row, []))[1].append(row.code)
    return [
        Government(
            row.id, row.slug, row.name, row.country, str(row.level), regions.region_of(row.country), tuple(codes)
        )
        for row, codes in found.values()
    ]


def filters_text(asked: CompareRequest) -> str:
    """The comparison's filters in words, for the PDF's cover (the page shows them in its form)."""
    parts = [str(ASSESSOR_CHOICES[asked.filters.assessor])]
    if asked.filters.region:
        parts.append(str(REGION_LABELS.get(asked.filters.region, asked.filters.region)))
    if asked.filters.level:
        parts.append(level_label(asked.filters.level))
    if asked.filters.engagement:
        parts.append(_("operation %(code)s", code=asked.filters.engagement))
    return " · ".join(parts)


def csv_cell(value: object) -> str:
    """Text as a spreadsheet will not run it (see `spreadsheets.safe_text`); nothing for None."""
    return "" if value is None else safe_text(str(value))


def csv_number(value: float | None) -> str:
    # Numbers are written by Python (digits, one point, a leading minus): a spreadsheet reads them as numbers.
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class CompareRequest:
    instrument: Instrument | None
    filters: comparison.Filters
    country: str
    pillar: str

    def args(self, **changes: str) -> dict[str, str]:
        """The query string of this comparison, with some values changed (for links and the CSV)."""
        values = {
            "instrument": self.instrument.key if self.instrument else "",
            "region": self.filters.region or "", "level": self.filters.level or "",
            "engagement": self.filters.engagement or "", "assessor": self.filters.assessor.value,
            "country": self.country, "pillar": self.pillar,
        }  # fmt: skip
        values.update(changes)
        return {key: value for key, value in values.items() if value}


def _chosen(args: Mapping[str, str], name: str, allowed: Any) -> str:
    value = args.get(name, "")
    return value if value in allowed else ""


def compare_request(args: Mapping[str, str]) -> CompareRequest:
    """A comparison as a query string asks for it; what it does not name, or names wrongly, takes its default."""
    instruments = current_registry().instruments()
    key = args.get("instrument", "")
    instrument = instruments.get(key) or (instruments[sorted(instruments)[0]] if instruments else None)
    try:
        assessor = Assessor(args.get("assessor", ""))
    except ValueError:
        assessor = Assessor.TECHNICAL_ASSISTANCE
    filters = comparison.Filters(
        region=_chosen(args, "region", regions.ORDER) or None,
        level=_chosen(args, "level", [lv.value for lv in TenantLevel]) or None,
        engagement=args.get("engagement", "").strip()[:40] or None, assessor=assessor,
    )  # fmt: skip
    return CompareRequest(instrument, filters, args.get("country", "")[:80], args.get("pillar", "")[:80])


def colours(instrument: Instrument) -> list[str]:
    steps = instrument.scale.steps
    if all(step.colour for step in steps):
        return [str(step.colour) for step in steps]
    low, high = ([int(colour[i : i + 2], 16) for i in (1, 3, 5)] for colour in RAMP)
    n = max(len(steps) - 1, 1)
    return [
        "#{:02X}{:02X}{:02X}".format(*(round(a + (b - a) * k / n) for a, b in zip(low, high, strict=True)))
        for k in range(len(steps))
    ]


def levels(instrument: Instrument) -> list[charts.Level]:
    """One level per step; a mean falls in the step it rounds down to, as in `Comparison.distribution`."""
    steps, fills = instrument.scale.steps, colours(instrument)
    last = len(steps) - 1
    return [
        charts.Level(float(k) if k == last else k + 1 - 1e-6, fills[k], localized_text(steps[k].label))
        for k in range(len(steps))
    ]


def plain(value: float) -> str:
    return number(value) if float(value).is_integer() else one_decimal(value)


def place(country: str, region: str, level: str) -> str:
    """A government's country, region and level in words, worked out once per request for each combination."""
    cache: dict[tuple[str, str, str], str] = g.setdefault("entrega_places", {})
    key = (country, region, level)
    if key not in cache:
        cache[key] = f"{country_label(country)} · {REGION_LABELS.get(region, region)} · {level_label(level)}"
    return cache[key]


def texts_of(instrument: Instrument) -> tuple[Callable[[float], str], Callable[[float], str]]:
    """A value and a change in words, each formatted once per distinct number in a request: a comparison of
    hundreds of governments repeats the same few steps thousands of times, and babel's formatting is slow."""
    cache = g.setdefault("entrega_comparison_texts", {})
    if instrument.key not in cache:
        values: dict[float, str] = {}
        changes: dict[float, str] = {}

        def shown(value: float) -> str:
            found = values.get(value)
            if found is None:
                found = values[value] = value_text(instrument, value)
            return found

        def moved(value: float) -> str:
            found = changes.get(value)
            if found is None:
                found = changes[value] = change_text(instrument, value)
            return found

        cache[instrument.key] = (shown, moved)
    return cache[instrument.key]


def figures(result: comparison.Comparison, chosen: comparison.Country | None) -> dict[str, Any]:
    instrument, labels = result.instrument, chart_labels()
    pillars = comparison.columns(instrument)
    names = [localized_text(p.label) for p in pillars]
    out: dict[str, Any] = {"heatmap": None, "radar": None, "bars": []}
    if not pillars or not result.countries:
        return out
    if any(column.component for column in pillars):
        title = _("%(instrument)s: latest wave by element", instrument=localized_text(instrument.name))
    else:
        title = _("%(instrument)s: latest wave by pillar", instrument=localized_text(instrument.name))
    out["heatmap"] = charts.heatmap(
        title=title, rows=[c.name for c in result.countries], columns=names,
        values=[[c.latest.get(p.key) for p in pillars] for c in result.countries], scale=levels(instrument),
        fmt=texts_of(instrument)[0], width=1100,
        labels=replace(labels, no_data=_("Incomplete"), category=_("Government")),
    )  # fmt: skip
    if chosen is not None and len(pillars) >= 3:
        out["radar"] = charts.radar(
            title=_("%(country)s against the peer median", country=chosen.name), axes=names,
            series=[charts.RadarSeries(chosen.name, [chosen.latest.get(p.key) for p in pillars], charts.PALETTE[0]),
                    charts.RadarSeries(_("Peer median"), [result.medians.get(p.key) for p in pillars],
                                       charts.PALETTE[1], dashed=True)],
            maximum=float(len(instrument.scale.steps) - 1), fmt=plain, labels=labels,
        )  # fmt: skip
    steps = [localized_text(step.label) for step in instrument.scale.steps]
    for pillar, name in zip(pillars, names, strict=True):
        counts: list[float | None] = [float(n) for n in result.distribution(pillar.key)]
        out["bars"].append((name,
            charts.bars(title=name, categories=steps, values=counts, colours=colours(instrument), fmt=plain,
                        width=460, labels=replace(labels, category=_("Step"), value=_("Governments"))))
        )  # fmt: skip
    return out


def run(db_session: Session, institution_id: uuid.UUID, asked: CompareRequest) -> comparison.Comparison | None:
    if asked.instrument is None:
        return None
    return comparison.compare(db_session, institution_id, asked.instrument, asked.filters)


def _table(
    result: comparison.Comparison, columns: Sequence[comparison.Column], instrument: Instrument
) -> list[tuple[comparison.Country, list[tuple[str, str, str, str, str]]]]:
    """Each government's cells, in words: (column, where the wave's page shows it, score, change, its class).
    Made here rather than in the template, where hundreds of governments × their columns would each cost a
    handful of template calls."""
    shown_value, shown_change = texts_of(instrument)
    incomplete, first, none = _("Incomplete"), _("first wave"), _("no comparison")
    out = []
    for country in result.countries:
        cells = []
        for column in columns:
            value, moved = country.latest.get(column.key), country.change(column.key)
            if moved is not None:
                change, css = shown_change(moved), " up" if moved > 0 else " down" if moved < 0 else ""
            else:
                change, css = (first if len(country.waves) < 2 else none), ""
            cells.append((column.key, column.anchor, shown_value(value) if value is not None else incomplete,
                          change, css))  # fmt: skip
        out.append((country, cells))
    return out


def score_rows(shown: Mapping[str, Any], wave_urls: Mapping[str, str]) -> list[Markup]:
    """The page's table of scores, a row of HTML per government, every value escaped. Written here, as the
    charts are, rather than in the template: hundreds of governments × fifteen elements made the template's
    per-cell calls most of the page's time."""
    names = {key: escape(name) for key, name in shown["column_names"].items()}
    words: dict[str, Markup] = {}  # a step, a change: a handful of phrases, each escaped once

    def safe(text: str) -> Markup:
        found = words.get(text)
        if found is None:
            found = words[text] = escape(text)
        return found

    days: dict[Any, str] = {}
    out = []
    for country, cells in shown["table"]:
        _wave, held_on, title = country.waves[-1]
        if held_on not in days:
            days[held_on] = format_date(held_on, "medium")
        url, name = escape(wave_urls[country.slug]), escape(country.name)
        html = [
            f'<tr><th scope="row">{name}<br><span class="muted">'
            f"{escape(place(country.country, country.region, country.level))}</span></th>"
            f'<td><a href="{url}">{escape(title)}</a><br><span class="muted">{safe(days[held_on])}</span></td>'
        ]
        html.extend(
            f'<td><a href="{url}#{safe(anchor)}">{safe(value)}<span class="visually-hidden"> — {name}, '
            f'{names[key]}</span></a><br><span class="change{css}">{safe(change)}</span></td>'
            for key, anchor, value, change, css in cells
        )
        html.append("</tr>")
        out.append(Markup("".join(html)))  # noqa: S704 - every value above went through escape()  # nosec B704
    return out


def context(
    db_session: Session, institution_id: uuid.UUID, asked: CompareRequest, governments: Sequence[Government]
) -> dict[str, Any]:
    """Everything the comparison page and its PDF show, read once."""
    result = run(db_session, institution_id, asked)
    out: dict[str, Any] = {"asked": asked, "result": result, "governments": governments,
                           "instruments": sorted(current_registry().instruments().items())}  # fmt: skip
    if result is None or asked.instrument is None:
        return out
    instrument, filters = asked.instrument, asked.filters
    chosen = next((c for c in result.countries if c.slug == asked.country), None) or (
        result.countries[0] if result.countries else None
    )
    pillars = comparison.columns(instrument)
    pillar = next((p for p in pillars if p.key == asked.pillar), pillars[0] if pillars else None)
    sharing_ones = comparison.shared_with(db_session, institution_id, ShareKind.DIAGNOSTIC, instrument.key)
    in_view = [
        g for g in governments
        if (not filters.region or g.region == filters.region) and (not filters.level or g.level == filters.level)
        and (not filters.engagement or filters.engagement in g.codes)
    ]  # fmt: skip
    listed = {c.slug for c in result.countries}
    out.update(
        chosen=chosen, pillars=pillars, pillar=pillar, figures=figures(result, chosen),
        column_names={p.key: localized_text(p.label) for p in pillars},  # once, not once per cell
        table=_table(result, pillars, instrument),
        unsummarised=[localized_text(p.label) for p in comparison.unsummarised(instrument)],
        by_element=any(column.component for column in pillars),
        ranking=result.ranking(pillar.key) if pillar else [],
        not_shared=[g for g in in_view if g.id not in sharing_ones],
        no_wave=[g for g in in_view if g.id in sharing_ones and g.slug not in listed],
        value_text=texts_of(instrument)[0], change_text=texts_of(instrument)[1],
        assessor_choices=ASSESSOR_CHOICES,
        # On an ordinal scale the radar draws the steps' ranks: say which number is which step.
        steps_key="" if instrument.scale.additive else ", ".join(
            f"{k} = {localized_text(s.label)}" for k, s in enumerate(instrument.scale.steps)
        ),
    )  # fmt: skip
    return out
