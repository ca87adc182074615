"""Each step kind's widget, driven with keys and the mouse."""

from __future__ import annotations

from textual.widgets import Input, Select, TextArea

from reconnect_tui.exercises.library import load_text
from reconnect_tui.ui.screens.end import EndScreen
from reconnect_tui.ui.widgets.choice_step import ChoiceView
from reconnect_tui.ui.widgets.compare_step import CompareView
from reconnect_tui.ui.widgets.compose_step import ComposeView, fill_template
from reconnect_tui.ui.widgets.list_step import ItemList, ItemsView
from reconnect_tui.ui.widgets.scale_step import ScaleRow, ScaleView
from tests.test_roles import LOOP
from tests.ui.conftest import make_app, plain, runner, screen_text
from tests.ui.fixtures import (
    BLAME,
    CHOICE,
    COMPOSE,
    LONG_TEXT,
    SCALE,
    SINGLE,
    TEXT,
    TOUR,
    single,
)


def solo(step, **kwargs):
    return make_app(single(step, **kwargs), start="one-step", mode="solo", names=("Sam",))


async def test_read_step_continues_with_enter_to_the_end() -> None:
    app = make_app(TOUR, start="tour", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = runner(app)
        assert screen.turn.step.id == "hello"
        text = screen_text(app)
        assert "Settle in" in text and "Find a comfortable seat." in text
        assert "Step 1 of about" in text
        await pilot.press("enter")
        assert runner(app).turn.step.id == "noticed"


async def test_single_line_text_enter_continues_and_nudges_gently() -> None:
    app = solo(TEXT, nudges=[BLAME])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("enter")
        # Nothing typed: a kind reason, and the step stays.
        assert "needs an answer" in plain(app, "#reasons")
        app.focused.value = "you never call"
        await pilot.pause(0.7)
        assert "one moment" in plain(app, "#nudges")
        await pilot.press("enter")
        # The nudge never blocks; the one-step exercise ends.
        assert isinstance(app.screen, EndScreen)
        assert "you never call" in screen_text(app)


async def test_multiline_text_keeps_enter_for_new_lines() -> None:
    app = solo(LONG_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        area = app.focused
        assert isinstance(area, TextArea) and area.cursor_blink is False
        await pilot.press("a", "enter", "b")
        assert runner(app).view.value == "a\nb"
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, EndScreen)


async def test_choice_multiple_with_something_else() -> None:
    app = solo(CHOICE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ChoiceView)
        await pilot.press("space", "down", "down", "space", "down", "down", "down")
        assert app.focused.id == "other-text"
        await pilot.press("m", "e", "h")
        assert view.value == ["tired", "hopeful", "meh"]
        assert "Heavy" in screen_text(app) and "Light" in screen_text(app)


async def test_choice_single_keeps_one_pick_and_mouse_works() -> None:
    app = solo(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ChoiceView)
        await pilot.press("space")
        await pilot.click("#option-2")
        assert view.value == ["tomorrow"]
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, EndScreen)


async def test_scale_keys_digits_and_mouse() -> None:
    app = solo(SCALE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ScaleView)
        assert view.value is None
        assert "1 = far apart" in plain(app, ".scale-labels")
        await pilot.press("right")
        assert view.value == 3
        await pilot.press("right", "right", "right")
        assert view.value == 5
        await pilot.press("2")
        assert view.value == 2
        row = app.screen.query_one(ScaleRow)
        await pilot.click(ScaleRow, offset=(1 + row.cell * 3 + 1, 0))
        assert view.value == 4


