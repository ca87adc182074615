"""Themes from TOML files: checked before use, so a bad colour never crashes a screen.

A theme file maps onto Textual's ``Theme`` plus our own variables (each
partner's colour, the breathing guide, nudges). Textual registers a theme
with a bad colour without complaint and fails later, mid-render, so every
colour here is parsed by our own small parser first; a file with problems
is skipped and reported as ``path:line: message``.

Pure data and checks, no Textual: ``reconnect validate`` and ``reconnect
themes`` work without it, and ``ui/theming.py`` turns a checked spec into a
Textual theme.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from reconnect_tui.common import tomlguard
from reconnect_tui.common.problems import Problem, did_you_mean
from reconnect_tui.common.safetext import one_line

MAX_THEME_BYTES = 64 * 1024
DEFAULT_THEME = "calm-dark"
NAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")

COLOUR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
REQUIRED_KEYS = ("name", "primary", "foreground", "background")
OTHER_KEYS = ("name", "dark", "ansi", "variables")

# Our own CSS variables, with defaults that suit a dark theme. Light themes
# should set them; the app's CSS reads them as $partner-a and so on.
OUR_VARIABLES: dict[str, str] = {
    "partner-a": "#8fb8de",
    "partner-b": "#e6b38a",
    "breath": "#7fbfa8",
    "nudge": "#d9c38c",
}

ANSI_NAMES: dict[str, tuple[int, int, int]] = {
    "ansi_black": (0, 0, 0),
    "ansi_red": (128, 0, 0),
    "ansi_green": (0, 128, 0),
    "ansi_yellow": (128, 128, 0),
    "ansi_blue": (0, 0, 128),
    "ansi_magenta": (128, 0, 128),
    "ansi_cyan": (0, 128, 128),
    "ansi_white": (192, 192, 192),
    "ansi_bright_black": (128, 128, 128),
    "ansi_bright_red": (255, 0, 0),
    "ansi_bright_green": (0, 255, 0),
    "ansi_bright_yellow": (255, 255, 0),
    "ansi_bright_blue": (0, 0, 255),
    "ansi_bright_magenta": (255, 0, 255),
    "ansi_bright_cyan": (0, 255, 255),
    "ansi_bright_white": (255, 255, 255),
}
ANSI_DEFAULT = "ansi_default"

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_FUNCTION = re.compile(r"^(rgb|hsl)a?\(\s*([^)]*)\)$")

RGB = tuple[int, int, int]


def parse_colour(text: str) -> RGB | None:
    """The RGB of a theme colour, or ``None`` when it is not one we accept.

    Accepted: ``#rgb``, ``#rgba``, ``#rrggbb``, ``#rrggbbaa``, ``rgb(r, g, b)``,
    ``hsl(h, s%, l%)`` (with optional alpha), ``ansi_red`` and the other
    16 ANSI names. ``ansi_default`` (the terminal's own colour) parses to
    ``None`` here; :func:`check_colour` accepts it.
    """
    text = text.strip()
    if text in ANSI_NAMES:
        return ANSI_NAMES[text]
    if _HEX.match(text):
        digits = text[1:]
        if len(digits) in (3, 4):
            digits = "".join(ch * 2 for ch in digits[:3])
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    match = _FUNCTION.match(text)
    if not match:
        return None
    parts = [part.strip() for part in match.group(2).split(",")]
    if len(parts) not in (3, 4):
        return None
    try:
        if match.group(1) == "rgb":
            values = [int(part) for part in parts[:3]]
            return (values[0], values[1], values[2]) if all(0 <= v <= 255 for v in values) else None
        hue = float(parts[0]) % 360
        sat, light = (float(part.rstrip("%")) / 100 for part in parts[1:3])
    except ValueError:
        return None
    if not (0 <= sat <= 1 and 0 <= light <= 1):
        return None
    red, green, blue = colorsys.hls_to_rgb(hue / 360, light, sat)
    return round(red * 255), round(green * 255), round(blue * 255)


def check_colour(text: object) -> bool:
    if not isinstance(text, str):
        return False
    return text.strip() == ANSI_DEFAULT or parse_colour(text) is not None


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG contrast ratio, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


READABLE = 4.5
"""The least contrast ratio text needs to read well (WCAG AA for body text).

The one copy of the rule: ``high-contrast`` meets it for every pair of
colours the app uses (a test checks), and a theme file whose foreground and
background fall below it is accepted with a warning that gives the ratio.
"""


def readable(first: RGB, second: RGB) -> bool:
    """Whether text in one colour reads well on the other (see :data:`READABLE`)."""
    return contrast_ratio(first, second) >= READABLE


@attrs.frozen(kw_only=True)
class ThemeSpec:
    """A checked theme file.

    Attributes:
        colours: Textual's colour keys that the file sets.
        variables: our variables and any Textual variables the file sets
            (colours only), over :data:`OUR_VARIABLES`.
    """

    name: str
    path: Path | None
    dark: bool
    ansi: bool
    colours: dict[str, str] = attrs.field(eq=False)
    variables: dict[str, str] = attrs.field(eq=False)


@attrs.frozen(kw_only=True)
class ThemeSet:
    themes: tuple[ThemeSpec, ...]
    problems: tuple[Problem, ...]
    # Themes in use that are worth a look (text hard to read): not skipped.
    warnings: tuple[Problem, ...] = ()

    def get(self, name: str) -> ThemeSpec | None:
        return next((theme for theme in self.themes if theme.name == name), None)


def _line(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*\"?{re.escape(key)}\"?\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def load_theme_text(text: str, path: Path | str) -> tuple[ThemeSpec | None, list[Problem]]:
    """Check theme *text*; the theme, or ``None`` and every problem found."""
    label = one_line(str(path))
    problems: list[Problem] = []

    def problem(message: str, key: str = "", hint: str = "", severity: str = "error") -> None:
        line = _line(text, key.rsplit(".", 1)[-1]) if key else None
        problems.append(
            Problem(path=label, message=message, line=line, key=key, hint=hint, severity=severity)
        )

    data = tomlguard.parse(text, label, limit=MAX_THEME_BYTES)
    if isinstance(data, Problem):
        return None, [data]

    allowed = (*COLOUR_KEYS, *OTHER_KEYS)
    for key in data:
        if key not in allowed:
            problem(f"'{one_line(key, 40)}' is not a theme key", key, did_you_mean(key, allowed))
    for key in REQUIRED_KEYS:
        if key not in data:
            problem(f"'{key}' is missing", "")
    name = data.get("name", "")
    if "name" in data and not (isinstance(name, str) and NAME_PATTERN.match(name)):
        problem("name should be 1-40 of a-z, 0-9 and '-'", "name", _name_hint(name))

    def colour_ok(key: str, value: object) -> bool:
        """Whether *value* is a colour; said when it is not."""
        if check_colour(value):
            return True
        hint = "use #rrggbb, rgb(r, g, b), hsl(h, s%, l%) or an ansi_ name"
        problem(f"{key} = {one_line(repr(value), 40)} is not a colour", key, hint)
        return False

    colours: dict[str, str] = {}
    for key in COLOUR_KEYS:
        if key in data and colour_ok(key, data[key]):
            colours[key] = data[key].strip()
    for key in ("dark", "ansi"):
        if key in data and not isinstance(data[key], bool):
            problem(f"{key} should be true or false", key)
    variables = dict(OUR_VARIABLES)
    raw_variables = data.get("variables", {})
    if not isinstance(raw_variables, dict):
        problem("variables should be a table of name = colour", "variables")
        raw_variables = {}
    for key, value in raw_variables.items():
        if not re.match(r"^[a-z][a-z0-9-]{0,40}$", key):
            problem(
                f"variable name '{one_line(key, 40)}' should be a-z, 0-9 and '-'",
                f"variables.{key}",
            )
        elif colour_ok(f"variables.{key}", value):
            variables[key] = value.strip()
    if problems:
        return None, problems
    _check_contrast(colours, problem)
    return ThemeSpec(
        name=name,
        path=Path(path) if isinstance(path, Path) else None,
        dark=bool(data.get("dark", True)),
        ansi=bool(data.get("ansi", False)),
        colours=colours,
        variables=variables,
    ), problems


def _name_hint(name: object) -> str:
    """A name like the one given that would do, e.g. 'my-theme' for "My Theme"."""
    if not isinstance(name, str):
        return 'write it as text, for example name = "my-theme"'
    suggestion = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")
    if NAME_PATTERN.match(suggestion):
        return f"for example '{suggestion}'"
    return "for example 'my-theme'"


def _check_contrast(colours: dict[str, str], problem: Any) -> None:
    """Warn when the foreground and background are too close to read (the theme is kept)."""
    foreground = parse_colour(colours.get("foreground", ""))
    background = parse_colour(colours.get("background", ""))
    if foreground is None or background is None or readable(foreground, background):
        return
    ratio = contrast_ratio(foreground, background)
    problem(
        f"foreground and background are very alike: a contrast ratio of {ratio:.1f}:1,"
        f" where {READABLE:g}:1 or more reads well",
        "foreground",
        "make one of them lighter or darker; the theme is used as it is meanwhile",
        "warning",
    )


def load_theme_file(path: Path) -> tuple[ThemeSpec | None, list[Problem]]:
    """Read and check one theme file; never raises for bad input."""
    label = one_line(str(path))
    try:
        if not path.is_file():
            return None, [Problem(path=label, message="not a regular file")]
        if path.stat().st_size > MAX_THEME_BYTES:
            return None, [Problem(path=label, message="the file is larger than 64 KiB")]
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(path=label, message=f"could not be read: {error.strerror}")]
    text = tomlguard.decode(data, label)  # UTF-8 without NUL bytes, as every file we read
    if isinstance(text, Problem):
        return None, [text]
    return load_theme_text(text, path)


def builtin_themes_dir() -> Path:
    """``reconnect_tui/_builtin/themes`` in an installed wheel, else the repo's ``themes/``."""
    package = Path(__file__).resolve().parent
    installed = package / "_builtin" / "themes"
    return installed if installed.is_dir() else package.parent / "themes"


def load_themes(folders: Iterable[Path | None]) -> ThemeSet:
    """Every theme in *folders* (built-ins first); a later theme of the same name wins."""
    found: dict[str, ThemeSpec] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            theme, trouble = load_theme_file(path)
            if theme is None:
                problems.extend(trouble)
            else:
                warnings.extend(trouble)
                found[theme.name] = theme
    return ThemeSet(
        themes=tuple(found.values()), problems=tuple(problems), warnings=tuple(warnings)
    )
