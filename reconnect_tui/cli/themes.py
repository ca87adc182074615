"""``reconnect themes``, and telling a theme file from an exercise file for ``validate``.

No Textual here: listing and checking themes works without a terminal.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reconnect_tui import themes
from reconnect_tui.cli.output import out, print_json
from reconnect_tui.common import tomlguard
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.problems import Problem, did_you_mean, report_lines
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
    # Read without blocking (a named pipe is refused) and parsed by the guarded reader.
    data = tomlguard.read_bytes(path)
    if isinstance(data, Problem):
        return False
    text = data[:_PEEK_BYTES].decode("utf-8", errors="replace").removeprefix("\ufeff")
    parsed = tomlguard.parse(text, str(path))
    if not isinstance(parsed, Problem):
        keys = set(parsed)
    else:
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
    rows: list[dict[str, Any]] = []
    for spec in found.themes:
        source = "built-in"
        if spec.path is not None and spec.path.parent != builtin_dir:
            source = "yours"
        rows.append(
            {
                "name": spec.name,
                "dark": spec.dark,
                "source": source,
                "path": one_line(str(spec.path or "")),
                "saved": spec.name == saved,
            }
        )
    if getattr(args, "json", False):
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
        print_json(data)
        return 1 if found.problems else 0
    width = max([len(row["name"]) for row in rows] + [4])
    out(f"{'NAME'.ljust(width)}  {'LOOK'.ljust(5)}  SOURCE")
    for row in rows:
        look = "dark" if row["dark"] else "light"
        note = "  (your saved choice)" if row["saved"] else ""
        out(f"{row['name'].ljust(width)}  {look.ljust(5)}  {row['source']}{note}")
    if saved and found.get(saved) is None:
        close = did_you_mean(saved, [row["name"] for row in rows])
        out(
            f"\nYour saved theme '{one_line(saved, 40)}' is not among these; "
            f"'{themes.DEFAULT_THEME}' is used instead." + (f" ({close})" if close else "")
        )
    if found.warnings:
        out("\nSome themes are in use but worth a look:")
        for line in report_lines(found.warnings):
            out(line)
    if found.problems:
        out("\nSome theme files need a look (they are skipped until fixed):")
        for line in report_lines(found.problems):
            out(line)
    out(f"\nYour own themes go in {one_line(str(paths.themes_dir))}")
    return 1 if found.problems else 0


COMMANDS = {"themes": cmd_themes}
