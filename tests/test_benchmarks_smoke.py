"""The pseudo-terminal benchmarks still run: each once, with --quick, side by side.

They report (OK/OVER) and always exit 0; this only checks that they can still
start the app, reach the screens they measure and print their table.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ["bench_startup.py", "bench_ui_input.py", "bench_idle.py"]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_pty_benchmarks_run_quickly() -> None:
    runs = {
        name: subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / name), "--quick"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in BENCHMARKS
    }
    for name, run in runs.items():
        try:
            output, _ = run.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            run.kill()
            output, _ = run.communicate()
            pytest.fail(f"{name} did not finish:\n{output}")
        assert run.returncode == 0, f"{name}:\n{output}"
        assert "WARNING" not in output, f"{name}:\n{output}"
        verdicts = [line for line in output.splitlines() if line.endswith((" OK", " OVER"))]
        assert verdicts, f"{name} printed no verdict:\n{output}"


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["bench_store.py", "--sessions", "40", "--saves", "5"],
        ["bench_load.py", "--files", "20", "--repeats", "1"],
        ["bench_history.py", "--quick"],
    ],
    ids=lambda command: command[0],
)
def test_file_benchmarks_run_on_a_few_files(command: list[str]) -> None:
    """The benchmarks that need no terminal still set up their folders and print a ratio."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / command[0]), *command[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ratio" in run.stdout.lower(), run.stdout
