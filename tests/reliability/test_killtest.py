"""kill -9 during loads, as a slow test: killtest.py with a few trials (more: run it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(900)


@pytest.mark.reliability
def test_kill_9_during_loads_loses_and_leaves_nothing() -> None:
    trials = os.environ.get("KILLTEST_TRIALS", "3")
    out = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("killtest.py")), "--trials", trials],
        capture_output=True, text=True, timeout=880,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"survived {trials} of {trials} kill -9 trials" in out.stdout
