"""ARCHITECTURE.md keeps its promise of one line per module."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reconnect_tui"


def test_every_module_has_its_line_in_the_architecture_map() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" or path.parent.name == "screens"
    ]
    missing = [name for name in modules if f"`{name}`" not in text]
    assert not missing, f"add a line for each to ARCHITECTURE.md: {missing}"


def test_the_architecture_map_names_no_module_that_is_gone() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = {
        part.strip("`")
        for line in text.splitlines()
        if line.startswith("- `")
        for part in [line.split(":", 1)[0][2:]]
        if part.endswith(".py`")
    }
    assert named, "the map lists modules as - `path.py`: what it is"
    stale = sorted(name for name in named if not (PACKAGE / name).is_file())
    assert not stale, f"ARCHITECTURE.md names modules that are gone: {stale}"
