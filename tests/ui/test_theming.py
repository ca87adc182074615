"""Themes in the running app, and low-bandwidth mode.

Bad theme files are skipped with one plain notice; the palette offers only
checked themes and remembers a pick; ``--theme`` lasts one run; in
low-bandwidth mode nothing animates and pacing redraws once a second.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from textual.widgets import Button

from reconnect_tui import themes
from reconnect_tui.common.paths import Paths
from reconnect_tui.exercises.model import Rhythm
from reconnect_tui.progress.settings import Settings, load_settings, save_settings
from reconnect_tui.ui import terminal, theming
from reconnect_tui.ui.screens.runner import RunnerScreen
from reconnect_tui.ui.widgets.breathing import BreathingGuide, rhythm_words
from tests.builders import exercise, library
from tests.ui.conftest import make_app, record_notices, runner
from tests.ui.fixtures import PAUSE, READ, single
from tests.ui.test_snapshots import SIZE, app_for, settle

OURS = {"calm-dark", "warm-light", "high-contrast", "basic-16"}
GOOD = 'name = "evening"\nprimary = "#8aa9c9"\nforeground = "#e6e2dc"\nbackground = "#1f1d24"\n'


def paths_in(tmp_path: Path) -> Paths:
    return Paths(config_dir=tmp_path / "config", data_dir=tmp_path / "data")


def write_theme(paths: Paths, name: str, text: str) -> Path:
    paths.themes_dir.mkdir(parents=True, exist_ok=True)
    path = paths.themes_dir / name
    path.write_text(text, encoding="utf-8")
    return path


def pacing_frames(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The intervals runner screens ask Textual (``set_interval``) to redraw pacing at."""
    frames: list[float] = []
    set_interval = RunnerScreen.set_interval

    def spy(screen: RunnerScreen, interval: float, callback=None, **options):
        if callback == screen.refresh_pacing:
            frames.append(interval)
        return set_interval(screen, interval, callback, **options)

    monkeypatch.setattr(RunnerScreen, "set_interval", spy)
    return frames


