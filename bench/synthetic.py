"""Synthetic data: N governments with realistic ministries and agencies, written straight to PostgreSQL.

Later issues add priorities, indicators and measurements to the same generator.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text

COUNTRIES = [
    ("AR", "es", "America/Argentina/Buenos_Aires", "ARS"),
    ("BR", "pt", "America/Sao_Paulo", "BRL"),
    ("CL", "es", "America/Santiago", "CLP"),
    ("CO", "es", "America/Bogota", "COP"),
    ("MX", "es", "America/Mexico_City", "MXN"),
    ("PE", "es", "America/Lima", "PEN"),
    ("JM", "en", "America/Jamaica", "JMD"),
    ("HT", "fr", "America/Port-au-Prince", "HTG"),
    ("PY", "es", "America/Asuncion", "PYG"),
    ("UY", "es", "America/Montevideo", "UYU"),
]

PORTFOLIOS = [
    ("EDU", {"es": "Educación", "pt": "Educação", "en": "Education", "fr": "Éducation"}),
    ("HEALTH", {"es": "Salud", "pt": "Saúde", "en": "Health", "fr": "Santé"}),
    ("FIN", {"es": "Hacienda", "pt": "Fazenda", "en": "Finance", "fr": "Finances"}),
    ("SEC", {"es": "Seguridad", "pt": "Segurança", "en": "Security", "fr": "Sécurité"}),
    ("INFRA", {"es": "Obras Públicas", "pt": "Infraestrutura", "en": "Public Works", "fr": "Travaux publics"}),
    ("AGRI", {"es": "Agricultura", "pt": "Agricultura", "en": "Agriculture", "fr": "Agriculture"}),
    (
        "SOC",
        {
            "es": "Desarrollo Social",
            "pt": "Desenvolvimento Social",
            "en": "Social Development",
            "fr": "Affaires sociales",
        },
    ),
    ("WORK", {"es": "Trabajo", "pt": "Trabalho", "en": "Labour", "fr": "Travail"}),
    ("ENV", {"es": "Ambiente", "pt": "Meio Ambiente", "en": "Environment", "fr": "Environnement"}),
    ("TRANS", {"es": "Transporte", "pt": "Transportes", "en": "Transport", "fr": "Transports"}),
    ("JUST", {"es": "Justicia", "pt": "Justiça", "en": "Justice", "fr": "Justice"}),
    ("ENERGY", {"es": "Energía", "pt": "Minas e Energia", "en": "Energy", "fr": "Énergie"}),
    ("HOUSING", {"es": "Vivienda", "pt": "Cidades", "en": "Housing", "fr": "Logement"}),
    ("PLAN", {"es": "Planificación", "pt": "Planejamento", "en": "Planning", "fr": "Plan"}),
]
MINISTRY_WORD = {"es": "Ministerio de", "pt": "Ministério da", "en": "Ministry of", "fr": "Ministère de"}
AGENCY_WORD = {
    "es": "Agencia Nacional de",
    "pt": "Agência Nacional de",
    "en": "National Agency for",
    "fr": "Agence nationale de",
}


@dataclass(frozen=True)
class Generated:
    tenant_ids: list[uuid.UUID]
    ministries: int


def _ministries(tenant_id: uuid.UUID, lang: str, rng: random.Random) -> Iterator[dict[str, object]]:
    now = datetime.now(UTC)
    for code, names in rng.sample(PORTFOLIOS, k=rng.randint(9, len(PORTFOLIOS))):
        ministry_id = uuid.uuid4()
        name = {lang: f"{MINISTRY_WORD[lang]} {names[lang]}", "en": f"Ministry of {names['en']}"}
        yield {"tenant_id": tenant_id, "id": ministry_id, "code": code, "name": json.dumps(name, ensure_ascii=False),
               "kind": "ministry", "parent_id": None, "now": now}  # fmt: skip
        for n in range(rng.randint(0, 3)):
            agency = {lang: f"{AGENCY_WORD[lang]} {names[lang]} {n + 1}"}
            yield {"tenant_id": tenant_id, "id": uuid.uuid4(), "code": f"{code}-A{n + 1}",
                   "name": json.dumps(agency, ensure_ascii=False), "kind": "agency", "parent_id": ministry_id, "now": now}  # fmt: skip


def generate(connection: Connection, tenants: int, seed: int = 2026) -> Generated:
    """Insert `tenants` governments with 9–14 ministries each and up to three agencies per ministry.

    Runs as a superuser (or the platform role): it writes across tenants by design.
    """
    rng = random.Random(seed)
    tenant_rows, ministry_rows = [], []
    now = datetime.now(UTC)
    for n in range(tenants):
        country, lang, zone, currency = COUNTRIES[n % len(COUNTRIES)]
        tenant_id = uuid.uuid4()
        tenant_rows.append({"id": tenant_id, "slug": f"bench-{n:04d}", "name": f"Bench government {n:04d}",
                            "country": country, "lang": lang, "languages": json.dumps([lang, "en"] if lang != "en" else ["en"]),
                            "zone": zone, "currency": currency, "now": now})  # fmt: skip
        ministry_rows.extend(_ministries(tenant_id, lang, rng))
    connection.execute(
        text(
            "INSERT INTO tenants (id, slug, name, level, country, default_locale, languages, time_zone, currency, "
            "status, created_at, updated_at) VALUES (:id, :slug, :name, 'national', :country, :lang, "
            "CAST(:languages AS jsonb), :zone, :currency, 'active', :now, :now)"
        ),
        tenant_rows,
    )
    connection.execute(
        text(
            "INSERT INTO ministries (tenant_id, id, code, name, kind, parent_id, created_at, updated_at) "
            "VALUES (:tenant_id, :id, :code, CAST(:name AS jsonb), :kind, :parent_id, :now, :now)"
        ),
        ministry_rows,
    )
    return Generated([row["id"] for row in tenant_rows], len(ministry_rows))
