"""Settings, read from the environment once, when the app is created.

Every variable is documented in the README's configuration table; keep the two in step. With nothing set,
the app runs on the embedded default: SQLite in the instance folder and jobs run in-process.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

# Where alembic.ini, migrations/ and tenants/ live: the checkout, or ENTREGA_ROOT in an installed image.
REPO_ROOT = Path(os.environ.get("ENTREGA_ROOT") or Path(__file__).resolve().parents[2])


def _default_instance_path() -> Path:
    return Path(os.environ.get("ENTREGA_INSTANCE_PATH", REPO_ROOT / "instance"))


def _env_path(name: str) -> Path | None:
    raw = os.environ.get(name)
    return Path(raw) if raw else None


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    instance_path: Path
    database_url: str
    platform_database_url: str
    migration_database_url: str
    redis_url: str | None
    secret_key: str
    app_db_role: str = "entrega_app"
    platform_db_role: str = "entrega_platform"
    db_pool_size: int = 5
    db_max_overflow: int = 5
    tenant_directory: bool = False
    production: bool = False
    log_level: str = "INFO"
    json_logs: bool = False
    proxy_hops: int = 0  # reverse proxies in front (the ingress): their X-Forwarded-* headers are trusted
    encryption_key: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "Entrega <no-reply@entrega.invalid>"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    platform_oidc_discovery_url: str | None = None
    platform_oidc_client_id: str | None = None
    platform_oidc_client_secret: str | None = None
    public_url: str | None = None  # e.g. https://entrega.example.org, for links in e-mails
    api_requests_per_minute: int = 600  # per token; per address it is twice this
    sign_in_attempts_per_15_minutes: int = 10  # per account; per address it is twice this
    # None loads every installed plugin; a tuple loads exactly those (tests name theirs).
    plugins: tuple[str, ...] | None = None
    # Where rendered reports (PDFs) are kept; web and workers must share it. None: `<instance>/reports`.
    report_directory: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def embedded(self) -> bool:
        """True on the single-machine default, where SQLite replaces PostgreSQL."""
        return self.database_url.startswith("sqlite")

    @property
    def reports_path(self) -> Path:
        return self.report_directory or self.instance_path / "reports"

    @property
    def jobs_in_process(self) -> bool:
        return self.redis_url is None

    def with_overrides(self, **overrides: Any) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        return replace(self, **overrides)


def _embedded_secret_key(instance_path: Path) -> str:
    """A random key kept in the instance folder, so the embedded demo never ships a known secret."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def db_role_names() -> tuple[str, str]:
    """The application role and the cross-tenant platform role; migrations grant to both."""
    return os.environ.get("APP_DB_ROLE", "entrega_app"), os.environ.get("PLATFORM_DB_ROLE", "entrega_platform")


def load_settings() -> Settings:
    instance_path = _default_instance_path()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'entrega.sqlite3'}"
    production = _env_bool("ENTREGA_PRODUCTION", False)
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise RuntimeError("SECRET_KEY must be set when ENTREGA_PRODUCTION is on")
        secret_key = _embedded_secret_key(instance_path)
    return Settings(
        instance_path=instance_path,
        database_url=database_url,
        platform_database_url=os.environ.get("PLATFORM_DATABASE_URL") or database_url,
        migration_database_url=os.environ.get("MIGRATION_DATABASE_URL") or database_url,
        redis_url=os.environ.get("REDIS_URL") or None,
        secret_key=secret_key,
        app_db_role=db_role_names()[0],
        platform_db_role=db_role_names()[1],
        db_pool_size=int(os.environ.get("DB_POOL_SIZE", "5")),
        db_max_overflow=int(os.environ.get("DB_MAX_OVERFLOW", "5")),
        tenant_directory=_env_bool("ENTREGA_TENANT_DIRECTORY", not production),
        production=production,
        log_level=os.environ.get("LOG_LEVEL", "INFO"),
        json_logs=_env_bool("LOG_JSON", production),
        proxy_hops=int(os.environ.get("PROXY_HOPS", "0")),
        encryption_key=os.environ.get("ENTREGA_ENCRYPTION_KEY") or None,
        smtp_host=os.environ.get("SMTP_HOST") or None,
        smtp_port=int(os.environ.get("SMTP_PORT", "25")),
        smtp_from=os.environ.get("SMTP_FROM", "Entrega <no-reply@entrega.invalid>"),
        smtp_username=os.environ.get("SMTP_USERNAME") or None,
        smtp_password=os.environ.get("SMTP_PASSWORD") or None,
        smtp_starttls=_env_bool("SMTP_STARTTLS", False),
        platform_oidc_discovery_url=os.environ.get("PLATFORM_OIDC_DISCOVERY_URL") or None,
        platform_oidc_client_id=os.environ.get("PLATFORM_OIDC_CLIENT_ID") or None,
        platform_oidc_client_secret=os.environ.get("PLATFORM_OIDC_CLIENT_SECRET") or None,
        public_url=os.environ.get("ENTREGA_PUBLIC_URL") or None,
        report_directory=_env_path("ENTREGA_REPORT_DIRECTORY"),
        api_requests_per_minute=int(os.environ.get("API_REQUESTS_PER_MINUTE", "600")),
        sign_in_attempts_per_15_minutes=int(os.environ.get("SIGN_IN_ATTEMPTS_PER_15_MINUTES", "10")),
        plugins=tuple(p.strip() for p in os.environ["ENTREGA_PLUGINS"].split(",") if p.strip())
        if os.environ.get("ENTREGA_PLUGINS")
        else None,
    )
