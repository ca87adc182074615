"""Two real apps over a real socket: one owns the session, the other joins, both play."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, RadioButton

from reconnect_tui.common.paths import Paths
from reconnect_tui.engine.duo import ANSWER, WAIT
from reconnect_tui.exercises.library import load_library
from reconnect_tui.together import invites
from reconnect_tui.ui.app import ReconnectApp
from reconnect_tui.ui.keeping import open_keeper
from reconnect_tui.ui.screens.end import EndScreen
from reconnect_tui.ui.screens.runner import RunnerScreen
from reconnect_tui.ui.screens.together import TogetherScreen
from reconnect_tui.ui.screens.whos_here import WhosHereScreen
from reconnect_tui.ui.together import GuestChannel
from tests.test_builtin_exercises import Answerer
from tests.ui.fixtures import FakeClock

LIBRARY = load_library(user_dir=None)
SIZE = (80, 24)


CLOCK = FakeClock()
"""One clock for both screens; waiting for the screens moves it on, so pacing never holds a test."""


def owner_app(paths: Paths, exercise_id: str | None = None, **kwargs: Any) -> ReconnectApp:
    keeper, _ = open_keeper(paths, LIBRARY)
    start = {} if exercise_id is None else {"start": exercise_id, "mode": "together"}
    return ReconnectApp(
        paths=paths,
        library=LIBRARY,
        names=("Sam", "Alex"),
        clock=CLOCK,
        keeper=keeper,
        two_screens=True,
        **start,
        **kwargs,
    )


def guest_app(paths: Paths) -> ReconnectApp:
    [invitation] = invites.open_invitations(paths.data_dir)
    return ReconnectApp(library=LIBRARY, clock=CLOCK, join=(invitation, invitation.code))


async def until(pilot: Pilot[Any], ready: Callable[[], bool], seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if ready():
            return
        CLOCK.advance(1.0)
        await pilot.pause(0.02)
    raise AssertionError("the screens did not get there in time")


def together(app: ReconnectApp) -> TogetherScreen:
    screen = app.screen
    assert isinstance(screen, TogetherScreen), screen
    return screen


def on_step(app: ReconnectApp, step_id: str, state: str = ANSWER) -> bool:
    screen = app.screen
    if not isinstance(screen, TogetherScreen) or screen.channel.seat is None:
        return False
    seat = screen.channel.seat
    return seat.step_id == step_id and seat.state == state and screen.shown[:2] == (state, step_id)


def text_of(app: ReconnectApp) -> str:
    return "\n".join(
        str(getattr(widget, "content", "")) for widget in app.screen.query("Static")
    ) + "\n".join(
        str(getattr(widget, "value", "")) for widget in app.screen.query("Input, TextArea")
    )


@contextlib.asynccontextmanager
async def pair(
    paths: Paths, exercise_id: str | None = "daily-check-in", **kwargs: Any
) -> AsyncIterator[tuple[ReconnectApp, Pilot[Any], ReconnectApp, Pilot[Any]]]:
    owner = owner_app(paths, exercise_id, **kwargs)
    async with owner.run_test(size=SIZE) as owner_pilot:
        await until(owner_pilot, lambda: bool(invites.open_invitations(paths.data_dir)))
        guest = guest_app(paths)
        async with guest.run_test(size=SIZE) as guest_pilot:
            await until(guest_pilot, lambda: isinstance(guest.screen, TogetherScreen))
            await until(guest_pilot, lambda: together(guest).channel.seat is not None)
            yield owner, owner_pilot, guest, guest_pilot


def paths_in(tmp_path: Path) -> Paths:
    # A socket's path must stay short (about 100 bytes): the data folder sits near the root.
    short = Path(tempfile.mkdtemp(prefix="rt-"))
    return Paths(config_dir=tmp_path / "config", data_dir=short / "data")


async def test_daily_check_in_concurrently_on_two_screens(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    async with pair(paths) as (owner, own, guest, join):
        assert "reconnect join" not in text_of(owner)  # Alex has joined: no invitation shown
        await own.press("ctrl+n")
        await until(own, lambda: on_step(owner, "welcome", WAIT))
        assert "Alex is still with this step" in text_of(owner)
        await join.press("ctrl+n")
        await until(join, lambda: on_step(guest, "mood"))
        await until(own, lambda: on_step(owner, "mood"))
        # Alex goes through the whole run while Sam is still on the first step.
        await join.press("3", "ctrl+n")
        await until(join, lambda: on_step(guest, "energy"))
        await join.press("4", "ctrl+n")
        await until(join, lambda: on_step(guest, "appreciation"))
        await join.press(*"ALEXWORDS", "enter")
        await until(join, lambda: on_step(guest, "need"))
        await join.press("ctrl+n")
        await until(join, lambda: on_step(guest, "need", WAIT))
        assert "Sam is still writing" in text_of(guest)
        assert on_step(owner, "mood")
        assert "ALEXWORDS" not in text_of(owner)
        await own.press("2", "ctrl+n")
        await until(own, lambda: on_step(owner, "energy"))
        await own.press("5", "ctrl+n")
        await until(own, lambda: on_step(owner, "appreciation"))
        await own.press(*"SAMWORDS", "enter")
        await until(own, lambda: on_step(owner, "need"))
        assert "SAMWORDS" not in text_of(guest)
        await own.press("ctrl+n")
        await until(own, lambda: on_step(owner, "close"))
        await until(join, lambda: on_step(guest, "close"))
        await own.press("ctrl+n")
        await join.press("ctrl+n")
        await until(own, lambda: isinstance(owner.screen, EndScreen))
        await until(join, lambda: "end, together" in text_of(guest))
        assert "SAMWORDS" in text_of(guest)  # the closing card: for both, at the end
    assert invites.open_invitations(paths.data_dir) == []


async def play_through(
    owner: ReconnectApp, own: Pilot[Any], guest: ReconnectApp, join: Pilot[Any]
) -> set[str]:
    """Answer whatever each screen asks, through each screen's own channel, to the end."""
    answerer = Answerer(turn_after=3)
    states: set[str] = set()
    for _ in range(400):
        if isinstance(owner.screen, EndScreen):
            return states
        moved = False
        for app in (guest, owner):
            screen = app.screen
            if not isinstance(screen, TogetherScreen) or screen.channel.seat is None:
                continue
            seat = screen.channel.seat
            states.add(seat.state)
            if seat.state != ANSWER or seat.step_id is None:
                continue
            step = screen.channel.exercise.step(seat.step_id)
            outcome = await screen.channel.answer(seat.step_id, answerer.answer(step, seat.person))
            assert outcome.accepted, outcome
            await screen.refresh_seat()
            moved = True
        CLOCK.advance(10.0)
        await join.pause(0.02)
        await own.pause(0.02)
        if not moved:
            await own.pause(0.1)
    raise AssertionError("did not finish")


