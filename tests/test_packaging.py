"""The wheel carries what an installed copy needs: exercises, themes, schema, command.

Building takes several seconds (an isolated build fetches hatchling), so the
tests are marked ``slow`` (left out of the fast tier, run by plain ``pytest`` and CI)
and share one xdist worker, so the wheel is built once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (built,) = out.glob("reconnect_tui-*.whl")
    return built


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    exercises = sorted(p.name for p in (REPO / "exercises").glob("*.toml"))
    assert exercises, "the repository should hold the built-in exercises"
    for name in exercises:
        assert f"reconnect_tui/_builtin/exercises/{name}" in names
    # Hatch leaves out an empty folder, so themes are checked only when there are some.
    for theme in (REPO / "themes").glob("*.toml"):
        assert f"reconnect_tui/_builtin/themes/{theme.name}" in names
    assert "reconnect_tui/exercises/schema/exercise-v1.schema.json" in names
    assert "reconnect_tui/cli/main.py" in names and "reconnect_tui/__main__.py" in names
    assert not [name for name in names if name.startswith(("tests/", "benchmarks/"))]

    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[console_scripts]" in text
    assert "reconnect = reconnect_tui.cli.launch:main" in text


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_unpacked_wheel_runs_and_finds_its_builtin_exercises(wheel, tmp_path):
    # A pure-Python wheel works unpacked on the path: enough to check that an
    # installed copy finds its exercises inside the package, not in a checkout.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "RECONNECT_CONFIG_DIR": str(tmp_path / "config"),
        "RECONNECT_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "reconnect_tui", "list", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    shipped = {p.stem for p in (REPO / "exercises").glob("*.toml")}
    listed = {item["id"] for item in data["exercises"]}
    assert shipped <= listed
    assert data["problems"] == []
    for item in data["exercises"]:
        assert Path(item["path"]).is_relative_to(site / "reconnect_tui" / "_builtin")
