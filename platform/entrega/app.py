"""The application factory: a straight list of the parts, core first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from entrega import api, db, health, jobs, observability
from entrega.bank import views as bank_views
from entrega.bank import views_exports as bank_exports_views
from entrega.config import Settings, load_settings
from entrega.delivery import api as delivery_api
from entrega.delivery import api_imports as delivery_imports_api
from entrega.delivery import views as delivery_views
from entrega.delivery import views_data as delivery_data_views
from entrega.delivery import views_imports as delivery_imports_views
from entrega.diagnostics import views as diagnostics_views
from entrega.extensions import api as extensions_api
from entrega.extensions import registry as plugin_registry
from entrega.extensions import views as extensions_views
from entrega.identity import access as identity_access
from entrega.identity import mail as identity_mail  # noqa: F401 - registers the invitation e-mail job
from entrega.identity import views_auth as identity_auth_views
from entrega.identity import views_tenant as identity_tenant_views
from entrega.identity.ratelimit import Limits, RateLimiter
from entrega.library import views as library_views
from entrega.reports import api as reports_api
from entrega.reports import views as reports_views
from entrega.routines import schedule as routines_schedule  # noqa: F401 - registers the daily jobs
from entrega.routines import views as routines_views
from entrega.tenancy import api as tenancy_api
from entrega.tenancy import views as tenancy_views
from entrega.web import compression, errors, i18n, navigation, security, vocabulary
from entrega.web import views as web_views


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    settings = (settings or load_settings()).with_overrides(**overrides) if overrides else settings or load_settings()
    app = Flask(
        __name__,
        instance_path=str(settings.instance_path),
        template_folder="web/templates",
        static_folder="web/static",
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        SESSION_COOKIE_NAME="entrega_session",
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        JSON_SORT_KEYS=False,
    )
    app.extensions["entrega.settings"] = settings
    if settings.proxy_hops:
        # Behind the ingress the client's address is in X-Forwarded-For: rate limits need the real one.
        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    observability.configure_logging(settings.log_level, settings.json_logs)

    db.init_app(app, settings)
    plugin_registry.init_app(app, settings.plugins)
    jobs.init_app(app, settings)
    i18n.init_app(app)
    navigation.init_app(app)
    vocabulary.init_app(app)
    compression.init_app(app)  # first registered, so it runs after every other after_request
    security.init_app(app)
    limits = Limits.from_settings(settings.api_requests_per_minute, settings.sign_in_attempts_per_15_minutes)
    identity_access.init_app(app, RateLimiter(app.extensions["entrega.redis"], limits))

    rest = api.init_app(app)
    rest.register_blueprint(tenancy_api.blp)
    rest.register_blueprint(extensions_api.plugins_blp)
    rest.register_blueprint(extensions_api.model_blp)
    rest.register_blueprint(delivery_api.blp)
    rest.register_blueprint(delivery_imports_api.blp)
    rest.register_blueprint(reports_api.blp)

    app.register_blueprint(health.bp)
    app.register_blueprint(web_views.bp)
    app.register_blueprint(tenancy_views.bp)
    app.register_blueprint(extensions_views.bp)
    app.register_blueprint(identity_auth_views.bp)
    app.register_blueprint(identity_tenant_views.bp)
    app.register_blueprint(bank_views.bp)
    app.register_blueprint(bank_views.tenant_bp)
    app.register_blueprint(bank_exports_views.bp)
    app.register_blueprint(diagnostics_views.bp)
    app.register_blueprint(delivery_views.bp)
    app.register_blueprint(delivery_data_views.bp)
    app.register_blueprint(delivery_imports_views.bp)
    app.register_blueprint(reports_views.bp)
    app.register_blueprint(routines_views.bp)
    app.register_blueprint(library_views.bp)
    app.register_blueprint(library_views.bank_bp)
    observability.init_app(app)
    errors.init_app(app)
    return app


def settings_of(app: Flask) -> Settings:
    return app.extensions["entrega.settings"]
