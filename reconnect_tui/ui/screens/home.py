"""Home: the exercises, light ones first, and one quiet notice about custom files."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from reconnect_tui import support
from reconnect_tui.exercises.library import Library
from reconnect_tui.exercises.model import Exercise
from reconnect_tui.together import invites
from reconnect_tui.together.invites import Invitation
from reconnect_tui.ui import screens
from reconnect_tui.ui.text import join, show, show_line
from reconnect_tui.ui.widgets.saving import SavingBanner
from reconnect_tui.ui.wording import rest_words, when_words

if TYPE_CHECKING:
    from textual import getters

    # For the type only: the app imports this screen.
    from reconnect_tui.ui.app import ReconnectApp

RESUME = "resume:"
JOIN = "join:"
INVITES_SECONDS = 3.0
"""Seconds between looks in the invitations folder while Home shows (drawn only on a change)."""
SETTLING = 0.02  # seconds that Home's first frames are held, to be drawn once
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


def exercise_card(exercise: Exercise, status: ExerciseStatus | None) -> Content:
    """Title, summary and the small facts, for one line of the list."""
    facts = f"{exercise.minutes} min · {AUDIENCE_WORDS.get(exercise.audience, '')} · "
    lines = [show_line(exercise.title).stylize("bold"), show(exercise.summary)]
    tail = join(facts, show_line(exercise.depth, 20)).stylize("$text-muted")
    if status is not None and status.in_progress:
        tail = join(tail, ("  ·  in progress", "$accent"))
    if status is not None and status.last_done:
        tail = join(tail, "  ·  last done ", show_line(status.last_done, 40))
    lines.append(tail.stylize("$text-muted"))
    return Content("\n").join(lines)


def unfinished_card(info: Any, today: dt.date | None = None) -> Content:
    """One session left part way: its title, who, when, and any words about coming back.

    A session paused by a later step says, gently, that it is resting until its
    day, or that it is ready once that day has come.
    """
    people = " and ".join(name for name in info.people if name)
    when = when_words(info.updated)
    facts = " · ".join(part for part in (people, f"last opened {when}" if when else "") if part)
    lines = [show_line(info.title).stylize("bold"), show_line(facts).stylize("$text-muted")]
    rest = rest_words(getattr(info, "rest_until", ""), today or dt.date.today())
    if rest:
        ready = rest.startswith("Ready")
        lines.append(Content(rest).stylize("$accent" if ready else "$text-muted"))
    if info.promise:
        lines.append(
            join(
                "You'd thought of coming back ",
                show_line(info.promise, 60),
                ". Whenever suits is fine.",
            ).stylize("$text-muted")
        )
    return Content("\n").join(lines)


def invitation_card(invitation: Invitation, person: str | None) -> Content:
    """One open two-screens invitation, said gently, with how to join it."""
    inviter, title = show_line(invitation.inviter, 40), show_line(invitation.title, 80)
    if person is not None:
        line = join(inviter, " has opened ", title, " for you both, on two screens.")
    else:
        guest = show_line(invitation.guest, 40)
        line = join(inviter, " has opened ", title, " for ", inviter, " and ", guest)
        line = join(line, ", on two screens.")
    hint = Content("Choose this to join from this screen, whenever you're ready.")
    return Content("\n").join([line.stylize("bold"), hint.stylize("$text-muted")])


class SteadyFooter(Footer):
    """A footer that is composed again only when the keys it shows change.

    Textual's own is composed again whenever the bindings are refreshed (each
    change of focus, for one), which redraws the footer line for nothing.
    """

    _shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        shown = tuple(
            (binding.key, binding.description, enabled)
            for _node, binding, enabled, _tooltip in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown:
            return
        if screen.app.app_focus and screen is self.screen:  # then the keys are drawn
            self._shown = shown
        super().bindings_changed(screen)


class HomeScreen(Screen[None]):
    """The list of exercises. Enter or a click opens one."""

    if TYPE_CHECKING:
        app = getters.app(ReconnectApp)

    BINDINGS = [
        Binding("h", "history", "History"),
        Binding("s", "settings", "Settings"),
    ]

    def __init__(self, status: StatusLookup, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.status = status
        self._shown = False
        # Option id -> the session it picks up. Option ids are our own numbers, never
        # from a file: two files may hold the same id (a copy kept as a backup).
        self.resumes: dict[str, str] = {}
        # Option id -> an open two-screens invitation this person may join.
        self.joins: dict[str, Invitation] = {}
        self._invitations_seen: tuple[str, ...] = ()
        self._invites_timer: Timer | None = None

    @property
    def library(self) -> Library:
        """The app's library, as it is now (it is loaded again when a file changes)."""
        return self.app.library

    def exercises(self) -> list[Exercise]:
        exercises = [entry.exercise for entry in self.library.entries]
        exercises.sort(key=lambda exercise: DEPTH_ORDER.get(exercise.depth, 3))
        return exercises

    def compose(self) -> ComposeResult:
        yield SavingBanner()
        with Vertical(classes="column", id="home-column"):
            yield Static("reconnect", classes="cover-heading")
            welcome: str | Content = (
                "Short exercises for noticing distance and finding your way back to each other. "
                "The lighter ones come first."
            )
            if self.app.person is not None:
                welcome = join("Welcome, ", show_line(self.app.person), ". ", welcome)
            yield Static(welcome, classes="muted", id="welcome")
            yield OptionList(id="exercises")
            yield Static(Content(support.DOOR), id="support-door", classes="muted")
            if self.library.problems:  # only then: a Button's styles take a while to read
                yield self._notice()
        yield SteadyFooter(compact=True)

    def _notice_words(self) -> str:
        files = len({str(problem.path) for problem in self.library.problems})
        if files == 1:
            return "One of your own exercise files needs a look"
        return f"{files} of your own exercise files need a look"

    def _notice(self) -> Button:
        """The quiet notice: how many of the person's own files need a look."""
        return Button(self._notice_words(), id="problems", compact=True, classes="quiet-notice")

    def _update_notice(self) -> None:
        """The notice as the problems are now (they change when a file changes)."""
        notice = next(self.query("#problems").results(Button), None)
        if notice is None and self.library.problems:
            self.query_one("#home-column").mount(self._notice())
        elif notice is not None:
            notice.label = self._notice_words()
            notice.display = bool(self.library.problems)

    def invitations(self) -> list[Invitation]:
        """Open invitations to join from here: served, only those for this person.

        Those this process made itself are left out (its own screen is the inviting one).
        """
        paths = self.app.paths
        if paths is None:
            return []
        return [
            invitation
            for invitation in invites.invitations_for(paths.data_dir, self.app.person)
            if invitation.pid != os.getpid()
        ]

    def _look_for_invitations(self) -> None:
        """Draw the list again only when the open invitations have changed."""
        if tuple(invitation.code for invitation in self.invitations()) != self._invitations_seen:
            self.refresh_list()

    def on_mount(self) -> None:
        self.query_one("#exercises").focus()
        if self.app.paths is not None:
            self._invites_timer = self.set_interval(INVITES_SECONDS, self._look_for_invitations)
        # Textual settles a new screen over several frames (sizes, the list's
        # scrollbar, the toasts' layer, the footer's keys), each a redraw sent
        # to the terminal. Held for a moment, they are drawn once, as they stay.
        self.app.delay_update(SETTLING)

    def on_screen_resume(self) -> None:
        # Also sent once when Home first shows, so the list is filled here, not in on_mount.
        # Coming back later, a file may have changed meanwhile: look again first.
        if self._shown:
            self.app.look_again()
        self._shown = True
        self.refresh_list()
        if self._invites_timer is not None:
            self._invites_timer.resume()

    def on_screen_suspend(self) -> None:
        if self._invites_timer is not None:
            self._invites_timer.pause()

    def refresh_list(self) -> None:
        self._update_notice()
        listing = self.query_one("#exercises", OptionList)
        keep = None
        if listing.highlighted is not None and listing.option_count:
            keep = self._target(listing.get_option_at_index(listing.highlighted).id)
        before = {self._target(option.id) for option in listing.options if option.id}
        listing.clear_options()
        self.resumes.clear()
        self.joins.clear()
        invitations = self.invitations()
        self._invitations_seen = tuple(invitation.code for invitation in invitations)
        if invitations:
            listing.add_option(
                Option(Content("Waiting for you on two screens").stylize("bold"), disabled=True)
            )
            for number, invitation in enumerate(invitations):
                self.joins[f"{JOIN}{number}"] = invitation
                listing.add_option(
                    Option(invitation_card(invitation, self.app.person), id=f"{JOIN}{number}")
                )
            listing.add_option(None)
        keeping = self.app.keeping
        unfinished = keeping.keeper.unfinished() if keeping is not None else []
        today = keeping.keeper.today() if keeping is not None else dt.date.today()
        if keeping is not None:
            keeping.show_notices()  # e.g. a file that could not be read, set aside
        if unfinished:
            listing.add_option(
                Option(Content("Pick up where you left off?").stylize("bold"), disabled=True)
            )
            for number, info in enumerate(unfinished):
                self.resumes[f"{RESUME}{number}"] = info.id
                card = unfinished_card(info, today)
                listing.add_option(Option(card, id=f"{RESUME}{number}"))
            listing.add_option(None)
            listing.add_option(Option(Content("Or begin something").stylize("bold"), disabled=True))
        exercises = self.exercises()
        if not exercises:
            listing.add_option(Option(Content("No exercises were found."), disabled=True))
            return
        for number, exercise in enumerate(exercises):
            if number:
                listing.add_option(None)
            card = exercise_card(exercise, self.status(exercise.id))
            listing.add_option(Option(card, id=exercise.id))
        ids = [self._target(option.id) for option in listing.options]
        fresh = [i for i, target in enumerate(ids) if target and target not in before]
        first = next(i for i, option in enumerate(listing.options) if not option.disabled)
        if before and fresh and (ids[fresh[0]] or "").startswith((RESUME, JOIN)):
            # Just left part way, or just invited: ready to pick up, or to join.
            listing.highlighted = fresh[0]
        else:
            listing.highlighted = ids.index(keep) if keep and keep in ids else first

    def _target(self, option_id: str | None) -> str | None:
        """What an option stands for: ``resume:<session id>``, or an exercise id."""
        if option_id in self.resumes:
            return f"{RESUME}{self.resumes[option_id]}"
        if option_id in self.joins:
            return f"{JOIN}{self.joins[option_id].code}"
        return option_id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "settings":  # served as one person: the settings are everyone's
            return self.app.keeping is not None and self.app.person is None
        if action == "history":
            return self.app.keeping is not None
        return True

    def action_history(self) -> None:
        if self.app.keeping is not None:  # else check_action has hidden the key
            self.app.keeping.open_history()

    def action_settings(self) -> None:
        if self.app.keeping is not None:
            self.app.keeping.open_settings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        keeping = self.app.keeping
        if event.option_id in self.joins:
            invitation = self.joins[event.option_id]
            self.app.join_session(invitation, invitation.code)
        elif event.option_id in self.resumes:
            if keeping is not None:  # sessions to resume are listed only with a keeper
                keeping.resume(self.resumes[event.option_id])
        elif event.option_id:
            self.app.open_exercise(event.option_id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "problems":
            event.stop()
            self.app.push_screen(screens.ProblemsScreen(self.library.problems))
