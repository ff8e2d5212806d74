"""Tenant files: validation with field and reason, idempotent apply, diff, dry run, export round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from entrega.audit.models import PlatformAuditEvent
from entrega.config import REPO_ROOT
from entrega.db import Engines
from entrega.extensions.registry import PluginRegistry
from entrega.tenancy import files
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Ministry, Tenant
from tests.conftest import BUNDLED_MODELS

DEMO_FILES = sorted((REPO_ROOT / "tenants").glob("*.toml"))
NO_PLUGINS = PluginRegistry({})

CHILE = """
[tenant]
slug = "cl"
name = "Gobierno de Chile"
level = "national"
country = "CL"
default_locale = "es"
languages = ["es", "en"]
time_zone = "America/Santiago"
currency = "CLP"

[[ministries]]
code = "MINSAL"
name = { es = "Ministerio de Salud", en = "Ministry of Health" }
kind = "ministry"

[[ministries]]
code = "FONASA"
name = { es = "Fondo Nacional de Salud" }
kind = "agency"
parent = "MINSAL"
"""


def _stored(engines: Engines) -> dict[str, object]:
    with cross_tenant_session(engines, reason="test: read back") as db_session:
        tenants = {t.slug: (t.name, t.status.value) for t in db_session.scalars(select(Tenant))}
        ministries = sorted((m.code, m.acronym, str(m.name)) for m in db_session.scalars(select(Ministry)))
    return {"tenants": tenants, "ministries": ministries}


@pytest.mark.parametrize(
    ("replace", "by", "problem"),
    [
        ('country = "CL"', 'country = "XX"', "tenant.country: Not an ISO 3166-1 alpha-2 country code: 'XX'."),
        ('time_zone = "America/Santiago"', 'time_zone = "Mars/Olympus"', "tenant.time_zone: Not an IANA time zone"),
        ('currency = "CLP"', 'currency = "ABC"', "tenant.currency: Not an ISO 4217 currency code: 'ABC'."),
        ('level = "national"', 'level = "galactic"', "tenant.level: Must be one of: national, state, municipal."),
        ('default_locale = "es"', 'default_locale = "fr"', "tenant.default_locale: 'fr' is not one of"),
        ('slug = "cl"', 'slug = "Chile!"', "tenant.slug: Use 2 to 40 lower-case letters"),
        ('level = "national"', 'level = "state"', "tenant.subdivision: A state government needs its ISO 3166-2 code."),
        ('parent = "MINSAL"', 'parent = "NOPE"', "ministries.1.parent: No ministry with code 'NOPE' in this file."),
        ('code = "FONASA"', 'code = "MINSAL"', "ministries.1.code: 'MINSAL' is declared twice."),
        ('name = { es = "Fondo Nacional de Salud" }', "name = {}", "ministries.1.name: Give the text in at least one"),
    ],
)
def test_an_invalid_file_names_the_field_and_the_reason(replace: str, by: str, problem: str) -> None:
    assert replace in CHILE
    with pytest.raises(files.TenantFileError) as caught:
        files.parse(CHILE.replace(replace, by), NO_PLUGINS, "cl.toml")
    assert any(line.startswith(problem) for line in caught.value.problems), caught.value.problems


def test_a_subdivision_must_belong_to_the_country() -> None:
    text = CHILE.replace('level = "national"', 'level = "state"\nsubdivision = "BR-PE"')
    with pytest.raises(files.TenantFileError) as caught:
        files.parse(text, NO_PLUGINS, "cl.toml")
    assert "tenant.subdivision: BR-PE is in BR, not in CL." in caught.value.problems


def test_a_hierarchy_cycle_is_refused() -> None:
    text = CHILE.replace('kind = "ministry"', 'kind = "ministry"\nparent = "FONASA"')
    with pytest.raises(files.TenantFileError, match="cycle"):
        files.parse(text, NO_PLUGINS, "cl.toml")


def test_not_toml_at_all_is_reported_not_raised_raw() -> None:
    with pytest.raises(files.TenantFileError, match="not valid TOML"):
        files.parse("[tenant\nslug=", NO_PLUGINS, "broken.toml")


def test_apply_creates_then_reports_no_changes(engines: Engines, registry: PluginRegistry) -> None:
    declared = [files.parse(CHILE, registry)]
    first = files.apply(engines, declared)
    assert [str(c).splitlines()[0] for c in first] == ["+ tenant cl", "+ ministry cl/MINSAL", "+ ministry cl/FONASA"]
    assert files.apply(engines, declared) == []


def test_apply_shows_a_diff_and_removes_what_the_file_no_longer_declares(
    engines: Engines, registry: PluginRegistry
) -> None:
    files.apply(engines, [files.parse(CHILE, registry)])
    renamed = CHILE.replace("Ministry of Health", "Ministry of Health and Care").split(
        '[[ministries]]\ncode = "FONASA"'
    )[0]
    changes = files.apply(engines, [files.parse(renamed, registry)])
    rendered = [str(c) for c in changes]
    assert rendered[0] == "- ministry cl/FONASA"
    assert rendered[1].startswith("~ ministry cl/MINSAL\n    name:")
    assert "Ministry of Health and Care" in rendered[1]
    assert [m[0] for m in _stored(engines)["ministries"]] == ["MINSAL"]


def test_a_dry_run_changes_nothing(engines: Engines, registry: PluginRegistry) -> None:
    changes = files.apply(engines, [files.parse(CHILE, registry)], dry_run=True)
    assert len(changes) == 3
    assert _stored(engines) == {"tenants": {}, "ministries": []}


def test_a_failing_apply_changes_nothing(engines: Engines, registry: PluginRegistry) -> None:
    orphan_state = CHILE.replace('slug = "cl"', 'slug = "cl-rm"').replace(
        'level = "national"', 'level = "state"\nsubdivision = "CL-RM"\nparent = "nowhere"'
    )
    with pytest.raises(files.TenantFileError, match="no tenant 'nowhere'"):
        files.apply(engines, [files.parse(CHILE, registry), files.parse(orphan_state, registry)])
    assert _stored(engines) == {"tenants": {}, "ministries": []}


def test_parents_are_applied_before_their_children_whatever_the_order(
    engines: Engines, registry: PluginRegistry
) -> None:
    region = CHILE.replace('slug = "cl"', 'slug = "cl-rm"').replace(
        'level = "national"', 'level = "state"\nsubdivision = "CL-RM"\nparent = "cl"'
    )
    files.apply(engines, [files.parse(region, registry), files.parse(CHILE, registry)])
    assert set(_stored(engines)["tenants"]) == {"cl", "cl-rm"}


def test_tenant_changes_are_audited_on_the_platform_log(engines: Engines, registry: PluginRegistry) -> None:
    files.apply(engines, [files.parse(CHILE, registry)])
    files.apply(
        engines,
        [files.parse(CHILE.replace('name = "Gobierno de Chile"', 'name = "Gobierno de Chile (UPGC)"'), registry)],
    )
    with cross_tenant_session(engines, reason="test: read audit") as db_session:
        events = db_session.scalars(
            select(PlatformAuditEvent).where(PlatformAuditEvent.entity == "tenant").order_by(PlatformAuditEvent.at)
        ).all()
    assert [e.action for e in events] == ["create", "update"]
    assert (events[1].before["name"], events[1].after["name"]) == ("Gobierno de Chile", "Gobierno de Chile (UPGC)")


@pytest.mark.plugins(*BUNDLED_MODELS)
@pytest.mark.parametrize("path", DEMO_FILES, ids=[p.stem for p in DEMO_FILES])
def test_every_demo_file_round_trips_identically(engines: Engines, registry: PluginRegistry, path: Path) -> None:
    files.apply(engines, [files.load(p, registry) for p in DEMO_FILES])
    assert files.export(engines, path.stem) == path.read_text(encoding="utf-8")


CHILE_WITH_MODEL = CHILE.replace(
    "\n[[ministries]]",
    """
