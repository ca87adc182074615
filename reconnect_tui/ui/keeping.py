"""The app's side of keeping progress: save on every change, drafts on a timer, a banner.

``Keeping`` connects a running ``ReconnectApp`` to a :class:`~reconnect_tui.progress.keeper.Keeper`.
It saves after every answer, keeps typed words every few seconds when they
changed, shows the saving banner while saves fail (and hides it when they
work again), and, when the terminal hangs up (a dropped SSH link), saves
once more before the program ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs
from textual.app import SystemCommand
from textual.css.query import NoMatches

from reconnect_tui.common.atomic import SaveError
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.safetext import one_line
from reconnect_tui.exercises.library import Library
from reconnect_tui.progress.keeper import DRAFT_SECONDS, ExerciseGone, Keeper
from reconnect_tui.progress.settings import Settings, load_settings, save_settings
from reconnect_tui.progress.store import Store
from reconnect_tui.ui import screens
from reconnect_tui.ui.screens.home import ExerciseStatus, HomeScreen
from reconnect_tui.ui.text import join, show
from reconnect_tui.ui.widgets.saving import SavingBanner
from reconnect_tui.ui.wording import what_changed, when_words

if TYPE_CHECKING:
    # For the types only: the engine loads with the first session, and the app
    # imports this module (it runs the keeping).
    from reconnect_tui.engine import Session, Turn
    from reconnect_tui.ui.app import ReconnectApp
    from reconnect_tui.ui.screens.runner import RunnerScreen


def open_keeper(
    paths: Paths | None, library: Library, person: str | None = None
) -> tuple[Keeper | None, tuple[str, ...]]:
    """The keeper for *paths* (None without paths) and notices from reading the settings.

    With a *person* (``reconnect serve``), only the sessions they took part in are seen.
    """
    if paths is None:
        return None, ()
    loaded = load_settings(paths.config_file)
    store = Store(paths.sessions_dir, paths.quarantine_dir, person=person)
    keeper = Keeper(store, library, loaded.settings)
    keeper.config_file = paths.config_file
    return keeper, loaded.notices


def keeper_status(keeper: Keeper) -> Callable[[str], ExerciseStatus | None]:
    """Home's "last done" / "in progress" from the saved sessions, read once per look."""
    cache: dict[str, Any] = {"at": -10.0, "generation": -1}

    def status(exercise_id: str) -> ExerciseStatus | None:
        now = time.monotonic()
        # Look again after any write of ours, or now and then for another window's.
        if now - cache["at"] > 2.0 or cache["generation"] != keeper.generation:
            cache["last"] = keeper.last_finished()
            cache["open"] = {info.exercise_id for info in keeper.unfinished()}
            cache["at"], cache["generation"] = now, keeper.generation
        stamp, in_progress = cache["last"].get(exercise_id), exercise_id in cache["open"]
        last = when_words(stamp) if stamp else ""
        if not last and not in_progress:
            return None
        return ExerciseStatus(last_done=last, in_progress=in_progress)

    return status