async def test_reflective_paraphrase_roles_retry_and_swap(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    async with pair(paths, "reflective-paraphrase") as (owner, own, guest, join):
        await own.press("ctrl+n")
        await join.press("ctrl+n")
        await until(own, lambda: on_step(owner, "share"))
        await until(join, lambda: on_step(guest, "share", "watch"))
        assert "Sam is answering this one" in text_of(guest)
        await own.press(*"I felt rushed this morning")
        CLOCK.advance(60)  # the step asks for a few quiet seconds first
        await own.pause(0.4)
        await own.press("ctrl+n")
        await until(join, lambda: on_step(guest, "paraphrase"))
        assert "I felt rushed this morning" in text_of(guest)  # heard, once given
        states = await play_through(owner, own, guest, join)
        assert "watch" in states
        session = owner.screen.session if isinstance(owner.screen, EndScreen) else None
        assert session is not None and session.finished


async def test_shared_meaning_compare_and_reveal(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    async with pair(paths, "shared-meaning") as (owner, own, guest, join):
        seen_compare = []
        original = together(guest).refresh_seat

        async def watch() -> None:
            await original()
            seat = together(guest).channel.seat
            if seat is not None and seat.comparison is not None:
                seen_compare.append(seat.comparison)

        together(guest).refresh_seat = watch  # type: ignore[method-assign]
        await play_through(owner, own, guest, join)
        assert seen_compare and seen_compare[0].only["a"]


async def test_joiner_dropped_mid_answer_rejoins_with_its_draft(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    owner = owner_app(paths, "daily-check-in")
    async with owner.run_test(size=SIZE) as own:
        await until(own, lambda: bool(invites.open_invitations(paths.data_dir)))
        guest = guest_app(paths)
        async with guest.run_test(size=SIZE) as join:
            await until(join, lambda: on_step(guest, "welcome"))
            await own.press("ctrl+n")
            await join.press("ctrl+n")
            await until(join, lambda: on_step(guest, "mood"))
            await join.press("4", "ctrl+n")
            await until(join, lambda: on_step(guest, "energy"))
            await join.press("2", "ctrl+n")
            await until(join, lambda: on_step(guest, "appreciation"))
            await join.press(*"half written")
            await together(guest).after_typing()
            await join.pause(0.1)
            # Killed: the line drops without a word.
            channel = together(guest).channel
            assert isinstance(channel, GuestChannel) and channel.guest is not None
            channel.guest.writer.transport.abort()
        # Alex's screen has gone: Sam's screen says so plainly and keeps everything.
        await until(own, lambda: "gone quiet" in text_of(owner))
        assert on_step(owner, "mood")
        again = guest_app(paths)
        async with again.run_test(size=SIZE) as join:
            await until(join, lambda: on_step(again, "appreciation"))
            assert "half written" in text_of(again)
            await until(own, lambda: "gone quiet" not in text_of(owner))


async def test_owner_ends_mid_step_then_resumed_at_one_keyboard_and_on_two_screens(
    tmp_path: Path,
) -> None:
    paths = paths_in(tmp_path)
    async with pair(paths) as (_owner, own, guest, join):
        await own.press("ctrl+n")
        await join.press("ctrl+n")
        await until(join, lambda: on_step(guest, "mood"))
        await join.press("5", "ctrl+n")
        await until(join, lambda: on_step(guest, "energy"))
        await own.press("ctrl+q")
        await until(join, lambda: "Sam's screen has closed" in text_of(guest))
        # Plainly said, with a way out; Alex's answers so far are with Sam's saved session.
        await until(join, lambda: together(guest).query_one("#close").display)
    keeper, _ = open_keeper(paths, LIBRARY)
    assert keeper is not None
    [saved] = keeper.unfinished()
    # At one keyboard: the session opens where it was, Alex's held mood kept as a draft.
    alone = ReconnectApp(
        paths=paths, library=LIBRARY, clock=FakeClock(), keeper=keeper, resume=saved.id
    )
    async with alone.run_test(size=SIZE) as pilot:
        await until(
            pilot, lambda: isinstance(alone.screen, (RunnerScreen,)) or len(alone.screen_stack) > 2
        )
        assert alone.session is not None and alone.session.current is not None
        assert alone.session.current.step.id == "mood"
        assert alone.session.draft("mood", "b") == 5
        await pilot.press("ctrl+q")
    # And on two screens again.
    async with pair(paths, None, resume=saved.id) as (_owner, _own, guest, join):
        await until(join, lambda: on_step(guest, "mood"))
        assert together(guest).channel.seat is not None
        assert together(guest).channel.seat.prefill == 5


async def test_whos_here_offers_each_on_our_own_screen(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    keeper, _ = open_keeper(paths, LIBRARY)
    app = ReconnectApp(
        paths=paths, library=LIBRARY, clock=CLOCK, keeper=keeper, start="daily-check-in"
    )
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, WhosHereScreen))
        screen = app.screen
        assert isinstance(screen, WhosHereScreen)
        screen.query_one("#mode-together", RadioButton).value = True
        screen.query_one("#name-a", Input).value = "Sam"
        screen.query_one("#name-b", Input).value = "Alex"
        screen.query_one("#two-screens", Checkbox).value = True
        await pilot.pause()
        screen.begin()
        await until(pilot, lambda: isinstance(app.screen, TogetherScreen))
        await until(pilot, lambda: bool(invites.open_invitations(paths.data_dir)))
        [invitation] = invites.open_invitations(paths.data_dir)
        assert f"reconnect join {invitation.code}" in text_of(app)


async def test_back_is_neither_shown_nor_taken_during_a_break(tmp_path: Path) -> None:
    paths = paths_in(tmp_path)
    async with pair(paths) as (owner, own, guest, join):
        await own.press("ctrl+n")
        await join.press("ctrl+n")
        await until(join, lambda: on_step(guest, "mood"))
        for keys, step in ((("3", "ctrl+n"), "energy"), (("4", "ctrl+n"), "appreciation")):
            await join.press(*keys)
            await until(join, lambda step=step: on_step(guest, step))
        await join.press("ctrl+n", "ctrl+n")  # appreciation skipped, need left empty
        await until(join, lambda: on_step(guest, "need", WAIT))  # Alex waits, and may go back
        alex = together(guest)
        assert alex.check_action("back", ()) and alex.query_one("#back").display
        await until(own, lambda: on_step(owner, "mood"))
        await own.press("ctrl+b")  # Sam asks for a break
        sam = together(owner).channel.seat.person
        await until(join, lambda: alex.channel.seat.break_by == sam)
        assert not alex.check_action("back", ()) and not alex.query_one("#back").display
        # The break key is not offered again; Sam's Enter ends it, as the button says.
        await until(own, lambda: owner.focused is owner.screen.query_one("#end-break"))
        assert not owner.check_action("take_break", ()) and not guest.check_action("take_break", ())
        await join.press("ctrl+r")  # nothing happens: the break stays, Alex still waiting
        await join.pause(0.1)
        assert alex.channel.seat.break_by == sam and on_step(guest, "need", WAIT)
        await own.click("#end-break")
        await until(join, lambda: alex.channel.seat.break_by is None)
        assert alex.check_action("back", ()) and guest.check_action("take_break", ())
