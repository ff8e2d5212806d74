"""The portfolio's table: a row of HTML per government, its figures in words, every value escaped.

Written in Python, as the charts and the comparison's scores are: a hundred rows of template calls and babel
formatting were most of the page's time. Each phrase is formatted once per process and language
(`i18n.phrasebook`), so the makers below are module-level functions of their values alone.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date

from flask_babel import format_date, format_percent, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from entrega.bank.portfolio import Row
from entrega.bank.presentation import place
from entrega.web.i18n import phrasebook


def health(share: float) -> str:
    return _("%(share)s on track", share=format_percent(share))


def size(count: int) -> str:
    return ngettext("%(num)d priority", "%(num)d priorities", count)


def as_of(day: date) -> str:
    return _("as of %(date)s", date=format_date(day, "medium"))


def freshness(latest: date | None, today: date) -> str:
    if latest is None:
        return _("no values yet")
    days = (today - latest).days
    if days <= 0:
        return _("latest value today")
    return ngettext("latest value %(num)d day ago", "latest value %(num)d days ago", days)


def regularity(share: float) -> str:
    return _("%(share)s of planned meetings held", share=format_percent(share))


def overdue(count: int) -> str:
    return ngettext("%(num)d overdue", "%(num)d overdue", count)


def _bar(percent: int) -> str:
    return (
        '<svg class="health-bar" width="100" height="10" viewBox="0 0 100 10" aria-hidden="true" focusable="false">'
        f'<rect x="0" y="0" width="100" height="10" fill="#E5E7EB"/>'
        f'<rect x="0" y="0" width="{percent}" height="10" fill="#1B7837"/></svg>'
    )


def rows(listed: Sequence[Row], institution_name: str, today: date) -> list[Markup]:
    """Each government's row: its name and place, its operations, then its four figures where it shares them
    (or why there are none)."""
    phrase = phrasebook()
    # Translated outside the f-strings: babel's extractor does not look inside them.
    pending_words = escape(_("Shared, but no figures yet: they are computed every night."))
    not_shared_words = escape(_("Not shared."))
    why = escape(_("This government does not share its priorities' statuses with %(institution)s.",
                   institution=institution_name))  # fmt: skip
    pending = f'<td colspan="4" class="muted">{pending_words}</td>'
    not_shared = f'<td colspan="4" class="not-shared"><strong>{not_shared_words}</strong> {why}</td>'
    no_rated, no_meetings = escape(_("No rated priorities")), escape(_("No meetings planned in the last year"))
    escaped: dict[tuple[object, ...], Markup] = {}  # a phrase or a place, escaped once per page

    def said(make: Callable[..., str], *values: Hashable) -> Markup:
        found = escaped.get((make, *values))
        if found is None:
            found = escaped[(make, *values)] = escape(phrase(make, *values))
        return found

    out = []
    for row in listed:
        operations = ", ".join(f"<code>{escape(code)}</code>" for code in row.engagements)
        html = (
            f'<tr><th scope="row">{escape(row.name)}<br>'
            f'<span class="muted">{said(place, row.country, row.region, row.level)}</span></th>'
            f"<td>{operations}</td>"
        )
        if row.shared:
            share = row.on_track_share
            rated = (
                f'<span class="health">{_bar(round(share * 100))} {said(health, share)}</span>'
                if share is not None
                else no_rated
            )
            taken = said(as_of, row.taken_on) if row.taken_on else ""
            fresh = said(freshness, row.latest_value_at.date() if row.latest_value_at else None, today)
            held = said(regularity, row.regularity) if row.regularity is not None else no_meetings
            html += (
                f'<td>{rated}<br><span class="muted">{said(size, row.priorities or 0)} · {taken}</span></td>'
                f"<td>{fresh}</td><td>{held}</td><td>{said(overdue, row.actions_overdue or 0)}</td>"
            )
        elif row.sharing:
            html += pending
        else:
            html += not_shared
        out.append(Markup(html + "</tr>"))  # noqa: S704 - every value above went through escape()  # nosec B704
    return out
