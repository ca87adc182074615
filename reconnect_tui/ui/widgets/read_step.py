"""A read step: the runner shows its text; there is nothing to answer."""

from __future__ import annotations

from reconnect_tui.ui.widgets.base import StepView


class ReadView(StepView):
    """Nothing to fill in; Continue is the only thing to do."""
