"""The Textual app: screens, keys that work everywhere, and the command palette."""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.filter import LineFilter
from textual.screen import Screen

from reconnect_tui import support, themes
from reconnect_tui.common import collector
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.safetext import one_line, takes_part
from reconnect_tui.exercises.library import Library
from reconnect_tui.exercises.model import Exercise
from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.ui import screens, terminal, theming
from reconnect_tui.ui.keeping import Keeping, keeper_status, open_keeper
from reconnect_tui.ui.screens.home import ExerciseStatus, HomeScreen
from reconnect_tui.ui.screens.too_small import TooSmallScreen, too_small
from reconnect_tui.ui.theme_picker import MarkedThemes

if TYPE_CHECKING:
    from reconnect_tui.engine import Session
    from reconnect_tui.together.invites import Invitation
    from reconnect_tui.ui.together import Channel

# The other screens (and the step widgets they bring) are imported where they
# are first opened, and the engine with the first session, so Home paints
# without waiting for them.

SessionHook = Callable[["Session"], None]


class ReconnectApp(App[int]):
    """reconnect: exercises for noticing distance and re-engaging with care.

    Attributes:
        session: the exercise in progress, kept even after leaving mid-way.
        unfinished: sessions left part way, by exercise id, so nothing is lost.
    """

    TITLE = "reconnect"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding(
            "ctrl+b,f2",
            "take_break",
            "Take a break",
            priority=True,
            id="break",
            key_display="^b/F2",
        ),
        Binding("f1", "help", "Help", priority=True, id="help"),
        # Not in the footer: Home, Help and the break say it in words (see support.py).
        Binding(
            ",".join(support.KEYS),
            "support",
            "Finding support",
            priority=True,
            id="support",
            show=False,
            key_display="^g/F3",
        ),
        Binding("question_mark", "help", "Help", show=False),
        # Tab and Shift+Tab that move the cursor as the app reads them, in a burst (a
        # slow link, tmux), so that "Sam<Tab>Alex" is not "SamAlex". Only from a part
        # that acts on every key of its own as it takes it (``KEYS_IN_ORDER``: the
        # fields, an option); from anything else (a button, a checkbox, a scale) a key
        # typed just before Tab would act on the part Tab moved to, so Textual's own
        # plain Tab acts there, in order (see ``check_action``). A part that takes Tab
        # itself (a TextArea that indents) still gets it: Textual leaves a binding out
        # of the chain for a key the focused widget consumes.
        Binding("tab", "focus_next_now", "Next part", show=False, priority=True),
        Binding("shift+tab", "focus_previous_now", "Previous part", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit", show=False),
    ]

    def __init__(
        self,
        *,
        paths: Paths | None = None,
        library: Library,
        start: str | None = None,
        mode: str | None = None,
        names: Sequence[str] = (),
        theme: str | None = None,
        fallback_theme: str = themes.DEFAULT_THEME,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        on_session_changed: SessionHook | None = None,
        status: Callable[[str], ExerciseStatus | None] | None = None,
        low_bandwidth: bool | None = None,
        keeper: Keeper | None = None,
        resume: str | None = None,
        notices: Sequence[str] = (),
        person: str | None = None,
        two_screens: bool = False,
        join: tuple[Invitation, str] | None = None,
        preview: Path | None = None,
        preview_at: str | None = None,
    ) -> None:
        super().__init__(driver_class=terminal.driver_class(bool(low_bandwidth)))
        # Tests get the same app on any terminal; run_app looks at TERM for real runs.
        self.low_bandwidth = bool(low_bandwidth)
        terminal.apply_low_bandwidth(self, self.low_bandwidth)
        self.fallback_theme = fallback_theme
        self.paths = paths
        self.library: Library = library
        self.start_id = start
        self.start_mode = mode
        self.start_names = tuple(one_line(name, 40) for name in names)
        # Served as one person (``reconnect serve``): their name is always one of the names.
        self.person = one_line(person, 40) if person else None
        self.clock = clock
        self.rng = rng or random.Random()
        self._session_hook = on_session_changed
        self._status = status
        self.session: Session | None = None
        self.unfinished: dict[str, Session] = {}
        # Saved progress (see ui/keeping.py): None in tests that do not keep anything.
        self.keeper = keeper
        self.keeping = Keeping(self, keeper, tuple(notices)) if keeper is not None else None
        self.resume_id = resume
        # Together on two screens (ui/together.py): start one, or join one.
        self.two_screens = two_screens
        self.join_with = join
        self.together: Channel | None = None
        # `reconnect preview FILE`: that file at a step, reloaded on save, nothing kept.
        self.preview = preview
        self.preview_at = preview_at
        if keeper is not None and status is None:
            self._status = keeper_status(keeper)
        # Before the first CSS parse: Home's first frame is drawn in the right colours.
        self._theme_notices = theming.choose_theme(self, theme)
        self._mounted = False

    # -- start up -------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        # Home is the bottom of the stack: no blank screen is made, styled and drawn first.
        if self.preview is not None:
            return screens.PreviewScreen(
                self.preview, at=self.preview_at, mode=self.start_mode, names=self.start_names
            )
        return HomeScreen(self.exercise_status)

    def on_ready(self) -> None:
        # The first frame is on screen: the collector paused at launch can run again.
        collector.resume()

    def on_mount(self) -> None:
        self._mounted = True
        theming.announce(self, self._theme_notices)
        if self.keeping is not None:
            self.keeping.start()
            if self.resume_id:
                self.keeping.resume(self.resume_id)
        if self.join_with is not None:
            self.join_session(*self.join_with)
        elif self.start_id:
            self.open_exercise(self.start_id, mode=self.start_mode, names=self.start_names)
        self.fit_to_size()

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Low-bandwidth mode joins runs of one style: fewer colour codes per line.
        return terminal.line_filters(self, super().get_line_filters())

    def _fatal_error(self) -> None:
        """A crash's traceback, without the values of local variables.

        Textual 8.2.8 prints a crash with ``show_locals=True`` and offers no
        setting to turn that off, and locals hold private words (answers,
        names, session titles). So this one method of Textual's is replaced:
        the same traceback, through the public ``panic``, with locals off.
        """
        # Imported here, as Textual does: it brings pygments, and only a crash needs it.
        import rich
        from rich.traceback import Traceback

        self.bell()
        self.panic(Traceback(show_locals=False, width=None, suppress=[rich]))

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Our CSS uses $partner-a, $partner-b, $breath and $nudge; a theme may set them.
        return {**super().get_theme_variable_defaults(), **themes.OUR_VARIABLES}

    def look_again(self) -> bool:
        """Load the library again if an exercise file changed since it was loaded; True if so."""
        library = self.library.reloaded()
        if library is self.library:
            return False
        self.library = library
        if self.keeper is not None:
            self.keeper.library = library
        return True

    def exercise_status(self, exercise_id: str) -> ExerciseStatus | None:
        """What Home shows as "last done" / "in progress"; the store plugs in via ``status``."""
        status = self._status(exercise_id) if self._status else None
        if exercise_id in self.unfinished:
            last = status.last_done if status else ""
            return ExerciseStatus(last_done=last, in_progress=True)
        return status

    # -- moving between screens -----------------------------------------------

    def open_exercise(
        self, exercise_id: str, *, mode: str | None = None, names: Sequence[str] = ()
    ) -> None:
        if exercise_id == support.EXERCISE_ID:
            # That exercise is the support page now: it opens with no session, so no trace.
            self.action_support()
            return
        changed = self.look_again()  # a file may have changed since Home drew the list
        entry = self.library.get(exercise_id)
        if changed and isinstance(self.screen, HomeScreen):
            self.screen.refresh_list()
        if entry is None:
            if changed:
                message = (
                    "Your exercise files changed since this list was drawn, and that one "
                    "isn't there now. Here is the list as it is."
                )
            else:
                shown = one_line(exercise_id, 60)
                message = f"There's no exercise called {shown!r}; here is the list."
            self.notify(message, markup=False)
            return
        exercise = entry.exercise
        names = tuple(names)
        ready = (mode == "solo" and len(names) <= 1) or (mode == "together" and len(names) == 2)
        if ready and mode in exercise.modes() and exercise_id not in self.unfinished:
            self.begin(exercise, mode=mode, names=names, first_role="a")
            return
        self.push_screen(
            screens.WhosHereScreen(
                exercise,
                mode=mode,
                resumable=self.can_resume(exercise_id),
                names=self._known_names(names),
                person=self.person,
            )
        )

    def _known_names(self, names: Sequence[str]) -> tuple[str, ...]:
        """Names to fill in: those given, else the remembered pair; as a person, theirs first."""
        if self.person is not None:
            others = [name for name in names if not takes_part(self.person, [name])]
            return (self.person, *others[:1])
        return tuple(names) or (self.keeper.settings.names if self.keeper is not None else ())

    def begin(
        self,
        exercise: Exercise,
        *,
        mode: str,
        names: Sequence[str],
        first_role: str | None,
        two_screens: bool = False,
    ) -> None:
        """Start a new session and show its first step; no *first_role*: pick one for them."""
        if self.person is not None and not takes_part(self.person, names):
            names = self._known_names(names)  # a served person is always one of the people
            if mode == "solo":
                names = names[:1]
        if first_role is None:
            first_role = self.rng.choice(("a", "b"))
            name = names[0] if first_role == "a" else names[1]
            role = exercise.roles[0] if exercise.roles else ""
            self.notify(f"{one_line(name)} starts as {one_line(role)}.", markup=False)
        pace = self.keeper.settings.pace if self.keeper is not None else "standard"
        # The engine: a heavy part that loads with the first session (as in Keeper.resume).
        from reconnect_tui.engine import Session

        session = Session.start(
            exercise,
            mode=mode,
            names=list(names),
            first_role=first_role,
            clock=self.clock,
            pace=pace,
        )
        if self.keeping is not None:
            self.keeping.remember_names(names)
        self.unfinished.pop(exercise.id, None)
        if two_screens:
            self._run_together(session)
        else:
            self._run(session)

    def _run_together(self, session: Session) -> None:
        """This screen owns the session; the partner joins from their own terminal."""
        self.session = session
        self.session_changed(session)
        data_dir = self.paths.data_dir if self.paths is not None else Path(tempfile.gettempdir())
        self._show_session(screens.TogetherScreen.owning(self, session, data_dir))

    def join_session(self, invitation: Invitation, code: str) -> None:
        """Join a session another screen owns: this screen shows its person's side."""
        screen = screens.TogetherScreen.joining(self.library, invitation, code, self.person)
        if screen is None:
            self.notify("The exercise of that invitation isn't in the library here.", markup=False)
            return
        self.push_screen(screen)

    def can_resume(self, exercise_id: str) -> bool:
        if exercise_id in self.unfinished:
            return True
        return self.keeping is not None and self.keeping.latest_for(exercise_id) is not None

    def resume_session(self, exercise_id: str) -> None:
        session = self.unfinished.get(exercise_id)
        if session is not None:
            self._run(session, picked_up=True)
        elif self.keeping is not None:
            self.keeping.resume_latest(exercise_id)  # left part way in an earlier run

    def _run(self, session: Session, *, picked_up: bool = False) -> None:
        if self.two_screens and session.mode == "together":
            self._run_together(session)
            return
        self.session = session
        if picked_up:
            # Whoever is at the keyboard now may not be the person whose turn it is.
            session.ask_for_keyboard()
        self.session_changed(session)
        runner = screens.RunnerScreen(session)
        if self.keeping is not None:
            self.keeping.seed(runner)
        self._show_session(runner)

    def _show_session(self, screen: Screen[None]) -> None:
        """Show a session's screen: in place of Who's here, else over what shows."""
        if isinstance(self.screen, screens.WhosHereScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def finish_session(self, session: Session) -> None:
        """The engine says the session is done: show the closing."""
        self.unfinished.pop(session.exercise.id, None)
        self.session = None
        self.together = None
        self.session_changed(session)
        self.switch_screen(screens.EndScreen(session))

    def _keep_unfinished(self) -> None:
        """The session in progress, left part way: kept (and saved) to pick up later."""
        if self.session is not None and not self.session.finished:
            self.unfinished[self.session.exercise.id] = self.session
            self.session_changed(self.session)

    def go_home(self) -> None:
        """Back to the list; an unfinished session is kept to pick up later."""
        self._keep_unfinished()
        self.session = None
        self._leave_together()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def _leave_together(self) -> None:
        """This screen leaves a session on two screens: the other screen is told plainly."""
        channel, self.together = self.together, None
        if channel is not None:
            self.run_worker(channel.close(), exclusive=False)

    def session_changed(self, session: Session) -> None:
        """After every change to a session: it is kept, and ``on_session_changed`` is told."""
        if self.keeping is not None:
            self.keeping.changed(session)
        if self._session_hook is not None:
            self._session_hook(session)

    # -- keys that work everywhere ----------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_break":  # not offered while a break is on
            return not self._on_break()
        if action in ("focus_next_now", "focus_previous_now"):
            focused = self.focused
            return focused is None or getattr(focused, "KEYS_IN_ORDER", False)
        return True

    def action_focus_next_now(self) -> None:
        self.screen.focus_next()

    def action_focus_previous_now(self) -> None:
        self.screen.focus_previous()

    def _on_break(self) -> bool:
        """A break is on, under whatever shows now (Help, the palette, support)."""
        return any(getattr(screen, "breaking", False) for screen in self.screen_stack)

    async def action_take_break(self) -> None:
        if self._on_break() or isinstance(self.screen, TooSmallScreen):
            return
        for screen in self.screen_stack:
            if isinstance(screen, screens.TogetherScreen):
                # On two screens a break is for both, and belongs to whoever asked,
                # even when asked for over Help or the palette.
                await screen.take_break()
                return
        session = self.session
        in_session = session is not None and any(
            isinstance(screen, screens.RunnerScreen) for screen in self.screen_stack
        )
        together = in_session and session is not None and session.mode == "together"
        self.push_screen(
            screens.BreakScreen(together=together, in_session=in_session), self._after_break
        )

    def _after_break(self, choice: str | None) -> None:
        if choice == "leave":
            session = self.session
            self.go_home()
            if self.keeping is not None and session is not None:
                self.keeping.ask_promise(session)

    def action_support(self) -> None:
        """Finding support, over whatever shows; pressed again there, back to it.

        Nothing is written and the session is not told: it is a screen, no more.
        """
        if isinstance(self.screen, screens.SupportScreen):
            self.screen.dismiss(None)
        elif not isinstance(self.screen, TooSmallScreen):
            self.push_screen(screens.SupportScreen())

    def action_help(self) -> None:
        if isinstance(self.screen, screens.HelpScreen):
            self.screen.dismiss(None)
        elif not isinstance(self.screen, TooSmallScreen):
            self.push_screen(screens.HelpScreen.about(self.screen))

    async def action_quit(self) -> None:
        channel, self.together = self.together, None
        if channel is not None:
            await channel.close()
        self._keep_unfinished()
        if self.keeping is not None and self.keeping.hold_quit():
            return  # saving is failing: ask before anything is lost
        self.exit(0)

    def search_themes(self) -> None:
        """Textual's theme search, with the theme in use marked."""
        self.push_screen(CommandPalette(providers=[MarkedThemes], placeholder="Search for themes…"))

    def action_command_palette(self) -> None:
        if not isinstance(self.screen, TooSmallScreen):
            super().action_command_palette()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("Home", "Back to the list of exercises", self.go_home)
        if not self._on_break():
            yield SystemCommand(
                "Take a break", "A calm pause, then on from where you were", self.action_take_break
            )
        yield SystemCommand("Help", "The keys, in plain words", self.action_help)
        yield SystemCommand(
            "Finding support",
            "Where to turn for help from outside; nothing about it is saved",
            self.action_support,
        )
        yield SystemCommand(
            "Theme", "Choose the colours; your pick is kept for next time", self.search_themes
        )
        if self.keeping is not None:
            yield from self.keeping.commands()
        yield SystemCommand("Quit", "Close reconnect; what was saved stays saved", self.action_quit)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A blinking cursor redraws twice a second, which a slow link feels; ours
        # are set still when made, and this catches Textual's own (the palette's).
        if hasattr(event.widget, "cursor_blink"):  # Input, TextArea and their kin
            blink = self.keeper is not None and self.keeper.settings.cursor_blink
            blink = blink and not self.low_bandwidth  # a blink is a repaint twice a second
            event.widget.cursor_blink = blink

    # -- small terminals --------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        # The first Resize comes before the app's own styles are applied; a cover
        # pushed then would keep unstyled (invisible) text, so on_mount checks instead.
        if self._mounted:
            self.fit_to_size(event.size.width, event.size.height)

    def fit_to_size(self, width: int | None = None, height: int | None = None) -> None:
        """Cover everything with a plain message while the terminal is too small."""
        small = too_small(width or self.size.width, height or self.size.height)
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()


def run_app(**options: Any) -> int:
    """Open the program (*options* as :func:`build_app` takes them) and return its exit code."""
    app = build_app(**options)
    result = app.run()
    if app.return_code not in (None, 0):
        return app.return_code
    return result if isinstance(result, int) else 0


def build_app(
    *,
    paths: Paths,
    library: Library,
    low_bandwidth: bool | None = None,
    person: str | None = None,
    preview: Path | None = None,
    **options: Any,
) -> ReconnectApp:
    """The app :func:`run_app` runs: a keeper for *paths*, except in a preview.

    With *start* and a complete *mode*/*names* (solo with at most one name,
    together with two) the exercise opens straight away, the first name
    taking the first role; otherwise Who's here asks what is missing. With
    *resume* (a saved session's id) that session opens exactly where it was left.
    Progress is kept in *paths* (none is kept without them). With *preview*
    (an exercise file) the app shows only that file, from *preview_at*, and keeps nothing.
    The other *options* go to :class:`ReconnectApp` as they are.
    """
    keeper, notices = (None, ()) if preview is not None else open_keeper(paths, library, person)
    low_bandwidth = terminal.low_bandwidth_wanted(low_bandwidth)
    return ReconnectApp(
        paths=paths,
        library=library,
        fallback_theme=theming.default_theme(low_bandwidth=low_bandwidth),
        low_bandwidth=low_bandwidth,
        keeper=keeper,
        notices=notices,
        person=person,
        preview=preview,
        **options,
    )
