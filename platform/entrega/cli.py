"""The `entrega` command: database, tenants, the demo, the worker."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from entrega.config import REPO_ROOT, load_settings

if TYPE_CHECKING:
    from flask import Flask

    from entrega.db import Engines


def _fail(message: str) -> NoReturn:
    click.secho(message, fg="red", err=True)
    sys.exit(1)


@contextmanager
def operator_context() -> Iterator[tuple[Flask, Engines]]:
    """The app and its engines, with every change audited as made by this operator."""
    from entrega.app import create_app
    from entrega.audit.services import acting_as
    from entrega.db import engines

    app = create_app()
    with app.app_context(), acting_as(f"cli:{_who()}"):
        yield app, engines()


@click.group()
@click.version_option(package_name="entrega")
def main() -> None:
    """Entrega: delivery at the centre of government."""


@main.group()
def db() -> None:
    """The database: provision roles, migrate."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Migrate the database (as the owner: MIGRATION_DATABASE_URL)."""
    from entrega.provisioning import upgrade

    settings = load_settings()
    upgrade(settings.migration_database_url, revision)
    click.echo(f"database at {revision}")


@db.command("provision")
@click.option("--superuser-url", required=True, help="A PostgreSQL superuser URL (development machines only).")
@click.option("--database", default="entrega", show_default=True)
def db_provision(superuser_url: str, database: str) -> None:
    """Create the owner, application and platform roles and the database, then print their URLs."""
    from entrega.provisioning import provision

    urls = provision(superuser_url, database)
    click.echo(f"MIGRATION_DATABASE_URL={urls.owner}\nDATABASE_URL={urls.app}\nPLATFORM_DATABASE_URL={urls.platform}")


@main.group()
def tenants() -> None:
    """Tenants declared as code in tenants/*.toml."""


@tenants.command("apply")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
def tenants_apply(paths: tuple[Path, ...], dry_run: bool) -> None:
    """Make the database match the tenant files (or the *.toml in the directories) given."""
    from entrega.app import create_app
    from entrega.audit.services import acting_as
    from entrega.db import engines
    from entrega.tenancy import files

    app = create_app()
    declared, problems = [], []
    for path in files.collect(paths):
        try:
            declared.append(files.load(path, app.extensions["entrega.plugins"]))
        except files.TenantFileError as error:
            problems += [f"{error.source}: {problem}" for problem in error.problems]
    if problems:
        _fail("Nothing was changed. Fix these first:\n  " + "\n  ".join(problems))
    with app.app_context(), acting_as(f"cli:{_who()}"):
        try:
            changes = files.apply(engines(), declared, dry_run=dry_run)
        except files.TenantFileError as error:
            _fail(f"Nothing was changed. {error.source}: " + "; ".join(error.problems))
    for change in changes:
        click.echo(str(change))
    verb = "would change" if dry_run else "changed"
    click.echo(f"{len(changes)} {'change' if len(changes) == 1 else 'changes'} ({verb})" if changes else "no changes")


@tenants.command("export")
@click.argument("slug")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write here instead of standard output.")
@click.option("--data", is_flag=True, help="All the government's data as a portable archive (needs --output).")
def tenants_export(slug: str, output: Path | None, data: bool) -> None:
    """Write a tenant back as a tenant file, or with --data all its data as an archive."""
    from entrega.tenancy import archive, files

    if data and output is None:
        _fail("--data writes an archive: give --output FILE.tar.gz")
    with operator_context() as (_app, engines):
        if data:
            assert output is not None
            try:
                manifest = archive.export_data(engines, slug, output)
            except archive.ArchiveError as error:
                _fail(str(error))
            rows = sum(facts["rows"] for facts in manifest["files"].values())
            click.echo(f"{output}: {len(manifest['files'])} files, {rows} rows, checksums in manifest.json")
            return
        try:
            text = files.export(engines, slug)
        except LookupError as error:
            _fail(str(error))
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@tenants.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
def tenants_import(source: Path) -> None:
    """Load a government's archive into this instance (all or nothing; checksums verified first)."""
    from entrega.tenancy import archive

    with operator_context() as (_app, engines):
        try:
            counts = archive.import_data(engines, source)
        except archive.ArchiveError as error:
            _fail(f"Nothing was imported: {error}")
    for table, count in counts.items():
        click.echo(f"{table:<28} {count}")


