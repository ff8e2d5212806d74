"""`python -m bench.reports`: the render job against WeasyPrint alone, on a stocktake pack of about 20 pages.

The government has 50 priorities × 10 indicators × 96 months of data (`workspace_data`), the PMDU model, a
stocktake held two months ago whose actions are now overdue, and the next stocktake planned with the worst
priorities on its agenda (`--agenda` of them: six give about 20 pages). Figures:

- the job (`reports.render`, run as a worker runs it): load the facts, draw the charts, fill the templates,
  lay the PDF out through the tenant's URL fetcher, report progress, store it (fsync, rename, checksum);
- WeasyPrint alone, rendering the very same HTML saved to disk with its stylesheet beside it.

Every render runs in a fresh process that first warms WeasyPrint up (fonts), the two sides taking turns
`--rounds` times; the medians of wall time are compared (target: the job ≤ 1.3 × WeasyPrint alone), and of
CPU time too, which a busy machine disturbs less. Peak memory is the largest resident set of a side's
processes. Prints a Markdown table row; `--keep-pdf PATH` keeps the PDF to look at.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from time import perf_counter, process_time
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))

from flask import Flask
from sqlalchemy import make_url, select, update

from bench import synthetic, workspace_data
from entrega.app import create_app
from entrega.audit.services import acting_as
from entrega.config import load_settings
from entrega.db import make_engine
from entrega.delivery import facts
from entrega.extensions.access import tenant_model
from entrega.extensions.runtime import resolve
from entrega.extensions.services import current_model, set_model, validate_model
from entrega.provisioning import DatabaseUrls, drop_database, provision, upgrade
from entrega.reports import packs, render, services
from entrega.reports.jobs import as_the_government
from entrega.reports.storage import ReportStorage
from entrega.routines import assessments
from entrega.routines import services as routines
from entrega.routines.models import AgendaKind, Report, ReportStatus
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.models import Ministry, Tenant

SUPERUSER_URL = os.environ.get("BENCH_PG_SUPERUSER_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
DATABASE = "entrega_bench_reports"
WARM_UP = "<html><body><h1>Warm-up</h1><p>Fonts are loaded once per process.</p></body></html>"


def build_app(urls: DatabaseUrls, report_directory: Path) -> Flask:
    settings = load_settings().with_overrides(
        database_url=urls.app, platform_database_url=urls.platform, migration_database_url=urls.owner, redis_url=None,
        instance_path=Path(tempfile.mkdtemp()), plugins=("entrega_pmdu",), report_directory=report_directory,
    )  # fmt: skip
    return create_app(settings)


def prepare_routines(app: Flask, tenant_id: uuid.UUID, agenda_size: int, today: date) -> uuid.UUID:
    """The PMDU model, a past stocktake with overdue actions, a round of assessments, the next stocktake."""
    engines = app.extensions["entrega.db"]
    with app.app_context(), acting_as("bench@example.org"), tenant_session(engines, tenant_id) as db_session:
        set_model(db_session, validate_model(app.extensions["entrega.plugins"], {"delivery": "entrega_pmdu"}))
        db_session.commit()
        model = resolve(app.extensions["entrega.plugins"], current_model(db_session).as_config())  # type: ignore[union-attr]
        tenant = db_session.get(Tenant, tenant_id)
        assert tenant is not None
        series = {s.template: s for s in routines.ensure_series(db_session, model, today)}["stocktake"]
        earlier = routines.plan_meeting(
            db_session, tenant, model, series, today - timedelta(days=70), today - timedelta(days=75)
        )
        ministries = list(db_session.scalars(select(Ministry.id).where(Ministry.kind == "ministry")))
        items = [i for i in routines.agenda_of(db_session, earlier.id) if i.priority_id]
        for n, item in enumerate(items[:6]):
            routines.add_action(db_session, earlier, {
                "title": f"Recovery plan for {item.title.split(' · ')[0]}: name the owner of each regional target",
                "owner_ministry_id": ministries[n % len(ministries)], "owner_person": f"Director {n + 1}",
                "due_on": today - timedelta(days=20 + 5 * n), "priority_id": item.priority_id,
            })  # fmt: skip
        routines.record_decision(db_session, earlier, "Publish the regional league table every month.", None)
        routines.hold_meeting(db_session, earlier, ["Head of government", "Head of the delivery unit"], "Held.")
        meeting = routines.plan_meeting(db_session, tenant, model, series, today + timedelta(days=7), today)
        kept = 0
        for item in routines.agenda_of(db_session, meeting.id):
            if item.kind is AgendaKind.OVERDUE_ACTION:
                continue
            kept += 1
            if kept > agenda_size:
                routines.remove_agenda_item(db_session, item)
        round_ = assessments.open_round(db_session, "Mid-year review", today - timedelta(days=10))
        levels = [level.key for level in model.framework.levels]
        for n, view in enumerate(facts.load(db_session, model, today)):
            level = levels[min(len(levels) - 1, (n * len(levels)) // 50)]
            assessments.assess(db_session, model, round_, view.priority, "", level, "Steady progress; two regions lag.")
            for area in model.framework.areas:
                assessments.assess(
                    db_session, model, round_, view.priority, area.key, level, "As discussed at the stocktake."
                )
        db_session.commit()
        return meeting.id


def request_pack(
    app: Flask, tenant_id: uuid.UUID, template: str, subject_id: uuid.UUID | None, language: str
) -> uuid.UUID:
    """Ask for the report as the API would (in-process here: this first render is the warm-up of the data)."""
    from flask import g

    engines = app.extensions["entrega.db"]
    with app.test_request_context(), acting_as("bench@example.org"), tenant_session(engines, tenant_id) as db_session:
        tenant = db_session.get(Tenant, tenant_id)
        assert tenant is not None
        g.tenant, g._entrega_session = tenant, db_session
        requested = services.request_report(db_session, tenant, tenant_model(), template, subject_id, language,
                                            datetime.now(UTC).date())  # fmt: skip
        g.pop("_entrega_session")
        report = requested.report
        if report.status is not ReportStatus.DONE:
            raise SystemExit(f"the report did not render: {report.status} {report.error}")
        return report.id


def save_html(app: Flask, tenant_id: uuid.UUID, report_id: uuid.UUID, folder: Path) -> Path:
    """The job's HTML for this report, on disk with its stylesheet beside it, as WeasyPrint alone will read it."""
    from flask_babel import force_locale

    engines = app.extensions["entrega.db"]
    with app.app_context(), tenant_session(engines, tenant_id) as db_session:
        report = db_session.scalars(select(Report).where(Report.id == report_id)).one()
        tenant = db_session.get(Tenant, tenant_id)
        assert tenant is not None
        with as_the_government(tenant, db_session), force_locale(report.language):
            model = tenant_model()
            inp = packs.PackInput(db_session, tenant, model, services.template_of(model, report.template),
                                  report.subject_id, report.created_at.date())  # fmt: skip
            html = packs.page_html(packs.build(inp))
    shutil.copy(render.REPORTS_STATIC / "print.css", folder / "print.css")
    path = folder / "pack.html"
    path.write_text(html.replace(render.STYLESHEET_URL, "print.css"), encoding="utf-8")
    return path


