"""Country models as code: `tenants/<slug>.toml` declares a tenant; applying makes the database match.

Applying is idempotent and all-or-nothing: every file is validated first, the changes are computed and
shown, and only then written, in one transaction on the audited cross-tenant path.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.audit.services import record, record_platform
from entrega.db import Engines
from entrega.errors import flatten_messages
from entrega.extensions.contract import VOCABULARY_KEYS
from entrega.extensions.models import TenantModel
from entrega.extensions.registry import PluginRegistry
from entrega.extensions.services import CALENDAR_FIELDS, MODEL_FIELDS, remove_model, set_model, validate_model
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Ministry, Tenant
from entrega.tenancy.schemas import TenantFileSchema

TENANT_FIELDS = (
    "name", "level", "country", "subdivision", "default_locale", "languages", "time_zone", "currency", "status",
)  # fmt: skip
MINISTRY_FIELDS = ("name", "acronym", "kind")


class TenantFileError(ValueError):
    """A tenant file that does not validate; `problems` are `field.path: reason` lines."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


@dataclass
class Change:
    """One line of the diff: `+` create, `~` update, `-` delete."""

    op: str
    what: str
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.op} {self.what}"]
        lines.extend(f"    {detail}" for detail in self.details)
        return "\n".join(lines)


def _flatten(messages: Any) -> list[str]:
    return [f"{path or '(file)'}: {reason}" for path, reason in flatten_messages(messages)]