async def test_list_add_edit_remove_reorder() -> None:
    app = make_app(TOUR, start="tour", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = runner(app)
        while screen.turn.step.kind != "list":
            value = {"text": "x", "choice": ["calm"], "scale": 3}.get(screen.turn.step.kind)
            screen.session.answer(value)
            await screen.show_turn()
        view = app.screen.query_one(ItemsView)
        field = app.screen.query_one("#item-text", Input)
        await pilot.pause()
        assert app.focused is field
        for word in ("walks", "music", "cooking"):
            field.value = word
            await pilot.press("enter")
        assert view.value == ["walks", "music", "cooking"]
        listing = app.screen.query_one(ItemList)
        listing.focus()
        listing.index = 2
        await pilot.press("shift+up")
        assert view.items == ["walks", "cooking", "music"]
        await pilot.press("delete")
        assert view.items == ["walks", "music"]
        listing.index = 0
        await pilot.press("e")
        assert app.focused is field and field.value == "walks"
        field.value = "long walks"
        await pilot.press("enter")
        assert view.items == ["long walks", "music"]
        await pilot.click("#item-down")  # the mouse works too: "long walks" moves down
        await pilot.pause()
        assert view.items == ["music", "long walks"]
        # Words typed but not added still count.
        field.value = "tea"
        assert view.value == ["music", "long walks", "tea"]


async def test_compose_slots_and_live_preview() -> None:
    app = solo(COMPOSE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ComposeView)
        assert "I feel … when …." in plain(app, "#preview")
        select = app.screen.query_one("#slot-feeling", Select)
        select.value = 1
        app.screen.query_one("#slot-situation", Input).value = "plans change"
        await pilot.pause()
        assert plain(app, "#preview") == "I feel lonely when plans change."
        select.value = -1
        await pilot.pause()
        other = app.screen.query_one("#other-feeling", Input)
        assert other.display and app.focused is other
        other.value = "unsure"
        await pilot.pause()
        assert view.value == {"feeling": "unsure", "situation": "plans change"}
        assert plain(app, "#preview") == "I feel unsure when plans change."


def test_fill_template_keeps_braces_and_markup_literal() -> None:
    sentence = fill_template("{{ [b]{a}[/] }}", {"a": "[@click=app.quit]x"})
    assert sentence.plain == "{ [b][@click=app.quit]x[/] }"


async def walk_to(app, pilot, kind: str) -> None:
    """Answer steps straight through the engine until a step of *kind* is on screen."""
    from reconnect_tui.ui.screens.handoff import HandoffScreen

    answers = {
        "text": "x",
        "choice": ["calm"],
        "scale": 3,
        "compose": {"feeling": "sad", "situation": "rushing"},
    }
    while True:
        if isinstance(app.screen, HandoffScreen):
            await pilot.press("enter")
            continue
        screen = runner(app)
        step = screen.turn.step
        if step.kind == kind:
            return
        value = answers.get(step.kind)
        if step.kind == "list":
            value = ["walks", "music"] if screen.turn.actor == "a" else ["music", "books"]
        screen.session.answer(value)
        await screen.show_turn()
        await pilot.pause()


async def test_compare_shows_both_first_then_each_and_stacks_when_narrow() -> None:
    app = make_app(TOUR, start="tour", mode="together", names=("Sam", "Alex"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await walk_to(app, pilot, "compare")
        view = app.screen.query_one(CompareView)
        assert plain(app, "#both") == "• music"
        assert plain(app, "#only-a") == "• walks"
        assert plain(app, "#only-b") == "• books"
        a, b = app.screen.query_one("#only-a"), app.screen.query_one("#only-b")
        assert a.region.y == b.region.y  # side by side at 80 columns
        assert not view.has_class("-stacked")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert view.has_class("-stacked")
        assert b.region.y > a.region.y


async def test_summary_step_gathers_answers() -> None:
    app = make_app(TOUR, start="tour", mode="together", names=("Sam", "Alex"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await walk_to(app, pilot, "summary")
        card = plain(app, "#summary-card Static")
        assert "walks; music" in card or "walks" in card
        assert "Sam" in card and "Alex" in card
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, EndScreen)


async def test_summary_card_shows_every_try_of_a_repeated_step() -> None:
    exercise = load_text(LOOP, "loop.toml").exercise
    app = make_app(exercise, start="loop", mode="solo", names=("Sam",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = runner(app)
        for words, rating in (("first words", 2), ("closer words", 5)):
            assert screen.session.answer(words).accepted
            assert screen.session.answer(rating).accepted
        await screen.show_turn()
        await pilot.pause()
        card = plain(app, "#summary-card Static")
        assert card.index("1st try") < card.index("first words")
        assert card.index("2nd try") < card.index("closer words")
