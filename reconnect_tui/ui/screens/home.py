"""Home: the exercises, light ones first, and one quiet notice about custom files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from reconnect_tui.progress.keeper import when_words
from reconnect_tui.ui.text import join, show, show_line
from reconnect_tui.ui.widgets.saving import SavingBanner

RESUME = "resume:"
DEPTH_ORDER = {"light": 0, "medium": 1, "deep": 2}
AUDIENCE_WORDS = {"solo": "on your own", "together": "together", "either": "alone or together"}


@dataclass(frozen=True, kw_only=True, slots=True, weakref_slot=True)
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
    """Title, summary and the small facts, for one line of the list.

    *exercise* is an exercise or its :class:`~reconnect_tui.exercises.catalogue.Card`.
    """
    facts = f"{exercise.minutes} min · {AUDIENCE_WORDS.get(exercise.audience, '')} · "
    lines = [show_line(exercise.title).stylize("bold"), show(exercise.summary)]
    tail = join(facts, show_line(exercise.depth, 20)).stylize("$text-muted")
    if status is not None and status.in_progress:
        tail = join(tail, ("  ·  in progress", "$accent"))
    if status is not None and status.last_done:
        tail = join(tail, "  ·  last done ", show_line(status.last_done, 40))
    lines.append(tail.stylize("$text-muted"))
    return Content("\n").join(lines)


def unfinished_card(info: Any) -> Content:
    """One session left part way: its title, who, when, and any words about coming back."""
    people = " and ".join(name for name in info.people if name)
    when = when_words(info.updated)
    facts = " · ".join(part for part in (people, f"last opened {when}" if when else "") if part)
    lines = [show_line(info.title).stylize("bold"), show_line(facts).stylize("$text-muted")]
    if info.promise:
        lines.append(
            join(
                "You'd thought of coming back ",
                show_line(info.promise, 60),
                ". Whenever suits is fine.",
            ).stylize("$text-muted")
        )
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

    BINDINGS = [
        Binding("h", "history", "History"),
        Binding("s", "settings", "Settings"),
    ]

    def __init__(self, library: Any, status: StatusLookup, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.status = status
        # Option id -> the session it picks up. Option ids are our own numbers, never
        # from a file: two files may hold the same id (a copy kept as a backup).
        self.resumes: dict[str, str] = {}

    def cards(self) -> list[Any]:
        # Cards, not the exercises: the list paints without the library loaded in full.
        cards = list(self.library.cards)
        cards.sort(key=lambda card: DEPTH_ORDER.get(card.depth, 3))
        return cards

    def compose(self) -> ComposeResult:
        yield SavingBanner()
        with Vertical(classes="column", id="home-column"):
            yield Static("reconnect", classes="cover-heading")
            yield Static(
                "Short exercises for noticing distance and finding your way back to each other. "
                "The lighter ones come first.",
                classes="muted",
                id="welcome",
            )
            yield OptionList(id="exercises")
            if self.library.problems:  # only then: a Button's styles take a while to read
                yield self._notice()
        yield Footer(compact=True)

    def _notice_words(self) -> str:
        files = len({str(problem.path) for problem in self.library.problems})
        if files == 1:
            return "One of your own exercise files needs a look"
        return f"{files} of your own exercise files need a look"

    def _notice(self) -> Button:
        """The quiet notice: how many of the person's own files need a look."""
        return Button(self._notice_words(), id="problems", compact=True, classes="quiet-notice")

    def _update_notice(self) -> None:
        """The notice as the problems are now (they change once the library loads in full)."""
        notice = next(self.query("#problems").results(Button), None)
        if notice is None and self.library.problems:
            self.query_one("#home-column").mount(self._notice())
        elif notice is not None:
            notice.label = self._notice_words()
            notice.display = bool(self.library.problems)

    def on_mount(self) -> None:
        self.query_one("#exercises").focus()

    def on_screen_resume(self) -> None:
        # Also sent once when Home first shows, so the list is filled here, not in on_mount.
        self.refresh_list()

    def refresh_list(self) -> None:
        self._update_notice()
        listing = self.query_one("#exercises", OptionList)
        keep = None
        if listing.highlighted is not None and listing.option_count:
            keep = self._target(listing.get_option_at_index(listing.highlighted).id)
        before = {self._target(option.id) for option in listing.options if option.id}
        listing.clear_options()
        self.resumes.clear()
        keeper = getattr(self.app, "keeper", None)
        unfinished = keeper.unfinished() if keeper is not None else []
        if keeper is not None:
            self.app.keeping.show_notices()  # e.g. a file that could not be read, set aside
        if unfinished:
            listing.add_option(
                Option(Content("Pick up where you left off?").stylize("bold"), disabled=True)
            )
            for number, info in enumerate(unfinished):
                self.resumes[f"{RESUME}{number}"] = info.id
                listing.add_option(Option(unfinished_card(info), id=f"{RESUME}{number}"))
            listing.add_option(None)
            listing.add_option(Option(Content("Or begin something").stylize("bold"), disabled=True))
        cards = self.cards()
        if not cards:
            listing.add_option(Option(Content("No exercises were found."), disabled=True))
            return
        for number, card in enumerate(cards):
            if number:
                listing.add_option(None)
            listing.add_option(Option(exercise_card(card, self.status(card.id)), id=card.id))
        ids = [self._target(option.id) for option in listing.options]
        fresh = [i for i, target in enumerate(ids) if target and target not in before]
        first = next(i for i, option in enumerate(listing.options) if not option.disabled)
        if before and fresh and ids[fresh[0]].startswith(RESUME):
            listing.highlighted = fresh[0]  # just left part way: ready to pick it up again
        else:
            listing.highlighted = ids.index(keep) if keep and keep in ids else first

    def _target(self, option_id: str | None) -> str | None:
        """What an option stands for: ``resume:<session id>``, or an exercise id."""
        if option_id in self.resumes:
            return f"{RESUME}{self.resumes[option_id]}"
        return option_id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("history", "settings"):
            return getattr(self.app, "keeping", None) is not None
        return True

    def action_history(self) -> None:
        self.app.keeping.open_history()

    def action_settings(self) -> None:
        self.app.keeping.open_settings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id in self.resumes:
            self.app.keeping.resume(self.resumes[event.option_id])
        elif event.option_id:
            self.app.open_exercise(event.option_id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "problems":
            event.stop()
            from reconnect_tui.ui.screens.problems import ProblemsScreen

            self.app.push_screen(ProblemsScreen(self.library.problems))