async def test_bad_theme_is_skipped_with_one_plain_notice(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    write_theme(paths, "evening.toml", GOOD)
    write_theme(paths, "[b]odd[-b].toml", 'name = "odd"\nprimary = "[@click=app.quit]x"\n')
    write_theme(paths, "broken.toml", 'name = "broken"\nprimary = \n')
    app = make_app(single(READ), paths=paths)
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "calm-dark"
        assert "evening" in app.available_themes
        assert "odd" not in app.available_themes and "broken" not in app.available_themes
        assert len(said) == 1
        message, markup = said[0].message, said[0].markup
        assert markup is False
        assert "2 theme files need a look" in message
        assert "[b]odd[-b].toml:2: primary = '[@click=app.quit]x' is not a colour" in message
        assert "broken.toml:2: this is not valid TOML" in message


async def test_palette_lists_only_checked_themes(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    write_theme(paths, "evening.toml", GOOD)
    app = make_app(single(READ), paths=paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert set(app.available_themes) == OURS | {"evening"}
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Theme" in titles
        # ctrl+p, "Theme", then the theme picker: pick warm-light by typing.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press(*"warm")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.theme == "warm-light"
    assert load_settings(paths.config_file).settings.theme == "warm-light"


async def test_a_picked_theme_is_remembered_and_used_next_time(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    app = make_app(single(READ), paths=paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not paths.config_file.exists()  # opening is not a choice
        app.theme = "warm-light"  # what the palette's theme picker does
        await pilot.pause()
        await pilot.pause()
    assert load_settings(paths.config_file).settings.theme == "warm-light"
    again = make_app(single(READ), paths=paths)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "warm-light"


async def test_a_theme_picked_as_one_person_lasts_the_visit_only(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    app = make_app(single(READ), paths=paths, person="Alex")
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "warm-light"
        await pilot.pause()
        await pilot.pause()
        assert app.theme == "warm-light"
    assert not paths.config_file.exists()  # the settings are everyone's on a server
    assert [notice.message for notice in said] == [theming.FOR_THIS_VISIT]


async def test_the_saved_theme_comes_from_the_settings_the_keeper_read(
    tmp_path: Path, monkeypatch
) -> None:
    from reconnect_tui.progress import settings as config
    from reconnect_tui.ui.keeping import open_keeper

    paths = paths_in(tmp_path)
    paths.config_dir.mkdir(parents=True)
    save_settings(paths.config_file, Settings(theme="warm-light"))
    lib = library(single(READ))
    keeper, notices = open_keeper(paths, lib)
    reads = []
    monkeypatch.setattr(config, "load_settings", lambda path: reads.append(path))
    app = make_app(library=lib, paths=paths, keeper=keeper, notices=notices)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "warm-light"
    assert reads == []  # read once, by the keeper, not again for the theme


async def test_theme_option_lasts_one_run(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    paths.config_dir.mkdir(parents=True)
    save_settings(paths.config_file, Settings(theme="warm-light", pace="gentle"))
    app = make_app(single(READ), paths=paths, theme="high-contrast")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"
    kept = load_settings(paths.config_file).settings
    assert kept.theme == "warm-light" and kept.pace == "gentle"


async def test_unknown_theme_name_is_shown_plainly(tmp_path: Path) -> None:
    app = make_app(single(READ), paths=paths_in(tmp_path), theme="[red]nope[/]")
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "calm-dark"
        ((message, markup),) = [(notice.message, notice.markup) for notice in said]
        assert markup is False and "'[red]nope[/]' isn't available" in message


def test_basic_terminals_open_with_the_16_colour_theme() -> None:
    assert theming.default_theme({"TERM": "xterm"}) == "basic-16"
    assert theming.default_theme({"TERM": "linux"}) == "basic-16"
    assert theming.default_theme({"TERM": "xterm-256color"}) == "calm-dark"
    assert theming.default_theme({"TERM": "xterm", "COLORTERM": "truecolor"}) == "calm-dark"
    assert theming.default_theme({"TERM": "xterm-256color"}, low_bandwidth=True) == "basic-16"


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [
        (None, {"TERM": "xterm-256color"}, False),
        (None, {"TERM": "xterm"}, True),
        (None, {"TERM": "linux"}, True),
        (None, {"TERM": "vt220"}, True),
        (None, {"TERM": "dumb"}, True),
        (None, {"TERM": "screen-256color"}, False),
        (None, {"TERM": "xterm-256color", "RECONNECT_LOW_BANDWIDTH": "1"}, True),
        (None, {"TERM": "linux", "RECONNECT_LOW_BANDWIDTH": "0"}, False),
        (True, {"TERM": "xterm-256color"}, True),
        (False, {"TERM": "linux"}, False),
    ],
)
def test_low_bandwidth_is_chosen_for_basic_terminals(flag, env, expected) -> None:
    assert terminal.low_bandwidth_wanted(flag, env) is expected


@pytest.mark.parametrize(
    ("env", "system"),
    [
        ({"TERM": "xterm-256color"}, "256"),
        ({"TERM": "xterm"}, "standard"),
        ({"TERM": "linux"}, "standard"),
        ({"TERM": "xterm", "COLORTERM": "24bit"}, "truecolor"),
        ({"TERM": "dumb"}, "none"),
        ({"TERM": "xterm", "TEXTUAL_COLOR_SYSTEM": "256"}, "256"),
    ],
)
def test_colour_system_matches_what_rich_detects(env, system) -> None:
    assert terminal.colour_system(env) == system


def test_rhythm_words() -> None:
    assert rhythm_words(Rhythm(inhale=4, exhale=6)) == "breathe in for 4 · out for 6"
    assert rhythm_words(Rhythm(inhale=4, hold_in=2, exhale=6.5)) == (
        "breathe in for 4 · hold for 2 · out for 6.5"
    )


async def test_low_bandwidth_pause_is_still_and_slow(clock, monkeypatch) -> None:
    frames = pacing_frames(monkeypatch)
    app = make_app(
        single(PAUSE), clock=clock, start="one-step", mode="solo", names=["Sam"], low_bandwidth=True
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.animation_level == "none"
        screen = runner(app)
        assert frames == [terminal.SLOW_FRAME]
        guide = screen.query_one(BreathingGuide)
        first = guide.render().plain
        assert "breathe in for 4 · out for 6" in first
        clock.advance(3)
        screen.refresh_pacing()
        await pilot.pause()
        assert guide.render().plain == first  # the cue never moves
        assert "27 s of quiet left" in str(screen.query_one("#pause-left").render())


async def test_normal_pause_still_breathes(clock, monkeypatch) -> None:
    frames = pacing_frames(monkeypatch)
    app = make_app(single(PAUSE), clock=clock, start="one-step", mode="solo", names=["Sam"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.animation_level != "none"
        screen = runner(app)
        assert frames == [terminal.NORMAL_FRAME]
        guide = screen.query_one(BreathingGuide)
        before = guide.render().plain
        clock.advance(2)
        screen.refresh_pacing()
        await pilot.pause()
        assert guide.render().plain != before


@pytest.mark.parametrize("theme", sorted(OURS))
async def test_a_pressed_button_keeps_its_line(tmp_path: Path, theme: str) -> None:
    """Pressing Continue moves nothing: on an ANSI theme (basic-16, the low-bandwidth
    default) Textual's press style would give a compact button a blank border, two
    rows taller, and the whole screen would be laid out and sent again, three times."""
    first, then = READ, attrs.evolve(READ, id="then", title="Then")
    app = make_app(
        exercise(first, then, id="two"),
        paths=paths_in(tmp_path),
        theme=theme,
        start="two",
        mode="solo",
        names=["Sam"],
        low_bandwidth=theme == "basic-16",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = runner(app)
        button = screen.query_one("#continue", Button)
        button.active_effect_duration = 60  # pressed for the whole test, however slow
        bar = screen.query_one("#actions").region
        assert button.region.height == 1
        assert screen.focused is button
        await pilot.press("enter")
        await pilot.pause()
        assert screen.turn.step.id == "then"
        assert button.has_class("-active")  # still showing the press
        assert button.region.height == 1
        assert screen.query_one("#actions").region == bar
        button.remove_class("-active")
        button.disabled = True  # Textual's :ansi rule borders a disabled button too
        await pilot.pause()
        assert button.region.height == 1


def test_low_bandwidth_joins_runs_of_one_style() -> None:
    from rich.segment import Segment
    from rich.style import Style

    class Plain:
        low_bandwidth = False

    class Low:
        low_bandwidth = True

    assert terminal.line_filters(Plain(), []) == []
    (merge,) = terminal.line_filters(Low(), [])
    style, other = Style(bgcolor="black"), Style(bold=True)
    joined = merge.apply([Segment("  ", style), Segment("hi", style), Segment("!", other)], None)
    assert joined == [Segment("  hi", style), Segment("!", other)]


@pytest.mark.parametrize(
    "argv",
    [["--low-bandwidth", "start", "x"], ["start", "x", "--low-bandwidth"]],
)
def test_low_bandwidth_option_before_or_after_the_command(argv) -> None:
    from reconnect_tui.cli.parser import build_parser, merge_late_options

    args = build_parser().parse_args(argv)
    merge_late_options(args)
    assert args.low_bandwidth is True
    plain = build_parser().parse_args(["start", "x"])
    merge_late_options(plain)
    assert not plain.low_bandwidth


@pytest.mark.slow
def test_low_bandwidth_pause_snapshot(snap_compare) -> None:
    """The still breathing cue and its countdown, as a slow link shows them."""
    app = app_for(single(PAUSE), start="one-step", mode="solo", names=("Sam",), low_bandwidth=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_a_checked_spec_becomes_a_textual_theme_with_ansi_defaults() -> None:
    spec, problems = themes.load_theme_text(
        'name = "plain"\nansi = true\ndark = false\nprimary = "ansi_blue"\n'
        'foreground = "ansi_black"\nbackground = "ansi_white"\n'
        '[variables]\nborder-blurred = "ansi_red"\n',
        "plain.toml",
    )
    assert spec is not None, problems
    theme = theming.to_textual(spec)
    assert (theme.name, theme.dark, theme.ansi, theme.primary) == (
        "plain",
        False,
        True,
        "ansi_blue",
    )
    assert theme.variables["ansi-foreground"] == "ansi_black"  # the light defaults
    assert theme.variables["border-blurred"] == "ansi_red"  # the file's own value wins
    assert theme.variables["partner-a"] == themes.OUR_VARIABLES["partner-a"]


BAD_FOR_TEXTUAL = [
    'primary = "hsl(nan, 50%, 50%)"',
    'primary = "rgb(1,2,3,4)"',
    'primary = "hsl(0,50,50)"',
    '[variables]\npartner-a = "rgb(1,2,3, x)"',
]


@pytest.mark.parametrize("line", BAD_FOR_TEXTUAL)
@pytest.mark.parametrize("chosen", [True, False])
async def test_a_colour_textual_rejects_never_stops_the_app(
    tmp_path: Path, line: str, chosen: bool
) -> None:
    paths = paths_in(tmp_path)
    text = 'name = "odd"\nforeground = "#e6e2dc"\nbackground = "#1f1d24"\n'
    if not line.startswith("primary"):
        text = 'primary = "#8aa9c9"\n' + text
    write_theme(paths, "odd.toml", text + line + "\n")
    if chosen:
        save_settings(paths.config_file, Settings(theme="odd"))
    app = make_app(single(READ), paths=paths)
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "calm-dark"
        assert "odd" not in app.available_themes
        (notice,) = said
        message = notice.message
        assert "odd.toml" in message and "is not a colour" in message
        assert ("The saved theme 'odd' isn't available" in message) is chosen


@pytest.mark.parametrize("name", ["textual-dark", "nord"])
async def test_a_theme_named_like_one_of_textuals_own_is_skipped(tmp_path: Path, name: str) -> None:
    paths = paths_in(tmp_path)
    write_theme(paths, "mine.toml", GOOD.replace('"evening"', f'"{name}"'))
    app = make_app(single(READ), paths=paths)
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "calm-dark"
        message = said[0].message
        assert f"mine.toml: the name '{name}' is one of Textual's own" in message
