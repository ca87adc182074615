"""Themes in the app: checked files registered, one quiet notice, a remembered pick.

The order for the opening theme: ``--theme`` (this run only), then the one
saved in the settings, then ``calm-dark`` — or ``basic-16`` when the terminal
offers only the 16 standard colours (where soft hex shades would collapse
onto the nearest of those) or in low-bandwidth mode. A theme picked from the command palette (or any
later change) is saved in the settings; ``--theme`` is not, and nor is a pick
made as one person (``--person``, as ``reconnect serve`` runs the app): the
settings file is shared by everyone who comes in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import attrs
from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES, Theme

from reconnect_tui import themes
from reconnect_tui.common.atomic import SaveError
from reconnect_tui.common.problems import Problem, did_you_mean
from reconnect_tui.common.safetext import one_line
from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.settings import load_settings, save_settings
from reconnect_tui.ui.terminal import colour_system

BASIC_THEME = "basic-16"

# Variables Textual's own widgets need in a theme made of the 16 terminal colours.
ANSI_DARK_DEFAULTS: dict[str, str] = {
    "ansi-background": "ansi_black",
    "ansi-foreground": "ansi_white",
    "border-blurred": "ansi_black",
    # White on blue for the highlighted row: the terminal's default text (often the
    # same grey as ansi_white on the Linux console) stays readable on it.
    "block-cursor-foreground": "ansi_bright_white",
    "block-cursor-background": "ansi_blue",
    "input-cursor-background": "ansi_white",
    "input-cursor-foreground": "ansi_black",
    "input-selection-background": "ansi_blue",
    "input-selection-foreground": "ansi_bright_white",
    "screen-selection-background": "ansi_blue",
    "screen-selection-foreground": "ansi_bright_white",
}
ANSI_LIGHT_DEFAULTS: dict[str, str] = {
    **ANSI_DARK_DEFAULTS,
    "ansi-background": "ansi_white",
    "ansi-foreground": "ansi_black",
    "border-blurred": "ansi_white",
    "block-cursor-foreground": "ansi_bright_white",
    "block-cursor-background": "ansi_blue",
    "input-cursor-background": "ansi_black",
    "input-cursor-foreground": "ansi_bright_white",
}


def to_textual(spec: themes.ThemeSpec) -> Theme:
    """The Textual ``Theme`` for a checked spec."""
    variables = dict(spec.variables)
    if spec.ansi:
        # Textual's widgets read these in ANSI themes and fail to parse without them.
        defaults = ANSI_DARK_DEFAULTS if spec.dark else ANSI_LIGHT_DEFAULTS
        variables = {**defaults, **variables}
    colour = spec.colours.get
    return Theme(
        name=spec.name,
        primary=spec.colours["primary"],
        secondary=colour("secondary"),
        accent=colour("accent"),
        warning=colour("warning"),
        error=colour("error"),
        success=colour("success"),
        foreground=colour("foreground"),
        background=colour("background"),
        surface=colour("surface"),
        panel=colour("panel"),
        boost=colour("boost"),
        dark=spec.dark,
        ansi=spec.ansi,
        variables=variables,
    )


def default_theme(environ: Mapping[str, str] | None = None, *, low_bandwidth: bool = False) -> str:
    """The theme to use when nobody chose one, for this terminal.

    Low-bandwidth mode also takes the terminal's own 16 colours: their
    escape codes are a third the length of 256-colour ones.
    """
    env = os.environ if environ is None else environ
    if low_bandwidth or colour_system(env) == "standard":
        return BASIC_THEME
    return themes.DEFAULT_THEME


def problems_notice(problems: tuple[Problem, ...] | list[Problem]) -> str:
    """One plain-text notice listing ``path:line: message`` for every theme problem."""
    files = {problem.path for problem in problems}
    head = (
        "A theme file needs a look, so it was skipped:"
        if len(files) == 1
        else f"{len(files)} theme files need a look, so they were skipped:"
    )
    lines = []
    for problem in problems[:8]:
        place = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
        lines.append(one_line(f"{place}: {problem.message}", 160))
    if len(problems) > 8:
        lines.append(f"… and {len(problems) - 8} more (`reconnect themes` lists them all).")
    return "\n".join([head, *lines])


def textual_problem(spec: themes.ThemeSpec, theme: Theme) -> Problem | None:
    """Why Textual cannot use *theme* though our checks passed it, or ``None``.

    Every colour and variable goes through Textual's own ``Color.parse``, and
    the theme's CSS variables are built once, as Textual builds them when the
    theme is switched on: what fails here would stop the app mid-start.
    A theme may not take the name of one of Textual's own.
    """
    label = one_line(str(spec.path or spec.name))
    if spec.name in BUILTIN_THEMES:
        return Problem(
            path=label,
            message=f"the name '{spec.name}' is one of Textual's own themes",
            hint="give your theme another name",
        )
    values = {**spec.colours, **theme.variables}
    for key, value in values.items():
        try:
            Color.parse(value)
        except ColorParseError:
            return Problem(
                path=label, message=f"{key} = {one_line(repr(value), 40)} is not a colour"
            )
    try:
        theme.to_color_system().generate()
    except Exception as error:  # whatever Textual raises: the theme is skipped, the app opens
        return Problem(path=label, message=f"Textual could not use it ({one_line(str(error), 80)})")
    return None


def saved_theme(app: Any) -> str:
    """The theme name kept in the settings, or "" (never raises).

    The keeper has read the settings already; without one, they are read here.
    """
    keeper: Keeper | None = getattr(app, "keeper", None)
    if keeper is not None:
        return keeper.settings.theme
    config_file = getattr(app.paths, "config_file", None)
    if config_file is None:
        return ""
    return load_settings(config_file).settings.theme


def remember_theme(paths: Any, name: str) -> str | None:
    """Save *name* as the theme in the settings; a plain notice if that could not be done."""
    config_file = getattr(paths, "config_file", None)
    if config_file is None:
        return None
    loaded = load_settings(config_file)
    if loaded.settings.theme == name:
        return None
    try:
        return save_settings(
            config_file, attrs.evolve(loaded.settings, theme=name), broken=loaded.broken
        )
    except (OSError, SaveError):
        return "The theme is in use, but it could not be saved for next time."


def choose_theme(app: Any, wanted: str | None) -> list[str]:
    """Register every checked theme on *app* and set the opening one; the notices to show.

    Called while the app is being made, before its CSS is first parsed, so
    Home's first frame has the right colours. (Textual still queues one
    refresh of the CSS for the theme it was given, about 4 ms; avoiding it
    would take a copy of Textual's theme watcher and a private call.)
    Textual's own themes are taken out of the picker: ours are checked for
    readability and carry our variables; theirs are not. Notices wait for
    :func:`announce`.
    """
    found = themes.load_themes(
        [themes.builtin_themes_dir(), getattr(app.paths, "themes_dir", None)]
    )
    problems = list(found.problems)
    for spec in found.themes:
        theme = to_textual(spec)
        problem = textual_problem(spec, theme)
        if problem is None:
            app.register_theme(theme)
        else:
            problems.append(problem)
    saved = saved_theme(app) if not wanted else ""
    fallback = getattr(app, "fallback_theme", None) or default_theme()
    chosen = app.theme
    for name in (wanted, saved, fallback, themes.DEFAULT_THEME):
        # Textual's own themes only when asked for by name (tests pin one for snapshots).
        allowed = name == wanted or name not in BUILTIN_THEMES
        if name and name in app.available_themes and allowed:
            chosen = name
            break
    app.theme = chosen
    if app.theme not in BUILTIN_THEMES:
        for name in BUILTIN_THEMES:
            app.unregister_theme(name)
    notices = []
    if problems:
        notices.append(problems_notice(problems))
    for label, name in (("theme", wanted), ("saved theme", saved)):
        if name and name != app.theme:
            close = did_you_mean(name, [spec.name for spec in found.themes])
            notices.append(
                f"The {label} '{one_line(name, 40)}' isn't available, "
                f"so '{app.theme}' is used instead." + (f" ({close})" if close else "")
            )
    return notices


def announce(app: Any, notices: list[str]) -> None:
    """Once running: show the theme notices and start saving later picks."""
    if notices:
        app.notify("\n\n".join(notices), markup=False, timeout=12)
    app._theme_in_use = app.theme
    app.theme_changed_signal.subscribe(app, lambda theme: _on_theme_changed(app, theme.name))


FOR_THIS_VISIT = (
    "This colour theme is yours for this visit. It isn't saved, because the settings"
    " here are shared with everyone who comes in."
)


def _on_theme_changed(app: Any, name: str) -> None:
    # The first change signal is the opening theme itself; only later picks are saved.
    if name == getattr(app, "_theme_in_use", None):
        return
    app._theme_in_use = name
    if getattr(app, "person", None):
        # Served as one person: the settings file is everyone's on this server.
        app.notify(FOR_THIS_VISIT, markup=False)
        return
    keeper = getattr(app, "keeper", None)
    if keeper is not None and hasattr(keeper, "settings"):
        keeper.settings = attrs.evolve(keeper.settings, theme=name)
    notice = remember_theme(app.paths, name)
    if notice:
        app.notify(notice, markup=False)
