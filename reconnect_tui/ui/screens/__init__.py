"""Full screens: home, who's here, the runner, hand-off, break, end, help, support, and the rest.

Home and the too-small cover come with the app. Every other screen is loaded
when it is first opened, through this module: ``screens.RunnerScreen`` imports
``screens/runner.py`` the first time it is asked for (a module ``__getattr__``,
as ``textual.widgets`` does), so Home paints without waiting for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reconnect_tui.ui.screens.break_ import BreakScreen
    from reconnect_tui.ui.screens.dialogs import AskDialog, ConfirmDialog
    from reconnect_tui.ui.screens.end import EndScreen
    from reconnect_tui.ui.screens.handoff import HandoffScreen
    from reconnect_tui.ui.screens.help import HelpScreen
    from reconnect_tui.ui.screens.history import HistoryScreen
    from reconnect_tui.ui.screens.preview import PreviewScreen
    from reconnect_tui.ui.screens.problems import ProblemsScreen
    from reconnect_tui.ui.screens.runner import RunnerScreen
    from reconnect_tui.ui.screens.session_view import SessionViewScreen
    from reconnect_tui.ui.screens.settings import SettingsScreen
    from reconnect_tui.ui.screens.support import SupportScreen
    from reconnect_tui.ui.screens.together import TogetherScreen
    from reconnect_tui.ui.screens.whos_here import WhosHereScreen

LATER = {
    "AskDialog": "dialogs",
    "BreakScreen": "break_",
    "ConfirmDialog": "dialogs",
    "EndScreen": "end",
    "HandoffScreen": "handoff",
    "HelpScreen": "help",
    "HistoryScreen": "history",
    "PreviewScreen": "preview",
    "ProblemsScreen": "problems",
    "RunnerScreen": "runner",
    "SessionViewScreen": "session_view",
    "SettingsScreen": "settings",
    "SupportScreen": "support",
    "TogetherScreen": "together",
    "WhosHereScreen": "whos_here",
}
"""Screen class -> the module in this folder that holds it, loaded when first asked for."""

__all__ = [
    "AskDialog",
    "BreakScreen",
    "ConfirmDialog",
    "EndScreen",
    "HandoffScreen",
    "HelpScreen",
    "HistoryScreen",
    "PreviewScreen",
    "ProblemsScreen",
    "RunnerScreen",
    "SessionViewScreen",
    "SettingsScreen",
    "SupportScreen",
    "TogetherScreen",
    "WhosHereScreen",
]


def __getattr__(name: str) -> type:
    """Load the screen *name* from its module, the first time it is asked for."""
    module = LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    screen: type = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = screen  # asked once; later lookups find it here
    return screen
