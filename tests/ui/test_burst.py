"""Keys sent in one burst (tmux, a slow link): Continue acts on exactly what came before it.

A pilot's ``press`` waits after every key; these tests post all the keys at
once, as a terminal does when a whole line arrives in one read.
"""

from __future__ import annotations

import attrs
import pytest
from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, ListView, Select

from reconnect_tui.exercises.model import Exercise
from reconnect_tui.ui.screens.break_ import BreakScreen
from reconnect_tui.ui.screens.dialogs import ConfirmDialog
from reconnect_tui.ui.screens.end import EndScreen
from reconnect_tui.ui.screens.handoff import HandoffScreen
from reconnect_tui.ui.screens.help import keys_for
from reconnect_tui.ui.widgets.field import AnswerArea
from tests.ui.conftest import make_app, plain, runner
from tests.ui.fixtures import CHOICE, COMPOSE, LIST, LONG_TEXT, SCALE, SINGLE, TEXT, TOUR, single

LINE = "first answer number 3 END"
NAMES = {" ": "space", "\r": "enter"}
CHARACTERS = {"enter": "\r", "tab": "\t"}


def burst(app, *keys: str) -> None:
    """Post every key at once: single characters are typed, longer names are keys."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(NAMES.get(key, key), key))
        else:
            app.post_message(events.Key(key, CHARACTERS.get(key)))


async def settle(pilot, rounds: int = 12) -> None:
    for _ in range(rounds):
        await pilot.pause()


def solo(step):
    return make_app(single(step), start="one-step", mode="solo", names=("Sam",))


async def run_burst(step, *keys, before=None):
    app = solo(step)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        if before is not None:
            await before(app, pilot)
        burst(app, *keys)
        await settle(pilot)
        assert isinstance(app.screen, EndScreen), "Continue did not move on"
        return session.answers()[step.id]["a"]


@pytest.mark.parametrize("step", [TEXT, LONG_TEXT], ids=["one-line", "multiline"])
async def test_text_typed_then_continue_in_one_burst(step) -> None:
    assert await run_burst(attrs.evolve(step, nudges=()), *LINE, "ctrl+n") == LINE


@pytest.mark.parametrize("step", [TEXT, LONG_TEXT], ids=["one-line", "multiline"])
async def test_editing_keys_act_in_order_with_the_words_in_one_burst(step) -> None:
    """Backspace, Home, End and the arrows act where they come among the words."""
    keys = [*"hello wrold", *["backspace"] * 4, *"orld", "home", *"Oh, ", "end", "left", "!"]
    assert await run_burst(attrs.evolve(step, nudges=()), *keys, "ctrl+n") == "Oh, hello worl!d"


async def test_one_line_text_typed_then_enter_in_one_burst() -> None:
    assert await run_burst(attrs.evolve(TEXT, nudges=()), *LINE, "enter") == LINE


async def test_choice_something_else_typed_then_continue() -> None:
    async def to_other(app, pilot):
        runner(app).set_focus(app.screen.query_one("#other-text", Input))
        await pilot.pause()

    answer = await run_burst(CHOICE, *LINE, "ctrl+n", before=to_other)
    assert answer == [LINE]


@pytest.mark.parametrize("key", ["space", "enter"])
async def test_choice_something_else_picked_then_own_words_in_one_burst(key) -> None:
    """Space (or Enter) on "Something else" moves to its field at once: the words go there."""

    async def on_other(app, pilot):
        runner(app).set_focus(app.screen.query_one("#option-other"))
        await pilot.pause()

    assert await run_burst(CHOICE, key, *LINE, "ctrl+n", before=on_other) == [LINE]


async def test_choice_down_to_something_else_then_own_words_in_one_burst() -> None:
    async def on_calm(app, pilot):
        runner(app).set_focus(app.screen.query_one("#option-3"))
        await pilot.pause()

    keys = ["down", "space", *LINE, "ctrl+n"]
    assert await run_burst(CHOICE, *keys, before=on_calm) == [LINE]


async def test_scale_digit_then_continue() -> None:
    assert await run_burst(SCALE, "4", "ctrl+n") == 4


async def test_list_items_and_enter_then_continue() -> None:
    keys = [*"one END", "enter", *"two END", "enter", *"three END", "ctrl+n"]
    assert await run_burst(LIST, *keys) == ["one END", "two END", "three END"]


async def test_compose_words_then_continue() -> None:
    async def choose(app, pilot):
        app.screen.query_one("#slot-feeling", Select).value = 0
        runner(app).set_focus(app.screen.query_one("#slot-situation", Input))
        await pilot.pause()

    answer = await run_burst(COMPOSE, *LINE, "ctrl+n", before=choose)
    assert answer == {"feeling": "sad", "situation": LINE}


async def test_list_item_edited_in_one_burst() -> None:
    """e opens the highlighted item at once: the words right behind it replace it,
    none of them read as a list key (n, d, u, e) or lost."""

    async def three_items(app, pilot):
        burst(app, *"one", "enter", *"two", "enter", *"three", "enter")
        await settle(pilot)
        listing = app.screen.query_one("#items", ListView)
        listing.index = 0
        runner(app).set_focus(listing)
        await pilot.pause()

    keys = ["down", "e", *LINE, "enter", "ctrl+n"]
    assert await run_burst(LIST, *keys, before=three_items) == ["one", LINE, "three"]


async def test_list_edit_button_then_new_words_in_one_burst() -> None:
    """Enter on the Edit button opens the item at once: the words go in."""

    async def on_edit(app, pilot):
        burst(app, *"one", "enter", *"two", "enter", *"three", "enter")
        await settle(pilot)
        app.screen.query_one("#items", ListView).index = 1
        runner(app).set_focus(app.screen.query_one("#item-edit", Button))
        await pilot.pause()

    keys = ["enter", *LINE, "enter", "ctrl+n"]
    assert await run_burst(LIST, *keys, before=on_edit) == ["one", LINE, "three"]


async def open_feeling(app, pilot):
    """The feeling slot's dropdown is open, on its first row (the prompt)."""
    app.screen.query_one("#slot-situation", Input).value = "plans change"
    runner(app).set_focus(app.screen.query_one("#slot-feeling", Select))
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


