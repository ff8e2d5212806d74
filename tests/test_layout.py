"""The source layout keeps Python's own `platform` module reachable."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_platform_directory_is_not_a_package() -> None:
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_import_platform_from_the_repository_root_reaches_the_standard_library() -> None:
    probe = "import platform, sys; print(platform.system()); print(platform.__file__)"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    system, location = result.stdout.split()
    assert system == "Linux"
    assert not location.startswith(str(ROOT))
