"""Importing indicators: each row of the technical sheet goes through the verbs the pages and the API use
(`services.create_indicator`, `services.update_indicator`), so a file is checked exactly as a form is.
This module only turns a row's cells into those verbs' arguments; `imports` runs the import around it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.delivery.models import Accumulation, Indicator, Priority
from entrega.delivery.services import create_indicator, indicator_audit, update_indicator
from entrega.delivery.spreadsheets import Table, text_of
from entrega.errors import Conflict, NotFound, flatten_messages
from entrega.extensions.contract import Frequency, Polarity
from entrega.extensions.runtime import ResolvedModel
from entrega.tenancy.binding import bound_tenant
from entrega.tenancy.models import Ministry, Tenant

if TYPE_CHECKING:
    from entrega.delivery.imports import Outcome, Progress

TEXT_FIELDS = ("definition", "formula", "unit", "source", "owner_person")
CHOICES: dict[str, type[Polarity] | type[Frequency] | type[Accumulation]] = {
    "polarity": Polarity,
    "frequency": Frequency,
    "accumulation": Accumulation,
}
# The services' field names, as the file's columns call them.
COLUMN_OF = {"priority_id": "priority", "owner_ministry_id": "ministry"}
DIMENSION = re.compile(r"^[\w-]{1,40}$")


def import_indicators(
    db_session: Session, table: Table, model: ResolvedModel | None, outcome: Outcome, progress: Progress
) -> None:
    """Create or update one indicator per row, by code; every problem goes to `outcome`."""
    tenant = db_session.get(Tenant, bound_tenant(db_session))
    assert tenant is not None
    lookups = {
        "priority": {p.code: p.id for p in db_session.scalars(select(Priority))},
        "ministry": {m.code: m.id for m in db_session.scalars(select(Ministry))},
    }
    known = {i.code: i for i in db_session.scalars(select(Indicator))}
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        values = {name: text_of(cells[i]) if i < len(cells) else "" for name, i in table.columns.items()}
        if not any(values.values()):
            continue
        outcome.rows += 1
        progress.tick(outcome.rows)
        code = values.get("code", "")
        if not code:
            outcome.error(number, "code", "Give the indicator's code.")
            continue
        if code in seen:
            outcome.error(number, "code", f"Row {seen[code]} already has the indicator {code}.")
            continue
        seen[code] = number
        data, problems = sheet_of(values, lookups, tenant.languages)
        existing = known.get(code)
        if existing is None and "name" not in data and not problems:
            names = ", ".join(f"name_{lang}" for lang in tenant.languages)
            problems.append(("name", f"Give the new indicator's name in one of the columns {names}."))
        for column, reason in problems:
            outcome.error(number, column, reason)
        if problems:
            continue
        try:
            if existing is None:
                known[code] = create_indicator(db_session, tenant, {**data, "code": code}, model)
                outcome.written += 1
                continue
            before = indicator_audit(existing)
            if "name" in data:
                data["name"] = {**existing.name, **data["name"]}
            update_indicator(db_session, tenant, existing, data, model)
            changed = indicator_audit(existing) != before
            outcome.written += changed
            outcome.corrections += changed
            outcome.unchanged += not changed
        except ValidationError as error:
            for path, reason in flatten_messages(error.messages):
                name = path.split(".")[0]
                outcome.error(number, COLUMN_OF.get(name, name), reason)
        except Conflict as error:
            outcome.error(number, COLUMN_OF.get(error.field or "", error.field or ""), error.message)
        except NotFound:
            outcome.error(number, "priority", "No priority of this government has that code.")


def sheet_of(
    values: dict[str, str], lookups: dict[str, dict[str, Any]], languages: list[str]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The verbs' arguments from one row's cells (only the columns the file has), and what is wrong."""
    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column, field in (("priority", "priority_id"), ("ministry", "owner_ministry_id")):
        written = values.get(column, "")
        if written and written not in lookups[column]:
            problems.append((column, f"No {column} of this government has the code {written!r}."))
        elif written:
            data[field] = lookups[column][written]
    names = {column[5:]: text for column, text in values.items() if column.startswith("name_") and text}
    if values.get("name") and languages:
        names.setdefault(languages[0], values["name"])
    if names:
        data["name"] = names
    for name in TEXT_FIELDS:
        if name in values:
            limit = Indicator.__table__.c[name].type.length  # type: ignore[attr-defined]
            if limit and len(values[name]) > limit:
                problems.append((name, f"At most {limit} characters."))
            data[name] = values[name]
    for name, choices in CHOICES.items():
        written = values.get(name, "").lower()
        if written and written not in {c.value for c in choices}:
            problems.append((name, f"Use one of: {', '.join(c.value for c in choices)}."))
        elif written:
            data[name] = written
    if "disaggregation" in values:
        dimensions = [d.strip() for d in re.split(r"[,;]", values["disaggregation"]) if d.strip()]
        wrong = [d for d in dimensions if not DIMENSION.match(d)]
        if wrong:
            problems.append(("disaggregation", f"Name dimensions with letters, digits, - or _: {', '.join(wrong)}."))
        data["disaggregation"] = dimensions
    if values.get("decimals"):
        if not values["decimals"].isdigit() or int(values["decimals"]) > 6:
            problems.append(("decimals", "Write a whole number from 0 to 6."))
        else:
            data["decimals"] = int(values["decimals"])
    return data, problems
