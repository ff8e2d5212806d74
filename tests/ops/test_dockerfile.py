"""The Dockerfile and .dockerignore, read as text: no Docker engine is needed (nor is there one in CI)."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRETISH = re.compile(r"SECRET|PASSW|TOKEN|_KEY\b|CREDENTIAL|DATABASE_URL|REDIS_URL", re.IGNORECASE)


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args(self, keyword: str) -> list[str]:
        return [rest for kw, rest in self.instructions if kw == keyword]


def instructions() -> list[tuple[str, str]]:
    """(KEYWORD, arguments) pairs, with continuation lines joined and comments dropped."""
    logical, current = [], ""
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#") or not (current or line.strip()):
            continue
        current += line.rstrip()
        if current.endswith("\\"):
            current = current[:-1] + " "
            continue
        logical.append(current.strip())
        current = ""
    return [(text.split(None, 1)[0].upper(), text.split(None, 1)[1] if " " in text else "") for text in logical]


def stages() -> list[Stage]:
    build_args: dict[str, str] = {}
    found: list[Stage] = []
    for keyword, rest in instructions():
        if keyword == "ARG" and not found:  # global build arguments, usable in FROM
            name, _, value = rest.partition("=")
            build_args[name.strip()] = value.strip()
        elif keyword == "FROM":
            words = rest.split()
            base = re.sub(r"\$\{?(\w+)\}?", lambda m: build_args.get(m.group(1), m.group(0)), words[0])
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            found.append(Stage(base, name))
        else:
            found[-1].instructions.append((keyword, rest))
    return found


def dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def ignored(path: str) -> bool:
    """Whether .dockerignore keeps `path` out of the context (a matched folder takes its contents along)."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for pattern in dockerignore():
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        if any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes):
            excluded = not negate
    return excluded


def test_multi_stage_build_on_python_3_11_slim() -> None:
    built = stages()
    assert len(built) >= 2
    assert built[0].name == "builder"
    assert built[-1].base == "python:3.11-slim"
    assert all(stage.base == built[-1].base for stage in built), "the venv's interpreter path must match"


def test_builder_compiles_the_catalogs_builds_a_wheel_and_installs_it_into_a_venv() -> None:
    builder = " ".join(stages()[0].args("RUN"))
    assert "pybabel compile" in builder and "platform/entrega/web/translations" in builder
    assert "build --wheel" in builder
    assert "python -m venv /opt/venv" in builder and "/opt/venv/bin/pip install /wheels/entrega-" in builder
    assert builder.index("pybabel compile") < builder.index("build --wheel"), "the .mo files must be in the wheel"
    assert list((ROOT / "platform/entrega/web/translations").glob("*/LC_MESSAGES/messages.po"))


def test_builder_copies_what_the_wheel_is_built_from() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    needed = {
        "pyproject.toml",
        project["project"]["readme"],
        *project["tool"]["setuptools"]["packages"]["find"]["where"],
    }
    copied = {Path(word).as_posix() for rest in stages()[0].args("COPY") for word in rest.split()[:-1]}
    assert needed <= copied, needed - copied
    assert not [path for path in needed if ignored(path)], "the build context must keep what the wheel needs"


def test_runtime_stage_has_the_venv_and_the_run_time_files_only() -> None:
    runtime = stages()[-1]
    copies = runtime.args("COPY")
    assert any(c.startswith("--from=builder /opt/venv") for c in copies)
    copied = {word.rstrip("/") for rest in copies if not rest.startswith("--from") for word in rest.split()[:-1]}
    assert copied == {"wsgi.py", "alembic.ini", "migrations", "tenants"}
    assert not [path for path in copied if ignored(path)]
    assert not any("pip install" in run or "gcc" in run or "build-essential" in run for run in runtime.args("RUN"))


def test_runs_as_a_fixed_non_root_user() -> None:
    runtime = stages()[-1]
    users = runtime.args("USER")
    assert users, "no USER in the runtime stage"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert user == "10001"
    assert any("--uid 10001" in run for run in runtime.args("RUN"))


def test_default_command_is_gunicorn_serving_wsgi_app_on_8000() -> None:
    runtime = stages()[-1]
    (command,) = runtime.args("CMD")
    shell, flag, script = json.loads(command)  # exec form, through sh for the variables
    assert (shell, flag) == ("sh", "-c")
    assert "exec gunicorn wsgi:app" in script
    assert "--bind 0.0.0.0:8000" in script
    assert '--workers "$GUNICORN_WORKERS"' in script and '--threads "$GUNICORN_THREADS"' in script
    assert '--forwarded-allow-ips "$FORWARDED_ALLOW_IPS"' in script
    assert shlex.split(script)
    assert "--access-logfile -" in script
    assert runtime.args("EXPOSE") == ["8000"]
    assert (ROOT / "wsgi.py").read_text(encoding="utf-8").count("app = create_app()") == 1
    assert runtime.args("WORKDIR") == ["/app"]


def test_no_secret_is_baked_into_the_image() -> None:
    for stage in stages():
        for keyword, rest in stage.instructions:
            if keyword in {"ENV", "ARG", "LABEL"}:
                names = re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_.]*)=", rest) or rest.split()[:1]
                assert not [n for n in names if SECRETISH.search(n)], f"{keyword} {rest}"
    text = "\n".join(f"{keyword} {rest}" for keyword, rest in instructions())  # comments may show examples
    assert not re.search(r"(postgres(ql)?(\+\w+)?|rediss?)://[^\s\"']*@", text), "a URL with credentials"
    assert not re.search(r"(?i)(password|secret_key|token)\s*[=:]\s*\S", text)


def test_dockerignore_keeps_local_state_and_tests_out_of_the_context() -> None:
    for path in (".venv", "instance", "test-artifacts", ".git", "tests", "bench", ".pytest_cache", ".mypy_cache"):
        assert ignored(path), path
    assert ignored("platform/entrega/__pycache__/app.cpython-311.pyc")
    assert ignored("platform/entrega/web/translations/es/LC_MESSAGES/messages.mo"), "compiled in the builder"
    assert not ignored("platform/entrega/web/translations/es/LC_MESSAGES/messages.po")


def test_runtime_has_what_weasyprint_needs_to_render_reports() -> None:
    runtime = (ROOT / "Dockerfile").read_text().split("AS runtime", 1)[1]
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"):
        assert package in runtime
