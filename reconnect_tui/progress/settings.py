"""Settings in ``config.toml``: names, theme, pace, cursor blink and privacy.

A missing file means defaults. A broken one means defaults too, with a
notice that names the line; it is never overwritten silently: before
settings are saved over it, it is kept beside itself as ``config.toml.broken``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from reconnect_tui.common import tomlguard
from reconnect_tui.common.atomic import read_private, write_private
from reconnect_tui.common.problems import Problem
from reconnect_tui.common.safetext import one_line

PACES = ("gentle", "standard", "relaxed")
MAX_CONFIG_BYTES = 64 * 1024
MAX_NAME = 40


def _names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(names)


@attrs.frozen(kw_only=True)
class Settings:
    """What a person can set.

    Attributes:
        names: the one or two names remembered from "Who's here?".
        theme: the theme's name; "" means the default theme.
        pace: gentle, standard or relaxed (how long the quiet waits are).
        cursor_blink: off by default: calmer, and quieter over SSH.
        keep_text: False keeps only that an exercise was done and its scales,
            not what was written.
    """

    names: tuple[str, ...] = attrs.field(default=(), converter=_names)
    theme: str = ""
    pace: str = "standard"
    cursor_blink: bool = False
    keep_text: bool = True

    def to_data(self) -> dict[str, Any]:
        """The settings as ``config.toml`` holds them (names as a list)."""
        return {**attrs.asdict(self), "names": list(self.names)}


@attrs.frozen(kw_only=True)
class LoadedSettings:
    """Settings with the notices from reading them, and whether the file was broken."""

    settings: Settings
    notices: tuple[str, ...] = ()
    broken: bool = False


_KINDS: dict[str, type | tuple[type, ...]] = {
    "names": list,
    "theme": str,
    "pace": str,
    "cursor_blink": bool,
    "keep_text": bool,
}


def _broken_notice(label: str, problem: Problem) -> str:
    """Where the file went wrong and what is wrong (the hints speak of exercise files)."""
    place = f", line {problem.line}, column {problem.column}" if problem.line else ""
    return f"{label}{place}: {one_line(problem.message)}; using the defaults for now."


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def load_settings(path: Path) -> LoadedSettings:
    """Read *path*; never raises for a missing, unreadable or hand-broken file."""
    label = one_line(str(path))
    try:
        raw = read_private(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return LoadedSettings(settings=Settings())
    except OSError as error:
        return LoadedSettings(
            settings=Settings(),
            broken=True,
            notices=(f"{label}: could not be read ({error.strerror}); using the defaults.",),
        )
    decoded = tomlguard.decode(raw, label)  # a byte-order mark from an editor is fine
    text = decoded if isinstance(decoded, str) else ""
    data: dict[str, Any] | Problem = (
        decoded
        if isinstance(decoded, Problem)
        else tomlguard.parse(text, label, limit=MAX_CONFIG_BYTES)
    )
    if isinstance(data, Problem):
        return LoadedSettings(
            settings=Settings(),
            broken=True,
            notices=(_broken_notice(label, data),),
        )
    values: dict[str, Any] = {}
    notices = []
    for key, value in data.items():
        where = f"{label}:{_line_of(text, key) or '?'}"
        kind = _KINDS.get(key)
        if kind is None:
            notices.append(f"{where}: '{one_line(key, 40)}' is not a setting; it was ignored.")
        elif not isinstance(value, kind):
            notices.append(f"{where}: '{key}' has the wrong kind of value; using the default.")
        elif key == "pace" and value not in PACES:
            notices.append(f"{where}: pace should be one of {', '.join(PACES)}; using standard.")
        elif key == "names" and isinstance(value, list):  # as _KINDS has it
            names = [one_line(name, MAX_NAME) for name in value if isinstance(name, str)]
            values[key] = tuple(name for name in names if name)[:2]
        elif isinstance(value, str):
            values[key] = one_line(value, 80)
        else:
            values[key] = value
    return LoadedSettings(settings=Settings(**values), notices=tuple(notices), broken=bool(notices))


def save_settings(path: Path, settings: Settings, *, broken: bool = False) -> str | None:
    """Write *settings* atomically (0600). Returns a notice when a broken file was kept aside.

    Raises ``atomic.SaveError`` when the write fails.
    """
    notice = None
    if broken and path.exists() and not path.is_symlink():
        kept = path.with_name(path.name + ".broken")
        counter = 1
        while kept.exists():
            counter += 1
            kept = path.with_name(f"{path.name}.broken{counter}")
        what = (
            "A folder named like the settings file"
            if path.is_dir()
            else "Your earlier settings file"
        )
        os.rename(path, kept)
        notice = f"{what} was kept as {one_line(str(kept))}."
    write_private(path, tomli_w.dumps(settings.to_data()).encode("utf-8"))
    return notice
