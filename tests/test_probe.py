"""benchmarks/probe.py against a real server: every bad input, fault and security request gets the
answer a product should give, and the server keeps answering."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.models  # the server loads the real embedder

REPO = Path(__file__).resolve().parent.parent


def test_the_probe_finds_nothing_bad():
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "probe.py")], capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "BAD" not in run.stdout and run.stdout.count(" ok\n") >= 20
