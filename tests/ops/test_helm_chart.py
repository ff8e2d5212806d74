"""The Helm chart in helm/entrega, checked without a cluster.

Where `helm` is on PATH the chart is also linted and rendered (with the defaults and with the production
example) and the manifests are checked. Where it is not, nothing is skipped: the values are validated against
values.schema.json with jsonschema, and the templates' text is read to match every `.Values` reference
against values.yaml, both ways.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from entrega.jobs import QUEUES

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "entrega"
TEMPLATES = CHART / "templates"
PRODUCTION = CHART / "examples" / "production-values.yaml"
HELM = shutil.which("helm")

MIGRATION_JOB = "migration-job.yaml"
APP_SECRET_KEYS = {"DATABASE_URL", "PLATFORM_DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ENTREGA_ENCRYPTION_KEY"}

# `.Values.a.b`, `$.Values.a.b`; `$x := .Values.a` and `range $k, $v := .Values.a` bind variables to paths.
VALUES_REF = re.compile(r"\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
ALIAS = re.compile(r"(\$[A-Za-z_]\w*)\s*:=\s*\$?\.Values((?:\.[A-Za-z_]\w*)+)")
RANGE = re.compile(r"range\s+(?:\$[A-Za-z_]\w*\s*,\s*)?(\$[A-Za-z_]\w*)\s*:=\s*\$?\.Values((?:\.[A-Za-z_]\w*)+)")


# -- helpers -----------------------------------------------------------------------------------------------
def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def schema() -> dict[str, Any]:
    return json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))


def defaults() -> dict[str, Any]:
    return load_yaml(CHART / "values.yaml")


def coalesce(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge an override file onto the defaults as Helm does (maps merge, anything else replaces, null deletes)."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = coalesce(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def validation_errors(values: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(schema())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(values)]


def template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES.iterdir() if p.is_file())


def template_text() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in template_files()}


def referenced_paths() -> set[tuple[str, ...]]:
    """Every values path the templates read; `*` stands for any key (a `range` over a map)."""
    paths: set[tuple[str, ...]] = set()
    for text in template_text().values():
        variables = {var: tuple(path.strip(".").split(".")) for var, path in ALIAS.findall(text)}
        variables |= {var: (*path.strip(".").split("."), "*") for var, path in RANGE.findall(text)}
        paths |= {tuple(path.strip(".").split(".")) for path in VALUES_REF.findall(text)}
        for var, base in variables.items():
            paths.add(base)
            for rest in re.findall(re.escape(var) + r"((?:\.[A-Za-z_]\w*)+)", text):
                paths.add((*base, *rest.strip(".").split(".")))
    return paths


def exists(values: Any, path: tuple[str, ...]) -> bool:
    if not path:
        return True
    if not isinstance(values, dict):
        return False
    head, rest = path[0], path[1:]
    if head == "*":
        return bool(values) and all(exists(child, rest) for child in values.values())
    return head in values and exists(values[head], rest)


def leaves(values: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(values, dict) and values:
        return [leaf for key, child in values.items() for leaf in leaves(child, (*prefix, key))]
    return [prefix]


def covers(reference: tuple[str, ...], leaf: tuple[str, ...]) -> bool:
    return len(reference) <= len(leaf) and all(r in {"*", part} for r, part in zip(reference, leaf, strict=False))


def helm(*args: str) -> subprocess.CompletedProcess[str]:
    assert HELM is not None
    return subprocess.run([HELM, *args], capture_output=True, text=True, timeout=120, check=False)


def render(*value_files: Path) -> list[dict[str, Any]]:
    args = ["template", "entrega", str(CHART), "--namespace", "entrega"]
    for path in value_files:
        args += ["-f", str(path)]
    result = helm(*args)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def walk_schema(node: dict[str, Any], where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = [(where or "/", node)]
    for key, child in node.get("properties", {}).items():
        found += walk_schema(child, f"{where}/{key}")
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            found += walk_schema(node[key], f"{where}/{key}")
    return found


def containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["spec"]["template"]["spec"]["containers"]


def env_names(container: dict[str, Any]) -> set[str]:
    return {entry["name"] for entry in container.get("env", [])}


# -- chart and schema --------------------------------------------------------------------------------------
def test_chart_metadata() -> None:
    chart = load_yaml(CHART / "Chart.yaml")
    assert chart["apiVersion"] == "v2"
    assert chart["name"] == "entrega"
    assert chart["appVersion"] == "0.1.0"
    assert chart["type"] == "application"


def test_schema_is_a_valid_draft_07_schema() -> None:
    jsonschema.Draft7Validator.check_schema(schema())


def test_every_object_in_the_schema_is_closed_and_every_value_typed_and_described() -> None:
    for where, node in walk_schema(schema()):
        assert "type" in node, f"{where} has no type"
        assert node.get("description"), f"{where} has no description"
        if node["type"] == "object":
            closed = node.get("additionalProperties")
            assert closed is False or isinstance(closed, dict), f"{where} accepts unknown keys"


def test_default_values_match_the_schema() -> None:
    assert validation_errors(defaults()) == []


def test_production_example_matches_the_schema() -> None:
    example = load_yaml(PRODUCTION)
    assert validation_errors(coalesce(defaults(), example)) == []
    assert example["secrets"]["existingSecret"] and example["migration"]["existingSecret"], (
        "the example names Secrets instead of carrying credentials"
    )


@pytest.mark.parametrize(
    "override",
    [
        {"replicaCount": 3},
        {"web": {"replicas": 2, "replica": 3}},
        {"workers": {"queues": {"report": {"replicas": 1}}}},
        {"config": {"smtp": {"hots": "smtp.example.org"}}},
        {"networkPolicy": {"egress": {"postgresPort": 5432}}},
    ],
)
def test_schema_refuses_a_misspelt_key(override: dict[str, Any]) -> None:
    errors = validation_errors(coalesce(defaults(), override))
    assert any("Additional properties are not allowed" in error for error in errors), errors


@pytest.mark.parametrize("grace", [0, 30, 599])
def test_schema_refuses_a_grace_period_shorter_than_the_longest_job(grace: int) -> None:
    errors = validation_errors(coalesce(defaults(), {"workers": {"terminationGracePeriodSeconds": grace}}))
    assert any(error.startswith("workers/terminationGracePeriodSeconds") for error in errors), errors
    assert validation_errors(coalesce(defaults(), {"workers": {"terminationGracePeriodSeconds": 600}})) == []


@pytest.mark.parametrize(
    "override",
    [
        {"secrets": {"databaseUrl": "postgresql://app@db/entrega"}},  # psycopg2's scheme: not installed
        {"config": {"logLevel": "VERBOSE"}},
        {"web": {"gunicorn": {"workers": "4"}}},
        {"web": {"resources": {"requests": {"cpus": "1"}}}},
    ],
)
def test_schema_refuses_wrong_values(override: dict[str, Any]) -> None:
    assert validation_errors(coalesce(defaults(), override))


# -- templates against values ------------------------------------------------------------------------------
def test_every_value_the_templates_read_exists_in_values_yaml() -> None:
    references = referenced_paths()
    assert ("workers", "queues", "*", "replicas") in references
    missing = sorted(".".join(path) for path in references if not exists(defaults(), path))
    assert missing == [], f"templates read values that values.yaml does not have: {missing}"


def test_every_value_in_values_yaml_is_read_by_a_template() -> None:
    references = referenced_paths()
    dead = [".".join(leaf) for leaf in leaves(defaults()) if not any(covers(ref, leaf) for ref in references)]
    assert dead == [], f"values no template reads: {dead}"


def test_schema_describes_exactly_the_values_in_values_yaml() -> None:
    """values.yaml sets every required value and nothing the schema does not describe."""

    def keys(values: Any, node: dict[str, Any], prefix: str = "") -> list[str]:
        if not isinstance(values, dict) or "properties" not in node:
            return []
        unknown = set(values) - set(node["properties"])
        missing = set(node.get("required", [])) - set(values)
        found = [f"{prefix}{k}" for k in sorted(unknown | missing)]
        return found + [k for key in values for k in keys(values[key], node["properties"][key], f"{prefix}{key}.")]

    assert keys(defaults(), schema()) == []


def test_one_worker_deployment_per_queue_of_the_app() -> None:
    assert tuple(defaults()["workers"]["queues"]) == QUEUES
    text = template_text()["worker-deployments.yaml"]
    assert RANGE.search(text) and ".Values.workers.queues" in text
    assert re.search(r'command: \["entrega", "worker", "--queue", \{\{ \$queue \| quote \}\}, "--no-scheduler"\]', text)
    assert "terminationGracePeriodSeconds: {{ $.Values.workers.terminationGracePeriodSeconds }}" in text
    if HELM:
        for docs in (render(), render(PRODUCTION)):
            workers = [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"].endswith(QUEUES)]
            commands = sorted(tuple(containers(d)[0]["command"]) for d in workers)
            assert commands == sorted(("entrega", "worker", "--queue", q, "--no-scheduler") for q in QUEUES)
            assert all(d["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] >= 600 for d in workers)


def test_scheduler_is_one_pod_replaced_with_recreate() -> None:
    text = template_text()["scheduler-deployment.yaml"]
    assert "replicas: 1" in text and "type: Recreate" in text
    assert '["entrega", "worker", "--queue", "default", "--scheduler"]' in text
    assert '["entrega", "cron", "--at", {{ .Values.scheduler.dailyAt | quote }}]' in text
    if HELM:
        (scheduler,) = [d for d in render() if d["metadata"]["name"].endswith("-scheduler")]
        assert scheduler["spec"]["replicas"] == 1 and scheduler["spec"]["strategy"] == {"type": "Recreate"}


def test_only_the_migration_job_receives_the_owner_role() -> None:
    mentions = [name for name, text in template_text().items() if "MIGRATION_DATABASE_URL" in text]
    assert mentions == [MIGRATION_JOB]
    helpers = template_text()["_helpers.tpl"]
    for key in APP_SECRET_KEYS:
        assert f'"{key}"' in helpers, f"{key} is not given to web, workers and scheduler"
    if HELM:
        for docs in (render(), render(PRODUCTION)):
            for doc in docs:
                if doc["kind"] not in {"Deployment", "Job"}:
                    continue
                for container in containers(doc):
                    names = env_names(container)
                    if doc["kind"] == "Job":
                        assert "MIGRATION_DATABASE_URL" in names and not names & APP_SECRET_KEYS
                    else:
                        assert "MIGRATION_DATABASE_URL" not in names and names >= APP_SECRET_KEYS
                        assert not any("MIGRATION" in str(source) for source in container.get("envFrom", []))


def test_migration_job_is_a_pre_install_and_pre_upgrade_hook() -> None:
    text = template_text()[MIGRATION_JOB]
    assert "kind: Job" in text
    assert "helm.sh/hook: pre-install,pre-upgrade" in text
    assert "helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded" in text
    assert '["entrega", "db", "upgrade"]' in text
    hooks = [name for name, t in template_text().items() if "helm.sh/hook:" in t]
    assert sorted(hooks) == sorted([MIGRATION_JOB, "migration-secret.yaml"])
    if HELM:
        (job,) = [d for d in render() if d["kind"] == "Job"]
        assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"


def test_web_probes_hit_healthz_and_readyz() -> None:
    text = template_text()["web-deployment.yaml"]
    assert re.search(r"livenessProbe:\s+httpGet:\s+path: /healthz", text)
    assert re.search(r"readinessProbe:\s+httpGet:\s+path: /readyz", text)
    if HELM:
        (web,) = [d for d in render() if d["metadata"]["name"].endswith("-web") and d["kind"] == "Deployment"]
        container = containers(web)[0]
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert {"GUNICORN_WORKERS", "GUNICORN_THREADS", "FORWARDED_ALLOW_IPS"} <= env_names(container)


def test_pods_run_locked_down() -> None:
    helpers = template_text()["_helpers.tpl"]
    for needle in (
        "runAsNonRoot: true",
        "runAsUser: 10001",
        "readOnlyRootFilesystem: true",
        "allowPrivilegeEscalation: false",
        "- ALL",
        "automountServiceAccountToken: false",
        "mountPath: /tmp",
        "mountPath: /app/instance",
    ):
        assert needle in helpers, needle
    for name in ("web-deployment.yaml", "worker-deployments.yaml", "scheduler-deployment.yaml", MIGRATION_JOB):
        text = template_text()[name]
        assert 'include "entrega.containerSecurityContext"' in text and 'include "entrega.volumes"' in text, name
    assert "automountServiceAccountToken: false" in template_text()["serviceaccount.yaml"]
    if HELM:
        for doc in render(PRODUCTION):
            if doc["kind"] in {"Deployment", "Job"}:
                pod = doc["spec"]["template"]["spec"]
                assert pod["securityContext"]["runAsNonRoot"] is True and pod["automountServiceAccountToken"] is False
                for container in pod["containers"]:
                    context = container["securityContext"]
                    assert context["readOnlyRootFilesystem"] is True and context["capabilities"]["drop"] == ["ALL"]


def test_web_extras_use_the_api_versions_asked_for() -> None:
    texts = template_text()
    assert "autoscaling/v2" in texts["hpa.yaml"] and "averageUtilization" in texts["hpa.yaml"]
    assert "policy/v1" in texts["pdb.yaml"] and "minAvailable" in texts["pdb.yaml"]
    assert "path: /" in texts["ingress.yaml"] and "ingressClassName" in texts["ingress.yaml"]
    policy = texts["networkpolicy.yaml"]
    assert "port: 8000" in policy and "controllerNamespaceLabels" in policy and "port: 53" in policy
    if HELM:
        kinds = {d["kind"] for d in render(PRODUCTION)}
        assert {"HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress", "NetworkPolicy", "Service"} <= kinds


# -- helm itself, where it is installed --------------------------------------------------------------------
def test_chart_lints_and_renders() -> None:
    if HELM is None:
        # No helm here: what `helm lint` would refuse first is values that break the schema.
        assert validation_errors(defaults()) == []
        assert validation_errors(coalesce(defaults(), load_yaml(PRODUCTION))) == []
        for path in [CHART / "Chart.yaml", CHART / "values.yaml", PRODUCTION]:
            assert isinstance(load_yaml(path), dict), path
        return
    for args in ([], ["-f", str(PRODUCTION)]):
        result = helm("lint", str(CHART), "--strict", *args)
        assert result.returncode == 0, result.stdout + result.stderr
    for docs in (render(), render(PRODUCTION)):
        assert all({"apiVersion", "kind", "metadata"} <= set(doc) for doc in docs)
        names = [(d["kind"], d["metadata"]["name"]) for d in docs]
        assert len(names) == len(set(names)), names


def test_helm_refuses_what_the_schema_refuses() -> None:
    bad = [["--set", "web.replicass=3"], ["--set", "workers.terminationGracePeriodSeconds=300"]]
    if HELM is None:
        assert validation_errors(coalesce(defaults(), {"web": {"replicass": 3}}))
        assert validation_errors(coalesce(defaults(), {"workers": {"terminationGracePeriodSeconds": 300}}))
        return
    for args in bad:
        assert helm("template", "entrega", str(CHART), *args).returncode != 0, args


def test_deleted_governments_are_purged_by_a_nightly_cronjob() -> None:
    template = (CHART / "templates" / "tenant-purge-cronjob.yaml").read_text()
    assert "kind: CronJob" in template
    assert '["entrega", "tenants", "purge", "--grace-days"' in template
    assert "concurrencyPolicy: Forbid" in template


def test_reports_live_on_one_volume_shared_by_web_and_workers() -> None:
    claim = (CHART / "templates" / "reports-pvc.yaml").read_text()
    assert "kind: PersistentVolumeClaim" in claim and 'accessModes: ["ReadWriteMany"]' in claim
    helpers = (CHART / "templates" / "_helpers.tpl").read_text()
    assert "mountPath: /app/reports" in helpers and "persistentVolumeClaim:" in helpers
    for name in ("web-deployment.yaml", "worker-deployments.yaml", "scheduler-deployment.yaml"):
        assert 'include "entrega.volumes"' in (CHART / "templates" / name).read_text(), name
    assert "ENTREGA_REPORT_DIRECTORY: /app/reports" in (CHART / "templates" / "configmap.yaml").read_text()
    assert validation_errors(coalesce(defaults(), {"reports": {"size": "lots"}}))