class Keeping:
    """Glue between the app's screens and the keeper."""

    def __init__(self, app: ReconnectApp, keeper: Keeper, notices: tuple[str, ...] = ()) -> None:
        self.app = app
        self.keeper = keeper
        self.notices = list(notices)

    def start(self) -> None:
        """Start the draft timer, listen for a hang-up, and say anything found on the way in."""
        self.app.set_interval(DRAFT_SECONDS, self.keep_typing, name="keep-drafts")
        for number in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().add_signal_handler(number, self.hang_up, number)
        self.keeper.store.notices[:0] = self.notices
        self.notices.clear()
        self.show_notices()
        self.refresh_banners()

    # -- saving -----------------------------------------------------------

    def runner_of(self, session: Session) -> RunnerScreen | None:
        for screen in self.app.screen_stack:
            if isinstance(screen, screens.RunnerScreen) and screen.session is session:
                return screen
        return None

    def typed(self, session: Session) -> tuple[Turn, Any] | None:
        """(turn, value) of what is on the runner's screen now, if it shows *session*."""
        runner = self.runner_of(session)
        if runner is None or runner.view is None or runner.turn is None:
            return None
        try:
            return runner.turn, runner.view.value
        except NoMatches:  # a view still being built: nothing typed yet
            return None

    def changed(self, session: Session) -> None:
        self.keeper.changed(session, self.typed(session))
        self.refresh_banners()
        self.show_notices()  # e.g. another window saved this session too: a copy was kept

    def keep_typing(self) -> None:
        """Every few seconds: keep what is typed, if it changed (and retry a failed save)."""
        session = self.app.session
        if session is None:
            return
        typed = self.typed(session)
        if typed is None:
            if self.keeper.failure:
                self.changed(session)
            return
        if self.keeper.keep_draft(session, *typed) is not None:
            self.refresh_banners()

    def show_notices(self) -> None:
        """Anything the store noticed (a file set aside, a copy kept) as one quiet notice."""
        notices = self.keeper.store.notices
        if notices:
            self.app.notify("\n".join(notices), markup=False, timeout=15)
            notices.clear()

    def hold_quit(self) -> bool:
        """When the last save failed, ask before closing; True while the question is open."""
        if not self.keeper.unsaved():
            return False
        if isinstance(self.app.screen, screens.ConfirmDialog):
            return False  # asked already: a second Ctrl+Q means close

        def answer(close: bool | None) -> None:
            if close:
                self.app.exit(0)

        question = join(
            "Saving still isn't working (",
            show(self.keeper.failure),
            "). If the app closes "
            "now, what was written since the last save can't be kept. Stay, and it will keep "
            "trying with each step.",
        )
        self.app.push_screen(screens.ConfirmDialog(question, yes="Close anyway", no="Stay"), answer)
        return True

    def refresh_banners(self) -> None:
        for screen in self.app.screen_stack:
            for banner in screen.query(SavingBanner):
                banner.show_state(self.keeper.failure)

    def hang_up(self, number: int = signal.SIGHUP) -> None:
        """The terminal went away (or we were asked to stop): keep everything, then end
        as that signal would have ended us."""
        session = self.app.session
        if session is not None and not session.finished:
            # Whatever goes wrong here, the program must still end as asked.
            with contextlib.suppress(Exception):
                self.keeper.changed(session, self.typed(session))
        with contextlib.suppress(RuntimeError, ValueError):
            asyncio.get_running_loop().remove_signal_handler(number)
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)

    def remember_names(self, names: Sequence[str]) -> None:
        """Keep the names from Who's here for next time (quietly; it is only a convenience)."""
        if self.keeper.store.person is not None:
            return  # served as one person: the settings file is everyone's, names stay out
        names = tuple(name for name in names if name)
        known = self.keeper.settings.names
        if not names or names == known or (len(names) == 1 and names[0] in known):
            return  # one of a remembered pair doing one alone: keep the pair
        self.keeper.settings = attrs.evolve(self.keeper.settings, names=names)
        self.save_settings()

    def save_settings(self) -> bool:
        """Write the settings, keeping whatever else is in the file (the theme); say if not."""
        path = self.keeper.config_file
        if path is None:
            return True
        loaded = load_settings(path)
        wanted = self.keeper.settings
        merged = attrs.evolve(wanted, theme=loaded.settings.theme or wanted.theme)
        try:
            # Read again: the theme may have been saved meanwhile, and a broken file
            # may already have been kept aside.
            notice = save_settings(path, merged, broken=loaded.broken)
        except (SaveError, OSError) as error:
            reason = getattr(error, "reason", None) or getattr(error, "strerror", "") or ""
            self.app.notify(
                f"Your settings couldn't be saved ({reason}); they apply until you close the app.",
                markup=False,
            )
            return False
        if notice:
            self.app.notify(notice, markup=False)
        return True

    def commands(self) -> Iterator[SystemCommand]:
        yield SystemCommand(
            "History", "Sessions you've done, to read, export or delete", self.open_history
        )
        if self.keeper.store.person is None:  # the settings are the whole program's
            yield SystemCommand(
                "Settings", "Names, pace, cursor and what is kept", self.open_settings
            )

    def open_history(self) -> None:
        self.app.push_screen(screens.HistoryScreen(self.keeper))

    def open_settings(self) -> None:
        if self.keeper.store.person is not None:
            return  # served as one person: the settings are the whole program's
        self.app.push_screen(screens.SettingsScreen(self.keeper.settings), self._after_settings)

    def _after_settings(self, settings: Settings | None) -> None:
        if settings is None or settings == self.keeper.settings:
            return
        self.keeper.settings = settings
        if self.save_settings():
            self.app.notify("Settings saved.", markup=False)

    def ask_promise(self, session: Session) -> None:
        """Offer (never ask for) a few words about when to come back."""
        if not session.begun and self.keeper.draft_for(session) is None:
            return  # nothing done yet: nothing to come back to

        def keep(words: str | None) -> None:
            words = one_line(words or "", 80)
            if words:
                self.keeper.set_promise(session, words)
                self.refresh_banners()
                home = self.app.screen
                if isinstance(home, HomeScreen):
                    home.refresh_list()

        together = session.mode == "together"
        if self.keeper.failure:
            kept = "It's here while the app stays open (saving isn't working just now)."
        elif not self.keeper.settings.keep_text:
            kept = (
                "Where you are and the 1-5 answers are saved; the words stay only while "
                "the app is open, as set in Settings."
            )
        else:
            kept = "It's saved, just as it is."
        self.app.push_screen(
            screens.AskDialog(
                kept
                + " If you like, note when you might come back to it"
                + (" together" if together else "")
                + ". There's no need to, and no reminder if the day passes.",
                placeholder="for example: Saturday evening",
                ok="Keep this note",
                cancel="Not now",
                max_length=80,
            ),
            keep,
        )

    # -- picking up -------------------------------------------------------

    def seed(self, runner: RunnerScreen) -> None:
        """Put a kept draft back into the runner before it shows its first turn."""
        session = runner.session
        draft = self.keeper.draft_for(session)
        current = session.current
        if draft is not None and current is not None:
            runner.drafts[(current.step.id, current.actor)] = draft

    def latest_for(self, exercise_id: str) -> str | None:
        """The id of the most recent unfinished session of an exercise, if any."""
        return next(
            (info.id for info in self.keeper.unfinished() if info.exercise_id == exercise_id),
            None,
        )

    def resume_latest(self, exercise_id: str) -> bool:
        session_id = self.latest_for(exercise_id)
        return session_id is not None and self.resume(session_id)

    def resume(self, session_id: str) -> bool:
        """Open a saved session exactly where it was; a kind notice when it cannot be."""
        try:
            resumed = self.keeper.resume(session_id, self.app.clock)
        except ExerciseGone:
            self.app.notify(
                "The exercise this session belongs to isn't in your library any more, so it "
                "can't be continued. You can still read it, or export it, from History.",
                markup=False,
                timeout=12,
            )
            return False
        except FileNotFoundError:
            self.app.notify("That session isn't there any more.", markup=False)
            return False
        except ValueError:  # the engine's DamagedData is a ValueError too
            if not self.keeper.store.notices:  # else they say what happened
                self.keeper.store.notices.append(
                    "That session couldn't be picked up where it was, but you can still read "
                    "it, and export it, from History."
                )
            self.show_notices()
            return False
        if resumed.edits is not None:
            self.app.notify(what_changed(resumed.edits), markup=False, timeout=15)
        session = resumed.session
        self.app.unfinished[session.exercise.id] = session
        self.app.resume_session(session.exercise.id)
        return True
