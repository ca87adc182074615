"""``reconnect themes``, and telling a theme file from an exercise file for ``validate``.

No Textual here: listing and checking themes works without a terminal.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reconnect_tui import themes
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.problems import Problem, report_lines
from reconnect_tui.common.safetext import one_line
from reconnect_tui.progress.settings import load_settings

if TYPE_CHECKING:
    import argparse

_PEEK_BYTES = 64 * 1024
_TOP_KEY = re.compile(r"^\s*\"?([A-Za-z0-9_-]+)\"?\s*=", re.MULTILINE)
_TABLE = re.compile(r"^\s*\[\[?\s*\"?([A-Za-z0-9_-]+)", re.MULTILINE)


def is_theme_file(path: Path) -> bool:
    """Whether *path* should be checked as a theme rather than as an exercise.

    A file is a theme when it lives in a folder called ``themes``, or when its
    top level has ``name`` and ``primary`` and no ``steps``. The keys are read
    without a full parse, so a theme with a syntax error is still recognised.
    """
    if path.parent.name == "themes":
        return True
    try:
        with path.open("rb") as file:
            text = file.read(_PEEK_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    try:
        keys = set(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, RecursionError):
        first_table = _TABLE.search(text)
        head = text[: first_table.start()] if first_table else text
        keys = set(_TOP_KEY.findall(head)) | set(_TABLE.findall(text))
    return {"name", "primary"} <= keys and "steps" not in keys


def check_theme(path: Path) -> list[Problem]:
    """Every problem in the theme file at *path* (empty when it is fine)."""
    _spec, problems = themes.load_theme_file(path)
    return problems


def cmd_themes(args: argparse.Namespace, paths: Paths) -> int:
    """List the themes that can be used, where each comes from, and any problems."""
    builtin_dir = themes.builtin_themes_dir()
    found = themes.load_themes([builtin_dir, paths.themes_dir])
    saved = ""
    if paths.config_file.exists():
        saved = load_settings(paths.config_file).settings.theme
    sources = {
        spec.name: "yours"
        if spec.path is not None and spec.path.parent != builtin_dir
        else "built-in"
        for spec in found.themes
    }
    if getattr(args, "json", False):
        rows = [
            {
                "name": spec.name,
                "dark": spec.dark,
                "source": sources[spec.name],
                "path": one_line(str(spec.path or "")),
                "saved": spec.name == saved,
            }
            for spec in found.themes
        ]
        data: dict[str, Any] = {
            "themes": rows,
            "problems": [
                {
                    "path": one_line(p.path),
                    "line": p.line,
                    "message": one_line(p.message),
                    "hint": one_line(p.hint),
                }
                for p in found.problems
            ],
            "default": themes.DEFAULT_THEME,
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 1 if found.problems else 0
    width = max([len(spec.name) for spec in found.themes] + [4])
    print(f"{'NAME'.ljust(width)}  {'LOOK'.ljust(5)}  SOURCE")
    for spec in found.themes:
        look = "dark" if spec.dark else "light"
        note = "  (your saved choice)" if spec.name == saved else ""
        print(f"{spec.name.ljust(width)}  {look.ljust(5)}  {sources[spec.name]}{note}")
    if saved and found.get(saved) is None:
        print(
            f"\nYour saved theme '{one_line(saved, 40)}' is not among these; "
            f"'{themes.DEFAULT_THEME}' is used instead."
        )
    if found.problems:
        print("\nSome theme files need a look (they are skipped until fixed):")
        for line in report_lines(found.problems):
            print(line)
    print(f"\nYour own themes go in {one_line(str(paths.themes_dir))}", file=sys.stdout)
    return 1 if found.problems else 0
