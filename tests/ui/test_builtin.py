"""Every built-in exercise, solo and together, shown step by step at 60x20 without overflow."""

from __future__ import annotations

import pytest

from reconnect_tui import support
from reconnect_tui.exercises.library import load_library
from reconnect_tui.ui.screens.end import EndScreen
from reconnect_tui.ui.screens.handoff import HandoffScreen
from tests.ui.conftest import make_app, runner

LIBRARY = load_library(user_dir=None)

pytestmark = pytest.mark.slow  # each case walks a whole exercise through the app


def sample(step, actor) -> object:
    """A plain answer of the right shape for *step*."""
    if step.kind == "text":
        return "a few honest words"
    if step.kind == "choice":
        return [step.options[0]]
    if step.kind == "scale":
        return step.max  # the happy path: loops for "not quite yet" are not taken
    if step.kind == "list":
        return ["time outside", "cooking"] if actor != "b" else ["cooking", "music"]
    if step.kind == "compose":
        return {slot.name: (slot.options[0] if slot.options else "today") for slot in step.slots}
    return None


def cases() -> list[tuple[str, str]]:
    # Together covers hand-offs, roles and compare; solo wording is the engine's to test.
    # finding-support opens the support page instead (tests/ui/test_support.py).
    return [
        (entry.exercise.id, entry.exercise.modes()[-1])
        for entry in LIBRARY.entries
        if entry.exercise.id != support.EXERCISE_ID
    ]


@pytest.mark.parametrize(("exercise_id", "mode"), cases())
async def test_builtin_exercise_fits_and_finishes(exercise_id: str, mode: str) -> None:
    names = ("Sam",) if mode == "solo" else ("Sam", "Alex")
    app = make_app(library=LIBRARY, start=exercise_id, mode=mode, names=names)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        for _ in range(80):
            if isinstance(app.screen, EndScreen):
                break
            if isinstance(app.screen, HandoffScreen):
                app.screen.dismiss(None)
                await pilot.pause()
                continue
            screen = runner(app)
            for widget in screen.query("#column *"):
                if widget.display and widget.region.width:
                    assert widget.region.right <= 60, (screen.turn.step.id, widget)
            screen.session.acknowledge_handoff()
            value = sample(screen.turn.step, screen.turn.actor)
            outcome = screen.session.answer(value)
            assert outcome.accepted, (screen.turn.step.id, outcome.reasons)
            await screen.show_turn()
            await pilot.pause()
        assert isinstance(app.screen, EndScreen)
