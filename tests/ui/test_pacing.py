"""Pacing with a fake clock: Continue waits for the minimum; pauses breathe and count down."""

from __future__ import annotations

from reconnect_tui.exercises.model import ReadStep
from reconnect_tui.ui.screens.end import EndScreen
from reconnect_tui.ui.terminal import NORMAL_FRAME as FRAME
from reconnect_tui.ui.widgets.breathing import BreathingGuide, fullness, phase_at
from reconnect_tui.ui.widgets.pause_step import gentle_time
from tests.ui.conftest import make_app, plain, runner, screen_text
from tests.ui.fixtures import PAUSE, Rhythm, single

SLOW_READ = ReadStep(id="slow", title="Slowly", text="Read this twice.", min_seconds=20)


async def test_continue_appears_when_the_minimum_is_up(clock) -> None:
    app = make_app(single(SLOW_READ), start="one-step", mode="solo", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = runner(app)
        assert not app.screen.query_one("#continue").display
        assert "Continue in 20 s" in plain(app, "#pacing-note")
        await pilot.press("ctrl+n")  # too early: nothing happens, nothing scolds
        assert screen.turn.step.id == "slow"
        clock.advance(12.5)
        screen.refresh_pacing()
        assert "in 8 s" in plain(app, "#pacing-note")
        clock.advance(8)
        screen.refresh_pacing()
        await pilot.pause()
        assert app.screen.query_one("#continue").display
        assert app.focused is app.screen.query_one("#continue")  # Enter now continues
        assert plain(app, "#pacing-note") == ""
        assert screen._pacing_timer is None  # no more frames once there is nothing to show
        await pilot.press("enter")
        assert isinstance(app.screen, EndScreen)


async def test_pause_breathes_counts_down_and_may_end_after_its_minimum(clock) -> None:
    app = make_app(single(PAUSE), start="one-step", mode="solo", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = runner(app)
        guide = app.screen.query_one(BreathingGuide)
        assert guide.phase == "in"
        assert "breathe in" in screen_text(app)
        assert "30 s of quiet left" in plain(app, "#pause-left")
        clock.advance(5)  # 4 s in, then 1 s into 6 s out
        screen.refresh_pacing()
        assert guide.phase == "out"
        assert "breathe out" in screen_text(app)
        assert not app.screen.query_one("#continue").display
        clock.advance(5)  # the 10 s minimum is up: may end early
        screen.refresh_pacing()
        await pilot.pause()
        assert app.screen.query_one("#continue").display
        assert screen._pacing_timer is not None  # still breathing until the pause ends
        clock.advance(30)
        screen.refresh_pacing()
        assert "Continue whenever you're ready" in plain(app, "#pause-left")
        assert screen._pacing_timer is None


def test_frames_are_at_most_four_a_second() -> None:
    assert FRAME >= 0.25


def test_breathing_bar_grows_in_and_shrinks_out() -> None:
    rhythm = Rhythm(inhale=4, exhale=4, hold_in=2)
    assert phase_at(rhythm, 1) == ("in", 0.25)
    assert phase_at(rhythm, 5) == ("hold", 0.5)
    assert phase_at(rhythm, 7) == ("out", 0.25)
    assert phase_at(rhythm, 11) == ("in", 0.25)
    assert fullness("in", 0.25) < fullness("in", 0.75)
    assert fullness("out", 0.25) > fullness("out", 0.75)
    assert fullness("hold", 0.3) == 1.0 and fullness("rest", 0.3) == 0.0


def test_gentle_time_never_says_zero_too_early() -> None:
    assert gentle_time(0.2) == "1 s"
    assert gentle_time(75) == "1 min 15 s"
