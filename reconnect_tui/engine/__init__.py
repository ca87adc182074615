"""The session engine: pure Python, no Textual, no files, time from an injected clock.

``Session`` walks people through an exercise; the values it hands out
(``Turn``, ``Outcome``, ``Progress``, ``Pacing``, ``Comparison``,
``SummaryItem``) are frozen and plain (``engine/values.py``).
"""

from .session import Session
from .values import Comparison, Outcome, Pacing, Person, SummaryItem, Turn

__all__ = ["Comparison", "Outcome", "Pacing", "Person", "Session", "SummaryItem", "Turn"]
