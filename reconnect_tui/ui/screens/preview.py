"""Preview: one exercise file, opened at any step with made-up answers, reloaded on save.

``reconnect preview FILE`` makes this the bottom screen of the app. It
watches the file's stat on a quiet timer (nothing is drawn while nothing
changes) and, each time the file is saved, reads it again: an exercise that
loads opens in the runner at the step the author was looking at (if it is
still there), and a file with problems shows them here, worded as
``validate`` words them, until it is fixed. The app keeps nothing in a
preview: it runs without a keeper, so no session file and no history line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from reconnect_tui.common.safetext import one_line
from reconnect_tui.engine import Session
from reconnect_tui.engine.sample import NotReached, walk_to
from reconnect_tui.exercises.library import load_file
from reconnect_tui.exercises.model import Exercise
from reconnect_tui.ui.screens.base import PageScreen
from reconnect_tui.ui.screens.runner import RunnerScreen
from reconnect_tui.ui.text import join, show
from reconnect_tui.ui.wording import problem_line

WATCH_SECONDS = 1.0
"""How often the file's stat is looked at; a look that finds no change draws nothing."""

SAMPLE_NAMES = ("Sam", "Alex")
"""Names for a together preview when none are given."""

BANNER_CSS = """
    dock: top;
    width: 100%;
    height: 1;
    padding: 0 2;
    background: $accent 25%;
    color: $text;
"""


BANNER_NAME = 29
"""The file name is shortened to this, so the banner's words fit 80 columns whole."""


def banner_words(path: Path) -> Content:
    return join(
        "Preview of ",
        show(one_line(path.name, BANNER_NAME)),
        " · made-up answers · nothing is kept",
    )


class PreviewBanner(Static):
    """The line across the top that says this is a preview."""

    DEFAULT_CSS = "PreviewBanner {" + BANNER_CSS + "}"


class PreviewRunner(RunnerScreen):
    """The runner, under a banner that says it is a preview."""

    def __init__(self, session: Session, path: Path, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.path = path

    def compose(self) -> ComposeResult:
        yield PreviewBanner(banner_words(self.path))
        yield from super().compose()


def file_stamp(path: Path) -> tuple[int, ...] | None:
    """What changes when the file is saved (or replaced); ``None`` when it is not there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class PreviewScreen(PageScreen[None]):
    """The file's problems while it has any; under the runner once it loads."""

    DEFAULT_CSS = """
    PreviewScreen #problem-list {
        margin: 1 0;
        height: auto;
    }
    PreviewScreen .problem {
        margin: 0 0 1 0;
    }
    """

    BINDINGS = [Binding("r", "open_again", "Open the step again")]

    def __init__(
        self,
        path: Path,
        *,
        at: str | None,
        mode: str | None,
        names: Sequence[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.path = path
        self.position = at
        self.actor: str | None = None  # whose turn of that step it was
        self.mode = mode
        self.names = tuple(names)
        self._stamp: tuple[int, ...] | None = None
        self._looked = False
        self.exercise: Exercise | None = None

    def compose(self) -> ComposeResult:
        yield PreviewBanner(banner_words(self.path))
        with VerticalScroll(id="page"), Vertical(classes="column"):
            yield Static(id="preview-heading", classes="cover-heading")
            yield Static(id="preview-note", classes="muted")
            yield Vertical(id="problem-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.look()
        self.app.set_interval(WATCH_SECONDS, self.look)

    # -- watching the file ----------------------------------------------------

    def look(self) -> None:
        """Read the file again if it was saved since the last look; else do nothing."""
        stamp = file_stamp(self.path)
        if self._looked and stamp == self._stamp:
            return
        self._looked, self._stamp = True, stamp
        self.reload()

    def reload(self) -> None:
        runner = self._runner()
        if runner is not None and runner.session.current is not None:
            self.position = runner.session.current.step.id
            self.actor = runner.session.current.actor
        loaded = load_file(self.path)
        self._back_here()
        errors = [p for p in loaded.problems if p.severity == "error"]
        self.exercise = None if errors else loaded.exercise
        self.refresh_bindings()
        if self.exercise is None:
            self._show_problems(loaded.problems)
        else:
            self.action_open_again()

    def _runner(self) -> PreviewRunner | None:
        return next(
            (s for s in reversed(self.app.screen_stack) if isinstance(s, PreviewRunner)), None
        )

    def _back_here(self) -> None:
        """Take every screen above this one away (the runner, a cover, the end)."""
        self.app.session = None
        while len(self.app.screen_stack) > 1 and self.app.screen is not self:
            self.app.pop_screen()

    # -- what is shown --------------------------------------------------------

    def _show_problems(self, problems: Sequence[Any]) -> None:
        heading = self.query_one("#preview-heading", Static)
        note = self.query_one("#preview-note", Static)
        listing = self.query_one("#problem-list", Vertical)
        listing.remove_children()
        if self.exercise is None:
            heading.update("This file needs a look before it can be shown")
            note.update(
                "The same list as 'reconnect validate'. Save the file and it is read again here."
            )
            listing.mount_all(
                Static(problem_line(problem), classes="problem") for problem in problems
            )
        else:
            where = f" at '{self.position}'" if self.position else ""
            heading.update(join("Previewing ", show(self.exercise.title)))
            note.update(
                f"Press r to open it{where} again. Save the file and it is read again here."
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_again":
            return self.exercise is not None  # hidden while the file has problems
        return True

    def action_open_again(self) -> None:
        """Open the exercise at the remembered step (the first when it is gone)."""
        exercise = self.exercise
        if exercise is None:
            return
        ids = {step.id for step in exercise.steps}
        if self.position not in ids:
            self.position = self.actor = None
        mode = self.mode if self.mode in exercise.modes() else exercise.modes()[0]
        names = self.names
        if mode == "together" and len(names) != 2:
            names = SAMPLE_NAMES
        elif mode == "solo":
            names = names[:1]
        try:
            session = walk_to(
                exercise,
                self.position,
                mode=mode,
                names=names,
                clock=self.app.clock,
                actor=self.actor,
            )
        except NotReached:
            session = walk_to(exercise, None, mode=mode, names=names, clock=self.app.clock)
            self.notify(
                f"The step '{self.position}' is not part of a {mode} session; "
                "here is the start instead.",
                markup=False,
            )
        self._show_problems(())
        self.app.session = session
        self.app.push_screen(PreviewRunner(session, self.path))
        self.app.fit_to_size()