[model]
delivery = "entrega_pmdu"

[model.config]
stocktake_every_months = 2

[model.vocabulary.es]
priority = ["compromiso", "compromisos"]

[model.calendar]
fiscal_year_start_month = 1

[[ministries]]""",
    1,
)


@pytest.mark.plugins(*BUNDLED_MODELS)
def test_the_model_is_applied_diffed_and_exported_with_the_tenant(engines: Engines, registry: PluginRegistry) -> None:
    first = files.apply(engines, [files.parse(CHILE_WITH_MODEL, registry)])
    assert "+ model cl" in [str(c).splitlines()[0] for c in first]
    changed = CHILE_WITH_MODEL.replace("stocktake_every_months = 2", "stocktake_every_months = 3")
    diff = [str(c) for c in files.apply(engines, [files.parse(changed, registry)])]
    assert diff == ['~ model cl\n    config: {"stocktake_every_months": 2} → {"stocktake_every_months": 3}']
    exported = files.export(engines, "cl")
    assert files.parse(exported, registry)["model"] == files.parse(changed, registry)["model"]
    without = files.apply(engines, [files.parse(CHILE, registry)])
    assert [str(c) for c in without] == ["- model cl"]


@pytest.mark.plugins(*BUNDLED_MODELS)
@pytest.mark.parametrize(
    ("replace", "by", "problem"),
    [
        ('delivery = "entrega_pmdu"', 'delivery = "entrega_unknown"', "model.delivery: No plugin 'entrega_unknown' is installed."),
        ("stocktake_every_months = 2", "stocktake_every_months = 5", "model.config.stocktake_every_months: "),
        ("fiscal_year_start_month = 1", "fiscal_year_start_month = 0", "model.calendar.fiscal_year_start_month: Must be a month"),
        ('priority = ["compromiso", "compromisos"]', 'prioridad = ["a", "b"]', "model.vocabulary.es.prioridad: Not a term"),
    ],
)  # fmt: skip
def test_an_invalid_model_in_a_file_names_the_field(
    engines: Engines, registry: PluginRegistry, replace: str, by: str, problem: str
) -> None:
    with pytest.raises(files.TenantFileError) as caught:
        files.parse(CHILE_WITH_MODEL.replace(replace, by), registry, "cl.toml")
    assert any(line.startswith(problem) for line in caught.value.problems), caught.value.problems
