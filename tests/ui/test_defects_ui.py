"""Issue 12, the screens' side: what a couple and an author found hard, and what crashed."""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pytest
from textual import events
from textual.widgets import Checkbox, Input, OptionList, Select

import reconnect_tui.ui
from reconnect_tui.exercises.model import Exercise, Slot
from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.settings import Settings
from reconnect_tui.progress.store import Store
from reconnect_tui.ui.screens.dialogs import AskDialog
from reconnect_tui.ui.screens.home import HomeScreen
from reconnect_tui.ui.screens.session_view import SessionViewScreen
from reconnect_tui.ui.screens.settings import PACE_WORDS, SettingsScreen
from reconnect_tui.ui.theme_picker import IN_USE
from reconnect_tui.ui.widgets.progress import StepProgress
from tests.builders import library
from tests.ui.conftest import make_app, plain, runner, screen_text
from tests.ui.fixtures import (
    CHOICE,
    COMPOSE,
    LIST,
    LONG_TEXT,
    READ,
    SINGLE,
    TEXT,
    TOUR,
    single,
)


def kept_app(tmp_path: Path, *exercises, **kwargs):
    lib = library(*exercises)
    store = Store(tmp_path / "data" / "sessions", tmp_path / "data" / "quarantine")
    return make_app(library=lib, keeper=Keeper(store, lib, None), **kwargs)


