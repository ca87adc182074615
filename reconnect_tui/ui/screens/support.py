"""Finding support: where to turn for help, and local contacts; nothing about it is kept.

The words are ``reconnect_tui.support``'s (the one copy, also printed by
``reconnect support``). The contacts come from ``support.toml`` in the config
folder, read again each time the page opens; a file with problems still
shows the contacts that could be read, and one calm line about the rest.

Opening this page writes nothing and tells the session nothing: it is pushed
over whatever was showing (Home, a step, the break) and going back shows
that screen again as it was.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from reconnect_tui import support
from reconnect_tui.support import LocalSupport
from reconnect_tui.ui.screens.base import PageScreen
from reconnect_tui.ui.text import join, show, show_line

FIELD_WORDS = {
    "phone": "phone",
    "address": "address",
    "hours": "hours",
    "web": "web",
    "note": "",
}


def contact_card(contact: support.Contact) -> Content:
    """One contact: the name in bold, then each detail on its own line."""
    lines = [show_line(contact.name).stylize("bold")]
    for field, value in contact.lines()[1:]:
        label = FIELD_WORDS[field]
        text = show(value)
        lines.append(join((f"{label}: ", "$text-muted"), text) if label else text)
    return Content("\n").join(lines)


class SupportScreen(PageScreen[None]):
    """The support page. *local*: contacts already read (else read from the app's config folder)."""

    DEFAULT_CSS = """
    SupportScreen .support-text {
        margin: 0 0 0 0;
    }
    SupportScreen .contact {
        margin: 1 0 0 0;
    }
    SupportScreen #support-problems {
        margin: 1 0 0 0;
    }
    SupportScreen #support-kept {
        margin: 0 0 1 0;
    }
    """

    BINDINGS = [Binding("escape,b", "back", "Back", key_display="b")]

    def __init__(self, local: LocalSupport | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.local = local

    def read_local(self) -> LocalSupport:
        """The contacts: as given, or read now from ``support.toml`` (never written)."""
        if self.local is not None:
            return self.local
        paths = self.app.paths
        if paths is None:
            return LocalSupport(path="")
        return support.load_local(paths.support_file)

    def compose(self) -> ComposeResult:
        local = self.read_local()
        with VerticalScroll(id="page"), Vertical(classes="column"):
            yield Static(show(support.TITLE), classes="cover-heading")
            yield Static(show(support.KEPT), id="support-kept", classes="muted")
            yield Static(show(support.INTRO), classes="support-text")
            for section in support.SECTIONS:
                yield Static(show(section.title), classes="section")
                yield Static(show(section.text), classes="support-text")
            yield from self.compose_local(local)
        with Vertical(classes="action-bar column"), Horizontal(id="actions"):
            yield Button("Back", id="support-back", variant="primary", compact=True)
        yield Footer(compact=True)

    def compose_local(self, local: LocalSupport) -> ComposeResult:
        if local.contacts:
            yield Static(show_line(local.heading or "Near you"), classes="section")
            for contact in local.contacts:
                yield Static(contact_card(contact), classes="contact")
        if local.problems:
            yield Static(
                "Part of your support.toml could not be read; the contacts here are the ones "
                "that could. Running 'reconnect support' in a terminal shows what to fix.",
                id="support-problems",
                classes="muted",
            )
        elif not local.found:
            yield Static("Contacts near you", classes="section")
            yield Static(
                "Numbers and addresses for where you live can be kept in a file called "
                "support.toml in your config folder; they then show here. "
                "'reconnect support --example' prints one to start from.",
                id="support-no-file",
                classes="muted",
            )

    def on_mount(self) -> None:
        # The words first: the arrows, Page Down and End scroll them straight away
        # (Back is b, Escape, or Tab then Enter).
        self.query_one("#page").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    def action_back(self) -> None:
        self.dismiss(None)