@tenants.command("delete")
@click.argument("slug")
def tenants_delete(slug: str) -> None:
    """Take a government offline now and purge its data after the grace period."""
    from entrega.tenancy import lifecycle

    with operator_context() as (_app, engines):
        try:
            lifecycle.request_deletion(engines, slug)
        except lifecycle.LifecycleError as error:
            _fail(str(error))
    click.echo(f"{slug}: offline now; purged after {lifecycle.DEFAULT_GRACE.days} days unless restored")


@tenants.command("restore")
@click.argument("slug")
def tenants_restore(slug: str) -> None:
    """Cancel a deletion during its grace period."""
    from entrega.tenancy import lifecycle

    with operator_context() as (_app, engines):
        try:
            lifecycle.cancel_deletion(engines, slug)
        except lifecycle.LifecycleError as error:
            _fail(str(error))
    click.echo(f"{slug}: restored")


@tenants.command("purge")
@click.option("--grace-days", type=int, default=30, show_default=True)
def tenants_purge(grace_days: int) -> None:
    """Purge every government whose deletion grace period has passed, and print the proof."""
    from datetime import timedelta

    from entrega.tenancy import lifecycle

    with operator_context() as (_app, engines):
        try:
            proofs = lifecycle.purge_due(engines, timedelta(days=grace_days), load_settings().reports_path)
        except lifecycle.LifecycleError as error:
            _fail(f"Nothing was purged: {error}")
    for slug, left in proofs.items():
        click.echo(f"{slug}: purged; rows left per table: " + ", ".join(f"{t}={n}" for t, n in left.items()))
    if not proofs:
        click.echo("nothing is due")


@tenants.command("list")
def tenants_list() -> None:
    """Every tenant, with its level, country and status."""
    from sqlalchemy import select

    from entrega.tenancy.crossing import cross_tenant_session
    from entrega.tenancy.models import Tenant

    with operator_context() as (_app, engines), cross_tenant_session(engines, reason="tenants list") as db_session:
        rows = list(db_session.scalars(select(Tenant).order_by(Tenant.slug)))
    width = max((len(t.slug) for t in rows), default=4)
    for tenant in rows:
        where = tenant.subdivision or tenant.country
        click.echo(
            f"{tenant.slug:<{width}}  {tenant.level.value:<9}  {where:<6}  {tenant.status.value:<9}  {tenant.name}"
        )
    if not rows:
        click.echo("no tenants")


@main.group()
def identity() -> None:
    """Accounts and identity providers."""


