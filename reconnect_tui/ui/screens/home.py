"""Home: the exercises, light ones first, and one quiet notice about custom files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from reconnect_tui.ui.text import join, show, show_line

DEPTH_ORDER = {"light": 0, "medium": 1, "deep": 2}
AUDIENCE_WORDS = {"solo": "on your own", "together": "together", "either": "alone or together"}


@attrs.frozen(kw_only=True)
class ExerciseStatus:
    """What the saved progress says about an exercise (filled in once progress is kept).

    Attributes:
        last_done: when it was last finished, in words ("3 days ago"); "" if never.
        in_progress: a session was left part way and can be picked up.
    """

    last_done: str = ""
    in_progress: bool = False


StatusLookup = Callable[[str], "ExerciseStatus | None"]


def exercise_card(exercise: Any, status: ExerciseStatus | None) -> Content:
    """Title, summary and the small facts, for one line of the list."""
    facts = (
        f"{exercise.minutes} min · {AUDIENCE_WORDS.get(exercise.audience, '')} · {exercise.depth}"
    )
    lines = [show_line(exercise.title).stylize("bold"), show(exercise.summary)]
    tail = Content(facts).stylize("$text-muted")
    if status is not None and status.in_progress:
        tail = join(tail, ("  ·  in progress", "$accent"))
    if status is not None and status.last_done:
        tail = join(tail, "  ·  last done ", show_line(status.last_done, 40))
    lines.append(tail.stylize("$text-muted"))
    return Content("\n").join(lines)


def problem_line(problem: Any) -> Content:
    """``file:line: message`` with the hint after it, all shown literally."""
    place = str(problem.path)
    if problem.line:
        place = f"{place}:{problem.line}"
    warning = "warning: " if getattr(problem, "severity", "error") == "warning" else ""
    text = f"{place}: {warning}{problem.message}"
    if getattr(problem, "hint", ""):
        text = f"{text} ({problem.hint})"
    return show(text)


class HomeScreen(Screen[None]):
    """The list of exercises. Enter or a click opens one."""

    def __init__(self, library: Any, status: StatusLookup, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.status = status

    def entries(self) -> list[Any]:
        entries = list(self.library.entries)
        entries.sort(key=lambda entry: DEPTH_ORDER.get(entry.exercise.depth, 3))
        return entries

    def compose(self) -> ComposeResult:
        with Vertical(classes="column", id="home-column"):
            yield Static("reconnect", classes="cover-heading")
            yield Static(
                "Short exercises for noticing distance and finding your way back to each other. "
                "The lighter ones come first.",
                classes="muted",
                id="welcome",
            )
            yield OptionList(id="exercises")
            count = len(self.library.problems)
            if count:
                files = len({str(problem.path) for problem in self.library.problems})
                label = (
                    "One of your own exercise files needs a look"
                    if files == 1
                    else f"{files} of your own exercise files need a look"
                )
                yield Button(label, id="problems", compact=True, classes="quiet-notice")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one("#exercises").focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        listing = self.query_one("#exercises", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        entries = self.entries()
        if not entries:
            listing.add_option(Option(Content("No exercises were found."), disabled=True))
            return
        for number, entry in enumerate(entries):
            if number:
                listing.add_option(None)
            card = exercise_card(entry.exercise, self.status(entry.exercise.id))
            listing.add_option(Option(card, id=entry.exercise.id))
        listing.highlighted = keep if keep is not None else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.app.open_exercise(event.option_id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "problems":
            event.stop()
            from reconnect_tui.ui.screens.problems import ProblemsScreen

            self.app.push_screen(ProblemsScreen(self.library.problems))