async def test_compose_something_else_then_own_words_in_one_burst() -> None:
    """Enter on "Something else" moves to its field at once: the words go there."""
    keys = ["down", "down", "down", "enter", *LINE, "ctrl+n"]
    answer = await run_burst(COMPOSE, *keys, before=open_feeling)
    assert answer == {"feeling": LINE, "situation": "plans change"}


async def test_compose_option_picked_where_the_cursor_went_in_one_burst() -> None:
    keys = ["down", "down", "enter", "ctrl+n"]
    answer = await run_burst(COMPOSE, *keys, before=open_feeling)
    assert answer == {"feeling": "lonely", "situation": "plans change"}


PAIR = Exercise(
    id="pair",
    title="Pair",
    summary="Two of us.",
    audience="together",
    steps=[
        attrs.evolve(TEXT, who="each", nudges=()),
        attrs.evolve(LONG_TEXT, who="each"),
        attrs.evolve(TEXT, id="last", nudges=()),
    ],
)


async def test_whole_session_in_one_burst_across_a_handoff() -> None:
    """Keys after Continue, and after Enter on the cover, belong to the next step."""
    app = make_app(PAIR, start="pair", mode="together", names=("Ann", "Bo"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        burst(
            app,
            *"first END", "ctrl+n",
            *"second END", "ctrl+n",
            "enter",
            *"third END", "ctrl+n",
            *"fourth END", "ctrl+n",
            *"fifth", "enter",
        )  # fmt: skip
        await settle(pilot, 30)
        assert isinstance(app.screen, EndScreen)
    assert session.answers() == {
        "noticed": {"a": "first END", "b": "third END"},
        "longer": {"a": "second END", "b": "fourth END"},
        "last": {"both": "fifth"},
    }


async def test_first_continue_after_a_handoff_is_not_lost() -> None:
    app = make_app(PAIR, start="pair", mode="together", names=("Ann", "Bo"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        burst(app, *"one", "ctrl+n", *"two", "ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        burst(app, "enter", *"three", "ctrl+n")
        await settle(pilot)
        assert runner(app).turn.step.id == "longer"
        assert session.answers()["noticed"] == {"a": "one", "b": "three"}


@pytest.mark.parametrize("step", [CHOICE, SINGLE], ids=["several", "one"])
async def test_down_then_space_in_one_burst_picks_the_second_option(step) -> None:
    """The cursor moves before the next key is read: Space picks where Down went."""
    app = solo(step)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, "down", "space")
        await settle(pilot)
        ticked = [pick.id for pick in app.screen.query("Pick") if pick.has_class("-on")]
        assert ticked == ["option-1"] and app.focused is not None
        assert app.focused.id == "option-1"


async def something_else_chosen(app, pilot):
    """The feeling slot is "Something else", the cursor in its field (empty)."""
    await open_feeling(app, pilot)
    await pilot.press("down", "down", "down", "enter")
    app.screen.query_one("#slot-situation", Input).value = ""
    await settle(pilot)
    assert app.focused.id == "other-feeling"


async def test_tab_between_two_fields_in_one_burst() -> None:
    """Tab moves the cursor at once: the words right behind it go to the next field."""
    keys = [*"cross", "tab", *"we rush", "ctrl+n"]
    answer = await run_burst(COMPOSE, *keys, before=something_else_chosen)
    assert answer == {"feeling": "cross", "situation": "we rush"}


async def test_something_else_own_words_then_tab_in_one_burst() -> None:
    """The own-words field appears with "Something else"; a Tab right behind the
    words goes on from it, not back to the dropdown (the field has its place)."""
    keys = ["end", "enter", *"cross", "tab", *"we rush", "ctrl+n"]
    answer = await run_burst(COMPOSE, *keys, before=open_feeling)
    assert answer == {"feeling": "cross", "situation": "we rush"}


async def test_shift_tab_back_to_the_field_before_in_one_burst() -> None:
    async def in_situation(app, pilot):
        await something_else_chosen(app, pilot)
        runner(app).set_focus(app.screen.query_one("#slot-situation", Input))
        await pilot.pause()

    keys = [*"we rush", "shift+tab", *"cross", "ctrl+n"]
    answer = await run_burst(COMPOSE, *keys, before=in_situation)
    assert answer == {"feeling": "cross", "situation": "we rush"}


async def test_whos_here_two_names_in_one_burst() -> None:
    app = make_app(TOUR, start="tour", mode="together")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused.id == "name-a"
        burst(app, *"Sam", "tab", *"Alex", "ctrl+n")
        await settle(pilot)
        assert [person.name for person in runner(app).session.people] == ["Sam", "Alex"]


# -- Tab, acted on at once, still does what it did everywhere ----------------------


async def test_tab_still_indents_in_a_text_area_that_takes_it() -> None:
    class Indenting(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="before")
            yield AnswerArea(tab_behavior="indent", id="code")

    app = solo(TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(Indenting())
        area = app.screen.query_one("#code", AnswerArea)
        app.screen.set_focus(area)
        await pilot.pause()
        burst(app, "tab", *"x")
        await settle(pilot)
        assert app.focused is area
        assert area.text.endswith("x") and area.text.startswith(" ")


async def test_tab_in_an_open_dropdown_closes_it_and_moves_on() -> None:
    app = solo(COMPOSE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_feeling(app, pilot)
        select = app.screen.query_one("#slot-feeling", Select)
        assert select.expanded
        burst(app, "tab", *"late")
        await settle(pilot)
        assert not select.expanded
        assert app.focused.id == "slot-situation"
        # Textual selects a field's words as Tab reaches it: typing replaces them.
        assert runner(app).view.value["situation"] == "late"


async def test_tab_goes_round_a_dialog_and_the_palette() -> None:
    app = solo(TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, BreakScreen)
        buttons = [button.id for button in app.screen.query(Button) if button.focusable]
        seen = []
        for _ in buttons:
            seen.append(app.focused.id)
            await pilot.press("tab")
        assert sorted(seen) == sorted(buttons) and app.focused.id == seen[0]
        await pilot.press("shift+tab")
        assert app.focused.id == seen[-1]
        app.screen.set_focus(app.screen.query_one("#resume", Button))
        await pilot.press("enter")
        await pilot.pause()
        assert runner(app).turn.step.id == TEXT.id
        await pilot.press("ctrl+p")
        await pilot.pause()
        field = app.focused
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press("tab", *"hel")
        assert app.focused is field and field.value == "hel"


async def test_help_names_tab_once() -> None:
    app = solo(COMPOSE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listed = [keys for keys, _meaning in keys_for(app.screen)]
        assert [keys for keys in listed if "tab" in keys.lower()] == ["Tab / Shift+Tab"]
        await pilot.press("f1")
        assert plain(app, "#help-keys").lower().count("tab") == 2


@pytest.mark.parametrize("step", [CHOICE, SINGLE], ids=["several", "one"])
async def test_space_then_continue_in_one_burst_keeps_the_choice(step) -> None:
    # Space ticks the first option; Continue, right behind it, takes the answer with it.
    assert await run_burst(step, "space", "ctrl+n") == (["tired"] if step is CHOICE else ["now"])


async def test_enter_then_tab_presses_the_button_that_had_the_cursor() -> None:
    """A key typed just before Tab acts where it was typed: "Keep it", never "Delete"."""
    app = solo(TEXT)
    answers: list[bool] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = Content("Delete this for good?")
        app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep it"), answers.append)
        await settle(pilot)
        assert app.focused.id == "no"
        burst(app, "enter", "tab")
        await settle(pilot)
        assert answers == [False]


async def test_arrows_then_tab_on_a_scale_keep_the_number() -> None:
    values = []
    for keys in (("right", "right"), ("right", "right", "tab")):
        app = solo(SCALE)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            burst(app, *keys)
            await settle(pilot)
            values.append(runner(app).view.value)
    assert values[0] is not None and values[1] == values[0]


async def test_after_removing_the_last_item_the_words_go_to_the_field() -> None:
    """The item buttons hide with the last item: the cursor does not stay on a hidden one."""

    async def on_remove(app, pilot):
        burst(app, *"one", "enter")
        await settle(pilot)
        runner(app).set_focus(app.screen.query_one("#item-remove", Button))
        await pilot.pause()

    keys = ["enter", *"two", "enter", "ctrl+n"]
    assert await run_burst(LIST, *keys, before=on_remove) == ["two"]
