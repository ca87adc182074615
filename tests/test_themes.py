"""Themes: checked before use, readable contrast, plain-text problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color

from reconnect_tui.themes import (
    OUR_VARIABLES,
    builtin_themes_dir,
    contrast_ratio,
    load_theme_text,
    load_themes,
    parse_colour,
    to_textual,
)

BUILTIN = load_themes([builtin_themes_dir()])
# Every text colour the app's CSS may use, and every background it puts text on.
TEXT_COLOURS = (
    "text", "text-muted", "foreground", "text-primary", "text-accent", "text-warning",
    "text-error", "text-success", "primary", "accent", *OUR_VARIABLES,
)
BACKGROUNDS = ("background", "surface", "panel")


def resolve(value: str, background: Color) -> Color:
    """A Textual colour value ("#abc", "auto 87%", "#abc 50%") as seen over *background*."""
    colour, _, alpha = value.strip().partition(" ")
    opacity = float(alpha.rstrip("%")) / 100 if alpha else 1.0
    if colour == "auto":
        return background + background.get_contrast_text(opacity)
    return background + Color.parse(colour).with_alpha(opacity)


def pairs(name: str):
    spec = BUILTIN.get(name)
    generated = to_textual(spec).to_color_system().generate()
    generated.update(spec.variables)
    for background_key in BACKGROUNDS:
        background = Color.parse(generated[background_key])
        for text_key in TEXT_COLOURS:
            foreground = resolve(generated[text_key], background)
            yield text_key, background_key, contrast_ratio(foreground.rgb, background.rgb)


def test_builtin_themes_load_cleanly() -> None:
    assert BUILTIN.problems == ()
    assert {"calm-dark", "warm-light", "high-contrast", "basic-16"} <= {
        theme.name for theme in BUILTIN.themes
    }


def test_high_contrast_meets_wcag_aa_for_every_pair() -> None:
    low = [(t, b, round(r, 2)) for t, b, r in pairs("high-contrast") if r < 4.5]
    assert low == []


@pytest.mark.parametrize("name", ["calm-dark", "warm-light"])
def test_everyday_themes_keep_body_text_readable(name: str) -> None:
    body = {"text", "text-muted", "foreground", *OUR_VARIABLES}
    low = [(t, b, round(r, 2)) for t, b, r in pairs(name) if t in body and r < 4.5]
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
        ('name = "x"\nprimary = "#12345"\nforeground = "#fff"\nbackground = "#000"\n',
         2, "primary = '#12345' is not a colour"),
        ('name = "x"\nprimary = "#123"\nforeground = "#fff"\nbackground = "#000"\n'
         '[variables]\nnudge = "bright pink"\n', 6,
         "variables.nudge = 'bright pink' is not a colour"),
        ('name = "x"\nprimry = "#123"\nforeground = "#fff"\nbackground = "#000"\n',
         2, "'primry' is not a theme key"),
        ('name = "x"\nprimary = "#123"\nforeground = "#fff"\n', None, "'background' is missing"),
        ('name = "[/]"\nprimary = "#123"\nforeground = "#fff"\nbackground = "#000"\n',
         1, "name should be"),
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


def test_user_theme_of_same_name_wins(tmp_path: Path) -> None:
    (tmp_path / "calm.toml").write_text(
        'name = "calm-dark"\nprimary = "#123456"\nforeground = "#fff"\nbackground = "#000"\n'
    )
    loaded = load_themes([builtin_themes_dir(), tmp_path])
    assert loaded.get("calm-dark").colours["primary"] == "#123456"


@pytest.mark.parametrize(
    ("text", "rgb"),
    [("#fff", (255, 255, 255)), ("#0a0B0c", (10, 11, 12)), ("rgb(1, 2, 3)", (1, 2, 3)),
     ("hsl(0, 100%, 50%)", (255, 0, 0)), ("ansi_red", (128, 0, 0)), ("#11223344", (17, 34, 51))],
)
def test_parse_colour(text: str, rgb: tuple[int, int, int]) -> None:
    assert parse_colour(text) == rgb


@pytest.mark.parametrize("text", ["red 50%", "#12", "rgb(300, 0, 0)", "hsl(1, 2, 300%)", ""])
def test_parse_colour_refuses(text: str) -> None:
    assert parse_colour(text) is None


def test_our_parser_agrees_with_textual() -> None:
    for text in ["#abc", "#a1b2c3", "rgb(10, 20, 30)", "hsl(200, 40%, 60%)", "ansi_bright_blue"]:
        assert parse_colour(text) == Color.parse(text).rgb