# ---- the two sides, each in a process of its own ----------------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm_up() -> None:
    from weasyprint import HTML

    HTML(string=WARM_UP).write_pdf()


def child_job(state: dict[str, Any]) -> dict[str, float]:
    from entrega.jobs.runner import run_tenant_job

    urls = DatabaseUrls(**state["urls"])
    app = build_app(urls, Path(state["report_directory"]))
    engines = app.extensions["entrega.db"]
    tenant_id, report_id = uuid.UUID(state["tenant_id"]), uuid.UUID(state["report_id"])
    _warm_up()
    seconds, cpu = [], []
    for _round in range(state["rounds"]):
        with tenant_session(engines, tenant_id) as db_session:  # make the job render it again
            db_session.execute(
                update(Report).where(Report.id == report_id).values(status=ReportStatus.QUEUED, sha256="")
            )
            db_session.commit()
        started, started_cpu = perf_counter(), process_time()
        outcome = run_tenant_job(services.JOB, str(tenant_id), str(report_id), app=app)
        seconds.append(perf_counter() - started)
        cpu.append(process_time() - started_cpu)
        assert outcome == "rendered", outcome
    engines.dispose()
    return {"seconds": statistics.median(seconds), "cpu": statistics.median(cpu), "peak_mb": _peak_mb()}


def child_weasyprint(state: dict[str, Any]) -> dict[str, float]:
    from weasyprint import HTML

    _warm_up()
    seconds, cpu = [], []
    target = Path(state["html"]).with_suffix(".pdf")
    for _round in range(state["rounds"]):
        started, started_cpu = perf_counter(), process_time()
        HTML(filename=state["html"]).write_pdf(target)
        seconds.append(perf_counter() - started)
        cpu.append(process_time() - started_cpu)
    return {"seconds": statistics.median(seconds), "cpu": statistics.median(cpu), "peak_mb": _peak_mb()}