def parse(text: str, registry: PluginRegistry, source: str = "<text>") -> dict[str, Any]:
    """Validate a tenant file's text, its model against the installed plugins; raises TenantFileError
    naming each field and its reason."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TenantFileError(source, [f"(file): not valid TOML: {error}"]) from None
    problems: list[str] = []
    try:
        data: dict[str, Any] = TenantFileSchema().load(raw)
    except ValidationError as error:
        problems = _flatten(error.messages)
        data = {}
    raw_model = raw.get("model") if isinstance(raw, dict) else None
    if raw_model is not None:
        try:
            data["model"] = validate_model(registry, raw_model)
        except ValidationError as error:
            problems += _flatten({"model": error.messages})
    if problems:
        raise TenantFileError(source, problems)
    return data


def load(path: Path, registry: PluginRegistry) -> dict[str, Any]:
    return parse(path.read_text(encoding="utf-8"), registry, str(path))


def collect(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the `*.toml` files of directories named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return files


def _parents_first(declared: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    by_slug = {d["tenant"]["slug"]: d for d in declared}
    ordered: list[dict[str, Any]] = []
    placed: set[str] = set()

    def place(slug: str, trail: tuple[str, ...]) -> None:
        if slug in placed or slug not in by_slug:
            return
        if slug in trail:
            raise TenantFileError(slug, [f"tenant.parent: the parents form a cycle: {' → '.join((*trail, slug))}"])
        parent = by_slug[slug]["tenant"].get("parent")
        if parent:
            place(parent, (*trail, slug))
        placed.add(slug)
        ordered.append(by_slug[slug])

    for slug in by_slug:
        place(slug, ())
    return ordered


def _value(value: Any) -> Any:
    return getattr(value, "value", value)


def _diff(current: dict[str, Any], wanted: dict[str, Any], names: Iterable[str]) -> list[str]:
    return [
        f"{name}: {json.dumps(_value(current.get(name)), ensure_ascii=False)} → "
        f"{json.dumps(_value(wanted.get(name)), ensure_ascii=False)}"
        for name in names
        if _value(current.get(name)) != _value(wanted.get(name))
    ]


def _tenant_state(tenant: Tenant) -> dict[str, Any]:
    state = {name: getattr(tenant, name) for name in TENANT_FIELDS}
    state["parent"] = tenant.parent.slug if tenant.parent else None
    return state


def _apply_one(db_session: Session, data: dict[str, Any], changes: list[Change]) -> None:
    wanted = data["tenant"]
    slug = wanted["slug"]
    parent: Tenant | None = None
    if wanted.get("parent"):
        parent = db_session.scalar(select(Tenant).where(Tenant.slug == wanted["parent"]))
        if parent is None:
            raise TenantFileError(slug, [f"tenant.parent: no tenant {wanted['parent']!r} exists or is declared"])
        if parent.country != wanted["country"]:
            raise TenantFileError(
                slug, [f"tenant.parent: {parent.slug} is in {parent.country}, not {wanted['country']}"]
            )

    tenant = db_session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        tenant = Tenant(
            slug=slug,
            **{name: wanted.get(name) for name in TENANT_FIELDS},
            parent_id=parent.id if parent else None,
        )
        db_session.add(tenant)
        db_session.flush()
        changes.append(Change("+", f"tenant {slug}", _diff({}, {**wanted}, (*TENANT_FIELDS, "parent"))))
        record_platform(
            db_session,
            "create",
            "tenant",
            tenant.id,
            subject_tenant=slug,
            after=_audit_tenant(tenant, parent),
        )
    else:
        before = _tenant_state(tenant)
        details = _diff(before, wanted, (*TENANT_FIELDS, "parent"))
        if details:
            audit_before = _audit_tenant(tenant, tenant.parent)
            for name in TENANT_FIELDS:
                setattr(tenant, name, wanted.get(name))
            tenant.parent_id = parent.id if parent else None
            db_session.flush()
            changes.append(Change("~", f"tenant {slug}", details))
            record_platform(
                db_session, "update", "tenant", tenant.id, subject_tenant=slug,
                before=audit_before, after=_audit_tenant(tenant, parent),
            )  # fmt: skip
    _apply_model(db_session, tenant, data.get("model"), changes)
    _apply_ministries(db_session, tenant, data["ministries"], changes)


def _apply_model(db_session: Session, tenant: Tenant, wanted: dict[str, Any] | None, changes: list[Change]) -> None:
    row = db_session.scalar(select(TenantModel).where(TenantModel.tenant_id == tenant.id))
    current = row.as_config() if row else None
    if current == wanted:
        return
    what = f"model {tenant.slug}"
    if wanted is None:
        assert row is not None
        remove_model(db_session, row)
        changes.append(Change("-", what))
        return
    details = [
        f"{name}: {json.dumps(current.get(name) if current else None, ensure_ascii=False)} → "
        f"{json.dumps(wanted.get(name), ensure_ascii=False)}"
        for name in MODEL_FIELDS
        if (current or {}).get(name) != wanted.get(name)
    ]
    set_model(db_session, wanted, tenant_id=tenant.id)
    changes.append(Change("+" if current is None else "~", what, details))


def _audit_tenant(tenant: Tenant, parent: Tenant | None) -> dict[str, Any]:
    state = {name: _value(getattr(tenant, name)) for name in TENANT_FIELDS}
    state["parent"] = parent.slug if parent else None
    return state


def _apply_ministries(db_session: Session, tenant: Tenant, wanted: list[dict[str, Any]], changes: list[Change]) -> None:
    existing = {m.code: m for m in db_session.scalars(select(Ministry).where(Ministry.tenant_id == tenant.id))}
    wanted_codes = {m["code"] for m in wanted}
    before = {code: m.as_audit() for code, m in existing.items()}
    current_parent = {code: _parent_code(m, existing) for code, m in existing.items()}

    # Detach what goes away, create what is new, then set every parent: no order of rows can fail.
    removed = [m for code, m in existing.items() if code not in wanted_codes]
    for ministry in removed:
        ministry.parent_id = None
    db_session.flush()
    for ministry in removed:
        db_session.delete(ministry)
        changes.append(Change("-", f"ministry {tenant.slug}/{ministry.code}"))
        record(db_session, "delete", "ministry", ministry.id, before[ministry.code], None, tenant_id=tenant.id)
    db_session.flush()

    for item in wanted:
        found = existing.get(item["code"])
        if found is None:
            ministry = Ministry(
                tenant_id=tenant.id, code=item["code"], **{name: item.get(name) for name in MINISTRY_FIELDS}
            )
            db_session.add(ministry)
            existing[item["code"]] = ministry
            changes.append(
                Change(
                    "+",
                    f"ministry {tenant.slug}/{item['code']}",
                    _diff({}, item, (*MINISTRY_FIELDS, "parent")),
                )
            )
        else:
            ministry = found
            details = _diff(
                {
                    **{name: getattr(ministry, name) for name in MINISTRY_FIELDS},
                    "parent": current_parent[item["code"]],
                },
                item,
                (*MINISTRY_FIELDS, "parent"),
            )
            if details:
                for name in MINISTRY_FIELDS:
                    setattr(ministry, name, item.get(name))
                changes.append(Change("~", f"ministry {tenant.slug}/{item['code']}", details))
    db_session.flush()

    for item in wanted:
        ministry = existing[item["code"]]
        ministry.parent_id = existing[item["parent"]].id if item.get("parent") else None
    db_session.flush()
    for item in wanted:
        ministry = existing[item["code"]]
        old, new = before.get(item["code"]), ministry.as_audit()
        if old != new:
            record(
                db_session,
                "create" if old is None else "update",
                "ministry",
                ministry.id,
                old,
                new,
                tenant_id=tenant.id,
            )


def _parent_code(ministry: Ministry, by_code: dict[str, Ministry]) -> str | None:
    for code, other in by_code.items():
        if other.id == ministry.parent_id:
            return code
    return None


def apply(engines: Engines, declared: Sequence[dict[str, Any]], *, dry_run: bool = False) -> list[Change]:
    """Make the database match the declared tenants; returns the changes (none when already matching)."""
    changes: list[Change] = []
    reason = "tenants apply (dry run)" if dry_run else "tenants apply"
    with cross_tenant_session(engines, reason=reason) as db_session:
        for data in _parents_first(declared):
            _apply_one(db_session, data, changes)
        if dry_run:
            db_session.rollback()
        else:
            db_session.commit()
    return changes


def export(engines: Engines, slug: str) -> str:
    """The tenant file that `apply` would turn into what is stored now."""
    with cross_tenant_session(engines, reason="tenants export", subject_tenant=slug) as db_session:
        tenant = db_session.scalar(select(Tenant).where(Tenant.slug == slug))
        if tenant is None:
            raise LookupError(f"no tenant {slug!r}")
        ministries = list(
            db_session.scalars(select(Ministry).where(Ministry.tenant_id == tenant.id).order_by(Ministry.code))
        )
        by_id = {m.id: m.code for m in ministries}
        tenant_table: dict[str, Any] = {"slug": tenant.slug, "name": tenant.name}
        for name in TENANT_FIELDS[1:]:
            tenant_table[name] = _value(getattr(tenant, name))
        tenant_table["parent"] = tenant.parent.slug if tenant.parent else None
        lines = ["[tenant]", *_toml_pairs(tenant_table)]
        model = db_session.scalar(select(TenantModel).where(TenantModel.tenant_id == tenant.id))
        if model is not None:
            lines += _model_lines(model.as_config(), tenant.languages)
        for ministry in ministries:
            lines += ["", "[[ministries]]"]
            lines += _toml_pairs(
                {
                    "code": ministry.code,
                    "name": _in_language_order(ministry.name, tenant.languages),
                    "acronym": ministry.acronym,
                    "kind": ministry.kind.value,
                    "parent": by_id.get(ministry.parent_id) if ministry.parent_id else None,
                }
            )
        return "\n".join(lines) + "\n"


def _model_lines(model: dict[str, Any], languages: list[str]) -> list[str]:
    # A canonical order (storage such as JSONB may reorder keys), so that export is stable.
    lines = ["", "[model]", f"delivery = {_toml_value(model['delivery'])}"]
    if model["config"]:
        lines += ["", "[model.config]", *_toml_pairs(_sorted(model["config"]))]
    for extension in model["extensions"]:
        lines += [
            "",
            "[[model.extensions]]",
            *_toml_pairs({"plugin": extension["plugin"], "config": _sorted(extension["config"])}),
        ]
    rank = {lang: index for index, lang in enumerate(languages)}
    for lang in sorted(model["vocabulary"], key=lambda lang: (rank.get(lang, len(rank)), lang)):
        terms = model["vocabulary"][lang]
        lines += [
            "",
            f"[model.vocabulary.{lang}]",
            *_toml_pairs({key: terms[key] for key in VOCABULARY_KEYS if key in terms}),
        ]
    if model["calendar"]:
        calendar = model["calendar"]
        lines += [
            "",
            "[model.calendar]",
            *_toml_pairs({key: calendar[key] for key in CALENDAR_FIELDS if key in calendar}),
        ]
    return lines


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def _in_language_order(texts: dict[str, str], languages: list[str]) -> dict[str, str]:
    # Storage may reorder keys (PostgreSQL's JSONB does); the file follows the tenant's language order.
    rank = {lang: index for index, lang in enumerate(languages)}
    return dict(sorted(texts.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))


def _toml_pairs(table: dict[str, Any]) -> list[str]:
    return [f"{key} = {_toml_value(value)}" for key, value in table.items() if value is not None]


def _toml_value(value: Any) -> str:
    # JSON string escapes are valid TOML basic-string escapes; that is all this format needs.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {type(value).__name__}")
