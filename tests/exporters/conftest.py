"""Helpers for the cartridge tests. ../shared is found through tests/fixtures/shared.py (the one
place that knows where it lives, and that fails under CI=true when it is missing)."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.fixtures.shared import require_shared


@pytest.fixture(scope="session")
def cc_fixtures() -> Path:
    return require_shared("fixtures", "cc")


@pytest.fixture(scope="session")
def validator() -> Path:
    return require_shared("tools", "validate_cc.py")


def zip_directory(directory: Path) -> bytes:
    """Zip an unpacked fixture in memory, the way a teacher's upload would arrive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(directory).as_posix())
    return buffer.getvalue()


def run_validator(validator: Path, cartridge: Path) -> str:
    """Run ../shared/tools/validate_cc.py --resources and return its output.

    The tool's exit code only reflects the manifest, so callers also look for INVALID/MISSING lines
    printed for resource files.
    """
    result = subprocess.run(
        [sys.executable, str(validator), "--resources", str(cartridge)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