def _run_child(side: str, state_file: Path) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.reports", "--child", side, "--state", str(state_file)],
        check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--priorities", type=int, default=50)
    parser.add_argument("--indicators", type=int, default=10, help="per priority")
    parser.add_argument("--months", type=int, default=96)
    parser.add_argument("--agenda", type=int, default=6, help="priorities on the stocktake's agenda")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--template", default="stocktake_pack", help="a PMDU report template key")
    parser.add_argument("--language", default="es")
    parser.add_argument("--keep-pdf", type=Path, help="copy the PDF here")
    parser.add_argument("--keep-html", type=Path, help="copy the HTML given to WeasyPrint alone into this folder")
    parser.add_argument("--no-measure", action="store_true", help="render once and stop (with --keep-pdf)")
    parser.add_argument("--child", choices=("job", "weasyprint"), help=argparse.SUPPRESS)
    parser.add_argument("--state", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        state = json.loads(args.state.read_text())
        print(json.dumps(child_job(state) if args.child == "job" else child_weasyprint(state)))
        return

    work = Path(tempfile.mkdtemp(prefix="entrega-bench-reports-"))
    drop_database(SUPERUSER_URL, DATABASE)
    urls = provision(SUPERUSER_URL, DATABASE)
    upgrade(urls.owner)
    superuser = make_engine(make_url(SUPERUSER_URL).set(database=DATABASE).render_as_string(hide_password=False))
    try:
        with superuser.begin() as connection:
            [tenant_id] = synthetic.generate(connection, 1).tenant_ids
        size = workspace_data.WorkspaceSize(args.priorities, args.indicators, args.months)
        workspace_data.generate(superuser, [tenant_id], size, workers=1)
        workspace_data.vacuum(superuser)
        app = build_app(urls, work / "reports")
        meeting_id = prepare_routines(app, tenant_id, args.agenda, size.today)
        subject = meeting_id if args.template in ("stocktake_pack", "follow_up") else None
        report_id = request_pack(app, tenant_id, args.template, subject, args.language)
        html = save_html(app, tenant_id, report_id, work)
        with app.app_context(), tenant_session(app.extensions["entrega.db"], tenant_id) as db_session:
            report = db_session.scalars(select(Report).where(Report.id == report_id)).one()
            pages, pdf = report.pages, ReportStorage(work / "reports").path_of(tenant_id, report_id)
        if args.keep_pdf:
            shutil.copy(pdf, args.keep_pdf)
        if args.keep_html:
            args.keep_html.mkdir(parents=True, exist_ok=True)
            shutil.copy(html, args.keep_html / html.name)
            shutil.copy(html.parent / "print.css", args.keep_html / "print.css")
        if args.no_measure:
            print(f"{pages} pages")
            return
        app.extensions["entrega.db"].dispose()
        state_file = work / "state.json"
        state_file.write_text(json.dumps({
            "urls": dataclasses.asdict(urls), "tenant_id": str(tenant_id),
            "report_id": str(report_id), "report_directory": str(work / "reports"), "html": str(html),
            "rounds": 1,
        }))  # fmt: skip
        # One render per process, the two sides taking turns: on a busy machine, load that comes and goes
        # then falls on both alike.
        runs: dict[str, list[dict[str, float]]] = {"job": [], "weasyprint": []}
        for _round in range(args.rounds):
            for side, results in runs.items():
                results.append(_run_child(side, state_file))
        job, alone = (
            {key: statistics.median(run[key] for run in results) for key in ("seconds", "cpu")}
            | {"peak_mb": max(run["peak_mb"] for run in results)}
            for results in runs.values()
        )
    finally:
        superuser.dispose()
        drop_database(SUPERUSER_URL, DATABASE)
        shutil.rmtree(work, ignore_errors=True)
    ratio, cpu_ratio = job["seconds"] / alone["seconds"], job["cpu"] / alone["cpu"]
    print("| figure | measured | limit | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| Stocktake pack PDF, {pages} pages ({args.agenda} of {args.priorities} priorities × {args.indicators} "
        f"indicators, {args.months} months; median of {args.rounds}): wall time of the render job (facts, charts, "
        f"templates, fetcher, progress, fsync'd storage) vs WeasyPrint alone on the same HTML saved to disk; CPU "
        f"{job['cpu']:.2f} s vs {alone['cpu']:.2f} s ({cpu_ratio:.2f}); peak memory {job['peak_mb']:.0f} MB vs "
        f"{alone['peak_mb']:.0f} MB | {job['seconds']:.2f} s | {alone['seconds']:.2f} s | {ratio:.2f} | ≤ 1.3 |"
    )


if __name__ == "__main__":
    main()