@identity.command("create-admin")
@click.argument("email")
@click.option("--name", default="Platform administrator", show_default=True)
@click.password_option(help="Asked for when not given; at least 12 characters.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create a platform administrator with a local password."""
    from marshmallow import ValidationError

    from entrega.app import create_app
    from entrega.audit.services import acting_as
    from entrega.db import engines
    from entrega.identity import services

    app = create_app()
    with app.app_context(), acting_as(f"cli:{_who()}"), engines().Session() as db_session:
        try:
            services.create_user(db_session, email, name, password, is_platform_admin=True)
        except ValidationError as error:
            _fail(f"Nothing was created: {error.messages}")
        db_session.commit()
    click.echo(f"platform administrator {services.normalize_email(email)} created")


@identity.command("set-provider")
@click.argument("slug")
@click.option("--discovery-url", required=True, help="The provider's /.well-known/openid-configuration address.")
@click.option("--client-id", required=True)
@click.option("--name", "display_name", required=True, help="What the sign-in button says, e.g. 'GovID Chile'.")
@click.option(
    "--secret-env", default="OIDC_CLIENT_SECRET", show_default=True, help="Environment variable holding the secret."
)
def set_provider(slug: str, discovery_url: str, client_id: str, display_name: str, secret_env: str) -> None:
    """Give a government its own OpenID Connect provider (the secret is read from the environment and stored encrypted)."""
    from marshmallow import ValidationError

    from entrega.app import create_app
    from entrega.audit.services import acting_as
    from entrega.db import engines
    from entrega.errors import NotFound
    from entrega.identity import services
    from entrega.identity.secrets_box import SecretsBox
    from entrega.tenancy.access import active_tenant_by_slug
    from entrega.tenancy.binding import tenant_session

    secret = os.environ.get(secret_env)
    if not secret:
        _fail(f"Set the client secret in the environment variable {secret_env} (never on the command line).")
    app = create_app()
    settings = app.extensions["entrega.settings"]
    if not settings.encryption_key:
        _fail("Set ENTREGA_ENCRYPTION_KEY first: the secret is stored encrypted with it.")
    with app.app_context(), acting_as(f"cli:{_who()}"):
        with engines().Session() as lookup:
            try:
                tenant = active_tenant_by_slug(lookup, slug)
            except NotFound:
                _fail(f"no active tenant {slug!r}")
        with tenant_session(engines(), tenant.id) as db_session:
            try:
                services.set_provider(
                    db_session, discovery_url=discovery_url, client_id=client_id, display_name=display_name,
                    encrypted_secret=SecretsBox(settings.encryption_key).encrypt(secret or ""),
                )  # fmt: skip
            except ValidationError as error:
                _fail(f"Nothing was changed: {error.messages}")
            db_session.commit()
    click.echo(f"{slug}: people now sign in with {display_name}; local passwords are no longer offered")


@main.group()
def bank() -> None:
    """Institutions (the banks) and their specialists."""


@bank.command("create-institution")
@click.argument("slug")
@click.argument("name")
def create_institution(slug: str, name: str) -> None:
    """Add a bank as a customer of the platform."""
    from marshmallow import ValidationError

    from entrega.bank import services
    from entrega.tenancy.crossing import cross_tenant_session

    with (
        operator_context() as (_app, engines),
        cross_tenant_session(engines, reason="bank administration") as db_session,
    ):
        try:
            services.create_institution(db_session, slug, name)
        except ValidationError as error:
            _fail(f"Nothing was created: {error.messages}")
        db_session.commit()
    click.echo(f"institution {slug} created")


@bank.command("add-specialist")
@click.argument("slug")
@click.argument("email")
@click.option("--manager", is_flag=True, help="Also manages the institution's specialists.")
def add_specialist(slug: str, email: str, manager: bool) -> None:
    """Make an existing account a specialist of an institution."""
    from sqlalchemy import select

    from entrega.bank import services
    from entrega.bank.models import Institution, InstitutionRole
    from entrega.identity.services import user_by_email
    from entrega.tenancy.crossing import cross_tenant_session

    with (
        operator_context() as (_app, engines),
        cross_tenant_session(engines, reason="bank administration") as db_session,
    ):
        institution = db_session.scalar(select(Institution).where(Institution.slug == slug))
        user = user_by_email(db_session, email)
        if institution is None or user is None:
            _fail(f"no institution {slug!r}" if institution is None else f"no account for {email}")
        services.add_institution_member(
            db_session, institution, user, InstitutionRole.MANAGER if manager else InstitutionRole.SPECIALIST
        )
        db_session.commit()
    click.echo(f"{email} is now a {'manager' if manager else 'specialist'} of {slug}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Migrate and seed only.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Migrate, seed the demo tenants from tenants/, and serve the app."""
    from entrega.app import create_app
    from entrega.audit.services import acting_as
    from entrega.db import engines
    from entrega.provisioning import upgrade
    from entrega.tenancy import files

    settings = load_settings()
    upgrade(settings.migration_database_url)
    app = create_app(settings)
    declared = [files.load(path, app.extensions["entrega.plugins"]) for path in files.collect([REPO_ROOT / "tenants"])]
    from entrega.delivery import demo as demo_workspace
    from entrega.identity import demo as demo_accounts

    with app.app_context(), acting_as("demo"):
        changes = files.apply(engines(), declared)
        accounts = demo_accounts.seed(engines(), demo_accounts.demo_tenants(engines()))
        demo_workspace.seed_workspace(engines(), [tenant.id for tenant in demo_accounts.demo_tenants(engines())])
        from entrega.library import services as indicator_library
        from entrega.tenancy.crossing import cross_tenant_session

        with cross_tenant_session(engines(), reason="demo: indicator library") as db_session:
            indicator_library.sync(db_session)
            db_session.commit()
        from entrega.library import demo as demo_library

        demo_library.seed(engines(), demo_accounts.demo_tenants(engines()))
        from entrega.bank import demo as demo_diagnostics
        from entrega.bank import portfolio
        from entrega.identity.services import now
        from entrega.tenancy.binding import tenant_session

        demo_diagnostics.seed(engines(), demo_accounts.demo_tenants(engines()),
                              app.extensions["entrega.plugins"].instruments())  # fmt: skip
        for tenant in demo_accounts.demo_tenants(engines()):  # today's health, as the daily job would take it
            with tenant_session(engines(), tenant.id) as db_session:
                portfolio.health_job(db_session, now().date().isoformat())
                db_session.commit()
    click.echo(f"demo: {len(declared)} tenants, {len(changes)} changes applied")
    click.echo("Demo accounts (new passwords on every run; sign in at a government's address or at /signin):")
    for account in accounts:
        click.echo(f"  {account.email:<44} {account.password}   {account.description}")
    if no_serve:
        return
    click.echo(f"Entrega is running at http://{host}:{port}/  (Ctrl+C stops it)")
    app.run(host=host, port=port, debug=False, use_reloader=False)


@main.command()
@click.option("--queue", "queues", multiple=True, help="Queues to listen to (default: all).")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option(
    "--scheduler/--no-scheduler", default=True, show_default=True,
    help="Also run rq's scheduler (run it in one process of the deployment, not in every worker).",
)  # fmt: skip
def worker(queues: tuple[str, ...], burst: bool, scheduler: bool) -> None:
    """Run an rq worker for the background jobs (needs REDIS_URL)."""
    from redis import Redis
    from rq import Worker

    from entrega.jobs import QUEUES

    settings = load_settings()
    if settings.redis_url is None:
        _fail("REDIS_URL is not set: on the embedded default, jobs run in-process and no worker is needed.")
        return
    connection = Redis.from_url(settings.redis_url)
    Worker(list(queues or QUEUES), connection=connection).work(burst=burst, with_scheduler=scheduler)


@main.command()
@click.option("--at", "schedule", default="0 4 * * *", show_default=True, help="When the daily tick runs (cron, UTC).")
def cron(schedule: str) -> None:
    """Run rq's cron scheduler: once a day, each government's snapshot, reminders and next meetings; every
    minute, the sweep that hands over again the reports and imports the job queue never got or lost.

    Run it in exactly one process of the deployment (the chart puts it beside the scheduler).
    """
    from redis import Redis
    from rq.cron import CronScheduler

    settings = load_settings()
    if settings.redis_url is None:
        _fail("REDIS_URL is not set: the embedded default has no background scheduler.")
        return
    from entrega.routines.schedule import register_cron

    scheduler = CronScheduler(connection=Redis.from_url(settings.redis_url), name="entrega-daily")
    register_cron(scheduler, schedule)
    scheduler.start()


@main.group()
def library() -> None:
    """The shared indicator library that governments map their indicators to."""


@library.command("sync")
def library_sync() -> None:
    """Load the curated common definitions into the platform (idempotent)."""
    from entrega.library import services as indicator_library
    from entrega.tenancy.crossing import cross_tenant_session

    with (
        operator_context() as (_app, engines),
        cross_tenant_session(engines, reason="indicator library sync") as db_session,
    ):
        changed = indicator_library.sync(db_session)
        db_session.commit()
    click.echo(f"library: {changed} definitions added or updated")


def _who() -> str:
    return os.environ.get("USER") or os.environ.get("LOGNAME") or "unknown"
