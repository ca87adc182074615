"""Themes: checked before use, readable contrast, plain-text problems."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from textual.color import Color

from reconnect_tui import themes
from reconnect_tui.progress.settings import load_settings
from reconnect_tui.themes import (
    OUR_VARIABLES,
    READABLE,
    builtin_themes_dir,
    contrast_ratio,
    load_theme_text,
    load_themes,
    parse_colour,
)
from reconnect_tui.ui.theming import to_textual
from tests.builders import library

BUILTIN = load_themes([builtin_themes_dir()])
UI = Path(__file__).resolve().parent.parent / "reconnect_tui" / "ui"

# Every text colour the contrast checks cover, and every background they put text on.
TEXT_COLOURS = (
    "text",
    "text-muted",
    "foreground",
    "text-primary",
    "text-accent",
    "text-warning",
    "text-error",
    "text-success",
    "primary",
    "secondary",
    "accent",
    "warning",
    *OUR_VARIABLES,
)
BACKGROUNDS = ("background", "surface", "panel", "boost")

# Glyph-only decoration, not words: the empty part of the progress and breathing bars.
DECORATION = {("text-muted", 30), ("text-muted", 40)}

_DECLARATION = re.compile(r"\b(color|background)\s*:\s*([^;}\n]+)")
_STYLE_STRING = re.compile(r"[\"']((?:[a-z]+ )*\$[a-z][a-z0-9-]*(?: \d+%)?)[\"']")
_VARIABLE = re.compile(r"\$([a-z][a-z0-9-]*)(?:\s+(\d+)%)?")


def css_sources() -> list[tuple[str, str]]:
    """(where, css) for every .tcss file in reconnect_tui/ui and every class's DEFAULT_CSS there.

    The CSS is taken from the classes as Textual sees them, so a rule built from
    shared parts (``COVER_CSS``) is read whole.
    """
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    import reconnect_tui.ui

    sources = [(str(path), path.read_text()) for path in UI.rglob("*.tcss")]
    for info in pkgutil.walk_packages(reconnect_tui.ui.__path__, "reconnect_tui.ui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            own = inspect.isclass(cls) and cls.__module__ == info.name
            if own and issubclass(cls, DOMNode) and "DEFAULT_CSS" in vars(cls):
                sources.append((f"{info.name}.{cls.__name__}", cls.DEFAULT_CSS))
    return sources


def used_colours() -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """(text colours, backgrounds) the UI uses, as (variable, opacity percent).

    Text colours come from ``color:`` in CSS and from the style strings that
    widgets hand to ``Content`` ("$accent", "italic $text-muted").
    """
    text: set[tuple[str, int]] = set()
    backgrounds: set[tuple[str, int]] = set()
    for _where, css in css_sources():
        for prop, value in _DECLARATION.findall(css):
            for name, alpha in _VARIABLE.findall(value):
                target = text if prop == "color" else backgrounds
                target.add((name, int(alpha or 100)))
    for path in UI.rglob("*.py"):
        for style in _STYLE_STRING.findall(path.read_text()):
            for name, alpha in _VARIABLE.findall(style):
                text.add((name, int(alpha or 100)))
    return text - DECORATION, backgrounds


def resolve(value: str, background: Color) -> Color:
    """A Textual colour value ("#abc", "auto 87%", "#abc 50%") as seen over *background*."""
    colour, _, alpha = value.strip().partition(" ")
    opacity = float(alpha.rstrip("%")) / 100 if alpha else 1.0
    if colour == "auto":
        return background + background.get_contrast_text(opacity)
    return background + Color.parse(colour).multiply_alpha(opacity)


def pairs(name: str):
    """(text, background, ratio) for every text colour the UI uses on every background it uses.

    Backgrounds with an opacity ("$primary 15%", "$boost") are laid over the
    screen's own background first, as the terminal shows them.
    """
    spec = BUILTIN.get(name)
    generated = to_textual(spec).to_color_system().generate()
    generated.update(spec.variables)
    text_used, backgrounds_used = used_colours()
    screen = Color.parse(generated["background"])
    for background_key, background_alpha in sorted(backgrounds_used):
        background = resolve(generated[background_key], screen)
        background = screen.blend(background, background_alpha / 100)
        label = f"{background_key} {background_alpha}%"
        for text_key, text_alpha in sorted(text_used):
            foreground = resolve(generated[text_key], background)
            foreground = background.blend(foreground, text_alpha / 100)
            yield f"{text_key} {text_alpha}%", label, contrast_ratio(foreground.rgb, background.rgb)


def test_contrast_checks_cover_every_colour_the_ui_uses() -> None:
    """Fails when CSS or a widget starts using a colour the contrast checks do not know."""
    text_used, backgrounds_used = used_colours()
    assert {name for name, _ in text_used} <= set(TEXT_COLOURS)
    assert {name for name, _ in backgrounds_used} <= {*BACKGROUNDS, *TEXT_COLOURS}
    # The scan really reads the UI: these are known to be there.
    assert {"text-muted", "partner-a", "partner-b", "breath", "nudge"} <= {
        name for name, _ in text_used
    }
    assert ("background", 100) in backgrounds_used


@pytest.mark.parametrize("name", ["partner-a", "partner-b", "breath", "nudge"])
def test_our_variables_are_used_by_the_css(name: str) -> None:
    css = "\n".join(text for _where, text in css_sources())
    assert f"${name}" in css


def test_app_offers_our_variables_as_defaults() -> None:
    from reconnect_tui.ui.app import ReconnectApp

    defaults = ReconnectApp(library=library()).get_theme_variable_defaults()
    assert {key: defaults[key] for key in OUR_VARIABLES} == OUR_VARIABLES


def test_builtin_themes_load_cleanly() -> None:
    assert BUILTIN.problems == ()
    assert {"calm-dark", "warm-light", "high-contrast", "basic-16"} <= {
        theme.name for theme in BUILTIN.themes
    }


def test_high_contrast_meets_wcag_aa_for_every_pair() -> None:
    low = [(t, b, round(r, 2)) for t, b, r in pairs("high-contrast") if r < READABLE]
    assert low == []


@pytest.mark.parametrize("name", ["calm-dark", "warm-light"])
def test_everyday_themes_keep_body_text_readable(name: str) -> None:
    # Words people must read (body, hints, whose turn, the breathing cue, nudges and
    # the "one thing before moving on" reasons) on the screen's solid backgrounds;
    # the faint tints of a focused field or a banner are left to high-contrast.
    body = {"text", "text-muted", "foreground", "warning", *OUR_VARIABLES}
    solid = {"background", "surface", "panel", "boost"}
    low = [
        (t, b, round(r, 2))
        for t, b, r in pairs(name)
        if t.split()[0] in body and b.split()[0] in solid and r < READABLE
    ]
    assert low == []


def test_basic_16_uses_only_ansi_colours() -> None:
    spec = BUILTIN.get("basic-16")
    assert spec.ansi
    for value in [*spec.colours.values(), *spec.variables.values()]:
        assert value.startswith("ansi_")


def test_every_builtin_theme_renders_in_textual() -> None:
    for spec in BUILTIN.themes:
        system = to_textual(spec).to_color_system().generate()
        for value in spec.variables.values():
            Color.parse(value)
        assert system["background"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            'name = "x"\nprimary = "#12345"\nforeground = "#fff"\nbackground = "#000"\n',
            2,
            "primary = '#12345' is not a colour",
        ),
        (
            'name = "x"\nprimary = "#123"\nforeground = "#fff"\nbackground = "#000"\n'
            '[variables]\nnudge = "bright pink"\n',
            6,
            "variables.nudge = 'bright pink' is not a colour",
        ),
        (
            'name = "x"\nprimry = "#123"\nforeground = "#fff"\nbackground = "#000"\n',
            2,
            "'primry' is not a theme key",
        ),
        ('name = "x"\nprimary = "#123"\nforeground = "#fff"\n', None, "'background' is missing"),
        (
            'name = "[/]"\nprimary = "#123"\nforeground = "#fff"\nbackground = "#000"\n',
            1,
            "name should be",
        ),
        ('name = "x"\nprimary = \n', 2, "not valid TOML"),
    ],
)
def test_theme_problems_name_the_line(text: str, line: int | None, message: str) -> None:
    spec, problems = load_theme_text(text, Path("t.toml"))
    assert spec is None
    found = [p for p in problems if message in p.message]
    assert found, [p.message for p in problems]
    assert found[0].line == line


def test_misspelt_key_gets_a_hint() -> None:
    _, problems = load_theme_text('name = "x"\nprimry = "#123"\n', "t.toml")
    assert any(p.hint == "did you mean 'primary'?" for p in problems)


def test_bad_theme_is_skipped_and_others_load(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text(
        'name = "mine"\nprimary = "#123"\nforeground = "#fff"\nbackground = "#000"\n'
    )
    (tmp_path / "bad.toml").write_text('name = "bad"\nprimary = "nope"\n')
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe")
    loaded = load_themes([builtin_themes_dir(), tmp_path])
    assert loaded.get("mine") is not None and loaded.get("bad") is None
    assert len({p.path for p in loaded.problems}) == 2


def test_theme_files_read_as_every_file_is(tmp_path: Path) -> None:
    good = 'name = "mine"\nprimary = "#123"\nforeground = "#fff"\nbackground = "#000"\n'
    (tmp_path / "bom.toml").write_bytes(("\ufeff" + good).encode())
    (tmp_path / "nul.toml").write_bytes(good.replace("mine", "nul").encode() + b"\x00")
    loaded = load_themes([tmp_path])
    assert loaded.get("mine") is not None and loaded.get("nul") is None
    (problem,) = loaded.problems
    assert "NUL byte" in problem.message and problem.line == 5


def test_user_theme_of_same_name_wins(tmp_path: Path) -> None:
    (tmp_path / "calm.toml").write_text(
        'name = "calm-dark"\nprimary = "#123456"\nforeground = "#fff"\nbackground = "#000"\n'
    )
    loaded = load_themes([builtin_themes_dir(), tmp_path])
    assert loaded.get("calm-dark").colours["primary"] == "#123456"


@pytest.mark.parametrize(
    ("text", "rgb"),
    [
        ("#fff", (255, 255, 255)),
        ("#0a0B0c", (10, 11, 12)),
        ("rgb(1, 2, 3)", (1, 2, 3)),
        ("hsl(0, 100%, 50%)", (255, 0, 0)),
        ("ansi_red", (128, 0, 0)),
        ("#11223344", (17, 34, 51)),
    ],
)
def test_parse_colour(text: str, rgb: tuple[int, int, int]) -> None:
    assert parse_colour(text) == rgb


@pytest.mark.parametrize("text", ["red 50%", "#12", "rgb(300, 0, 0)", "hsl(1, 2, 300%)", ""])
def test_parse_colour_refuses(text: str) -> None:
    assert parse_colour(text) is None


def test_our_parser_agrees_with_textual() -> None:
    for text in ["#abc", "#a1b2c3", "rgb(10, 20, 30)", "hsl(200, 40%, 60%)", "ansi_bright_blue"]:
        assert parse_colour(text) == Color.parse(text).rgb


# --- the command line: `reconnect themes` and `reconnect validate` on themes ---------


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    from reconnect_tui.cli.main import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("folder", "text", "expected"),
    [
        ("themes", "anything at all", True),
        ("elsewhere", 'name = "x"\nprimary = "#123"\n', True),
        ("elsewhere", 'name = "x"\nprimary = \n', True),  # broken TOML, still a theme
        ("elsewhere", 'name = "x"\nprimary = "#123"\n[[steps]]\nid = "a"\n', False),
        ("elsewhere", 'format = 1\nid = "x"\n', False),
    ],
)
def test_theme_files_are_told_from_exercises(tmp_path: Path, folder, text, expected) -> None:
    from reconnect_tui.cli.themes import is_theme_file

    path = tmp_path / folder / "file.toml"
    path.parent.mkdir()
    path.write_text(text)
    assert is_theme_file(path) is expected


def test_validate_checks_themes_and_exercises_together(tmp_path: Path, capsys) -> None:
    themes_dir = tmp_path / "themes"
    themes_dir.mkdir()
    (themes_dir / "bad.toml").write_text(
        'name = "bad"\nprimary = "#12345"\nforeground = "#fff"\nbackground = "#000"\n'
    )
    good = tmp_path / "good-theme.toml"
    good.write_text('name = "good"\nprimary = "#123"\nforeground = "#fff"\nbackground = "#000"\n')
    exercise = Path(__file__).resolve().parent.parent / "exercises" / "daily-check-in.toml"
    code, out, _ = run_cli(capsys, "validate", str(themes_dir), str(good), str(exercise))
    assert code == 1
    assert f"{themes_dir / 'bad.toml'}:2: error: primary = '#12345' is not a colour" in out
    assert "3 files checked, 1 with problems" in out
    code, out, _ = run_cli(capsys, "validate", str(good), str(builtin_themes_dir()))
    assert code == 0 and "all valid" in out
    # A theme saved with a byte-order mark, outside a themes folder, is still a theme.
    marked = tmp_path / "marked-theme.toml"
    marked.write_bytes(b"\xef\xbb\xbf" + good.read_bytes().replace(b"good", b"marked"))
    code, out, _ = run_cli(capsys, "validate", str(marked))
    assert code == 0 and "all valid" in out, out


def test_themes_command_lists_themes_and_problems(tmp_path: Path, capsys) -> None:
    config = tmp_path / "config"
    (config / "themes").mkdir(parents=True)
    (config / "themes" / "evening.toml").write_text(
        'name = "evening"\ndark = false\nprimary = "#123"\nforeground = "#000"\n'
        'background = "#fff"\n'
    )
    (config / "themes" / "odd.toml").write_text('name = "[b]odd"\nprimary = "\\u001b[31m"\n')
    (config / "config.toml").write_text('theme = "evening"\n')
    code, out, _ = run_cli(capsys, "--config-dir", str(config), "themes")
    assert code == 1
    assert "calm-dark" in out and "high-contrast" in out
    assert re.search(r"evening\s+light\s+yours\s+\(your saved choice\)", out)
    assert "odd.toml:1: error: name should be" in out
    assert "\x1b" not in out
    code, out, _ = run_cli(capsys, "--config-dir", str(config), "themes", "--json")
    import json

    data = json.loads(out)
    assert {row["name"] for row in data["themes"]} >= {"calm-dark", "evening"}
    assert data["problems"] and data["default"] == "calm-dark"


def test_themes_command_is_fine_without_user_themes(tmp_path: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, "--config-dir", str(tmp_path / "none"), "themes")
    assert code == 0 and "basic-16" in out and "need a look" not in out


def test_theme_files_and_settings_go_through_the_guarded_reader(tmp_path) -> None:
    # 60 KB of one dotted key: tomllib takes many seconds over it; the guard, none.
    deep = ".".join(["a"] * 30_000) + " = 1\n"
    theme = tmp_path / "themes" / "slow.toml"
    theme.parent.mkdir()
    theme.write_text(deep)
    config = tmp_path / "config.toml"
    config.write_text(deep)
    started = time.perf_counter()
    found = themes.load_themes([theme.parent])
    loaded = load_settings(config)
    assert time.perf_counter() - started < 1.0
    assert "dotted parts" in found.problems[0].message
    assert loaded.broken and "dotted parts" in loaded.notices[0]


ALIKE = 'name = "dusk"\nprimary = "#7fa7c9"\nforeground = "#333333"\nbackground = "#2b2b2b"\n'


def test_a_theme_with_foreground_and_background_alike_is_used_with_a_warning(tmp_path) -> None:
    from reconnect_tui.themes import load_theme_text, load_themes

    spec, problems = load_theme_text(ALIKE, "dusk.toml")
    assert spec is not None and spec.name == "dusk"
    (problem,) = problems
    assert problem.severity == "warning"
    assert problem.line == 3
    assert "contrast ratio of 1.1:1, where 4.5:1 or more reads well" in problem.message
    (tmp_path / "dusk.toml").write_text(ALIKE)
    found = load_themes([tmp_path])
    assert found.get("dusk") is not None
    assert found.problems == () and len(found.warnings) == 1


def test_validate_and_themes_show_the_contrast_warning(tmp_path, capsys) -> None:
    from reconnect_tui.cli.main import main

    folder = tmp_path / "config" / "themes"
    folder.mkdir(parents=True)
    (folder / "dusk.toml").write_text(ALIKE)
    assert main(["validate", str(folder / "dusk.toml")]) == 0
    out = capsys.readouterr().out
    assert "warning: foreground and background are very alike" in out
    assert "all valid (1 warning)" in out
    assert main(["--config-dir", str(tmp_path / "config"), "themes"]) == 0
    out = capsys.readouterr().out
    assert "dusk" in out and "worth a look" in out and "1.1:1" in out


def test_a_bad_theme_name_gets_a_hint() -> None:
    from reconnect_tui.themes import load_theme_text

    text = (
        'name = "My Theme"\nprimary = "#7fa7c9"\nforeground = "#eeeeee"\nbackground = "#111111"\n'
    )
    spec, problems = load_theme_text(text, "mine.toml")
    assert spec is None
    (problem,) = problems
    assert problem.hint == "for example 'my-theme'"


def test_an_unknown_theme_name_suggests_the_nearest(tmp_path) -> None:
    from reconnect_tui.ui.app import ReconnectApp

    app = ReconnectApp(library=library(), theme="calm-drak")
    assert any("did you mean 'calm-dark'?" in notice for notice in app._theme_notices)