async def test_two_session_files_with_one_id_both_show_on_home(tmp_path: Path) -> None:
    """A session file copied as a backup holds the same id as the original."""
    app = kept_app(tmp_path, TOUR, start="tour", mode="solo", names=["Sam"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"quiet evenings", "enter")
        await pilot.press("ctrl+q")
    (original,) = sorted((tmp_path / "data" / "sessions").glob("*.toml"))
    # Named as a session of its own (the store lists only such names), same id inside.
    other = "000000" if not original.stem.endswith("000000") else "ffffff"
    shutil.copy(original, original.with_name(f"{original.stem[:-6]}{other}.toml"))

    app = kept_app(tmp_path, TOUR)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        listing = app.screen.query_one(OptionList)
        resumes = [o for o in listing.options if o.id and o.id.startswith("resume:")]
        assert len(resumes) == 2
        assert screen_text(app).count("A short tour") >= 2
        listing.highlighted = listing.get_option_index(resumes[1].id)
        await pilot.press("enter")
        await pilot.pause()
        assert runner(app).turn.step.id == "feeling"


def solo(step, **kwargs):
    return make_app(single(step), start="one-step", mode="solo", names=("Sam",), **kwargs)


async def test_a_ticked_option_keeps_its_mark_and_the_cursor_shows() -> None:
    app = solo(CHOICE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any(line.strip() == "› [x] tired" for line in lines), lines
        assert any(line.strip() == "[ ] hurt" for line in lines)
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert "› [ ] hurt" in text and "› [x] tired" not in text and "[x] tired" in text


async def test_up_and_down_move_in_a_single_pick_list() -> None:
    app = solo(SINGLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused.id == "option-0"
        await pilot.press("down", "down")
        assert app.focused.id == "option-2"
        await pilot.press("up", "space")
        await pilot.pause()
        assert "› (•) later" in screen_text(app)
        assert runner(app).view.value == ["later"]


PASTED = "a\x9b31mb\u202ec\x1b]0;title\x07d\u2066e"
"""C1 CSI, a bidi override, an OSC title, an isolate: none may reach the screen."""
TYPED = "x\x85y\u202ez\x9b"
"""Keys a terminal may deliver one by one: C1 NEL, a bidi override, C1 CSI."""


def unsafe(text: str) -> list[str]:
    return [hex(ord(c)) for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F]


@pytest.mark.parametrize("step", [TEXT, LONG_TEXT, LIST], ids=["line", "lines", "list"])
async def test_pasted_and_typed_controls_never_reach_a_field(step) -> None:
    app = solo(attrs.evolve(step, nudges=()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.focused
        app.post_message(events.Paste(PASTED))
        for character in TYPED:
            app.post_message(events.Key(f"k{ord(character)}", character))
        await pilot.pause()
        shown = field.value if isinstance(field, Input) else field.text
        assert shown == "abcdexyz"
        assert "\u202e" not in screen_text(app) and not unsafe(screen_text(app))


async def test_every_field_in_the_app_is_a_cleaning_field() -> None:
    """The class, not the instance: no Input or TextArea is made anywhere else."""
    sources = Path(reconnect_tui.ui.__file__).parent.rglob("*.py")
    found = [
        f"{path.name}: {line.strip()}"
        for path in sources
        if path.name != "field.py"
        for line in path.read_text().splitlines()
        if ("Input(" in line or "TextArea(" in line) and not line.lstrip().startswith("#")
    ]
    assert not found


async def test_a_dialog_field_cleans_a_paste() -> None:
    app = solo(TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(AskDialog("When?"))
        await pilot.pause()
        app.post_message(events.Paste("Sat\u202eurday\x9b2J"))
        await pilot.pause()
        assert app.screen.query_one(Input).value == "Saturday"  # C1 CSI and its parameters go


THREE_BLANKS = attrs.evolve(
    COMPOSE,
    text="Build an I-statement, one blank at a time. Take your time over each of them.",
    template="I feel {feeling} when {situation}, and it would help me if {request}.",
    slots=[
        *COMPOSE.slots,
        Slot(name="request", kind="text", prompt="What would help", placeholder="a small ask"),
    ],
)


async def test_the_sentence_stays_in_view_while_composing_at_80x24() -> None:
    app = solo(THREE_BLANKS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#slot-feeling", Select).value = -1  # "Something else…"
        await pilot.pause()
        for name in ("slot-situation", "other-feeling", "slot-request"):
            runner(app).set_focus(app.screen.query_one(f"#{name}"))
            await pilot.press(*"we rush")
            await pilot.pause()
            text = screen_text(app)
            assert "Your sentence" in text and "I feel " in text, text
            preview = app.screen.query_one("#preview")
            assert preview.region.bottom <= 24 - 2  # above Continue and the key line
        assert "I feel we rush when we rush, and it would help me if we rush." in text


OPENER = attrs.evolve(
    COMPOSE,
    text="Shape a sentence you could say to your partner. Keep it soft; every word can change.",
    template="Lately it seems we've been {shift}, and I've been wondering {wonder}.",
    slots=[
        Slot(name="shift", kind="text", prompt="What you've noticed", placeholder="a change"),
        attrs.evolve(COMPOSE.slots[0], name="wonder", prompt="What you're curious about"),
    ],
)


async def test_the_field_typed_in_stays_in_sight_as_the_sentence_grows() -> None:
    """The sentence docked below gains a line; the own words above it stay on screen."""
    app = solo(OPENER)
    async with app.run_test(size=(80, 23)) as pilot:
        await pilot.pause()
        await pilot.press(*"drifting", "tab", "enter")
        await pilot.press("end", "enter")
        await pilot.pause()
        assert app.focused.id == "other-wonder"
        await pilot.press(*"what you need")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "what you need" in [line.strip() for line in lines], "\n".join(lines)


READ_AGAIN = attrs.evolve(READ, id="after", title="After")
COMPOSING = Exercise(id="c", title="C", summary="s", steps=[READ, COMPOSE, READ_AGAIN])


async def test_typing_after_back_goes_to_the_empty_blank_not_the_dropdown() -> None:
    app = make_app(COMPOSING, start="c", mode="solo", names=("Sam",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        app.screen.query_one("#slot-feeling", Select).value = 1
        await pilot.press("ctrl+r", "enter")
        await pilot.pause()
        assert runner(app).turn.step.id == "statement"
        assert app.focused.id == "slot-situation"
        await pilot.press(*"we rush")
        assert runner(app).view.value == {"feeling": "lonely", "situation": "we rush"}


async def test_after_back_own_words_kept_typing_goes_to_the_empty_blank() -> None:
    """A slot answered in the person's own words does not pull the cursor from the blank."""
    app = make_app(COMPOSING, start="c", mode="solo", names=("Sam",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter", "end", "enter", *"cross", "ctrl+r", "ctrl+n")
        await pilot.pause()
        assert runner(app).turn.step.id == "statement"
        assert app.focused.id == "slot-situation"
        await pilot.press(*"we rush")
        assert runner(app).view.value == {"feeling": "cross", "situation": "we rush"}


async def test_something_else_takes_the_focus_and_back_keeps_the_dropdowns() -> None:
    app = make_app(COMPOSING, start="c", mode="solo", names=("Sam",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert app.focused.id == "slot-feeling"
        await pilot.press("enter", "down", "down", "down", "enter")
        await pilot.pause()
        assert app.focused.id == "other-feeling"
        await pilot.press(*"cross", "tab", *"we rush", "ctrl+n")
        assert runner(app).turn.step.id == "after"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert runner(app).view.value == {"feeling": "cross", "situation": "we rush"}
        assert "I feel cross when we rush." in screen_text(app)


async def test_whos_here_enter_with_both_names_begins_and_ctrl_n_begins() -> None:
    app = make_app(TOUR, start="tour", mode="together", names=("Ann",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused.id == "name-a"
        await pilot.press("enter")  # the second name is missing: go there
        assert app.focused.id == "name-b"
        await pilot.press(*"Bo", "shift+tab", "enter")
        await pilot.pause()
        assert runner(app).session.people[1].name == "Bo"

    app = make_app(TOUR, start="tour", mode="together", names=("Ann",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", *"Bo", "ctrl+n")
        await pilot.pause()
        assert runner(app).session.mode == "together"


def test_pace_words_say_which_way_each_goes() -> None:
    assert PACE_WORDS["gentle"].startswith("Slower") and "longer" in PACE_WORDS["gentle"]
    assert PACE_WORDS["relaxed"].startswith("Quicker") and "shorter" in PACE_WORDS["relaxed"]
    assert not any(words.startswith("Relaxed") for words in PACE_WORDS.values())


async def test_list_hint_says_full_and_at_least() -> None:
    step = attrs.evolve(LIST, min_items=2, max_items=3)
    app = solo(step)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"one", "enter")
        assert plain(app, "#item-hint") == "1 so far; this one asks for at least 2."
        await pilot.press(*"two", "enter")
        assert "continue when it feels complete" in plain(app, "#item-hint")
        await pilot.press(*"three", "enter")
        assert plain(app, "#item-hint") == (
            "3 of 3: the list is full. You can change or remove one."
        )


async def test_the_progress_bar_never_moves_back_going_forward() -> None:
    app = solo(TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(StepProgress)

        def filled() -> int:
            return bar.render().plain.split("\n")[1].count("━")

        bar.show_progress(9, 24)
        await pilot.pause()
        before = filled()
        bar.show_progress(10, 40)  # a branch made the road longer
        await pilot.pause()
        assert filled() >= before
        assert "Step 10 of about 40" in bar.render().plain
        bar.show_progress(9, 40)  # Back: the bar may go back with it
        await pilot.pause()
        assert filled() < before


async def test_help_lists_each_screens_own_keys() -> None:
    app = make_app(TOUR, start="tour", mode="solo")
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "f1")
        in_step = plain(app, "#help-keys")
        await pilot.press("enter")
        assert "Ctrl+N" in in_step and "continue" in in_step
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("f1")
        on_break = plain(app, "#help-keys")
        assert "continue" not in on_break
        assert on_break != in_step


async def test_the_theme_picker_marks_the_theme_in_use() -> None:
    app = solo(TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.search_themes()
        await pilot.pause(0.5)
        text = screen_text(app)
        assert f"{app.theme}{IN_USE}" in text


async def test_settings_toggles_say_on_or_off_in_words() -> None:
    app = solo(TEXT)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        app.push_screen(SettingsScreen(Settings(cursor_blink=False, keep_text=True)))
        await pilot.pause()
        text = screen_text(app)
        assert "Blinking cursor: off" in text and "not only that we did it: on" in text
        # Radio buttons: the chosen one has a mark, the others none (not colour alone).
        assert "▐●▌ Standard" in text and "▐ ▌ Slower" in text and "▐ ▌ Quicker" in text
        assert "▐ ▌ Blinking cursor" in text and "▐X▌ Keep what we write" in text
        app.screen.query_one("#cursor-blink", Checkbox).value = True
        await pilot.pause()
        assert "Blinking cursor: on" in screen_text(app)


async def test_a_finished_session_shows_no_promise(tmp_path: Path) -> None:
    app = kept_app(tmp_path, TOUR)
    keeper = app.keeper
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        record = keeper.store.new_session(
            exercise_id="tour", title="A short tour", revision=1, digest="ab", mode="solo",
            people=["Sam"],
        )  # fmt: skip
        record.promise = "Thursday"
        record.finished = True
        saved = keeper.store.save(record)
        app.push_screen(SessionViewScreen(keeper, saved.id))
        await pilot.pause()
        assert "Thursday" not in screen_text(app)


async def test_ticking_something_else_moves_to_its_field() -> None:
    app = solo(CHOICE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        runner(app).set_focus(app.screen.query_one("#option-other"))
        await pilot.press("space", *"a walk")
        await pilot.pause()
        assert app.focused.id == "other-text"
        assert runner(app).view.value == ["a walk"]
