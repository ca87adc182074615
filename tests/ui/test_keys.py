"""Every action has a key that every terminal sends, and none needs a bare Escape.

Over SSH, on the Linux console and in phone terminals, Escape arrives late or
merges with the next key (see ESCDELAY in docs/ssh.md), and ctrl+enter,
shift+enter, shift+arrows and ctrl+arrows are often not sent at all.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import reconnect_tui.ui
from reconnect_tui.ui.app import ReconnectApp

PORTABLE_NAMED = {
    "enter",
    "tab",
    "space",
    "backspace",
    "delete",
    "insert",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    *(f"f{number}" for number in range(1, 11)),
}
"""Keys the Linux console, xterm, tmux, PuTTY and phone terminals all send."""

UNRELIABLE = {"ctrl+enter", "shift+enter", "alt+enter", "ctrl+space", "ctrl+tab", "escape"}

TEXTUALS_OWN = {"focus_previous_now"}
"""Textual's own Shift+Tab, bound again by the app only to act at once (see app.py):
Tab goes round every part, so nothing needs it."""


def portable(key: str) -> bool:
    """Whether one key (Textual's name for it) arrives the same way in every terminal."""
    key = key.strip()
    if key in UNRELIABLE:
        return False
    if key in PORTABLE_NAMED:
        return True
    modifier, _, rest = key.rpartition("+")
    if modifier == "ctrl":
        # ctrl+letter is a plain control byte; ctrl+arrows and the like are not.
        return len(rest) == 1 and rest.isalpha()
    if modifier:
        return False
    # A printable character, or Textual's name for one ("question_mark").
    return len(key) == 1 or (key.replace("_", "").isalpha() and key not in PORTABLE_NAMED)


def our_classes() -> list[type[DOMNode]]:
    """The app and every screen and widget class defined in reconnect_tui.ui."""
    found: list[type[DOMNode]] = [ReconnectApp]
    for module_info in pkgutil.walk_packages(reconnect_tui.ui.__path__, "reconnect_tui.ui."):
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, DOMNode) and value.__module__ == module.__name__:
                found.append(value)
    return found


def bindings_of(cls: type[DOMNode]) -> list[Binding]:
    result = []
    for item in cls.__dict__.get("BINDINGS", []):
        result.append(item if isinstance(item, Binding) else Binding(*item))
    return result


ALL = [(cls.__name__, binding) for cls in our_classes() for binding in bindings_of(cls)]


def test_the_walk_finds_our_bindings() -> None:
    names = {name for name, _ in ALL}
    assert {"ReconnectApp", "StepScreen", "HelpScreen", "HandoffScreen"} <= names


@pytest.mark.parametrize(("owner", "binding"), ALL, ids=[f"{o}:{b.action}" for o, b in ALL])
def test_every_action_has_a_key_every_terminal_sends(owner: str, binding: Binding) -> None:
    keys = [key.strip() for key in binding.key.split(",")]
    if owner == "ReconnectApp" and binding.action in TEXTUALS_OWN:
        return
    assert any(portable(key) for key in keys), (
        f"{owner} binds {binding.action!r} only to {keys}: add a plain letter, "
        "ctrl+letter or function key"
    )


@pytest.mark.parametrize(("owner", "binding"), ALL, ids=[f"{o}:{b.action}" for o, b in ALL])
def test_no_action_needs_escape_or_modified_enter(owner: str, binding: Binding) -> None:
    keys = {key.strip() for key in binding.key.split(",")}
    assert not keys <= UNRELIABLE, f"{owner}: {binding.action!r} needs {sorted(keys)}"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("ctrl+n", True),
        ("f2", True),
        ("question_mark", True),
        ("e", True),
        ("enter", True),
        ("escape", False),
        ("ctrl+enter", False),
        ("shift+enter", False),
        ("shift+up", False),
        ("ctrl+up", False),
    ],
)
def test_portable_keys(key: str, expected: bool) -> None:
    assert portable(key) is expected


def test_textual_reads_escdelay() -> None:
    # docs/ssh.md tells people to set ESCDELAY; Textual must still read it.
    from textual import constants

    assert hasattr(constants, "ESCAPE_DELAY")
    assert "ESCDELAY" in inspect.getsource(constants)


def test_nothing_needs_a_browser_or_a_clipboard() -> None:
    # On a server there is no browser to open and no clipboard to reach: nothing in
    # the UI may open links, copy, paste from the system, or show clickable Markdown.
    from pathlib import Path

    forbidden = (
        "open_url",
        "copy_to_clipboard",
        "clipboard",
        "webbrowser",
        "MarkdownViewer",
        "widgets import Markdown",
        "Markdown(",
    )
    ui = Path(reconnect_tui.ui.__file__).parent
    found = [
        (path.name, word)
        for path in ui.rglob("*.py")
        for word in forbidden
        if word in path.read_text(encoding="utf-8")
    ]
    assert found == []
