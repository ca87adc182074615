"""Who's here: one person or two, names, and who starts when there are roles."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Footer, Input, RadioButton, RadioSet, Static

from reconnect_tui.common.safetext import one_line
from reconnect_tui.exercises.model import Exercise
from reconnect_tui.ui.screens.base import PageScreen
from reconnect_tui.ui.text import join, show, show_line
from reconnect_tui.ui.widgets.field import Field
from reconnect_tui.ui.widgets.toggles import MarkedCheckbox, MarkedRadio

NAME_LIMIT = 40


def _name_field(name: str, placeholder: str, value: str = "") -> Input:
    return Field(
        value, placeholder=placeholder, id=name, max_length=NAME_LIMIT, classes="quiet-input"
    )


class WhosHereScreen(PageScreen[None]):
    """Collects mode, names and the first speaker, then asks the app to begin."""

    DEFAULT_CSS = """
    WhosHereScreen Input.quiet-input {
        margin: 0 0 1 0;
    }
    WhosHereScreen #solo-names, WhosHereScreen #together-names {
        height: auto;
    }
    WhosHereScreen #two-screens { border: none; margin: 0 0 1 0; }
    """

    BINDINGS = [
        Binding("escape,ctrl+r", "home", "Back", key_display="^r"),
        Binding("ctrl+n", "begin", "Begin"),
    ]

    def __init__(
        self,
        exercise: Exercise,
        *,
        mode: str | None = None,
        names: tuple[str, ...] = (),
        resumable: bool = False,
        person: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.exercise = exercise
        modes = exercise.modes()
        self.start_mode: str = mode if mode in modes else modes[0]
        if mode is None and "together" in modes and (len(names) == 2 or exercise.roles):
            # Two names, or an exercise built around taking turns: most likely a pair.
            self.start_mode = "together"
        self.names = tuple(names)
        self.resumable = resumable
        # Served as one person: their name is fixed (the first), only a partner's is typed.
        self.person = person

    def compose(self) -> ComposeResult:
        modes = self.exercise.modes()
        names = [*self.names, "", ""]
        with VerticalScroll(id="page"), Vertical(classes="column"):
            yield Static(show_line(self.exercise.title), classes="cover-heading")
            yield Static(show(self.exercise.summary), classes="muted")
            if self.resumable:
                yield Button(
                    "Pick up where you left off", id="resume", variant="primary", compact=True
                )
                yield Static("Or start it fresh below.", classes="muted")
            yield Static("Who's here today?", classes="section")
            if len(modes) > 1:
                with RadioSet(id="mode"):
                    yield MarkedRadio("Just me", self.start_mode == "solo", id="mode-solo")
                    yield MarkedRadio(
                        "The two of us", self.start_mode == "together", id="mode-together"
                    )
            else:
                only = (
                    "This one is for two people."
                    if modes == ("together",)
                    else ("This one is for doing on your own.")
                )
                yield Static(only, classes="muted")
            with Vertical(id="solo-names"):
                yield self._fixed(
                    _name_field("name-solo", "Your name (you can leave this empty)", names[0])
                )
            with Vertical(id="together-names"):
                yield Static("Your names, so the screen can say whose turn it is:", classes="muted")
                yield self._fixed(_name_field("name-a", "First name", names[0]))
                yield _name_field("name-b", "Second name", names[1])
                yield MarkedCheckbox(
                    "Each on our own screen (the other joins from their own terminal)",
                    self.app.two_screens,
                    id="two-screens",
                )
                if self.exercise.roles:
                    yield Static(id="roles-question", classes="section")
                    with RadioSet(id="first-role"):
                        yield MarkedRadio("", True, id="role-a")
                        yield MarkedRadio("", id="role-b")
                        yield MarkedRadio("Pick for us", id="role-pick")
            yield Static(id="whos-reasons", classes="reasons")
        with Horizontal(classes="action-bar"), Horizontal(id="actions", classes="column"):
            yield Button("Back", id="home", compact=True)
            yield Static(classes="spacer")
            yield Button("Begin", id="begin", variant="primary", compact=True)
        yield Footer(compact=True)

    def _fixed(self, field: Input) -> Input:
        """A served person's own name field: shown, not typed in."""
        field.disabled = self.person is not None
        return field

    def on_mount(self) -> None:
        self._show_mode()
        self._name_roles()
        first = "#name-b" if self.person is not None else "#name-a"
        target = "#resume" if self.resumable else ("#name-solo" if self.mode == "solo" else first)
        if self.person is not None and self.mode == "solo" and not self.resumable:
            target = "#begin"
        self.query_one(target).focus()

    @property
    def mode(self) -> str:
        if self.query("#mode"):
            return "together" if self.query_one("#mode-together", RadioButton).value else "solo"
        return self.start_mode

    def _show_mode(self) -> None:
        self.query_one("#solo-names").display = self.mode == "solo"
        self.query_one("#together-names").display = self.mode == "together"

    def _typed(self, field_id: str) -> str:
        return one_line(self.query_one(f"#{field_id}", Input).value, NAME_LIMIT)

    def _name_roles(self) -> None:
        if not self.exercise.roles:
            return
        first = self._typed("name-a") or "The first person"
        second = self._typed("name-b") or "The second person"
        role = self.exercise.roles[0]
        self.query_one("#roles-question", Static).update(
            join("Who would like to start as ", show_line(role).stylize("bold"), "?")
        )
        self.query_one("#role-a", RadioButton).label = show_line(first)
        self.query_one("#role-b", RadioButton).label = show_line(second)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._show_mode()
        self.query_one("#whos-reasons", Static).update("")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._name_roles()
        self.query_one("#whos-reasons", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter begins once both names are there; before that it goes to the empty one."""
        event.stop()
        if self.mode == "together":
            for name in ("name-a", "name-b"):
                if not self._typed(name):
                    self.query_one(f"#{name}").focus()
                    return
        self.begin()

    def action_begin(self) -> None:
        self.begin()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "begin":
            self.begin()
        elif event.button.id == "resume":
            self.app.resume_session(self.exercise.id)
        else:
            self.action_home()

    def action_home(self) -> None:
        self.app.go_home()

    def choice(self) -> tuple[str, tuple[str, ...], str | None] | str:
        """(mode, names, first role) or a kind sentence about what is missing.

        No first role (None) asks the app to pick one for the pair.
        """
        if self.mode == "solo":
            name = self._typed("name-solo")
            return "solo", ((name,) if name else ()), "a"
        first, second = self._typed("name-a"), self._typed("name-b")
        if not first or not second:
            return "Please add both names, so each of you knows when it's your turn."
        if first.casefold() == second.casefold():
            return "The two names are the same; a nickname or initial helps tell you apart."
        first_role: str | None = "a"
        if self.exercise.roles:
            if self.query_one("#role-b", RadioButton).value:
                first_role = "b"
            elif self.query_one("#role-pick", RadioButton).value:
                first_role = None
        return "together", (first, second), first_role

    def begin(self) -> None:
        choice = self.choice()
        if isinstance(choice, str):
            reasons = self.query_one("#whos-reasons", Static)
            reasons.update(Content(choice))
            reasons.scroll_visible(animate=False)
            return
        mode, names, first_role = choice
        two_screens = mode == "together" and self.query_one("#two-screens", Checkbox).value
        self.app.begin(
            self.exercise,
            mode=mode,
            names=names,
            first_role=first_role,
            two_screens=two_screens,
        )
