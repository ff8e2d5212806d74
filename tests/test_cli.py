"""The `entrega` command, run as an operator would."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from entrega.cli import main
from entrega.config import REPO_ROOT
from tests.conftest import BUNDLED_MODELS, Backend


@pytest.fixture
def cli_env(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> Backend:
    settings = backend.settings
    monkeypatch.setenv("ENTREGA_INSTANCE_PATH", str(settings.instance_path))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("PLATFORM_DATABASE_URL", settings.platform_database_url)
    monkeypatch.setenv("MIGRATION_DATABASE_URL", settings.migration_database_url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("ENTREGA_PLUGINS", ",".join(BUNDLED_MODELS))
    return backend


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_apply_list_export_round_trip(cli_env: Backend, tmp_path: Path) -> None:
    code, output = run("tenants", "apply", str(REPO_ROOT / "tenants"))
    assert code == 0, output
    assert "+ tenant br-pe" in output and output.rstrip().endswith("changes (changed)")
    code, output = run("tenants", "apply", str(REPO_ROOT / "tenants"))
    assert (code, output) == (0, "no changes\n")
    code, output = run("tenants", "list")
    assert code == 0
    assert [line.split()[0] for line in output.splitlines()] == ["br", "br-pe", "cl", "ht", "jm"]
    exported = tmp_path / "jm.toml"
    assert run("tenants", "export", "jm", "-o", str(exported))[0] == 0
    assert exported.read_text() == (REPO_ROOT / "tenants" / "jm.toml").read_text()


def test_an_invalid_file_changes_nothing_and_says_why(cli_env: Backend, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text((REPO_ROOT / "tenants" / "cl.toml").read_text().replace('currency = "CLP"', 'currency = "XYZ"'))
    code, output = run("tenants", "apply", str(REPO_ROOT / "tenants" / "jm.toml"), str(bad))
    assert code == 1
    assert "Nothing was changed" in output
    assert f"{bad}: tenant.currency: Not an ISO 4217 currency code: 'XYZ'." in output
    assert run("tenants", "list")[1] == "no tenants\n"


def test_dry_run_shows_the_diff_and_changes_nothing(cli_env: Backend) -> None:
    code, output = run("tenants", "apply", "--dry-run", str(REPO_ROOT / "tenants" / "jm.toml"))
    assert code == 0
    assert "+ ministry jm/MNS-JCF" in output and "(would change)" in output
    assert run("tenants", "list")[1] == "no tenants\n"


def test_export_of_an_unknown_tenant_fails_clearly(cli_env: Backend) -> None:
    code, output = run("tenants", "export", "atlantis")
    assert code == 1 and "no tenant 'atlantis'" in output


def test_the_worker_refuses_to_start_without_redis(cli_env: Backend) -> None:
    code, output = run("worker", "--burst")
    assert code == 1 and "REDIS_URL is not set" in output


def test_create_admin_and_give_a_government_its_provider(cli_env: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    from entrega.identity.secrets_box import new_key

    code, output = run("identity", "create-admin", "Admin@Bank.example", "--password", "correct horse battery staple")
    assert (code, output.strip()) == (0, "platform administrator admin@bank.example created")
    assert run("identity", "create-admin", "admin@bank.example", "--password", "short")[0] == 1

    assert run("tenants", "apply", str(REPO_ROOT / "tenants" / "cl.toml"))[0] == 0
    args = ("identity", "set-provider", "cl", "--discovery-url", "https://id.gob.example/.well-known/openid-configuration",
            "--client-id", "entrega", "--name", "ClaveÚnica")  # fmt: skip
    code, output = run(*args)
    assert code == 1
    assert "OIDC_CLIENT_SECRET" in output  # the secret never travels on the command line
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("ENTREGA_ENCRYPTION_KEY", new_key())
    code, output = run(*args)
    assert code == 0, output
    assert "ClaveÚnica" in output


def test_a_governments_data_round_trips_through_the_command(cli_env: Backend, tmp_path: Path) -> None:
    assert run("tenants", "apply", str(REPO_ROOT / "tenants"))[0] == 0
    target = tmp_path / "jm.tar.gz"
    code, output = run("tenants", "export", "--data", "jm", "-o", str(target))
    assert code == 0, output
    assert "checksums in manifest.json" in output
    assert run("tenants", "import", str(target))[0] == 1  # jm exists here: refused, nothing written
    assert run("tenants", "delete", "jm")[0] == 0
    code, output = run("tenants", "purge", "--grace-days", "0")
    assert code == 0
    assert output.startswith("jm: purged; rows left per table: ")
    assert "=1" not in output
    code, output = run("tenants", "import", str(target))
    assert code == 0, output
    assert "ministries" in output
    assert "jm " in run("tenants", "list")[1]


def test_a_bank_and_its_specialists(cli_env: Backend) -> None:
    assert run("identity", "create-admin", "sofia@idb.example", "--password", "correct horse battery staple")[0] == 0
    assert run("bank", "create-institution", "idb", "Inter-American Development Bank") == (
        0,
        "institution idb created\n",
    )
    assert run("bank", "create-institution", "idb", "Again")[0] == 1
    code, output = run("bank", "add-specialist", "idb", "sofia@idb.example")
    assert (code, output) == (0, "sofia@idb.example is now a specialist of idb\n")
    assert run("bank", "add-specialist", "nowhere", "sofia@idb.example")[0] == 1
