"""How long a step asks people to stay with it, and where a breath is."""

from __future__ import annotations

from reconnect_tui.exercises.model import PauseStep, Rhythm, Step

from .values import Pacing


def breathing(rhythm: Rhythm, elapsed: float) -> tuple[str | None, float]:
    """The phase of the breathing guide *elapsed* seconds in, and how far through it."""
    phases = (
        ("in", rhythm.inhale),
        ("hold", rhythm.hold_in),
        ("out", rhythm.exhale),
        ("rest", rhythm.hold_out),
    )
    if rhythm.cycle <= 0:
        return None, 0.0
    into = elapsed % rhythm.cycle
    last = None
    for name, length in phases:
        if length <= 0:
            continue
        if into < length:
            return name, into / length
        into -= length
        last = name
    # Only reached through float rounding at the very end of a cycle.
    return last, 1.0


def pacing_for(step: Step, elapsed: float, scale: float) -> Pacing:
    """Pacing of *step* after *elapsed* seconds; *scale* stretches waits and pauses."""
    elapsed = max(0.0, elapsed)
    wait_for = step.min_seconds * scale
    if not isinstance(step, PauseStep):
        return Pacing(wait=max(0.0, wait_for - elapsed))
    pause = step.seconds * scale
    remaining = max(0.0, pause - elapsed)
    phase, fraction = None, 0.0
    if step.rhythm is not None and remaining > 0:
        phase, fraction = breathing(step.rhythm, elapsed)
    return Pacing(
        wait=max(0.0, min(wait_for, pause) - elapsed),
        pause=pause,
        remaining=remaining,
        rhythm=step.rhythm,
        phase=phase,
        phase_fraction=fraction,
    )
